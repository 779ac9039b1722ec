// WHO growth z-scores as WHO anthro (0-5 y) and anthroplus (5-19 y) compute them; the assessment. Twin of growth.py.
import { ageInDays, ageInMonths, checkDates, completedMonths } from './age.js';
import { ruleData } from './data.js';
import { DomainValidationError } from './errors.js';
import { parseMeasure, parseMeasured, parseOedema, parseSex, parseWeighings } from './growth_input.js';
import { lmsByDay, lmsByLength, lmsByMonth } from './growth_tables.js';
import { kmsStatus, vitaminA, weightLines } from './kms.js';
import * as nutrition from './nutrition.js';
import { roundHalfAway, snap6 } from './rounding.js';

export const INDICES = ['waz', 'haz', 'whz', 'baz', 'hcz', 'acz'];
const MEASURES = ['weight_kg', 'length_cm', 'head_cm', 'muac_cm'];

// Plain LMS z = ((y/M)^L - 1) / (L*S).
export function lmsZ(y, l, m, s) {
  if (l === 0) return Math.log(y / m) / s;
  return (Math.pow(y / m, l) - 1) / (s * l);
}

// LMS z restricted beyond +-3 SD with SD(k) = M(1 + L*S*k)^(1/L) (WHO anthro compute_zscore_adjusted).
export function restrictedZ(y, l, m, s) {
  const z = lmsZ(y, l, m, s);
  if (!(z > 3 || z < -3)) return z;
  const sd = (k) => m * Math.pow(1 + l * s * k, 1 / l);
  if (z > 3) {
    const sd3 = sd(3);
    return 3 + (y - sd3) / (sd3 - sd(2));
  }
  const sd3 = sd(-3);
  return -3 + (y - sd3) / (sd(-2) - sd3);
}

// WHO anthro implausible flag on the rounded z: WAZ < -6 or > 5, HAZ |z| > 6, others |z| > 5; null without z.
export function implausible(index, z) {
  if (z === null || z === undefined) return null;
  const limit = ruleData('growth_rules').implausible[index];
  return z < limit.below || z > limit.above;
}

// [{code, id, en}] for the given codes, in the order of growth_rules.json[section].
export function codesToMessages(section, codes) {
  const table = ruleData('growth_rules')[section];
  return Object.keys(table).filter((c) => codes.has(c)).map((c) => ({ code: c, id: table[c].id, en: table[c].en }));
}

function parseMeasures(input, errors) {
  const values = {};
  for (const field of MEASURES) values[field] = parseMeasure(field, input[field], errors);
  return values;
}

// Z-scores for one measurement, age in days (may be fractional). Same output as Python zscores().
export function zscores(input) {
  const errors = {};
  const sex = parseSex(input.sex, errors);
  const age = parseMeasure('age_days', input.age_days, errors, true);
  const v = parseMeasures(input, errors);
  const measured = parseMeasured(input.measured, errors);
  const oedema = parseOedema(input.oedema, errors);
  if (Object.keys(errors).length) throw new DomainValidationError(errors);
  const result = compute(sex, age, v.weight_kg, v.length_cm, measured, v.head_cm, v.muac_cm, oedema);
  result.warnings = codesToMessages('warnings', result.warnings);
  return result;
}

const byDay = (fn, indicator, sex, day, y) => {
  const lms = lmsByDay(indicator, sex, day);
  return lms ? fn(y, ...lms) : null;
};
const byMonth = (fn, indicator, sex, months, last, y) => {
  const lms = lmsByMonth(indicator, sex, months, last);
  return lms ? fn(y, ...lms) : null;
};

// WHO 2007 reference, 5-19 years, as anthroplus: WAZ to 120 months and BAZ restricted, HAZ plain; oedema blanks
// the weight-based z.
function who2007(raw, warnings, spec, sex, months, weight, height, bmi, head, muac, oedema) {
  if (months > spec.max_months) {
    warnings.add('age_over_228_months');
    return;
  }
  if (weight !== null && months > spec.wfa_max_months) warnings.add('waz_over_120_months');
  else if (weight !== null && !oedema) {
    raw.waz = byMonth(restrictedZ, 'wfa_2007', sex, months, spec.wfa_max_months, weight);
  }
  if (height !== null) raw.haz = byMonth(lmsZ, 'hfa_2007', sex, months, spec.max_months, height);
  if (bmi !== null && !oedema) raw.baz = byMonth(restrictedZ, 'bfa_2007', sex, months, spec.max_months, bmi);
  if (head !== null || muac !== null) warnings.add('under5_only_indices');
}

