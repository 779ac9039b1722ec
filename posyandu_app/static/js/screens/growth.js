// Growth check (balita): measurements and services; on save the result (z-scores, KMS, referral) shows at once.
import { label, t } from '../i18n.js';
import { ageMonths } from '../people.js';
import { assess, preload } from '../results.js';
import { loadRuleData, ruleData } from '../rules/data.js';
import { growthInput } from '../rules/growth.js';
import { person as loadPerson, today, visitsOf } from '../store.js';
import {
  check,
  checks,
  choice,
  field,
  h,
  readBool,
  readNumber,
  readRadio,
  readText,
  readValues,
  showErrors,
} from '../ui.js';
import { finishVisit, personStrip, reviewNote, visitFormFooter } from './common.js';

const NUMBERS = ['weight_kg', 'length_cm', 'head_cm', 'muac_cm'];
// The measurement behind each WHO implausible-value flag (growth_rules.json `implausible`).
const FLAG_FIELD = {
  waz: 'weight_kg',
  haz: 'length_cm',
  whz: 'weight_kg',
  baz: 'weight_kg',
  hcz: 'head_cm',
  acz: 'muac_cm',
};
export const flaggedIndices = (r) => Object.keys(FLAG_FIELD).filter((k) => r && r.flags && r.flags[k]);

// A flagged value stops at the form: the kader measures again, or says the values are right and saves anyway.
function implausibleStop(form, results, onConfirm) {
  const box = form.querySelector('.implausible');
  const fields = [...new Set(flaggedIndices(results).map((k) => FLAG_FIELD[k]))];
  for (const name of fields) form.elements[name]?.setAttribute('aria-invalid', 'true');
  const remeasure = () => {
    box.replaceChildren();
    form.elements[fields[0]]?.select();
  };
  box.replaceChildren(
    h(
      'div',
      { class: 'alert alert-bad', role: 'alert', 'data-testid': 'implausible' },
      h('strong', {}, t('field.implausible_title')),
      h(
        'ul',
        {},
        (results.referrals || []).filter((r) => r.code.startsWith('implausible_')).map((r) => h('li', {}, label(r))),
      ),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'btn btn-primary btn-block', onclick: remeasure }, t('field.remeasure')),
        h('button', { type: 'button', class: 'btn btn-block', onclick: onConfirm }, t('field.implausible_confirm')),
      ),
    ),
  );
  box.querySelector('button').focus();
}

// Loading: the person and the rule data the form's code lists and ages come from (precached with the app).
async function load({ personId, fix }) {
  const [p] = await Promise.all([loadPerson(personId || fix.person_id), loadRuleData(['growth_rules'])]);
  const rules = ruleData('growth_rules');
  const ageDays = (Date.parse(today()) - Date.parse(p.birth_date)) / 86400000;
  return { p, v: fix || {}, fix, rules, months: ageMonths(p.birth_date, today()), ageDays };
}

