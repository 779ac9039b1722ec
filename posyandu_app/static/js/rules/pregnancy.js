// Pregnancy rules: gestational age, due date, ANC contacts, postnatal (KF) windows, risk flags and referrals.
// Twin of domain/pregnancy.py: input fields and the output shape are documented there; data in pregnancy_rules.json.
import { bmi } from './adult.js';
import { ruleData } from './data.js';
import { Reader, ageYears, completedMonths, iso, label, limits, raiseIf, referral } from './inputs.js';

const rules = () => ruleData('pregnancy_rules');
const flag = (code) => rules().flags.find((entry) => entry.code === code);
const status = (code, kind = 'schedule_statuses') => label(rules()[kind].find((entry) => entry.code === code));
const weeksBetween = (start, end) => Math.floor((end - start) / 7);

/** Trimester I <= 12 completed weeks, II 13-24, III >= 25 (Juknis ILP via DOMAIN.md §3). */
function trimesterIndex(weeks) {
  return rules().trimesters.list.findIndex((tm) => tm.max_week === null || weeks <= tm.max_week);
}

/** Gestational age from the HPHT in completed weeks + days (day numbers in). */
export function gestationalAge(hpht, day) {
  const total = day - hpht;
  return { weeks: Math.floor(total / 7), days: total % 7, total_days: total };
}

/** Flags and referral reasons for the found codes, in the order of the data file (danger signs first). */
function findings(codes) {
  const found = rules().flags.filter((entry) => codes.has(entry.code));
  return { flags: found.map(label), referrals: found.filter((entry) => entry.refer).map((entry) => referral(entry)) };
}

function readEpisode(episode, errors) {
  const lim = rules().limits;
  const reader = new Reader(episode, 'episode', errors);
  const e = {
    hpht: reader.date('hpht', true),
    gravida: reader.number('gravida', lim.gravida, { integer: true }),
    para: reader.number('para', lim.para, { integer: true }),
    abortus: reader.number('abortus', lim.abortus, { integer: true }),
    previousBirth: reader.date('previous_birth_date'),
    motherBirth: reader.date('mother_birth_date'),
    preWeight: reader.number('pre_pregnancy_weight_kg', limits().weight_kg),
    height: reader.number('height_cm', limits().height_cm),
    delivery: reader.date('delivery_date'),
    age: null,
  };
  const { hpht } = e;
  if (e.gravida !== null && (e.para ?? 0) + (e.abortus ?? 0) >= e.gravida) {
    reader.fail('para', 'para_abortus_exceed_gravida');
  }
  if (e.previousBirth !== null) {
    if (e.para === 0) reader.fail('previous_birth_date', 'no_previous_birth');
    else if (hpht !== null && e.previousBirth >= hpht) reader.fail('previous_birth_date', 'not_before_hpht');
  }
  if (e.motherBirth !== null && hpht !== null) {
    const age = e.motherBirth <= hpht ? ageYears(e.motherBirth, hpht) : -1;
    const bounds = lim.mother_age_years;
    if (bounds.min <= age && age <= bounds.max) e.age = age;
    else reader.fail('mother_birth_date', 'age_out_of_range', bounds);
  }
  if (e.delivery !== null && hpht !== null) {
    const weeks = weeksBetween(hpht, e.delivery);
    const bounds = lim.delivery_weeks_after_hpht;
    if (!(bounds.min <= weeks && weeks <= bounds.max)) reader.fail('delivery_date', 'delivery_out_of_range', bounds);
  }
  return [e, reader];
}

/** ANC contacts per trimester against the minimum 1/2/3 (6 in all); a trimester over and short is 'missed' (ILP). */
export function ancProgress(hpht, contactDays, asOf, closed) {
  const r = rules();
  const trimesters = r.trimesters.list;
  const current = trimesterIndex(weeksBetween(hpht, asOf));
  const done = trimesters.map(() => 0);
  for (const day of contactDays) done[trimesterIndex(weeksBetween(hpht, day))] += 1;
  const rows = trimesters.map((tm, i) => {
    let code;
    if (done[i] >= tm.anc_target) code = 'met';
    else if (closed || i < current) code = 'missed';
    else code = i === current ? 'open' : 'upcoming';
    return { trimester: tm.code, target: tm.anc_target, done: done[i], status: status(code) };
  });
  return { total: contactDays.length, target: r.anc.min_contacts, by_trimester: rows };
}

/** K-number of an ANC contact; K1 and K5 are with a doctor and USG (Juknis ILP via DOMAIN.md §3). */
const contact = (number) => [`K${number}`, rules().anc.doctor_usg_contacts.includes(number)];