// Z-scores from validated inputs (sex 'M'/'F', measured 'L'/'H'/null); warnings as a Set of codes.
export function compute(sex, ageDays, weight, length, measured, head, muac, oedema) {
  const rules = ruleData('growth_rules');
  const meas = rules.measurement;
  const day = Math.floor(ageDays + 0.5); // WHO anthro round_up: table row for a fractional age
  const months = ageInMonths(ageDays);
  const warnings = new Set();
  const raw = Object.fromEntries(INDICES.map((k) => [k, null]));

  const positionFlag = measured === 'H' && months < meas.standing_min_age_months;
  const used = positionFlag ? null : measured; // WHO: standing under 9 months -> position ignored, flagged
  let clen = null;
  let bmi = null;
  let whzTable = null;
  if (positionFlag) warnings.add('standing_under_9_months');
  const underFive = months < rules.age.z_max_age_months;
  if (length !== null) {
    if (measured === null && underFive) warnings.add('position_unknown'); // from 5 years height is standing
    const shift = meas.position_adjust_cm;
    if (used === 'H' && day < meas.height_from_day) clen = snap6(length + shift);
    else if (used === 'L' && day >= meas.height_from_day) clen = snap6(length - shift);
    else clen = snap6(length);
    if (weight !== null) {
      const metres = clen / 100;
      bmi = weight / (metres * metres); // x*x, not x**2: identical in both twins
    }
  }

  if (oedema) warnings.add('oedema_weight_indices');
  if (!underFive) {
    who2007(raw, warnings, rules.age.who2007, sex, months, weight, clen, bmi, head, muac, oedema);
  } else {
    if (weight !== null && !oedema) raw.waz = byDay(restrictedZ, 'wfa', sex, day, weight);
    if (clen !== null) raw.haz = byDay(lmsZ, 'lhfa', sex, day, clen);
    if (weight !== null && clen !== null) {
      const spec = day <= meas.wfl.max_age_days ? meas.wfl : meas.wfh;
      whzTable = spec.table;
      if (!(spec.min_cm <= clen && clen <= spec.max_cm)) {
        warnings.add(whzTable === 'wfl' ? 'length_outside_wfl' : 'height_outside_wfh');
      } else if (!oedema) {
        const lms = lmsByLength(whzTable, sex, clen);
        raw.whz = lms ? restrictedZ(weight, ...lms) : null;
      }
      if (!oedema) raw.baz = byDay(restrictedZ, 'bfa', sex, day, bmi);
    }
    if (head !== null) raw.hcz = byDay(lmsZ, 'hcfa', sex, day, head);
    if (muac !== null) {
      if (day < meas.acz_min_age_days) warnings.add('muac_z_under_91_days');
      else raw.acz = byDay(restrictedZ, 'acfa', sex, day, muac);
    }
  }

  const z = {};
  const flags = {};
  for (const k of INDICES) { // round to 2 decimals THEN flag (WHO anthro order)
    z[k] = roundHalfAway(raw[k]);
    flags[k] = implausible(k, z[k]);
  }
  return {
    age_days: ageDays,
    age_months: roundHalfAway(months),
    length_adjusted_cm: clen,
    bmi: roundHalfAway(bmi),
    position_flag: positionFlag,
    whz_table: whzTable,
    z,
    flags,
    warnings,
  };
}

// One child growth visit: z-scores, PMK 2/2020 categories, KMS, referrals. Input and output as Python
// assess_growth (snake_case keys; dates ISO strings). Throws DomainValidationError for impossible input.
// The twin's input of a weighing, typed or stored, as the form builds it: the child and her earlier weighings (not
// this record, nor the one a correction replaces). ctx: {person, visits: her current records, today, replaces}.
export function growthInput(record, { person, visits = [], today, replaces = null }) {
  const earlier = visits.filter(
    (g) =>
      g.entity === 'growth' &&
      g.id !== record.id &&
      g.id !== replaces &&
      g.visit_date < record.visit_date &&
      g.weight_kg !== null &&
      g.weight_kg !== undefined,
  );
  return {
    visit: {
      sex: person.sex,
      birth_date: person.birth_date,
      visit_date: record.visit_date,
      weight_kg: record.weight_kg,
      length_cm: record.length_cm,
      measured: record.measured,
      head_cm: record.head_cm,
      muac_cm: record.muac_cm,
      oedema: !!record.oedema,
      previous_weighings: earlier.map((g) => ({ date: g.visit_date, weight_kg: g.weight_kg })),
      today,
    },
  };
}

export function assessGrowth(input) {
  const errors = {};
  const sex = parseSex(input.sex, errors);
  const [birth, visit] = checkDates(input.birth_date, input.visit_date, input.today ?? null, errors);
  const v = parseMeasures(input, errors);
  const measured = parseMeasured(input.measured, errors);
  const oedema = parseOedema(input.oedema, errors);
  const weighings = parseWeighings(input.previous_weighings, birth, visit, errors);
  if (Object.keys(errors).length) throw new DomainValidationError(errors);

  const days = ageInDays(birth, visit);
  const core = compute(sex, days, v.weight_kg, v.length_cm, measured, v.head_cm, v.muac_cm, oedema);
  const months = ageInMonths(days);
  const { warnings } = core;
  delete core.warnings;
  if (v.muac_cm !== null && !nutrition.muacApplies(months)) warnings.add('muac_category_age');
  const categories = nutrition.categorize(core.z, core.flags, v.muac_cm, months);
  // KMS (N/T/O/B, BGM, orange line) is the balita card: from 5 years there is no code and no line
  const underFive = months < ruleData('growth_rules').age.z_max_age_months;
  const kms = {
    ...kmsStatus(birth, visit, underFive ? v.weight_kg : null, weighings),
    ...weightLines(underFive ? core.z.waz : null, core.flags.waz),
  };
  return {
    sex,
    ...core,
    age_completed_months: completedMonths(days),
    categories,
    stunting: nutrition.isStunted(core.z.haz, core.flags.haz),
    kms,
    vitamin_a: vitaminA(completedMonths(days), visit),
    referrals: codesToMessages('referrals', nutrition.referralCodes(categories, core.flags, kms, oedema)),
    escalations: codesToMessages('escalations', nutrition.escalationCodes(categories, oedema, months, v.weight_kg)),
    warnings: codesToMessages('warnings', warnings),
  };
}
