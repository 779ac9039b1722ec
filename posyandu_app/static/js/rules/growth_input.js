// Parses and validates child growth inputs; collects per-field errors (twin of domain/growth_input.py).
import { message, monthIndex, parseDate } from './age.js';
import { ruleData } from './data.js';

const SEX = { M: 'M', L: 'M', F: 'F', P: 'F' }; // L = laki-laki, P = perempuan
const MEASURED = { L: 'L', H: 'H' }; // L = lying (length), H = standing (height)
const absent = (v) => v === null || v === undefined;
const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);

export function parseSex(value, errors) {
  const key = typeof value === 'string' ? value.trim().toUpperCase() : null;
  if (!key || !(key in SEX)) {
    errors.sex = message(key ? 'sex' : 'required');
    return null;
  }
  return SEX[key];
}

export function parseMeasured(value, errors) {
  if (absent(value) || (typeof value === 'string' && value.trim() === '')) return null;
  const key = typeof value === 'string' ? value.trim().toUpperCase() : null;
  if (!key || !(key in MEASURED)) {
    errors.measured = message('measured');
    return null;
  }
  return MEASURED[key];
}

// A number within growth_rules.json validation.limits[field] (gt/min/max), or null when absent.
export function parseMeasure(field, value, errors, required = false) {
  if (absent(value)) {
    if (required) errors[field] = message('required');
    return null;
  }
  if (!isNumber(value)) {
    errors[field] = message('not_a_number');
    return null;
  }
  const limits = ruleData('growth_rules').validation.limits[field];
  const tooLow = ('gt' in limits && value <= limits.gt) || ('min' in limits && value < limits.min);
  if (tooLow || ('max' in limits && value > limits.max)) {
    errors[field] = message(field, limits);
    return null;
  }
  return value;
}

export function parseOedema(value, errors) {
  if (absent(value)) return false; // missing oedema counts as no, as in WHO anthro
  if (typeof value !== 'boolean') {
    errors.oedema = message('oedema');
    return false;
  }
  return value;
}

// Previous weighings [{date, weight_kg}] -> Map(month index -> [Date, kg]), the latest of each month before the
// visit month (later ones ignored). Invalid entries add one 'previous_weighings' error.
export function parseWeighings(weighings, birth, visit, errors) {
  const byMonth = new Map();
  if (absent(weighings)) return byMonth;
  const limits = ruleData('growth_rules').validation.limits.weight_kg;
  let ok = Array.isArray(weighings);
  for (const item of ok ? weighings : []) {
    const isObj = item !== null && typeof item === 'object';
    const date = isObj ? parseDate(item.date) : null;
    const kg = isObj ? item.weight_kg : null;
    if (date === null || !isNumber(kg) || kg <= limits.gt || kg > limits.max
        || (birth !== null && date.getTime() < birth.getTime())) {
      ok = false;
      break;
    }
    const month = monthIndex(date);
    if (visit !== null && month >= monthIndex(visit)) continue;
    if (!byMonth.has(month) || date.getTime() >= byMonth.get(month)[0].getTime()) byMonth.set(month, [date, kg]);
  }
  if (!ok) errors.previous_weighings = message('previous_weighings');
  return byMonth;
}
