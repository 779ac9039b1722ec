// A class session: child after child, weight and height (Hb when a bidan is there), the result on the spot, next.
// Each child's measurements become the very visits the single forms save (a growth check; a youth screening when
// Hb is measured), assessed by the same twins offline, and sync like every visit.
import { nowIso } from '../clock.js';
import { members, pick } from '../classes.js';
import { label, t } from '../i18n.js';
import { shows } from '../kinds.js';
import { ageYears } from '../people.js';
import { assess, preload, tone } from '../results.js';
import { loadRuleData, ruleData } from '../rules/data.js';
import { growthInput } from '../rules/growth.js';
import { personVisitInput } from '../rules/inputs.js';
import { today, visitsOf } from '../store.js';
import { badge, check, field, h, readNumber, showErrors } from '../ui.js';
import { classPersons, measuredToday } from './class_list.js';
import { domainErrors, saveVisit } from './common.js';
import { flaggedIndices } from './growth.js';
import { ageText } from './roster.js';

// The growth form's record with only what a class session measures: standing height, nothing else given.
const growthRecord = (p, values) => ({
  id: crypto.randomUUID(),
  person_id: p.id,
  posyandu_id: p.posyandu_id,
  visit_date: today(),
  weight_kg: values.weight_kg,
  length_cm: values.length_cm,
  measured: 'H',
  head_cm: null,
  muac_cm: null,
  oedema: false,
  vitamin_a: null,
  deworming: false,
  exclusive_bf: null,
  tb_symptoms: [],
  referred: false,
  notes: null,
});

// The youth screening form's record with the Hb alone.
const youthRecord = (p, hb) => ({
  id: crypto.randomUUID(),
  person_id: p.id,
  posyandu_id: p.posyandu_id,
  visit_date: today(),
  hb_g_dl: hb,
  ttd_given: null,
  muac_cm: null,
  systolic: null,
  diastolic: null,
  smoking: null,
  vaping: null,
  referred: false,
  notes: null,
});

// The growth twin's input, with the child's earlier weighings, built as the growth form builds it.
async function assessGrowth(p, record) {
  const visits = await visitsOf(p.id, 'growth');
  return assess('growth', growthInput(record, { person: p, visits, today: today() }));
}

// What a teacher and kader read at once: IMT/U (thinness, obesity), TB/U (stunting), anaemia, and any referral.
function summary(p, growth, youth) {
  const r = growth.local_results || {};
  const cats = flaggedIndices(r).length ? {} : r.categories || {};
  const hb = youth?.local_results?.haemoglobin;
  const referrals = [
    ...(flaggedIndices(r).length ? [] : r.referrals || []),
    ...(youth?.local_results?.referrals || []),
  ];
  return h(
    'li',
    { class: 'card result', 'data-testid': 'class-result', 'data-person': p.id },
    h('strong', {}, p.name),
    h(
      'div',
      { class: 'person-badges' },
      flaggedIndices(r).length ? badge('bad', t('field.remeasure')) : null,
      cats.baz ? badge(tone(cats.baz.code), `IMT/U: ${label(cats.baz)}`) : null,
      cats.haz ? badge(tone(cats.haz.code), `TB/U: ${label(cats.haz)}`) : null,
      hb ? badge(tone(hb.class.code), `Hb: ${label(hb.class)}`) : null,
    ),
    referrals.length ? h('ul', { class: 'referrals' }, referrals.map((x) => h('li', {}, label(x)))) : null,
  );
}

