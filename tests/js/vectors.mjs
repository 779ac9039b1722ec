// Shared vector runner for the JS twin: same files and same matcher as tests/unit/vectors.py.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainValidationError } from '../../posyandu_app/static/js/rules/errors.js';
import { assessGrowth, implausible, zscores } from '../../posyandu_app/static/js/rules/growth.js';
import { kbmG, kmsCode, vitaminA, weightLines } from '../../posyandu_app/static/js/rules/kms.js';
import { category, isStunted, muacCategory } from '../../posyandu_app/static/js/rules/nutrition.js';
import { roundHalfAway } from '../../posyandu_app/static/js/rules/rounding.js';
import { loadForTests, readVectors } from './load_data.mjs';

export const RULE_DATA = ['who_growth', 'growth_rules'];

// vector "fn" -> JS call; vectors name inputs in snake_case like the Python keyword arguments
const FUNCTIONS = {
  zscores: (i) => zscores(i),
  assess_growth: (i) => assessGrowth(i),
  implausible: (i) => implausible(i.index, i.z),
  category: (i) => category(i.index, i.z, i.flagged ?? false),
  muac_category: (i) => muacCategory(i.muac_cm, i.age_months),
  is_stunted: (i) => isStunted(i.haz, i.flagged ?? false),
  round_half_away: (i) => roundHalfAway(i.x, i.decimals),
  kbm_g: (i) => kbmG(i.months),
  kms_code: (i) => kmsCode(i),
  weight_lines: (i) => weightLines(i.waz, i.flagged ?? false),
  vitamin_a: (i) => vitaminA(i.months, i.visit),
};

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

// Paths where actual does not match expected (objects: subset by key; lists exactly, a list of strings against
// the `code` of each object; scalars strictly equal).
export function mismatches(expected, actual, path = '$') {
  if (isObject(expected)) {
    if (!isObject(actual)) return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([k, v]) => mismatches(v, k in actual ? actual[k] : undefined, `${path}.${k}`));
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected a list, got ${JSON.stringify(actual)}`];
    let list = actual;
    if (expected.every((e) => typeof e === 'string') && actual.every(isObject)) list = actual.map((a) => a.code);
    if (expected.length !== list.length) return [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(list)}`];
    return expected.flatMap((e, i) => mismatches(e, list[i], `${path}[${i}]`));
  }
  if (actual === undefined || expected !== actual) {
    return [`${path}: expected ${JSON.stringify(expected)}, got ${actual === undefined ? '<missing>' : JSON.stringify(actual)}`];
  }
  return [];
}

export function runCase(vectorCase) {
  const fn = FUNCTIONS[vectorCase.fn];
  if ('expect_error' in vectorCase) {
    assert.throws(() => fn(vectorCase.input), (err) => {
      assert.ok(err instanceof DomainValidationError, `not a DomainValidationError: ${err}`);
      assert.deepStrictEqual(err.field_errors ?? err.fieldErrors, vectorCase.expect_error);
      return true;
    });
    return;
  }
  const actual = JSON.parse(JSON.stringify(fn(vectorCase.input))); // compare what travels: JSON output
  const problems = mismatches(vectorCase.expect, actual);
  assert.ok(problems.length === 0, problems.join('\n'));
}

// One node:test per vector case, named by its id.
export async function testVectorFile(file) {
  await loadForTests(RULE_DATA);
  for (const vectorCase of readVectors(file).cases) test(vectorCase.id, () => runCase(vectorCase));
}
