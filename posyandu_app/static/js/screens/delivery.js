// A delivery (persalinan): date, outcome, place, attendant and the baby's measurements, below the ongoing pregnancy.
// Saving it closes the pregnancy on this phone at once (store.closeParent; the server does the same in the op) and,
// for a live birth, registers the newborn as a person of the same posyandu, with the mother's name, after the same
// duplicate check as a registration (people.findDuplicates): a probable duplicate is shown and saved only on a
// second tap. The newborn's op is queued first, so the server holds the baby before the delivery names it.
import { t } from '../i18n.js';
import * as outbox from '../outbox.js';
import { findDuplicates } from '../people.js';
import { assess, preload } from '../results.js';
import { loadRuleData, ruleData } from '../rules/data.js';
import { closeParent, currentEpisode, person as loadPerson, persons, today, visitsOf } from '../store.js';
import { choice, field, h, readBool, readNumber, readRadio, readText, showErrors } from '../ui.js';
import { domainErrors, finishVisit, personStrip, reviewNote, visitFormFooter } from './common.js';
import { duplicatesWarning } from './person.js';

const ENTITY = 'delivery';
const NUMBERS = ['babies', 'birth_weight_kg', 'birth_length_cm'];
const options = (entries) => entries.map((e) => [e.code, document.documentElement.lang === 'en' ? e.en : e.id]);

async function episodeOf(p, fix) {
  if (!fix) return currentEpisode(p.id);
  return (await visitsOf(p.id, 'pregnancy')).find((e) => e.id === fix.episode_id) || null;
}

// The baby's own fields: a name to register a live-born baby under (not when correcting: already registered).
function babyFields(p, v, fix) {
  const num = (name, key, unit) => field({ name, label: t(key), unit, value: v[name], inputmode: 'decimal' });
  return h(
    'fieldset',
    { class: 'sub', 'data-testid': 'baby' },
    h('legend', {}, t('field.delivery_baby')),
    fix
      ? null
      : field({
          name: 'baby_name',
          label: t('field.delivery_baby_name'),
          value: t('field.delivery_baby_name_default', { name: p.name }),
          hint: t('field.delivery_baby_name_hint'),
          autocomplete: 'off',
        }),
    choice({
      name: 'baby_sex',
      label: t('field.delivery_baby_sex'),
      value: v.baby_sex,
      options: [
        ['F', t('field.sex_F')],
        ['M', t('field.sex_M')],
      ],
    }),
    h(
      'div',
      { class: 'row2' },
      num('birth_weight_kg', 'field.birth_weight', 'kg'),
      num('birth_length_cm', 'field.birth_length', 'cm'),
    ),
  );
}

function read(form, p, e, fix) {
  return {
    id: fix ? fix.id : crypto.randomUUID(),
    person_id: p.id,
    posyandu_id: p.posyandu_id,
    episode_id: e.id,
    visit_date: readText(form, 'visit_date'),
    outcome: readRadio(form, 'outcome'),
    place: readText(form, 'place'),
    attendant: readText(form, 'attendant'),
    baby_sex: readRadio(form, 'baby_sex'),
    ...Object.fromEntries(NUMBERS.map((k) => [k, readNumber(form, k)])),
    baby_id: fix ? fix.baby_id ?? null : null,
    referred: readBool(form, 'referred'),
    notes: readText(form, 'notes'),
  };
}

// The newborn as a registration: born on the delivery day, in the mother's posyandu and address, her name as mother.
const newborn = (p, record, name) => ({
  id: crypto.randomUUID(),
  posyandu_id: p.posyandu_id,
  name,
  sex: record.baby_sex,
  birth_date: record.visit_date,
  nik: null,
  mother_name: p.name,
  address: p.address ?? null,
  rt: p.rt ?? null,
  rw: p.rw ?? null,
  dusun: p.dusun ?? null,
  phone: p.phone ?? null,
  birth_weight_kg: record.birth_weight_kg,
  birth_length_cm: record.birth_length_cm,
  has_kia_book: true,
  notes: null,
});

function errorsOf(record, baby, fix) {
  const errors = Object.fromEntries(
    NUMBERS.filter((k) => Number.isNaN(record[k])).map((k) => [k, t('form.invalid_value')]),
  );
  if (!record.visit_date) errors.visit_date = t('form.required');
  else if (record.visit_date > today()) errors.visit_date = t('field.err_future');
  if (!record.outcome) errors.outcome = t('form.required');
  if (record.outcome === 'live_birth' && !fix) {
    if (!baby) errors.baby_name = t('form.required');
    if (!record.baby_sex) errors.baby_sex = t('form.required');
  }
  return errors;
}

export async function show({ personId, fix }, app) {
  const [p] = await Promise.all([
    loadPerson(personId || fix.person_id),
    loadRuleData(['delivery_rules', 'growth_rules', 'pregnancy_rules', 'adult_rules']),
  ]);
  const e = await episodeOf(p, fix);
  if (!e) return { el: h('p', { class: 'card' }, t('field.delivery_no_pregnancy')) };
  const v = fix || { babies: 1 };
  const rules = ruleData('delivery_rules');
  const title = fix ? t('field.fix_title') : t('field.delivery_title');
  const warn = h('div', { 'aria-live': 'polite' });
  const select = (name) =>
    field({ name, label: t(`field.delivery_${name}`), type: 'select', value: v[name] || '',
      options: [['', t('field.choose')], ...options(rules[`${name}s`])] });
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-kind': ENTITY },
    h('h1', {}, title),
    personStrip(p, true),
    reviewNote(fix),
    field({ name: 'visit_date', label: t('field.delivery_date'), type: 'date', value: v.visit_date || today(),
      max: today(), required: true }),
    choice({ name: 'outcome', label: t('field.delivery_outcome'), value: v.outcome || 'live_birth',
      options: options(rules.outcomes), required: true }),
    select('place'),
    select('attendant'),
    field({ name: 'babies', label: t('field.babies'), value: v.babies, inputmode: 'numeric' }),
    babyFields(p, v, fix),
    warn,
    visitFormFooter(p, v),
  );
  preload(ENTITY).catch(() => {});
  let confirmed = false;
  form.addEventListener('input', () => {
    confirmed = false;
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const record = read(form, p, e, fix);
    const name = fix ? null : readText(form, 'baby_name');
    if (!showErrors(form, errorsOf(record, name, fix))) return;
    const outcome = await assess(ENTITY, { delivery: record, hpht: e.hpht });
    if (outcome.errors) {
      showErrors(form, domainErrors(outcome.errors));
      return;
    }
    const baby = record.outcome === 'live_birth' && !fix ? newborn(p, record, name) : null;
    if (baby) {
      const dups = findDuplicates(baby, await persons());
      if (dups.length && !confirmed) {
        warn.replaceChildren(duplicatesWarning(dups));
        confirmed = true; // a second tap saves anyway; the bidan still sees the probable duplicate
        return;
      }
      await outbox.save('person', baby);
      record.baby_id = baby.id;
    }
    await closeParent(ENTITY, record);
    await finishVisit(form, ENTITY, record, outcome, fix, app);
  });
  return { el: form, form: true, title };
}
