// PMK 2/2020 nutrition categories, stunting, child MUAC categories and referral reasons (twin of domain/nutrition.py).
import { ruleData } from './data.js';

export const CATEGORY_INDICES = ['waz', 'haz', 'whz', 'baz', 'hcz'];
const rules = () => ruleData('growth_rules');

// First band with value < lt (or value <= le); the last band has no bound. -> {code, id, en}
export function band(bands, value) {
  for (const item of bands) {
    if (('lt' in item && value < item.lt) || ('le' in item && value <= item.le) || (!('lt' in item) && !('le' in item))) {
      return { code: item.code, id: item.id, en: item.en };
    }
  }
  return null;
}

// PMK 2/2020 category of a rounded z (waz/haz/whz/baz/hcz); null if z is null or implausible.
export function category(index, z, flagged = false) {
  if (z === null || z === undefined || flagged) return null;
  return band(rules().categories[index].bands, z);
}

// MUAC categories apply from 6 to 59 months (6 <= age in months < 60).
export function muacApplies(ageMonths) {
  const spec = rules().muac;
  return spec.min_age_months <= ageMonths && ageMonths < spec.max_age_months;
}

// Child MUAC: < 11.5 gizi buruk, 11.5 to < 12.5 gizi kurang, else normal; null outside 6-59 months or no MUAC.
export function muacCategory(muacCm, ageMonths) {
  if (muacCm === null || muacCm === undefined || !muacApplies(ageMonths)) return null;
  return band(rules().muac.bands, muacCm);
}

// Stunting = PB/U or TB/U < -2 SD; null without a plausible HAZ.
export function isStunted(haz, flagged = false) {
  if (haz === null || haz === undefined || flagged) return null;
  return haz < rules().stunting.lt;
}

// PMK 2/2020 category of a rounded z at 5-18 years for baz (IMT/U) or haz (TB/U); null without z or if implausible.
export function category518(index, z, flagged = false) {
  if (z === null || z === undefined || flagged) return null;
  return band(rules().categories_5_18[index].bands, z);
}

// True from 60 months to the end of the PMK 5-18 years categories (growth_rules.json age.who2007).
export function schoolAge(ageMonths) {
  const spec = rules().age.who2007;
  return spec.from_months <= ageMonths && ageMonths <= spec.category_max_months;
}

// From 5 years IMT/U and TB/U use categories_5_18 (PMK 2/2020 IMT/U 5-18 tahun; WHO 2007 stunting), no BB/U.
export function categorize(z, flags, muacCm, ageMonths) {
  const out = {};
  for (const index of CATEGORY_INDICES) out[index] = category(index, z[index], flags[index]);
  const data = rules();
  if (ageMonths >= data.age.who2007.from_months) {
    const inside = schoolAge(ageMonths);
    out.waz = null;
    for (const index of ['baz', 'haz']) out[index] = inside ? category518(index, z[index], flags[index]) : null;
  }
  out.muac = muacCategory(muacCm, ageMonths);
  return out;
}

const code = (cat) => (cat ? cat.code : null);

// Reasons to refer to the bidan/pustu (DOMAIN.md 2.3) plus oedema; a Set of codes.
export function referralCodes(categories, flags, kms, oedema) {
  const codes = new Set();
  if (kms.two_t) codes.add('kms_2t'); // 2T includes the current T: one reason, the stronger one
  else if (kms.code === 'T') codes.add('kms_t');
  if (kms.bgm) codes.add('bgm');
  if (kms.above_orange) codes.add('above_orange');
  const whz = code(categories.whz);
  if (whz === 'severely_wasted' || whz === 'wasted') codes.add(whz);
  if (['severely_stunted', 'stunted'].includes(code(categories.haz))) codes.add('stunting');
  const baz = code(categories.baz); // 5-18 years only: these codes exist in categories_5_18 alone
  if (['severely_thin', 'thin', 'obese'].includes(baz)) codes.add(baz);
  const muac = code(categories.muac);
  if (muac === 'severe' || muac === 'moderate') codes.add(`muac_${muac}`);
  if (oedema) codes.add('oedema');
  for (const [index, flag] of Object.entries(flags)) if (flag) codes.add(`implausible_${index}`);
  return codes;
}

// Reasons for the pustu/puskesmas to refer on: stunting; gizi buruk under 6 months or under 4 kg (DOMAIN.md 2.3).
export function escalationCodes(categories, oedema, ageMonths, weightKg) {
  const limits = rules().escalations.limits;
  const codes = new Set();
  if (['severely_stunted', 'stunted'].includes(code(categories.haz))) codes.add('stunting');
  const severe = oedema || code(categories.whz) === 'severely_wasted' || code(categories.muac) === 'severe';
  if (severe && ageMonths < limits.age_months_lt) codes.add('severe_under_6_months');
  if (severe && weightKg !== null && weightKg !== undefined && weightKg < limits.weight_kg_lt) codes.add('severe_under_4_kg');
  return codes;
}
