// Pregnancy: register the episode (HPHT, G/P/A, ...) and record ANC visits with the danger-sign checklist.
import { t } from '../i18n.js';
import { shows } from '../kinds.js';
import * as outbox from '../outbox.js';
import { assess, preload } from '../results.js';
import { loadRuleData, ruleData } from '../rules/data.js';
import { pregnancyVisitInput } from '../rules/pregnancy.js';
import { currentEpisode, person as loadPerson, today, visitsOf } from '../store.js';
import { check, checks, field, h, readBool, readNumber, readText, readValues, showErrors } from '../ui.js';
import { domainErrors, finishVisit, personStrip, reviewNote, visitFormFooter } from './common.js';

// The checklists are the codes of pregnancy_rules.json (the twins read the same), loaded before the form is built.
const dangerSigns = () => ruleData('pregnancy_rules').flags.filter((f) => f.danger_sign).map((f) => f.code);
const tbSymptoms = () => ruleData('pregnancy_rules').tb_symptoms.list.map((s) => s.code);
const EPISODE_NUMBERS = ['gravida', 'para', 'abortus', 'pre_pregnancy_weight_kg', 'height_cm'];
const VISIT_NUMBERS = [
  'weight_kg',
  'muac_cm',
  'systolic',
  'diastolic',
  'hb_g_dl',
  'fundal_height_cm',
  'fetal_heart_rate',
  'ttd_given',
];

const numbersOf = (form, names) => Object.fromEntries(names.map((k) => [k, readNumber(form, k)]));
const badNumbers = (record, names) =>
  Object.fromEntries(names.filter((k) => Number.isNaN(record[k])).map((k) => [k, t('form.invalid_value')]));
export const episodeInput = (e, p) => ({ ...e, mother_birth_date: p.birth_date });

async function episodeForm(p, app) {
  const e = (await currentEpisode(p.id)) || { id: crypto.randomUUID(), outcome: 'ongoing' };
  const num = (name, unit, extra = {}) =>
    field({ name, label: t(`field.${name}`), unit, value: e[name], inputmode: 'numeric', ...extra });
  const form = h(
    'form',
    { class: 'card', novalidate: true },
    h('h1', {}, e.hpht ? t('field.episode_edit') : t('field.episode_new')),
    personStrip(p, true),
    field({
      name: 'hpht',
      label: t('field.hpht'),
      type: 'date',
      value: e.hpht,
      max: today(),
      required: true,
      hint: t('field.hpht_hint'),
    }),
    h('div', { class: 'row3' }, num('gravida', null), num('para', null), num('abortus', null)),
    field({
      name: 'previous_birth_date',
      label: t('field.previous_birth_date'),
      type: 'date',
      value: e.previous_birth_date,
      max: today(),
    }),
    h(
      'div',
      { class: 'row2' },
      num('pre_pregnancy_weight_kg', 'kg', { inputmode: 'decimal' }),
      num('height_cm', 'cm', { inputmode: 'decimal' }),
    ),
    e.hpht
      ? field({
          name: 'outcome',
          label: t('field.outcome'),
          type: 'select',
          value: e.outcome,
          options: ['ongoing', 'delivered', 'ended'].map((o) => [o, t(`field.outcome_${o}`)]),
        })
      : null,
    e.hpht
      ? field({
          name: 'delivery_date',
          label: t('field.delivery_date'),
          type: 'date',
          value: e.delivery_date,
          max: today(),
        })
      : null,
    h('div', { class: 'form-errors' }),
    h(
      'div',
      { class: 'actions' },
      h('button', { class: 'btn btn-primary btn-block', type: 'submit' }, t('field.save')),
      h('a', { class: 'btn btn-block', href: `#/person/${p.id}` }, t('field.cancel')),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const record = {
      ...e,
      entity: 'pregnancy',
      person_id: p.id,
      posyandu_id: p.posyandu_id,
      hpht: readText(form, 'hpht'),
      ...numbersOf(form, EPISODE_NUMBERS),
      previous_birth_date: readText(form, 'previous_birth_date'),
      outcome: form.elements.outcome ? form.elements.outcome.value : 'ongoing',
      delivery_date: form.elements.delivery_date ? readText(form, 'delivery_date') : null,
    };
    const errors = badNumbers(record, EPISODE_NUMBERS);
    if (!record.hpht) errors.hpht = t('form.required');
    if (!showErrors(form, errors)) return;
    const visits = (await visitsOf(p.id, 'pregnancy_visit')).filter((v) => v.episode_id === record.id);
    const outcome = await assess('pregnancy', {
      episode: episodeInput(record, p),
      today: today(),
      visits: visits.map((v) => ({ visit_date: v.visit_date, ttd_given: v.ttd_given ?? null })),
    });
    if (outcome.errors) {
      showErrors(form, domainErrors(outcome.errors));
      return;
    }
    const baseVersion = e._server?.version ?? e.version ?? null;
    await outbox.save('pregnancy', { ...record, local_results: outcome.results || null }, e.hpht ? baseVersion : null);
    app.saved();
    app.go(e.hpht ? `person/${p.id}` : `person/${p.id}/anc`);
  });
  return { el: form, form: true, title: e.hpht ? t('field.episode_edit') : t('field.episode_new') };
}

