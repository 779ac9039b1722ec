// The one vector runner of the JS twin: same files and same matcher as tests/unit/vectors.py (format described
// there). Run as a script it evaluates [{fn, input}] from stdin and prints [{result} | {errors} | {crash}]
// (tests/unit/test_rule_twins.py compares that with the Python twin on mutated inputs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assessAdultScreening } from '../../posyandu_app/static/js/rules/adult.js';
import { assessDelivery } from '../../posyandu_app/static/js/rules/delivery.js';
import { assessElderly } from '../../posyandu_app/static/js/rules/elderly.js';
import { DomainValidationError } from '../../posyandu_app/static/js/rules/errors.js';
import { assessImmunization } from '../../posyandu_app/static/js/rules/immunization.js';
import { assessGrowth, implausible, zscores } from '../../posyandu_app/static/js/rules/growth.js';
import { kbmG, kmsCode, vitaminA, weightLines } from '../../posyandu_app/static/js/rules/kms.js';
import { category, category518, isStunted, muacCategory } from '../../posyandu_app/static/js/rules/nutrition.js';
import { assessNewbornVisit, assessPostnatalVisit, dueWindows } from '../../posyandu_app/static/js/rules/postnatal.js';
import { assessPregnancyEpisode, assessPregnancyVisit } from '../../posyandu_app/static/js/rules/pregnancy.js';
import { roundHalfAway } from '../../posyandu_app/static/js/rules/rounding.js';
import { assessYouthScreening } from '../../posyandu_app/static/js/rules/youth.js';
import { loadForTests, readVectors } from './load_data.mjs';

export const RULE_DATA = ['who_growth', 'growth_rules', 'pregnancy_rules', 'adult_rules', 'elderly_rules', 'youth_rules',
  'immunization_rules', 'delivery_rules', 'postnatal_rules'];

// vector "fn" -> JS call; vectors name inputs in snake_case like the Python keyword arguments
const FUNCTIONS = {
  zscores: (i) => zscores(i),
  assess_growth: (i) => assessGrowth(i),
  implausible: (i) => implausible(i.index, i.z),
  category: (i) => category(i.index, i.z, i.flagged ?? false),
  category_5_18: (i) => category518(i.index, i.z, i.flagged ?? false),
  muac_category: (i) => muacCategory(i.muac_cm, i.age_months),
  is_stunted: (i) => isStunted(i.haz, i.flagged ?? false),
  round_half_away: (i) => roundHalfAway(i.x, i.decimals),
  kbm_g: (i) => kbmG(i.months),
  kms_code: (i) => kmsCode(i),
  weight_lines: (i) => weightLines(i.waz, i.flagged ?? false),
  vitamin_a: (i) => vitaminA(i.months, i.visit),
  assess_pregnancy_visit: (i) => assessPregnancyVisit(i.episode, i.visit, i.previous_visit_dates),
  assess_pregnancy_episode: (i) => assessPregnancyEpisode(i.episode, i.as_of, i.visits, i.postnatal_visit_dates),
  assess_adult_screening: (i) => assessAdultScreening(i.person, i.visit),
  assess_elderly: (i) => assessElderly(i.person, i.visit),
  assess_youth_screening: (i) => assessYouthScreening(i.person, i.visit),
  assess_delivery: (i) => assessDelivery(i.delivery, i.hpht),
  assess_immunization: (i) => assessImmunization(i.birth_date, i.doses, i.today),
  assess_postnatal_visit: (i) => assessPostnatalVisit(i.delivery_date, i.visit),
  assess_newborn_visit: (i) => assessNewbornVisit(i.birth_date, i.visit),
  due_windows: (i) => dueWindows(i.kind, i.start, i.as_of, i.visit_dates),
};

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const nonEmpty = (text) => typeof text === 'string' && text.trim() !== '';
const show = (v) => (v === undefined ? '<missing>' : JSON.stringify(v));

