// KMS (Buku KIA) monthly codes N/T/O/B with KBM, 2T, BGM/orange line, vitamin A due (twin of domain/kms.py).
import { ageInDays, checkDates, completedMonths, monthIndex, parseDate } from './age.js';
import { ruleData } from './data.js';
import { DomainValidationError } from './errors.js';
import { parseMeasure, parseWeighings } from './growth_input.js';
import { roundHalfAway } from './rounding.js';

const rules = () => ruleData('growth_rules');

// Minimum weight gain (KBM, grams) for completed months at the current weighing; null above 60 months.
export function kbmG(months) {
  for (const row of rules().kms.kbm_g) if (row.from <= months && months <= row.to) return row.g;
  return null;
}

// [code, gainG, kbmG] of a weighing given earlier weighings Map(month index -> [Date, kg]).
function weighingCode(birth, date, weight, byMonth) {
  const month = monthIndex(date);
  const prior = [...byMonth.keys()].filter((m) => m < month);
  if (!prior.length) return ['B', null, null]; // first weighing ever
  const last = Math.max(...prior);
  if (last !== month - 1) return ['O', null, null]; // not weighed at the previous monthly session
  const gain = roundHalfAway((weight - byMonth.get(last)[1]) * 1000, 0);
  const kbm = kbmG(completedMonths(ageInDays(birth, date)));
  if (kbm === null) return [null, gain, null];
  return [gain >= kbm ? 'N' : 'T', gain, kbm];
}

// {code 'N'|'T'|'O'|'B'|null, gain_g, kbm_g, two_t}; 2T = this T and last month's T (a skipped month breaks it).
export function kmsStatus(birth, visit, weightKg, byMonth) {
  if (weightKg === null || weightKg === undefined) return { code: null, gain_g: null, kbm_g: null, two_t: false };
  const [code, gain, kbm] = weighingCode(birth, visit, weightKg, byMonth);
  let twoT = false;
  if (code === 'T') {
    const [prevDate, prevKg] = byMonth.get(monthIndex(visit) - 1);
    twoT = weighingCode(birth, prevDate, prevKg, byMonth)[0] === 'T';
  }
  return { code, gain_g: gain, kbm_g: kbm, two_t: twoT };
}

// KMS code from ISO dates and raw weighings (validated): {code, gain_g, kbm_g, two_t}, as Python kms_code().
export function kmsCode({ birth_date, visit_date, weight_kg, previous_weighings = [], today = null }) {
  const errors = {};
  const [birth, visit] = checkDates(birth_date, visit_date, today, errors);
  const weight = parseMeasure('weight_kg', weight_kg, errors);
  const byMonth = parseWeighings(previous_weighings, birth, visit, errors);
  if (Object.keys(errors).length) throw new DomainValidationError(errors);
  return kmsStatus(birth, visit, weight, byMonth);
}

// {bgm, above_orange}: BB/U < -3 and BB/U > +1 (both UNCONFIRMED); null without a plausible WAZ.
export function weightLines(waz, flagged = false) {
  if (waz === null || waz === undefined || flagged) return { bgm: null, above_orange: null };
  return { bgm: waz < rules().bgm.lt, above_orange: waz > rules().orange_line.gt };
}

// Vitamin A capsule for completed months (blue 6-11, red 12-59) and whether due (February, August).
// visit: a Date (UTC midnight) or an ISO string.
export function vitaminA(months, visitDate) {
  const visit = typeof visitDate === 'string' ? parseDate(visitDate) : visitDate;
  const spec = rules().vitamin_a;
  for (const capsule of spec.capsules) {
    if (capsule.from_months <= months && months <= capsule.to_months) {
      return { due: spec.months.includes(visit.getUTCMonth() + 1), capsule: capsule.code, id: capsule.id, en: capsule.en };
    }
  }
  return { due: false, capsule: null, id: null, en: null };
}
