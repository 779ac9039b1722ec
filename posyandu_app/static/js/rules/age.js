// Child age: ISO dates (parsed as UTC), age in days and months (WHO anthro conventions), date validation.
import { ruleData } from './data.js';
import { DomainValidationError } from './errors.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86400000;
const rules = () => ruleData('growth_rules');

// {id, en} for a validation message key of growth_rules.json, with {placeholders} filled.
export function message(key, params = {}) {
  const template = rules().validation.messages[key];
  const out = {};
  for (const lang of ['id', 'en']) {
    let text = template[lang];
    for (const [name, value] of Object.entries(params)) text = text.split(`{${name}}`).join(String(value));
    out[lang] = text;
  }
  return out;
}

// ISO 'YYYY-MM-DD' -> Date at UTC midnight, or null if invalid (2024-02-30 is invalid).
export function parseDate(value) {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return null;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date;
}

// Age in whole days = visit - birth (WHO anthro, DOMAIN.md 2.1).
export function ageInDays(birth, visit) {
  return Math.round((visit.getTime() - birth.getTime()) / DAY_MS);
}

// Age in months = days / 30.4375, unrounded (WHO anthro).
export function ageInMonths(ageDays) {
  return ageDays / rules().age.days_per_month;
}

// Completed months = floor(days / 30.4375): KBM, vitamin A and MUAC age bands.
export function completedMonths(ageDays) {
  return Math.floor(ageInMonths(ageDays));
}

// Calendar month as one integer, so the previous monthly session is index - 1.
export function monthIndex(date) {
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

// Validate birth and visit dates -> [birth, visit] Dates, or throw DomainValidationError. With `errors` (an object)
// messages are added there instead and [null, null] may be returned. today: ISO date, default = today (UTC).
export function checkDates(birthDate, visitDate, today = null, errors = null) {
  const own = errors === null;
  const errs = own ? {} : errors;
  const todayDate = today === null || today === undefined
    ? parseDate(new Date().toISOString().slice(0, 10)) : parseDate(today);
  const latest = todayDate.getTime() + rules().age.future_date_slack_days * DAY_MS;
  const parsed = {};
  for (const [field, value] of [['birth_date', birthDate], ['visit_date', visitDate]]) {
    if (value === null || value === undefined || value === '') {
      errs[field] = message('required');
      continue;
    }
    const date = parseDate(value);
    if (date === null) errs[field] = message('date_invalid');
    else if (date.getTime() > latest) errs[field] = message('future_date');
    else parsed[field] = date;
  }
  let birth = parsed.birth_date ?? null;
  let visit = parsed.visit_date ?? null;
  if (birth && visit && birth.getTime() > visit.getTime()) {
    errs.birth_date = message('birth_after_visit');
    birth = visit = null;
  }
  if (own && Object.keys(errs).length) throw new DomainValidationError(errs);
  return [birth, visit];
}
