// Delivery (persalinan): place, attendant, outcome, and what birth weight and gestational age say (BBLR, preterm).
// Twin of domain/delivery.py: input fields and the output shape are documented there; data in delivery_rules.json.
import { ruleData } from './data.js';
import { Reader, iso, label, raiseIf, referral } from './inputs.js';

const entry = (entries, code) => (code === null ? null : entries.find((e) => e.code === code) || null);
const codes = (entries) => entries.map((e) => e.code);

/** Assess one recorded delivery. Sources: see delivery_rules.json. */
export function assessDelivery(delivery, hpht = null) {
  const rules = ruleData('delivery_rules');
  const birth = ruleData('growth_rules').birth;
  const errors = {};
  const reader = new Reader(delivery, 'delivery', errors);
  const day = reader.date('visit_date', true);
  const outcome = entry(rules.outcomes, reader.choice('outcome', codes(rules.outcomes), true));
  const place = entry(rules.places, reader.choice('place', codes(rules.places)));
  const attendant = entry(rules.attendants, reader.choice('attendant', codes(rules.attendants)));
  const babies = reader.number('babies', rules.babies, { integer: true });
  reader.choice('baby_sex', ['M', 'F']);
  const weight = reader.number('birth_weight_kg', birth.weight_kg);
  reader.number('birth_length_cm', birth.length_cm);
  const start = new Reader({ hpht }, 'hpht', errors).date('hpht');
  let weeks = null;
  if (day !== null && start !== null) {
    weeks = Math.floor((day - start) / 7);
    const bounds = ruleData('pregnancy_rules').limits.delivery_weeks_after_hpht;
    if (!(bounds.min <= weeks && weeks <= bounds.max)) reader.fail('visit_date', 'delivery_out_of_range', bounds);
  }
  raiseIf(errors);

  const live = outcome.live;
  const facility = place ? place.facility : null;
  const skilled = attendant ? attendant.skilled : null;
  const low = rules.low_birth_weight;
  const small = live && weight !== null ? weight < low.below_kg : null;
  const early = live && weeks !== null ? weeks < rules.preterm.below_weeks : null;
  const unattended = facility === false && skilled === false;
  // Findings and referrals in one fixed order (the Python twin keeps the same).
  const found = [
    [small, low],
    [early, rules.preterm],
    [unattended, rules.unattended],
  ];
  const reasons = [live ? null : rules.stillbirth.referral, ...found.filter(([hit]) => hit).map(([, e]) => e.referral)];
  return {
    visit_date: iso(day),
    gestational_weeks: weeks,
    place: place ? label(place) : null,
    facility,
    attendant: attendant ? label(attendant) : null,
    skilled,
    outcome: label(outcome),
    live_birth: live,
    babies,
    birth_weight_kg: weight,
    low_birth_weight: small,
    preterm: early,
    flags: found.filter(([hit]) => hit).map(([, e]) => label(e.flag)),
    referrals: reasons.filter(Boolean).map((e) => referral(e)),
  };
}