// Rendering: the form, with the questions the child's age asks.
function render({ p, v, fix, rules, months, ageDays }) {
  return h(
    'form',
    { class: 'card', novalidate: true },
    h('h1', {}, fix ? t('field.fix_title') : t('field.growth_title')),
    personStrip(p),
    reviewNote(fix),
    field({
      name: 'visit_date',
      label: t('field.visit_date'),
      type: 'date',
      value: v.visit_date || today(),
      max: today(),
      required: true,
    }),
    field({
      name: 'weight_kg',
      label: t('field.weight'),
      unit: 'kg',
      value: v.weight_kg,
      inputmode: 'decimal',
      hint: t('field.weight_hint'),
    }),
    field({ name: 'length_cm', label: t('field.length'), unit: 'cm', value: v.length_cm, inputmode: 'decimal' }),
    choice({
      name: 'measured',
      label: t('field.measured'),
      // Lying under the WHO height age (growth_rules.json `measurement.height_from_day`), standing from it.
      value: v.measured || (ageDays < rules.measurement.height_from_day ? 'L' : 'H'),
      options: [
        ['L', t('field.measured_L')],
        ['H', t('field.measured_H')],
      ],
    }),
    field({ name: 'head_cm', label: t('field.head'), unit: 'cm', value: v.head_cm, inputmode: 'decimal' }),
    field({
      name: 'muac_cm',
      label: t('field.muac'),
      unit: 'cm',
      value: v.muac_cm,
      inputmode: 'decimal',
      hint: months < rules.muac.min_age_months ? t('field.muac_hint', { min: rules.muac.min_age_months }) : null,
    }),
    check({ name: 'oedema', label: t('field.oedema'), checked: v.oedema }),
    field({
      name: 'vitamin_a',
      label: t('field.vitamin_a'),
      type: 'select',
      value: v.vitamin_a || '',
      options: [
        ['', t('field.none')],
        ...rules.vitamin_a.capsules.map((c) => [
          c.code,
          t(`field.vitamin_a_${c.code}`, { from: c.from_months, to: c.to_months }),
        ]),
      ],
    }),
    check({ name: 'deworming', label: t('field.deworming'), checked: v.deworming }),
    months < rules.exclusive_breastfeeding.max_age_months || (v.exclusive_bf !== undefined && v.exclusive_bf !== null) // a correction asks what the form asked
      ? choice({
          name: 'exclusive_bf',
          label: t('field.exclusive_bf'),
          value: v.exclusive_bf === true ? 'yes' : v.exclusive_bf === false ? 'no' : '',
          options: [
            ['yes', t('field.yes')],
            ['no', t('field.no')],
          ],
        })
      : null,
    checks({
      name: 'tb_symptoms',
      label: t('field.tb_symptoms'),
      options: rules.tb_symptoms.list.map(({ code }) => [code, t(`field.tb_${code}`)]),
      values: v.tb_symptoms || [],
    }),
    h('div', { class: 'implausible', 'aria-live': 'assertive' }),
    visitFormFooter(p, v),
  );
}

function readRecord(form, { p, v, fix }) {
  const bf = readRadio(form, 'exclusive_bf');
  return {
    id: fix ? fix.id : crypto.randomUUID(),
    person_id: p.id,
    posyandu_id: p.posyandu_id,
    visit_date: readText(form, 'visit_date'),
    ...Object.fromEntries(NUMBERS.map((k) => [k, readNumber(form, k)])),
    measured: readRadio(form, 'measured'),
    oedema: readBool(form, 'oedema'),
    vitamin_a: readText(form, 'vitamin_a'),
    deworming: readBool(form, 'deworming'),
    exclusive_bf: bf === null ? null : bf === 'yes',
    tb_symptoms: readValues(form, 'tb_symptoms'),
    referred: readBool(form, 'referred'),
    notes: readText(form, 'notes'),
  };
}

function formErrors(record) {
  const errors = {};
  if (!record.visit_date) errors.visit_date = t('form.required');
  for (const k of NUMBERS) if (Number.isNaN(record[k])) errors[k] = t('form.invalid_value');
  if (record.weight_kg === null && record.length_cm === null) errors.weight_kg = t('field.err_weight_or_length');
  return errors;
}

// The rules' input: this visit and the child's earlier weighings (not the visit a correction replaces).
async function assessVisit(p, record, fix) {
  const visits = await visitsOf(p.id, 'growth');
  return assess('growth', growthInput(record, { person: p, visits, today: today(), replaces: fix?.supersedes }));
}

// Handlers: a change forgets a confirmation; a save checks, assesses, stops on an implausible value, then saves.
function bind(form, state, app) {
  // A confirmation holds only for the values it was given: any change asks again.
  let confirmed = false;
  form.addEventListener('input', () => {
    confirmed = false;
    form.querySelector('.implausible').replaceChildren();
  });
  preload('growth').catch(() => {}); // warm the rules while the kader measures
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const record = readRecord(form, state);
    if (!showErrors(form, formErrors(record))) return;
    const outcome = await assessVisit(state.p, record, state.fix);
    if (!confirmed && flaggedIndices(outcome.results).length) {
      implausibleStop(form, outcome.results, () => {
        confirmed = true;
        form.requestSubmit();
      });
      return;
    }
    await finishVisit(form, 'growth', record, outcome, state.fix, app);
  });
}

export async function show(params, app) {
  const state = await load(params);
  const form = render(state);
  bind(form, state, app);
  return { el: form, form: true, title: state.fix ? t('field.fix_title') : t('field.growth_title') };
}
