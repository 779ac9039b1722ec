// The visit kinds as the server declares them (static/data/visit_kinds.json, generated from posyandu_app/visit_kinds/):
// which twin assesses each, which result block draws it, which form screen records and corrects it, its title.
import { loadRuleData, ruleData } from './rules/data.js';

// Loaded once, like rule data (precached by the service worker); every screen is drawn after it (app.js route).
export const ready = () => loadRuleData(['visit_kinds']);

// Every kind's declaration by entity name, in the registry's order; after ready().
export const all = () => ruleData('visit_kinds').kinds;

// The declaration of a kind (undefined for a person, a correction or anything unknown); after ready().
export const kind = (entity) => ruleData('visit_kinds').kinds[entity];

// Records stay in `roster` (persons) or `visits` (every kind, and the corrections of visits).
export const storeOf = (entity) => (entity === 'person' ? 'roster' : 'visits');

// A result with an implausible-value flag (a kind declaring `remeasure`: growth's WHO flags): the measurement is
// probably wrong (or the age), so nothing is read from it (no categories, KMS, 2T/BGM or referrals): only the
// z-scores and what to measure again (results.js, and the roster's referral list). After ready().
export const implausible = (entity, r) =>
  !!(kind(entity) || {}).remeasure && !!r && !!r.flags && Object.values(r.flags).some(Boolean);

// A number of the rule data a declaration names by place, [file, 'dotted.path'] (its file loaded: offerData()).
export const ruleValue = ([file, path]) => path.split('.').reduce((value, key) => value[key], ruleData(file));

// The rule data files the offers read their ages from; after ready().
export const offerData = () => [
  ...new Set(
    Object.values(all()).flatMap(({ offer }) =>
      offer
        ? [offer.min_age_years, offer.max_age_years, offer.max_age_days, offer.label_from_age, offer.since && offer.since[2]]
            .filter(Boolean)
            .map(([f]) => f)
        : [],
    ),
  ),
];

// A record edited in place that is still open (a pregnancy without an outcome); after ready().
export function isOpen(record) {
  const open = (kind(record.entity) || {}).open;
  return !!open && open.values.includes(record[open.field] || null);
}

// The newest open record of each kind, by entity, from a person's records (newest first, as store.visitsOf).
export function openRecords(records) {
  const open = new Map();
  for (const record of records) if (isOpen(record) && !open.has(record.entity)) open.set(record.entity, record);
  return open;
}

// The life-cycle group an open record puts its person in (people.group's `pregnant`), if any.
export const openGroups = (open) => new Set([...open.values()].map((r) => kind(r.entity).open.group).filter(Boolean));

const daysFrom = (from, to) => Math.round((Date.parse(to) - Date.parse(from)) / 86400000);
// A record of `entity` whose `field` date is at most `days` before `today` (a delivery in the last 42 days).
const since = (records, [entity, field, days], today) =>
  records.some((r) => r.entity === entity && r[field] && r[field] <= today && daysFrom(r[field], today) <= ruleValue(days));

// The forms the person page offers, as each kind's `offer` declares who it is for: [{entity, route, label}], the
// ones recorded under an open record (ANC in a pregnancy) first. `group` and `age` (completed years) are the
// person's; `open` is openRecords(), `records` all their records, `today` the phone's date. The rule data of
// offerData() must be loaded.
export function offers(person, { group, age, open, records = [], today = null }) {
  const first = [];
  const rest = [];
  for (const [entity, { offer, route }] of Object.entries(all())) {
    if (!offer) continue;
    if (offer.groups.length && !offer.groups.includes(group)) continue;
    if (offer.sex && person.sex !== offer.sex) continue;
    if (offer.min_age_years && age < ruleValue(offer.min_age_years)) continue;
    if (offer.max_age_years && age > ruleValue(offer.max_age_years)) continue;
    if (offer.max_age_days && !(today && daysFrom(person.birth_date, today) <= ruleValue(offer.max_age_days))) continue;
    if (offer.since && !(today && since(records, offer.since, today))) continue;
    if (offer.needs_open && !open.has(offer.needs_open)) continue;
    let label = offer.label;
    if (offer.label_from_age && age >= ruleValue(offer.label_from_age)) [, , label] = offer.label_from_age;
    if (offer.label_open && open.has(entity)) label = offer.label_open;
    (offer.needs_open ? first : rest).push({ entity, route, label });
  }
  return [...first, ...rest];
}

// Whether the form of `entity` shows `field` to an account of `role` (visit_kinds.json `field_roles`: what a bidan
// measures and a kader does not; a field not named there is for everyone); after ready().
export function shows(entity, field, role) {
  const roles = (kind(entity)?.field_roles || {})[field];
  return !roles || roles.includes(role);
}