export async function show(params, app) {
  await loadRuleData(['growth_rules', 'youth_rules']);
  preload('growth').catch(() => {});
  preload('youth_screening').catch(() => {});
  const chosen = pick();
  const people = members(await classPersons(app), chosen.school, chosen.class_name);
  const done = await measuredToday();
  const ages = ruleData('youth_rules').age;
  // Hb is a bidan's measurement (visit_kinds.json field_roles, as on the ANC form); a kader ticks it when one is there.
  let withHb = shows('pregnancy_visit', 'hb_g_dl', app.user?.role);
  let current = people.find((p) => !done.has(p.id)) || people[0];
  let confirmed = false; // an implausible value kept on purpose ("Nilai sudah benar")
  const results = h('ol', { class: 'plain', 'aria-live': 'polite', 'data-testid': 'class-results' });
  const slot = h('div', {});
  const progress = h('p', { class: 'muted', id: 'class-progress' });
  const picks = h('ul', { class: 'plain' });
  const pickList = h('details', { class: 'card' }, h('summary', {}, t('field.class_pick_child')), picks);
  const hbToggle = check({ name: 'with_hb', label: t('field.class_with_hb'), checked: withHb });
  hbToggle.querySelector('input').addEventListener('change', (event) => {
    withHb = event.target.checked;
    draw();
  });

  function drawPicks() {
    picks.replaceChildren(
      ...people.map((p) => {
        const pickIt = () => {
          current = p;
          confirmed = false;
          draw();
        };
        return h('li', {}, h('button', { type: 'button', class: 'btn btn-small', onclick: pickIt },
          p.name, done.has(p.id) ? ` · ${t('field.class_measured')}` : ''));
      }),
    );
  }

  function draw() {
    drawPicks();
    progress.textContent = t('field.class_measured_count', {
      n: people.filter((p) => done.has(p.id)).length,
      total: people.length,
    });
    if (!current) {
      slot.replaceChildren(h('p', { class: 'alert alert-ok', role: 'status' }, t('field.class_all_done')));
      return;
    }
    const p = current;
    // Drawn again for the same child (Hb ticked or unticked): what was typed stays.
    const before = slot.querySelector(`form[data-person="${p.id}"]`);
    const typed = Object.fromEntries(
      before ? [...before.elements].filter((e) => e.name).map((e) => [e.name, e.value]) : [],
    );
    const age = ageYears(p.birth_date, today());
    const inRange = age >= ages.min_years && age <= ages.max_years; // the youth screening's ages
    const form = h(
      'form',
      { class: 'card', novalidate: true, 'data-testid': 'class-child', 'data-person': p.id },
      h('h2', {}, p.name),
      h('p', { class: 'muted' }, `${t(`field.sex_${p.sex}`)} · ${ageText(p.birth_date, today())}`,
        done.has(p.id) ? [' · ', badge('ok', t('field.class_measured'))] : null),
      h(
        'div',
        { class: 'row2' },
        field({ name: 'weight_kg', label: t('field.weight'), unit: 'kg', inputmode: 'decimal' }),
        field({ name: 'length_cm', label: t('field.height_cm'), unit: 'cm', inputmode: 'decimal' }),
      ),
      withHb && inRange
        ? field({ name: 'hb_g_dl', label: t('field.hb_g_dl'), unit: 'g/dL', inputmode: 'decimal' })
        : null,
      h('div', { class: 'implausible', 'aria-live': 'assertive' }),
      h('div', { class: 'form-errors' }),
      h(
        'div',
        { class: 'actions' },
        h('button', { class: 'btn btn-primary btn-block', type: 'submit' }, t('field.class_save_next')),
        h('button', { class: 'btn btn-block', type: 'button', onclick: () => next(p) }, t('field.class_skip')),
      ),
    );
    form.addEventListener('input', () => {
      confirmed = false;
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      saveChild(form, p);
    });
    for (const [name, value] of Object.entries(typed)) if (form.elements[name]) form.elements[name].value = value;
    slot.replaceChildren(form);
    form.elements.weight_kg.focus();
  }

  function next(p) {
    const after = people.slice(people.indexOf(p) + 1).concat(people.slice(0, people.indexOf(p)));
    // Skipping the last child not measured yet keeps her on screen; nobody left: the class is done.
    current = after.find((x) => !done.has(x.id)) || (done.has(p.id) ? null : p);
    confirmed = false;
    draw();
  }

  async function saveChild(form, p) {
    const values = { weight_kg: readNumber(form, 'weight_kg'), length_cm: readNumber(form, 'length_cm') };
    const hb = form.elements.hb_g_dl ? readNumber(form, 'hb_g_dl') : null;
    const errors = {};
    for (const [k, v] of Object.entries({ ...values, hb_g_dl: hb }))
      if (Number.isNaN(v)) errors[k] = t('form.invalid_value');
    if (values.weight_kg === null && values.length_cm === null) errors.weight_kg = t('field.err_weight_or_length');
    if (!showErrors(form, errors)) return;
    const growth = growthRecord(p, values);
    const outcome = await assessGrowth(p, growth);
    if (outcome.errors) return showErrors(form, domainErrors(outcome.errors));
    const flagged = flaggedIndices(outcome.results);
    if (flagged.length && !confirmed) return implausible(form, outcome.results);
    let youth = null;
    let youthOutcome = null;
    if (hb !== null) {
      youth = youthRecord(p, hb);
      youthOutcome = await assess('youth_screening', personVisitInput(youth, { person: p }));
      if (youthOutcome.errors) return showErrors(form, domainErrors(youthOutcome.errors));
    }
    const stamp = nowIso();
    // As finishVisit saves a form's visit: the phone's result with it, replaced by the server's after upload.
    const save = (entity, record, result) =>
      saveVisit(entity, { ...record, local_results: result.results || null, recorded_at: stamp }, null, app);
    const savedGrowth = await save('growth', growth, outcome);
    const savedYouth = youth ? await save('youth_screening', youth, youthOutcome) : null;
    done.add(p.id);
    results.prepend(summary(p, savedGrowth, savedYouth));
    next(p);
  }

  function implausible(form, r) {
    const box = form.querySelector('.implausible');
    box.replaceChildren(
      h(
        'div',
        { class: 'alert alert-bad', role: 'alert', 'data-testid': 'implausible' },
        h('strong', {}, t('field.implausible_title')),
        h(
          'ul',
          {},
          (r.referrals || []).filter((x) => x.code.startsWith('implausible_')).map((x) => h('li', {}, label(x))),
        ),
        h('button', { type: 'button', class: 'btn btn-block', onclick: () => {
          confirmed = true;
          form.requestSubmit();
        } }, t('field.implausible_confirm')),
      ),
    );
  }

  const el = h(
    'div',
    { 'data-testid': 'class-session' },
    h('h1', {}, [chosen.school, chosen.class_name].filter(Boolean).join(' · ') || t('field.class_title')),
    progress,
    hbToggle,
    people.length ? slot : h('p', { class: 'muted' }, t('field.class_empty')),
    results,
    pickList,
    h('a', { class: 'btn btn-block', href: '#/class' }, t('field.class_back')),
  );
  draw();
  return { el, form: true, title: t('field.class_title') };
}
