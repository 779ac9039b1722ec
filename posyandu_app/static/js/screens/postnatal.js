// Home visits after a birth, one form for both kinds: the mother's postnatal visit (KF, postnatal_visit) and the
// newborn's (KN, newborn_visit). The danger-sign checklists, breastfeeding codes and windows are the rule data's
// (postnatal_rules.json); any sign gives the urgent referral on the result screen.
import { date, label, t } from '../i18n.js';
import { assess, preload } from '../results.js';
import { loadRuleData, ruleData } from '../rules/data.js';
import { window as windowOf } from '../rules/postnatal.js';
import { person as loadPerson, today, visitsOf } from '../store.js';
import { checks, choice, field, h, readNumber, readRadio, readText, readBool, readValues, showErrors } from '../ui.js';
import { finishVisit, personStrip, reviewNote, visitFormFooter } from './common.js';

const NEWBORN = 'newborn_visit';
const daysFrom = (from, to) => Math.round((Date.parse(to) - Date.parse(from)) / 86400000);

// The delivery date of the mother's latest delivered pregnancy on or before `day` (the server finds the same one).
export function deliveryOf(records, day) {
  return records
    .filter((r) => r.entity === 'pregnancy' && r.outcome === 'delivered' && r.delivery_date && r.delivery_date <= day)
    .map((r) => r.delivery_date)
    .sort()
    .at(-1) || null;
}

export async function show({ personId, entity, fix }, app) {
  const kindName = fix ? fix.entity : entity;
  const newborn = kindName === NEWBORN;
  const id = personId || fix.person_id;
  const [p, records] = await Promise.all([loadPerson(id), visitsOf(id), loadRuleData(['postnatal_rules', 'adult_rules'])]);
  const v = fix || {};
  const rules = ruleData('postnatal_rules');
  const start = newborn ? p.birth_date : deliveryOf(records, v.visit_date || today());
  const day = start ? daysFrom(start, v.visit_date || today()) : null;
  const current = day === null ? null : windowOf(newborn ? 'kn' : 'kf', day);
  const title = fix ? t('field.fix_title') : t(`field.title_${kindName}`);
  const signs = newborn ? rules.newborn_signs : rules.mother_signs;
  const numbers = newborn ? ['temperature_c', 'breaths_per_min'] : [];
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-kind': kindName },
    h('h1', {}, title),
    personStrip(p),
    reviewNote(fix),
    start
      ? h(
          'p',
          { class: 'hint', 'data-testid': 'window' },
          t(newborn ? 'field.kn_day' : 'field.kf_day', { n: day, date: date(start) }),
          current ? ` · ${label(current)}` : '',
        )
      : null,
    field({ name: 'visit_date', label: t('field.visit_date'), type: 'date', value: v.visit_date || today(),
      max: today(), required: true }),
    checks({
      name: 'danger_signs',
      label: t(newborn ? 'field.newborn_signs' : 'field.mother_signs'),
      options: signs.map((s) => [s.code, label(s)]),
      values: v.danger_signs || [],
    }),
    h('p', { class: 'hint' }, t('field.home_visit_sign_hint')),
    newborn
      ? h(
          'div',
          { class: 'row2' },
          field({ name: 'temperature_c', label: t('field.temperature_c'), unit: '°C', value: v.temperature_c,
            inputmode: 'decimal' }),
          field({ name: 'breaths_per_min', label: t('field.breaths_per_min'), unit: '/menit',
            value: v.breaths_per_min, inputmode: 'numeric' }),
        )
      : null,
    choice({
      name: 'breastfeeding',
      label: t('field.breastfeeding'),
      value: v.breastfeeding || '',
      options: rules.breastfeeding.map((b) => [b.code, label(b)]),
    }),
    visitFormFooter(p, v),
  );
  preload(kindName).catch(() => {}); // warm the twin while the kader asks
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const record = {
      id: fix ? fix.id : crypto.randomUUID(),
      person_id: p.id,
      posyandu_id: p.posyandu_id,
      visit_date: readText(form, 'visit_date'),
      danger_signs: readValues(form, 'danger_signs'),
      breastfeeding: readRadio(form, 'breastfeeding'),
      ...Object.fromEntries(numbers.map((k) => [k, readNumber(form, k)])),
      referred: readBool(form, 'referred'),
      notes: readText(form, 'notes'),
    };
    const errors = Object.fromEntries(
      numbers.filter((k) => Number.isNaN(record[k])).map((k) => [k, t('form.invalid_value')]),
    );
    if (!record.visit_date) errors.visit_date = t('form.required');
    if (!showErrors(form, errors)) return;
    const delivery = newborn ? null : deliveryOf(records, record.visit_date);
    const outcome = await assess(kindName, { delivery_date: delivery, birth_date: p.birth_date, visit: record });
    await finishVisit(form, kindName, record, outcome, fix, app);
  });
  return { el: form, form: true, title };
}
