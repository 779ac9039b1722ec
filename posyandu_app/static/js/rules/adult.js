// Adult PTM screening (usia produktif >= 15): BMI, waist, blood pressure, glucose, PUMA, plus lansia sections.
// Twin of domain/adult.py: input fields and the output shape are documented there; data in adult_rules.json.
import { ruleData } from './data.js';
import { evaluateSections, readSections } from './elderly.js';
import { Reader, iso, label, limits, raiseIf, readPerson, referral, round1 } from './inputs.js';
export { personVisitInput } from './inputs.js'; // the registry names it: kinds' record_input

const rules = () => ruleData('adult_rules');

/** The last class whose `min` the value reaches (classes are listed by ascending min). */
const band = (classes, value) => classes.filter((entry) => value >= entry.min).at(-1);

/** BMI = weight / height², rounded half up to 1 decimal (the value the kader sees and that is classed). */
export function bmi(weightKg, heightCm) {
  const metres = heightCm / 100;
  return round1(weightKg / (metres * metres));
}

/** Asia-Pacific BMI class (WHO WPRO/IASO/IOTF 2000 via DOMAIN.md §4). */
export const bmiClass = (value) => band(rules().bmi_classes.classes, value);

/** Blood pressure class; each number is classed on its own and the higher class wins (PPK via DOMAIN.md §4). */
export function bloodPressureClass(systolic, diastolic) {
  const classes = rules().blood_pressure.classes;
  let index = 0;
  classes.forEach((entry, i) => {
    if (systolic >= entry.systolic_min || diastolic >= entry.diastolic_min) index = i;
  });
  return classes[index];
}

/** Glucose class, random or fasting; random 100-139 treated as normal (UNCONFIRMED). Juknis PKG via DOMAIN.md §4. */
export const glucoseClass = (value, glucoseType) => band(rules().glucose.classes[glucoseType], value);

/** PUMA COPD score: sex, age band, pack-years band and 1 point per yes answer; returns [score, packYears]. */
export function pumaScore(sex, age, cigarettesPerDay, smokingYears, answers) {
  const puma = rules().puma;
  const packYears = round1(cigarettesPerDay / 20 * smokingYears);
  const bands = puma.pack_years;
  const packPoints = packYears > bands.two_points_above ? 2 : packYears >= bands.one_point_min ? 1 : 0;
  const yes = answers.filter((answer) => answer === true).length;
  return [puma.sex_points[sex] + band(puma.age_points, age).points + packPoints + yes, packYears];
}

function readPuma(visit, age) {
  const puma = rules().puma;
  const reader = visit.child('puma', ['cigarettes_per_day', 'smoking_years', ...puma.yes_items]);
  if (reader === null) return null;
  if (age !== null && age < puma.age_min_years) return visit.fail('puma', 'only_for_age', { min: puma.age_min_years });
  return {
    cigarettes_per_day: reader.number('cigarettes_per_day', limits().cigarettes_per_day, { required: true }),
    smoking_years: reader.number('smoking_years', limits().smoking_years, { required: true }),
    answers: puma.yes_items.map((item) => reader.boolean(item, true)),
  };
}

/** Why this person should have a glucose test: age >= 40, or risk factors (list UNCONFIRMED, in data). */
export function glucoseTestReasons(age, bmiEntry, centralObesity, bpEntry, smoker) {
  const test = rules().glucose_test;
  const overweight = test.reasons.find((reason) => reason.code === 'overweight');
  const found = {
    age_40_plus: age >= test.age_min_years,
    overweight: bmiEntry !== null && overweight.bmi_classes.includes(bmiEntry.code),
    central_obesity: Boolean(centralObesity),
    hypertension: bpEntry !== null && bpEntry.refer,
    smoker: Boolean(smoker),
  };
  return test.reasons.filter((reason) => found[reason.code]).map(label);
}

/** The referral of a blood pressure class: urgent for a class marked urgent (>= 180/110, issue 12), else plain. */
function bpReferral(bpEntry) {
  if (bpEntry === null || !bpEntry.refer) return null;
  const pressure = rules().blood_pressure;
  return bpEntry.urgent ? pressure.urgent_referral : pressure.referral;
}

/** Assess one PTM screening visit (and SKILAS/ADL when given, age >= 60). Sources: see adult_rules.json. */
export function assessAdultScreening(person, visit) {
  const r = rules();
  const errors = {};
  const reader = new Reader(visit, 'visit', errors);
  const [sex, visitDay, age] = readPerson(person, reader, r.age_min_years.value, errors);
  const weight = reader.number('weight_kg', limits().weight_kg);
  const height = reader.number('height_cm', limits().height_cm);
  const waist = reader.number('waist_cm', limits().waist_cm);
  const pressure = reader.bloodPressure();
  const glucose = reader.number('glucose_mg_dl', limits().glucose_mg_dl);
  const glucoseType = reader.choice('glucose_type', r.glucose.types, reader.get('glucose_mg_dl') !== null);
  const smoker = reader.boolean('smoker');
  const puma = readPuma(reader, age);
  const older = readSections(reader, age);
  raiseIf(errors);

  const bmiValue = weight !== null && height !== null ? bmi(weight, height) : null;
  const bmiEntry = bmiValue !== null ? bmiClass(bmiValue) : null;
  const central = waist !== null ? waist > r.central_obesity.waist_above_cm[sex] : null;
  const bpEntry = pressure !== null ? bloodPressureClass(...pressure) : null;
  const glucoseEntry = glucose !== null ? glucoseClass(glucose, glucoseType) : null;
  let pumaOut = null;
  if (puma !== null) {
    const [score, packYears] = pumaScore(sex, age, puma.cigarettes_per_day, puma.smoking_years, puma.answers);
    pumaOut = { score, pack_years: packYears, refer: score >= r.puma.refer_score_min };
  }
  const reasons = glucoseTestReasons(age, bmiEntry, central, bpEntry, smoker);
  const lansia = evaluateSections(older);

  // Findings in one fixed order (the Python twin keeps the same); `flag` in the data says which classes count.
  const pumaReferral = pumaOut && pumaOut.refer ? r.puma.referral : null;
  const findings = [bmiEntry, central ? r.central_obesity : null, bpEntry, glucoseEntry,
    smoker ? r.smoker_flag : null, pumaReferral];
  const reasonsToRefer = [bpReferral(bpEntry),
    glucoseEntry && glucoseEntry.refer ? r.glucose.referral : null, pumaReferral];
  return {
    visit_date: iso(visitDay),
    age_years: age,
    bmi: bmiEntry === null ? null : { value: bmiValue, class: label(bmiEntry) },
    central_obesity: central,
    blood_pressure: bpEntry === null ? null
      : { class: label(bpEntry), follow_up: label(r.follow_ups[bpEntry.follow_up]) },
    glucose: glucoseEntry === null ? null : {
      class: label(glucoseEntry),
      follow_up: label(r.follow_ups[glucoseEntry.follow_up]),
      unconfirmed: Boolean(glucoseEntry.unconfirmed),
    },
    glucose_test: { recommended: reasons.length > 0, reasons },
    puma: pumaOut,
    skilas: lansia.skilas,
    adl: lansia.adl,
    flags: [...findings.filter((entry) => entry && entry.flag).map(label), ...lansia.flags],
    referrals: [...reasonsToRefer.filter(Boolean).map((entry) => referral(entry)), ...lansia.referrals],
  };
}
