// Adult/elderly screening: BMI, waist, blood pressure, glucose, smoking, PUMA; SKILAS and ADL from age 60.
import { t } from '../i18n.js';
import { ageYears } from '../people.js';
import { assess, preload } from '../results.js';
import { loadRuleData, ruleData } from '../rules/data.js';
import { personVisitInput } from '../rules/inputs.js';
import { person as loadPerson, today } from '../store.js';
import { check, choice, field, h, readBool, readNumber, readRadio, readText, showErrors } from '../ui.js';
import { finishVisit, personStrip, reviewNote, visitFormFooter } from './common.js';

const NUMBERS = ['weight_kg', 'height_cm', 'waist_cm', 'systolic', 'diastolic', 'glucose_mg_dl'];
// The questions are the codes of adult_rules.json and elderly_rules.json (the twins read the same), loaded before the
// form is built: PUMA yes/no items, SKILAS ticks per domain and ADL items with their maximum score.
const pumaYes = () => ruleData('adult_rules').puma.yes_items;
// MUAC is a number field of its own; a test that could not be done refers (Kemenkes SKILAS form), so it is a tick.
export const skilasTicks = (elderly) =>
  Object.fromEntries(
    elderly.skilas.domains.map((domain) => [
      domain.code,
      domain.items
        .filter((item) => !('muac_below' in item))
        .flatMap((item) => (item.not_done ? [item.code, item.not_done.code] : [item.code])),
    ]),
  );
const adlItems = () => ruleData('elderly_rules').adl.items.map((item) => [item.code, item.max]);

const yesNo = (v) => (v === true ? 'yes' : v === false ? 'no' : '');

function pumaSection(v) {
  const puma = v.puma || {};
  const box = h(
    'fieldset',
    { class: 'field sub', 'data-field': 'puma' },
    h('legend', {}, t('field.puma_title')),
    h(
      'div',
      { class: 'row2' },
      field({
        name: 'puma_cigarettes_per_day',
        label: t('field.puma_cigarettes'),
        value: puma.cigarettes_per_day,
        inputmode: 'numeric',
      }),
      field({
        name: 'puma_smoking_years',
        label: t('field.puma_years'),
        value: puma.smoking_years,
        inputmode: 'numeric',
      }),
    ),
    pumaYes().map((k) => check({ name: `puma_${k}`, label: t(`field.puma_${k}`), checked: puma[k] })),
  );
  // A section that is off takes no input: its answers would not be saved, so they cannot be typed either.
  const toggle = check({ name: 'puma_on', label: t('field.puma_on'), checked: !!v.puma });
  const on = toggle.querySelector('input');
  const sync = () => {
    box.disabled = !on.checked;
    box.hidden = !on.checked;
  };
  on.addEventListener('change', sync);
  sync();
  return h('div', {}, toggle, box);
}

// A long part of the form folded under its title (tap to open): a fieldset with the same name and fields as when
// it was unfolded, inside <details>; an error inside opens it (ui.showErrors).
const section = (name, title, hint, fields) =>
  h(
    'details',
    { class: 'section', 'data-section': name },
    h('summary', {}, title),
    h(
      'fieldset',
      { class: 'field sub', 'data-field': name },
      h('legend', { class: 'sr-only' }, title),
      h('p', { class: 'hint' }, hint),
      fields,
    ),
  );

function elderlySections(v) {
  const skilas = v.skilas || {};
  const adl = v.adl || {};
  return [
    section(
      'skilas',
      t('field.skilas_title'),
      t('field.skilas_hint'),
      Object.entries(skilasTicks(ruleData('elderly_rules'))).map(([domain, items]) =>
        h(
          'div',
          { class: 'group' },
          h('h3', {}, t(`field.skilas_${domain}`)),
          items.map((k) => check({ name: `skilas_${k}`, label: t(`field.skilas_${k}`), checked: skilas[k] })),
          domain === 'malnutrition'
            ? field({
                name: 'skilas_muac_cm',
                label: t('field.skilas_muac_cm'),
                unit: 'cm',
                value: skilas.muac_cm,
                inputmode: 'decimal',
              })
            : null,
        ),
      ),
    ),
    section(
      'adl',
      t('field.adl_title'),
      t('field.adl_hint'),
      adlItems().map(([k, max]) =>
        field({
          name: `adl_${k}`,
          label: t(`field.adl_${k}`),
          type: 'select',
          value: adl[k] ?? '',
          options: [['', '–'], ...Array.from({ length: max + 1 }, (_, n) => [String(n), t(`field.adl_${k}_${n}`)])],
        }),
      ),
    ),
  ];
}