// Paths where actual does not match expected (the subset rules of tests/unit/vectors.py).
// `whole`: objects below the top level must have exactly the expected keys (a label's id/en are checked apart).
export function mismatches(expected, actual, path = '$', whole = false) {
  if (typeof expected === 'string' && isObject(actual) && 'code' in actual) actual = actual.code;
  if (isObject(expected)) {
    if (!isObject(actual)) return [`${path}: expected an object, got ${show(actual)}`];
    const extra = path === '$' || !whole ? [] : Object.keys(actual)
      .filter((k) => !(k in expected) && !((k === 'id' || k === 'en') && 'code' in actual))
      .map((k) => `${path}.${k}: not expected, got ${show(actual[k])}`);
    return extra.concat(Object.entries(expected)
      .flatMap(([k, v]) => mismatches(v, k in actual ? actual[k] : undefined, `${path}.${k}`, whole)));
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected a list, got ${show(actual)}`];
    if (expected.length !== actual.length) return [`${path}: expected ${show(expected)}, got ${show(actual)}`];
    return expected.flatMap((e, i) => mismatches(e, actual[i], `${path}[${i}]`, whole));
  }
  if (actual === undefined || expected !== actual) return [`${path}: expected ${show(expected)}, got ${show(actual)}`];
  return [];
}

// Paths of labels {code, id, en} whose id or en is not a non-empty text.
function unlabelled(value, path = '$') {
  if (Array.isArray(value)) return value.flatMap((item, i) => unlabelled(item, `${path}[${i}]`));
  if (!isObject(value)) return [];
  const own = ['code', 'id', 'en'].every((key) => key in value)
    ? ['id', 'en'].filter((lang) => !nonEmpty(value[lang])).map((lang) => `${path}.${lang}`) : [];
  return own.concat(Object.entries(value).flatMap(([key, item]) => unlabelled(item, `${path}.${key}`)));
}

export function runCase(vectorCase, outputKeys) {
  const fn = FUNCTIONS[vectorCase.fn];
  if ('errors' in vectorCase) {
    let error;
    assert.throws(() => fn(vectorCase.input), (thrown) => {
      error = thrown;
      return thrown instanceof DomainValidationError;
    });
    const fieldErrors = error.field_errors ?? error.fieldErrors;
    assert.deepEqual(Object.keys(fieldErrors).sort(), Object.keys(vectorCase.errors).sort());
    const problems = mismatches(vectorCase.errors, fieldErrors).concat(Object.entries(fieldErrors)
      .flatMap(([field, msg]) => ['id', 'en'].filter((lang) => !nonEmpty(msg[lang])).map((lang) => `${field}.${lang}`)));
    assert.ok(problems.length === 0, problems.join('\n'));
    return;
  }
  const result = fn(vectorCase.input);
  const actual = JSON.parse(JSON.stringify(result)); // compare what travels: JSON output
  assert.deepEqual(actual, result, 'result must be plain JSON');
  if (outputKeys) assert.deepEqual(Object.keys(actual).sort(), [...outputKeys].sort());
  const problems = mismatches(vectorCase.expect, actual, '$', !!outputKeys).concat(unlabelled(actual));
  assert.ok(problems.length === 0, problems.join('\n'));
}

// One node:test per vector case, named by its id.
export async function testVectorFile(file) {
  await loadForTests(RULE_DATA);
  const doc = readVectors(file);
  const ids = doc.cases.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length, `${file}: case ids must be unique`);
  for (const vectorCase of doc.cases) {
    test(vectorCase.id, () => runCase(vectorCase, doc.functions?.[vectorCase.fn]?.output_keys));
  }
}

// As a script: evaluate [{fn, input}] from stdin (see the header).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await loadForTests(RULE_DATA);
  const out = JSON.parse(readFileSync(0, 'utf8')).map(({ fn, input }) => {
    try {
      return { result: FUNCTIONS[fn](input) };
    } catch (error) {
      if (error instanceof DomainValidationError) return { errors: error.fieldErrors ?? error.field_errors };
      return { crash: String(error && error.stack) };
    }
  });
  process.stdout.write(JSON.stringify(out));
}
