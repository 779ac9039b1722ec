// School-age and adolescent screening (5-18 years): Hb, iron tablets for girls, MUAC for girls of 15+, blood
// pressure, smoking and vaping. Who is asked what (TTD, MUAC) comes from youth_rules.json, the data the twins read.
import { t } from '../i18n.js';
import { ageYears } from '../people.js';
import { assess, preload } from '../results.js';
import { loadRuleData, ruleData } from '../rules/data.js';
import { personVisitInput } from '../rules/inputs.js';
import { person as loadPerson, today } from '../store.js';
import { choice, field, h, readBool, readNumber, readRadio, readText, showErrors } from '../ui.js';
import { finishVisit, personStrip, reviewNote, visitFormFooter } from './common.js';

const ENTITY = 'youth_screening';
const yesNo = (v) => (v === true ? 'yes' : v === false ? 'no' : '');
const YES_NO = () => [
  ['yes', t('field.yes')],
  ['no', t('field.no')],
];
// A girl in the age range of a rule (youth_rules.json `ttd`, `muac`); the twin decides the same way.
const forGirl = (rule, p, age) =>
  p.sex === rule.sex && age >= rule.age_min_years && age <= (rule.age_max_years ?? age);
const radio = (form, name) => {
  const value = readRadio(form, name);
  return value === null ? null : value === 'yes';
};

export async function show({ personId, fix }, app) {
  // Rule data is precached with the app: read with the person, so the form is built from it at once.
  const [p] = await Promise.all([loadPerson(personId || fix.person_id), loadRuleData(['youth_rules', 'adult_rules'])]);
  const v = fix || {};
  const rules = ruleData('youth_rules');
  const age = ageYears(p.birth_date, v.visit_date || today());
  const ttd = forGirl(rules.ttd, p, age);
  const muac = forGirl(rules.muac, p, age);
  const numbers = ['hb_g_dl', 'systolic', 'diastolic', ...(ttd ? ['ttd_given'] : []), ...(muac ? ['muac_cm'] : [])];
  const num = (name, unit, mode = 'decimal', label = t(`field.${name}`)) =>
    field({ name, label, unit, value: v[name], inputmode: mode });
  const title = fix ? t('field.fix_title') : t('field.title_youth_screening');
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-kind': ENTITY },
    h('h1', {}, title),
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
    num('hb_g_dl', 'g/dL'),
    h('p', { class: 'hint' }, t('field.youth_hb_hint')),
    ttd ? num('ttd_given', '', 'numeric', t('field.ttd_given_youth')) : null,
    muac ? num('muac_cm', 'cm', 'decimal', t('field.muac_girls')) : null,
    h('div', { class: 'row2' }, num('systolic', 'mmHg', 'numeric'), num('diastolic', 'mmHg', 'numeric')),
    choice({ name: 'smoking', label: t('field.smoking'), value: yesNo(v.smoking), options: YES_NO() }),
    choice({ name: 'vaping', label: t('field.vaping'), value: yesNo(v.vaping), options: YES_NO() }),
    visitFormFooter(p, v),
  );
  preload(ENTITY).catch(() => {}); // warm the twin while the kader measures
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const record = {
      id: fix ? fix.id : crypto.randomUUID(),
      person_id: p.id,
      posyandu_id: p.posyandu_id,
      visit_date: readText(form, 'visit_date'),
      hb_g_dl: null,
      ttd_given: null,
      muac_cm: null,
      ...Object.fromEntries(numbers.map((k) => [k, readNumber(form, k)])),
      smoking: radio(form, 'smoking'),
      vaping: radio(form, 'vaping'),
      referred: readBool(form, 'referred'),
      notes: readText(form, 'notes'),
    };
    const errors = Object.fromEntries(
      numbers.filter((k) => Number.isNaN(record[k])).map((k) => [k, t('form.invalid_value')]),
    );
    if (!record.visit_date) errors.visit_date = t('form.required');
    if (!showErrors(form, errors)) return;
    const outcome = await assess(ENTITY, personVisitInput(record, { person: p }));
    await finishVisit(form, ENTITY, record, outcome, fix, app);
  });
  return { el: form, form: true, title };
}