/** KF1 6 h-2 d, KF2 3-7 d, KF3 8-28 d, KF4 29-42 d after birth; done when a postnatal visit falls inside. */
export function postnatalSchedule(delivery, asOf, visitDays) {
  return ruleData('postnatal_rules').kf.windows.map((kf) => { // one home with the KF visits' windows
    const start = delivery + kf.from_day;
    const end = delivery + kf.to_day;
    let code;
    if (visitDays.some((day) => start <= day && day <= end)) code = 'done';
    else if (asOf > end) code = 'missed';
    else code = asOf >= start ? 'open' : 'upcoming';
    return { ...label(kf), from: iso(start), to: iso(end), status: status(code) };
  });
}

/** A date of the episode must not fall before `hpht` nor after `upper` (reported as `upperCode`). */
function checkDates(reader, key, day, hpht, upper, upperCode, lowerCode = 'before_hpht') {
  if (day === null) return;
  if (hpht !== null && day < hpht) reader.fail(key, lowerCode);
  else if (upper !== null && day > upper) reader.fail(key, upperCode);
}

/** Assess one pregnancy visit: GA, trimester, EDD, ANC contact number, flags and referrals (Juknis ILP, Buku KIA). */
// The twin's input of an ANC visit, typed or stored, as the form builds it: its episode (with the mother's birth
// date) and the dates of the episode's earlier visits. ctx: {person, visits, episode, replaces}; null without episode.
export function pregnancyVisitInput(record, { person, visits = [], episode, replaces = null }) {
  if (!episode) return null;
  const previous = visits
    .filter((v) => v.entity === 'pregnancy_visit' && v.episode_id === episode.id)
    .filter((v) => v.id !== record.id && v.id !== replaces && v.visit_date < record.visit_date)
    .map((v) => v.visit_date);
  const visit = { ...record, danger_signs: record.danger_signs || [], tb_symptoms: record.tb_symptoms || [] };
  return { episode: { ...episode, mother_birth_date: person.birth_date }, visit, previous };
}

export function assessPregnancyVisit(episode, visit, previousVisitDates = []) {
  const r = rules();
  const lim = r.limits;
  const errors = {};
  const [e, episodeReader] = readEpisode(episode, errors);
  const reader = new Reader(visit, 'visit', errors);
  const day = reader.date('visit_date', true);
  const weight = reader.number('weight_kg', limits().weight_kg);
  const muac = reader.number('muac_cm', limits().muac_cm);
  const pressure = reader.bloodPressure();
  const hb = reader.number('hb_g_dl', lim.hb_g_dl);
  const heartRate = reader.number('fetal_heart_rate', lim.fetal_heart_rate);
  reader.number('fundal_height_cm', lim.fundal_height_cm); // recorded for the bidan; validated, no rule
  reader.number('ttd_given', lim.ttd_given, { integer: true }); // summed over visits by the episode
  const danger = reader.codes('danger_signs', r.flags.filter((f) => f.danger_sign).map((f) => f.code)) || [];
  const tb = reader.codes('tb_symptoms', r.tb_symptoms.list.map((s) => s.code));
  reader.boolean('class_attended');
  reader.boolean('pmt_given');
  const datesReader = new Reader({ previous_visit_dates: previousVisitDates }, '', errors);
  const previous = datesReader.dates('previous_visit_dates');
  const { hpht } = e;
  if (hpht !== null && day !== null) {
    if (hpht > day) episodeReader.fail('hpht', 'after_visit_date');
    else if (weeksBetween(hpht, day) > lim.hpht_max_weeks_before_visit) {
      episodeReader.fail('hpht', 'hpht_too_old', { max: lim.hpht_max_weeks_before_visit });
    }
  }
  checkDates(reader, 'visit_date', day, null, e.delivery, 'after_delivery');
  previous.forEach((previousDay, i) => {
    checkDates(datesReader, `previous_visit_dates[${i}]`, previousDay, hpht, day, 'after_visit_date');
  });
  raiseIf(errors);

  const age = gestationalAge(hpht, day);
  const tmIndex = trimesterIndex(age.weeks);
  const codes = new Set(danger);
  if (hb !== null) {
    const anaemia = flag('anaemia');
    const threshold = tmIndex === 1 ? anaemia.hb_below_tm2 : anaemia.hb_below;
    if (hb < flag('anaemia_severe').hb_below) codes.add('anaemia_severe');
    else if (hb < threshold) codes.add('anaemia');
  }
  if (pressure !== null) {
    const high = flag('hypertension');
    if (pressure[0] >= high.systolic_min || pressure[1] >= high.diastolic_min) {
      codes.add(age.weeks >= flag('preeclampsia_risk').from_week ? 'preeclampsia_risk' : 'hypertension');
    }
    const severe = flag('hypertension_severe');
    if (pressure[0] >= severe.systolic_min || pressure[1] >= severe.diastolic_min) codes.add('hypertension_severe');
  }
  if (muac !== null && muac < flag('kek').muac_below) codes.add('kek');
  let visitBmi = null;
  if (tmIndex === 0 && e.preWeight === null && weight !== null && e.height !== null) {
    visitBmi = bmi(weight, e.height);
    if (visitBmi < flag('underweight').bmi_below) codes.add('underweight');
  }
  const normal = flag('fetal_heart_rate_abnormal');
  if (heartRate !== null && !(normal.normal_min <= heartRate && heartRate <= normal.normal_max)) {
    codes.add('fetal_heart_rate_abnormal');
  }
  if (tb && tb.length) codes.add('tb_symptoms');
  const number = previous.length + 1;
  const [code, doctor] = contact(number);
  const anc = {
    contact_number: number, contact_code: code, doctor_usg_required: doctor,
    ...ancProgress(hpht, [...previous, day], day, false),
  };
  return {
    visit_date: iso(day),
    edd: iso(hpht + r.edd_days_after_hpht.value),
    gestational_age: age,
    trimester: label(r.trimesters.list[tmIndex]),
    anc,
    bmi: visitBmi,
    ...findings(codes),
  };
}