function readSections(form, elderly) {
  const out = { puma: null, skilas: null, adl: null };
  if (readBool(form, 'puma_on')) {
    out.puma = {
      cigarettes_per_day: readNumber(form, 'puma_cigarettes_per_day') ?? 0,
      smoking_years: readNumber(form, 'puma_smoking_years') ?? 0,
      ...Object.fromEntries(pumaYes().map((k) => [k, readBool(form, `puma_${k}`)])),
    };
  }
  if (elderly) {
    out.skilas = Object.fromEntries(
      Object.values(skilasTicks(ruleData('elderly_rules')))
        .flat()
        .map((k) => [k, readBool(form, `skilas_${k}`)]),
    );
    out.skilas.muac_cm = readNumber(form, 'skilas_muac_cm');
    const scores = adlItems().map(([k]) => [k, readNumber(form, `adl_${k}`)]);
    if (scores.some(([, n]) => n !== null)) out.adl = Object.fromEntries(scores);
  }
  return out;
}

export async function show({ personId, fix }, app) {
  // The questions are rule data (precached with the app): read with the person, not after, so the form opens as fast.
  const [p] = await Promise.all([loadPerson(personId || fix.person_id), loadRuleData(['adult_rules', 'elderly_rules'])]);
  const v = fix || {};
  const age = ageYears(p.birth_date, today());
  const elderly = age >= ruleData('elderly_rules').age_min_years.value; // SKILAS and ADL
  const puma = age >= ruleData('adult_rules').puma.age_min_years;
  const num = (name, unit, mode = 'decimal') =>
    field({ name, label: t(`field.${name}`), unit, value: v[name], inputmode: mode });
  const title = fix ? t('field.fix_title') : elderly ? t('field.elderly_title') : t('field.adult_title');
  const form = h(
    'form',
    { class: 'card', novalidate: true },
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
    h('div', { class: 'row2' }, num('weight_kg', 'kg'), num('height_cm', 'cm')),
    num('waist_cm', 'cm'),
    h('div', { class: 'row2' }, num('systolic', 'mmHg', 'numeric'), num('diastolic', 'mmHg', 'numeric')),
    h(
      'div',
      { class: 'row2' },
      num('glucose_mg_dl', 'mg/dL', 'numeric'),
      field({
        name: 'glucose_type',
        label: t('field.glucose_type'),
        type: 'select',
        value: v.glucose_type || 'random',
        options: [
          ['random', t('field.glucose_random')],
          ['fasting', t('field.glucose_fasting')],
        ],
      }),
    ),
    choice({
      name: 'smoker',
      label: t('field.smoker'),
      value: yesNo(v.smoker),
      options: [
        ['yes', t('field.yes')],
        ['no', t('field.no')],
      ],
    }),
    puma ? pumaSection(v) : null,
    elderly ? elderlySections(v) : null,
    visitFormFooter(p, v),
  );
  preload('screening').catch(() => {}); // warm the rules while the kader measures
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const smoker = readRadio(form, 'smoker');
    const record = {
      id: fix ? fix.id : crypto.randomUUID(),
      person_id: p.id,
      posyandu_id: p.posyandu_id,
      visit_date: readText(form, 'visit_date'),
      ...Object.fromEntries(NUMBERS.map((k) => [k, readNumber(form, k)])),
      smoker: smoker === null ? null : smoker === 'yes',
      ...readSections(form, elderly),
      referred: readBool(form, 'referred'),
      notes: readText(form, 'notes'),
    };
    record.glucose_type = record.glucose_mg_dl === null ? null : readText(form, 'glucose_type');
    const errors = Object.fromEntries(
      NUMBERS.filter((k) => Number.isNaN(record[k])).map((k) => [k, t('form.invalid_value')]),
    );
    if (!record.visit_date) errors.visit_date = t('form.required');
    if (record.adl && Object.values(record.adl).some((n) => n === null)) errors.adl = t('field.err_adl_all');
    if (!showErrors(form, errors)) return;
    const outcome = await assess('screening', personVisitInput(record, { person: p }));
    await finishVisit(form, 'screening', record, outcome, fix, app);
  });
  return { el: form, form: true, title };
}
