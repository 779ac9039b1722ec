// Elderly (lansia >= 60) rules: SKILAS screening domains and ADL (modified Barthel) dependency.
// Twin of domain/elderly.py: input fields and the output shape are documented there; data in elderly_rules.json.
import { ruleData } from './data.js';
import { Reader, iso, label, limits, raiseIf, readPerson, referral } from './inputs.js';

const rules = () => ruleData('elderly_rules');

/** Read visit.skilas and visit.adl (null when absent); both only for age >= 60 (ILP, DOMAIN.md §4). */
export function readSections(visit, age) {
  const r = rules();
  const domains = r.skilas.domains;
  const adlItems = r.adl.items;
  const skilas = visit.child('skilas', domains.flatMap((domain) => domain.items.flatMap(keys)));
  const adl = visit.child('adl', adlItems.map((item) => item.code));
  const minAge = r.age_min_years.value;
  if (age !== null && age < minAge) {
    for (const [key, section] of [['skilas', skilas], ['adl', adl]]) {
      if (section !== null) visit.fail(key, 'only_for_age', { min: minAge });
    }
    return { skilas: null, adl: null };
  }
  let values = null;
  if (skilas !== null) {
    values = {};
    for (const item of domains.flatMap((domain) => domain.items)) {
      values[item.code] = 'muac_below' in item
        ? skilas.number(item.code, limits().muac_cm) : skilas.boolean(item.code);
      if ('not_done' in item) values[item.not_done.code] = skilas.boolean(item.not_done.code);
    }
  }
  let scores = null;
  if (adl !== null) {
    scores = {};
    for (const item of adlItems) {
      scores[item.code] = adl.number(item.code, { min: 0, max: item.max, unit: '' }, { integer: true, required: true });
    }
  }
  return { skilas: values, adl: scores };
}

/** Input keys of a SKILAS item: its own, and its "could not be done" answer when the form has one. */
const keys = (item) => ('not_done' in item ? [item.code, item.not_done.code] : [item.code]);

/** True when the item's test could not be done (Kemenkes SKILAS form: 'jika tidak dapat dilakukan, rujuk'). */
const notDone = (item, values) => 'not_done' in item && values[item.not_done.code] === true;

function positive(item, value) {
  if (value === null) return false;
  return 'muac_below' in item ? value < item.muac_below : value === true;
}

/** SKILAS: a domain is positive when any of its items is; any positive domain refers (Juknis ILP via DOMAIN.md §4). */
export function skilasResult(values) {
  const skilas = rules().skilas;
  const status = (code) => label(skilas.statuses.find((entry) => entry.code === code));
  let complete = true;
  const domains = skilas.domains.map((domain) => {
    const positives = domain.items.flatMap((item) => [
      ...(positive(item, values[item.code]) ? [item.code] : []),
      ...(notDone(item, values) ? [item.not_done.code] : []),
    ]);
    // a test that could not be done is answered (and refers); only a question not asked leaves a gap
    const unasked = domain.items.some((item) => values[item.code] === null && !notDone(item, values));
    complete = complete && !unasked;
    const code = positives.length ? 'positive' : unasked ? 'incomplete' : 'negative';
    return { ...label(domain), status: status(code), positive_items: positives };
  });
  return { positive: domains.some((domain) => domain.positive_items.length > 0), complete, domains };
}

/** ADL (modified Barthel, 0-20) band and level A/B/C; any dependency (total < 20) refers (Juknis ILP, DOMAIN.md §4). */
export function adlResult(scores) {
  const adl = rules().adl;
  const total = Object.values(scores).reduce((sum, value) => sum + value, 0);
  const band = adl.bands.find((entry) => total >= entry.min);
  const level = adl.levels.find((entry) => entry.code === band.level);
  const max = adl.items.reduce((sum, item) => sum + item.max, 0);
  return { total, band: label(band), level: label(level), dependent: total < max };
}

/** SKILAS and ADL results with their flags and referrals, from readSections(). */
export function evaluateSections(sections) {
  const r = rules();
  const out = { skilas: null, adl: null, flags: [], referrals: [] };
  if (sections.skilas !== null) {
    out.skilas = skilasResult(sections.skilas);
    r.skilas.domains.forEach((domain, i) => {
      const found = new Set(out.skilas.domains[i].positive_items);
      if (domain.items.some((item) => found.has(item.code))) {
        const code = `skilas_${domain.code}`;
        out.flags.push({ ...label(domain), code });
        out.referrals.push(referral(domain.referral, code));
      }
      for (const item of domain.items) {
        if ('not_done' in item && found.has(item.not_done.code)) {
          out.flags.push({ ...label(item.not_done), code: item.not_done.referral.code });
          out.referrals.push(referral(item.not_done.referral));
        }
      }
    });
  }
  if (sections.adl !== null) {
    out.adl = adlResult(sections.adl);
    if (out.adl.dependent) {
      const band = out.adl.band;
      out.flags.push({ ...band, code: `adl_${band.code}` });
      out.referrals.push(referral(r.adl.referral));
    }
  }
  return out;
}

/** Assess SKILAS and ADL of one lansia visit (age >= 60). Source: Juknis ILP via DOMAIN.md §4. */
export function assessElderly(person, visit) {
  const errors = {};
  const reader = new Reader(visit, 'visit', errors);
  const [, visitDay, age] = readPerson(person, reader, rules().age_min_years.value, errors);
  const sections = readSections(reader, age);
  raiseIf(errors);
  return { visit_date: iso(visitDay), age_years: age, ...evaluateSections(sections) };
}
