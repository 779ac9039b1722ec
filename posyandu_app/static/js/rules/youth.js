// School-age and adolescent screening (5-18 years): anaemia, iron tablets, MUAC, blood pressure, smoking, vaping.
// Twin of domain/youth.py: input fields and the output shape are documented there; data in youth_rules.json.
import { ruleData } from './data.js';
import { Reader, ageYears, iso, label, raiseIf, referral } from './inputs.js';
export { personVisitInput } from './inputs.js'; // the registry names it: kinds' record_input

const rules = () => ruleData('youth_rules');

/** Sex, visit day and age in years; the age must be min_days old to max_years on the visit day. */
function readPerson(person, visitReader, errors) {
  const age = rules().age;
  const reader = new Reader(person, 'person', errors);
  const sex = reader.choice('sex', ['M', 'F'], true);
  const birth = reader.date('birth_date', true);
  const visit = visitReader.date('visit_date', true);
  let years = null;
  if (birth !== null && visit !== null) {
    if (birth > visit) reader.fail('birth_date', 'after_visit_date');
    else if (visit - birth < age.min_days || ageYears(birth, visit) > age.max_years)
      reader.fail('birth_date', 'age_out_of_range', { min: age.min_years, max: age.max_years });
    else years = ageYears(birth, visit);
  }
  return [sex, visit, years];
}

/** The WHO 2011 group of a person (5-11, 12-14, girls 15+, boys 15+). */
export const anaemiaGroup = (sex, age) =>
  rules().anaemia.groups.find(
    (group) => group.age_min_years <= age && age <= group.age_max_years && (group.sex === null || group.sex === sex),
  );

/** [group, class] of a haemoglobin value: the highest class whose minimum of the group the value reaches. */
export function anaemiaClass(sex, age, hb) {
  const group = anaemiaGroup(sex, age);
  let code = 'anaemia_severe';
  for (const [name, low] of Object.entries(group.mins).sort((a, b) => a[1] - b[1])) if (hb >= low) code = name;
  return [group, rules().anaemia.classes.find((entry) => entry.code === code)];
}

/** AAP 2017 class from 13 years (each number on its own, the higher class wins); null below 13 years. */
export function bloodPressureClass(age, systolic, diastolic) {
  const pressure = rules().blood_pressure;
  if (age < pressure.age_min_years) return null;
  let index = 0;
  pressure.classes.forEach((entry, i) => {
    if (systolic >= entry.systolic_min || (entry.diastolic_min !== null && diastolic >= entry.diastolic_min)) index = i;
  });
  return pressure.classes[index];
}

const inGroup = (rule, sex, age) => sex === rule.sex && rule.age_min_years <= age && age <= (rule.age_max_years ?? age);

/** Assess one school-age/adolescent screening visit. Sources: see youth_rules.json. */
export function assessYouthScreening(person, visit) {
  const r = rules();
  const errors = {};
  const reader = new Reader(visit, 'visit', errors);
  const [sex, visitDay, age] = readPerson(person, reader, errors);
  const hb = reader.number('hb_g_dl', r.limits.hb_g_dl);
  const ttdGiven = reader.number('ttd_given', r.limits.ttd_given, { integer: true });
  const muac = reader.number('muac_cm', r.limits.muac_cm);
  const pressure = reader.bloodPressure();
  const smoking = reader.boolean('smoking');
  const vaping = reader.boolean('vaping');
  raiseIf(errors);

  const [group, hbEntry] = hb !== null ? anaemiaClass(sex, age, hb) : [null, null];
  const due = inGroup(r.ttd, sex, age);
  const ttdStatus = due ? r.ttd.statuses[ttdGiven ? 'given' : 'due'] : null;
  const ttd = due || ttdGiven !== null
    ? { due, given: ttdGiven, status: ttdStatus ? label(ttdStatus) : null } : null;
  const kek = muac !== null && inGroup(r.muac, sex, age) ? muac < r.muac.kek_below_cm : null;
  const bpEntry = pressure !== null ? bloodPressureClass(age, ...pressure) : null;
  const remeasure = pressure !== null && bpEntry === null;

  // Findings in one fixed order (the Python twin keeps the same).
  const findings = [ttdStatus, bpEntry, remeasure ? r.blood_pressure.under_age : null,
    smoking ? r.smoking.smoking : null, vaping ? r.smoking.vaping : null];
  const reasons = [hbEntry?.referral, kek ? r.muac.referral : null, bpEntry?.referral];
  return {
    visit_date: iso(visitDay),
    age_years: age,
    haemoglobin: hbEntry === null ? null : { value: hb, group: label(group), class: label(hbEntry) },
    ttd,
    muac: kek === null ? null : { value: muac, kek },
    blood_pressure: pressure === null ? null : { class: bpEntry ? label(bpEntry) : null, remeasure },
    smoking,
    vaping,
    flags: findings.filter((entry) => entry && entry.flag).map(label),
    referrals: reasons.filter(Boolean).map((entry) => referral(entry)),
  };
}