/** Assess a pregnancy as of a date: status, EDD, 4 Terlalu, pre-pregnancy BMI, ANC/TTD progress, KF windows. */
export function assessPregnancyEpisode(episode, asOf, visits = [], postnatalVisitDates = []) {
  const r = rules();
  const errors = {};
  const [e, episodeReader] = readEpisode(episode, errors);
  const reader = new Reader({ as_of: asOf, visits, postnatal_visit_dates: postnatalVisitDates }, '', errors);
  const day = reader.date('as_of', true);
  const contacts = [];
  const tablets = [];
  (reader.items('visits') || []).forEach((row, i) => {
    const rowReader = new Reader(row, `visits[${i}]`, errors, `visits[${i}].`);
    contacts.push(rowReader.date('visit_date', true));
    tablets.push(rowReader.number('ttd_given', r.limits.ttd_given, { integer: true }));
  });
  const postnatal = reader.dates('postnatal_visit_dates');
  const { hpht, delivery } = e;
  checkDates(episodeReader, 'hpht', hpht, null, day, 'after_as_of');
  checkDates(episodeReader, 'delivery_date', delivery, null, day, 'after_as_of');
  const [lastContact, lastCode] = delivery !== null ? [delivery, 'after_delivery'] : [day, 'after_as_of'];
  contacts.forEach((contactDay, i) => {
    checkDates(reader, `visits[${i}].visit_date`, contactDay, hpht, lastContact, lastCode);
  });
  if (postnatal.length && delivery === null) episodeReader.fail('delivery_date', 'required');
  postnatal.forEach((visitDay, i) => {
    checkDates(reader, `postnatal_visit_dates[${i}]`, visitDay, delivery, day, 'after_as_of', 'before_delivery');
  });
  raiseIf(errors);

  const weeks = weeksBetween(hpht, day);
  const delivered = delivery !== null;
  let statusCode;
  if (delivered) {
    statusCode = day - delivery <= ruleData('postnatal_rules').kf.windows.at(-1).to_day ? 'postpartum' : 'ended';
  } else {
    statusCode = weeks <= r.limits.hpht_max_weeks_before_visit ? 'pregnant' : 'outcome_not_recorded';
  }
  const codes = new Set(statusCode === 'outcome_not_recorded' ? [statusCode] : []);
  if (e.age !== null) {
    if (e.age < flag('too_young').age_below) codes.add('too_young');
    if (e.age > flag('too_old').age_above) codes.add('too_old');
  }
  const spacing = e.previousBirth !== null ? completedMonths(e.previousBirth, hpht) : null;
  if (spacing !== null && spacing < flag('too_close').spacing_months_below) codes.add('too_close');
  if (e.para !== null && e.para > flag('too_many').para_above) codes.add('too_many');
  const preBmi = e.preWeight !== null && e.height !== null ? bmi(e.preWeight, e.height) : null;
  if (preBmi !== null && preBmi < flag('underweight').bmi_below) codes.add('underweight');
  const anc = ancProgress(hpht, contacts, delivered ? delivery : day, delivered);
  anc.next_contact = null;
  if (statusCode === 'pregnant') {
    const [code, doctor] = contact(contacts.length + 1);
    anc.next_contact = { code, doctor_usg_required: doctor };
  }
  const given = tablets.filter((count) => count !== null);
  const total = given.reduce((sum, count) => sum + count, 0);
  const target = r.ttd_target_tablets.value;
  return {
    as_of: iso(day),
    edd: iso(hpht + r.edd_days_after_hpht.value),
    status: status(statusCode, 'statuses'),
    gestational_age: delivered ? null : gestationalAge(hpht, day),
    trimester: delivered ? null : label(r.trimesters.list[trimesterIndex(weeks)]),
    mother_age_years: e.age,
    spacing_months: spacing,
    bmi_pre_pregnancy: preBmi,
    anc,
    ttd: given.length ? { total, target, met: total >= target } : null,
    postnatal: delivered ? postnatalSchedule(delivery, day, postnatal) : null,
    ...findings(codes),
  };
}
