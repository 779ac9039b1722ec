// Evaluates [{fn, args}] from stdin with the JS twins and prints [{result} | {errors} | {crash}].
// Used by tests/unit/test_rule_twins.py.
import { readFileSync } from 'node:fs';
import * as adult from '../../posyandu_app/static/js/rules/adult.js';
import * as elderly from '../../posyandu_app/static/js/rules/elderly.js';
import { DomainValidationError } from '../../posyandu_app/static/js/rules/errors.js';
import * as pregnancy from '../../posyandu_app/static/js/rules/pregnancy.js';
import { loadForTests } from './load_data.mjs';

await loadForTests(['pregnancy_rules', 'adult_rules', 'elderly_rules']);
const functions = { ...adult, ...elderly, ...pregnancy };
const camel = (name) => name.replace(/_([a-z])/g, (_, letter) => letter.toUpperCase());
const out = JSON.parse(readFileSync(0, 'utf8')).map(({ fn, args }) => {
  try {
    return { result: functions[camel(fn)](...args) };
  } catch (error) {
    if (error instanceof DomainValidationError) return { errors: error.fieldErrors };
    return { crash: String(error && error.stack) };
  }
});
process.stdout.write(JSON.stringify(out));