export async function visitForm(p, app, fix) {
  const episode = fix
    ? visitsOf(p.id, 'pregnancy').then((all) => all.find((x) => x.id === fix.episode_id))
    : currentEpisode(p.id);
  const [e] = await Promise.all([episode, loadRuleData(['pregnancy_rules'])]); // checklists below are rule data
  if (!e) {
    app.go(`person/${p.id}/pregnancy`);
    return { el: h('p', {}, '…') };
  }
  const v = fix || {};
  const urgent = h('div', { 'aria-live': 'assertive' });
  // A bidan's fields (Hb, fundal height, fetal heart rate) are not on a kader's form (visit_kinds.json field_roles)
  const mine = (name) => shows('pregnancy_visit', name, app.user?.role);
  const num = (name, unit, mode = 'decimal') =>
    mine(name) ? field({ name, label: t(`field.${name}`), unit, value: v[name], inputmode: mode }) : null;
  const form = h(
    'form',
    { class: 'card', novalidate: true },
    h('h1', {}, fix ? t('field.fix_title') : t('field.anc_title')),
    personStrip(p, true),
    reviewNote(fix),
    field({
      name: 'visit_date',
      label: t('field.visit_date'),
      type: 'date',
      value: v.visit_date || today(),
      max: today(),
      required: true,
    }),
    checks({
      name: 'danger_signs',
      label: t('field.danger_signs'),
      options: dangerSigns().map((c) => [c, t(`field.danger_${c}`)]),
      values: v.danger_signs || [],
    }),
    urgent,
    h('div', { class: 'row2' }, num('weight_kg', 'kg'), num('muac_cm', 'cm')),
    h('div', { class: 'row2' }, num('systolic', 'mmHg', 'numeric'), num('diastolic', 'mmHg', 'numeric')),
    h('div', { class: 'row2' }, num('hb_g_dl', 'g/dL'), num('fundal_height_cm', 'cm')),
    h(
      'div',
      { class: 'row2' },
      num('fetal_heart_rate', '/min', 'numeric'),
      num('ttd_given', t('field.tablets'), 'numeric'),
    ),
    checks({
      name: 'tb_symptoms',
      label: t('field.tb_symptoms'),
      options: tbSymptoms().map((c) => [c, t(`field.tb_${c}`)]),
      values: v.tb_symptoms || [],
    }),
    check({ name: 'class_attended', label: t('field.class_attended'), checked: v.class_attended }),
    check({ name: 'pmt_given', label: t('field.pmt_given'), checked: v.pmt_given }),
    visitFormFooter(p, v),
  );
  preload('pregnancy_visit').catch(() => {}); // warm the rules while the kader measures
  const showUrgent = () =>
    urgent.replaceChildren(
      readValues(form, 'danger_signs').length
        ? h(
            'p',
            { class: 'alert alert-bad', role: 'alert' },
            h('strong', {}, t('field.refer_now')),
            ' ',
            t('field.danger_help'),
          )
        : '',
    );
  form.addEventListener('change', showUrgent);
  showUrgent();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const record = {
      id: fix ? fix.id : crypto.randomUUID(),
      person_id: p.id,
      posyandu_id: p.posyandu_id,
      episode_id: e.id,
      visit_date: readText(form, 'visit_date'),
      ...numbersOf(form, VISIT_NUMBERS),
      // a field not on this form keeps what the corrected visit held (a kader's fix never erases a bidan's Hb)
      ...Object.fromEntries(VISIT_NUMBERS.filter((k) => !mine(k)).map((k) => [k, v[k] ?? null])),
      danger_signs: readValues(form, 'danger_signs'),
      tb_symptoms: readValues(form, 'tb_symptoms'),
      class_attended: readBool(form, 'class_attended'),
      pmt_given: readBool(form, 'pmt_given'),
      referred: readBool(form, 'referred'),
      notes: readText(form, 'notes'),
    };
    const errors = badNumbers(record, VISIT_NUMBERS);
    if (!record.visit_date) errors.visit_date = t('form.required');
    if (!showErrors(form, errors)) return;
    const visits = await visitsOf(p.id, 'pregnancy_visit');
    const input = pregnancyVisitInput(record, { person: p, visits, episode: e, replaces: fix?.supersedes });
    const outcome = await assess('pregnancy_visit', input);
    await finishVisit(form, 'pregnancy_visit', record, outcome, fix, app);
  });
  return { el: form, form: true, title: fix ? t('field.fix_title') : t('field.anc_title') };
}

export async function show({ personId, form, fix }, app) {
  const p = await loadPerson(personId || fix.person_id);
  return form === 'episode' ? episodeForm(p, app) : visitForm(p, app, fix);
}
