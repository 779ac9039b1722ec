// Postnatal (KF, ibu nifas) and newborn (KN) home visits: windows, danger signs, breastfeeding, the due windows.
// Twin of domain/postnatal.py: input fields and the output shape are documented there; data in postnatal_rules.json.
import { ruleData } from './data.js';
import { Reader, iso, label, raiseIf, referral } from './inputs.js';

const rules = () => ruleData('postnatal_rules');

/** The window entry ('kf' | 'kn') holding `day` days after the delivery or birth, or null. */
export const window = (kind, day) => rules()[kind].windows.find((w) => w.from_day <= day && day <= w.to_day) || null;

function read(kind, startKey, start, visit, errors, signsKey) {
  const r = rules();
  const top = new Reader({ [startKey]: start }, '', errors);
  const reader = new Reader(visit, 'visit', errors);
  const startDay = top.date(startKey, true);
  const day = reader.date('visit_date', true);
  const signs = reader.codes('danger_signs', r[signsKey].map((s) => s.code)) || [];
  const feeding = reader.choice('breastfeeding', r.breastfeeding.map((b) => b.code));
  if (startDay !== null && day !== null && !(day - startDay >= 0 && day - startDay <= r[kind].max_day))
    reader.fail('visit_date', 'days_after_out_of_range', { min: 0, max: r[kind].max_day });
  return [reader, startDay, day, signs, feeding];
}

function result(kind, startDay, day, signs, feeding, signsKey, referralKey) {
  const r = rules();
  const listed = r[signsKey].filter((s) => signs.includes(s.code)); // in the checklist's order
  const danger = listed.length > 0;
  const feedingEntry = r.breastfeeding.find((b) => b.code === feeding);
  return {
    visit_date: iso(day),
    day: day - startDay,
    window: label(window(kind, day - startDay)),
    danger_signs: listed.map(label),
    breastfeeding: feedingEntry ? label(feedingEntry) : null,
    danger,
    flags: listed.map(label),
    referrals: danger ? [referral(r.referrals[referralKey])] : [],
  };
}

/** A KF home visit of a mother after delivery. Sources: postnatal_rules.json (PMK 21/2021, Buku KIA). */
export function assessPostnatalVisit(deliveryDate, visit) {
  const errors = {};
  const [, start, day, signs, feeding] = read('kf', 'delivery_date', deliveryDate, visit, errors, 'mother_signs');
  raiseIf(errors);
  return result('kf', start, day, signs, feeding, 'mother_signs', 'mother');
}

/** A KN home visit of a baby 0-28 days old; a measured fever, cold or fast breathing counts as the sign (MTBM). */
export function assessNewbornVisit(birthDate, visit) {
  const errors = {};
  const [reader, start, day, signs, feeding] = read('kn', 'birth_date', birthDate, visit, errors, 'newborn_signs');
  const { limits, newborn_vitals: vitals } = rules();
  const temperature = reader.number('temperature_c', limits.temperature_c);
  const breaths = reader.number('breaths_per_min', limits.breaths_per_min, { integer: true });
  raiseIf(errors);
  const heat = vitals.temperature_c;
  if (temperature !== null && temperature >= heat.fever_from) signs.push(heat.fever_sign);
  if (temperature !== null && temperature < heat.cold_below) signs.push(heat.cold_sign);
  if (breaths !== null && breaths >= vitals.breaths_per_min.fast_from) signs.push(vitals.breaths_per_min.sign);
  return result('kn', start, day, signs, feeding, 'newborn_signs', 'newborn');
}

/** The windows of `kind` due within the horizon (from asOf) that no visit date falls in. */
export function dueWindows(kind, start, asOf, visitDates = []) {
  const errors = {};
  const reader = new Reader({ kind, start, as_of: asOf, visit_dates: visitDates }, '', errors);
  reader.choice('kind', ['kf', 'kn'], true);
  const startDay = reader.date('start', true);
  const today = reader.date('as_of', true);
  const visits = reader.dates('visit_dates');
  raiseIf(errors);
  const last = today + rules().due_horizon_days.value - 1;
  const out = [];
  for (const w of rules()[kind].windows) {
    const first = startDay + w.from_day;
    const end = startDay + w.to_day;
    const done = visits.some((v) => first <= v && v <= end);
    if (!done && end >= today && first <= last) out.push({ ...label(w), from: iso(first), to: iso(end) });
  }
  return out;
}
