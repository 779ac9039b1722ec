// Input reading shared by the pregnancy, adult and elderly rules: typed values, or per-field errors.
// Twin of domain/inputs.py.
import { ruleData } from './data.js';
import { DomainValidationError } from './errors.js';

const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const DAY_MS = 86400000;
const PARAM = /\{(\w+)\}/g;

/** Plausibility limits of body measurements (adult_rules.json `limits`, shared by all three rule sets). */
export const limits = () => ruleData('adult_rules').limits;

function fmt(value, lang) {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    const text = String(value);
    return lang === 'id' ? text.replace('.', ',') : text;
  }
  // a structure is not echoed: its numbers would print differently in the twins
  if (Array.isArray(value)) return '[…]';
  if (typeof value === 'object' && value !== null) return '{…}';
  return JSON.stringify(value); // true, false, null
}

/** The {code, id, en} error message for `code`, from the templates in adult_rules.json `messages`. */
export function message(code, params = {}) {
  const templates = ruleData('adult_rules').messages[code];
  const out = { code };
  for (const lang of ['id', 'en']) {
    const fill = (_, name) => (Object.hasOwn(params, name) ? fmt(params[name], lang) : '');
    out[lang] = templates[lang].replace(PARAM, fill).trim();
  }
  return out;
}

export function raiseIf(errors) {
  if (Object.keys(errors).length) throw new DomainValidationError(errors);
}

/** Day number (days since 1970-01-01) -> 'YYYY-MM-DD'. */
export const iso = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);

function ymd(day) {
  const date = new Date(day * DAY_MS);
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
}

/** Whole calendar months from day `start` to day `end` (a month is complete on the same day-of-month). */
export function completedMonths(start, end) {
  const [y1, m1, d1] = ymd(start);
  const [y2, m2, d2] = ymd(end);
  return (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
}

/** Age in completed years on day `on` (someone born on 29 February turns a year older on 1 March). */
export const ageYears = (birth, on) => Math.floor(completedMonths(birth, on) / 12);

/** Round half up to 1 decimal, the same way in both twins. */
export const round1 = (x) => Math.floor(x * 10 + 0.5) / 10;

export const label = (entry) => ({ code: entry.code, id: entry.id, en: entry.en });

export const referral = (entry, code = null) =>
  ({ code: code || entry.code, id: entry.id, en: entry.en, urgent: Boolean(entry.urgent) });

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads the fields of one input object; records the first error per field in the shared `errors` object. */
export class Reader {
  constructor(data, name, errors, prefix = '') {
    this.errors = errors;
    this.prefix = prefix;
    if (data === null || data === undefined || isObject(data)) {
      this.data = data || {};
    } else {
      if (!Object.hasOwn(errors, name)) errors[name] = message('not_an_object');
      this.data = {};
    }
  }

  fail(key, code, params) {
    const field = this.prefix + key;
    if (!Object.hasOwn(this.errors, field)) this.errors[field] = message(code, params);
    return null;
  }

  get(key, required = false) {
    const value = Object.hasOwn(this.data, key) ? this.data[key] : null;
    if ((value === null || value === undefined) && required) this.fail(key, 'required');
    return value ?? null;
  }

  number(key, limit, { integer = false, required = false } = {}) {
    const value = this.get(key, required);
    if (value === null) return null;
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.fail(key, 'not_a_number');
    if (integer && !Number.isInteger(value)) return this.fail(key, 'not_an_integer');
    if (!(limit.min <= value && value <= limit.max)) return this.fail(key, 'out_of_range', limit);
    return value;
  }

  date(key, required = false) {
    const value = this.get(key, required);
    return value === null ? null : this.dateValue(key, value);
  }

  dateValue(key, value) {
    const match = typeof value === 'string' ? DATE.exec(value) : null;
    if (match) {
      const [y, m, d] = match.slice(1).map(Number);
      const time = Date.UTC(y, m - 1, d);
      const back = new Date(time);
      if (y >= 1900 && back.getUTCMonth() === m - 1 && back.getUTCDate() === d) return time / DAY_MS;
    }
    return this.fail(key, 'invalid_date');
  }

  boolean(key, required = false) {
    const value = this.get(key, required);
    if (value === null || typeof value === 'boolean') return value;
    return this.fail(key, 'not_a_boolean');
  }

  choice(key, codes, required = false) {
    const value = this.get(key, required);
    if (value === null || (typeof value === 'string' && codes.includes(value))) return value;
    return this.fail(key, 'unknown_code', { value });
  }

  items(key) {
    const value = this.get(key);
    if (value === null || Array.isArray(value)) return value;
    return this.fail(key, 'not_a_list');
  }

  /** A list of codes, each one of `codes`; duplicates are dropped. */
  codes(key, codes) {
    const values = this.items(key);
    if (values === null) return null;
    const known = (value) => typeof value === 'string' && codes.includes(value);
    values.forEach((value, i) => { if (!known(value)) this.fail(`${key}[${i}]`, 'unknown_code', { value }); });
    return [...new Set(values.filter(known))];
  }

  dates(key) {
    return (this.items(key) || []).map((value, i) => this.dateValue(`${key}[${i}]`, value));
  }

  /** A Reader over a nested object whose only keys may be `allowed` (a typo must not skip a rule), or null. */
  child(key, allowed) {
    const value = this.get(key);
    if (value === null) return null;
    if (!isObject(value)) return this.fail(key, 'not_an_object');
    for (const item of Object.keys(value)) {
      if (!allowed.includes(item)) this.fail(`${key}.${item}`, 'unknown_item');
    }
    return new Reader(value, key, this.errors, `${this.prefix}${key}.`);
  }

  /** [systolic, diastolic] read together: both or neither, diastolic below systolic; null when absent. */
  bloodPressure() {
    const systolic = this.number('systolic', limits().systolic);
    const diastolic = this.number('diastolic', limits().diastolic);
    const givenS = this.get('systolic') !== null;
    const givenD = this.get('diastolic') !== null;
    if (givenS !== givenD) {
      this.fail(givenS ? 'diastolic' : 'systolic', 'required');
    } else if (systolic !== null && diastolic !== null) {
      if (diastolic >= systolic) return this.fail('diastolic', 'diastolic_not_below_systolic');
      return [systolic, diastolic];
    }
    return null;
  }
}

/** Sex, visit day and age (completed years) of a screened person; age must be minAge..limit on the visit day. */
export function readPerson(person, visitReader, minAge, errors) {
  const reader = new Reader(person, 'person', errors);
  const sex = reader.choice('sex', ['M', 'F'], true);
  const birth = reader.date('birth_date', true);
  const visit = visitReader.date('visit_date', true);
  let age = null;
  if (birth !== null && visit !== null) {
    const max = limits().age_years.max;
    if (birth > visit) {
      reader.fail('birth_date', 'after_visit_date');
    } else {
      age = ageYears(birth, visit);
      if (!(minAge <= age && age <= max)) {
        reader.fail('birth_date', 'age_out_of_range', { min: minAge, max });
        age = null;
      }
    }
  }
  return [sex, visit, age];
}

// The input of a twin that reads the person and the visit (adult, elderly and youth screening), typed or stored.
export const personVisitInput = (record, { person }) => ({
  person: { sex: person.sex, birth_date: person.birth_date },
  visit: record,
});
