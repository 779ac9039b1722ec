// Runs a JS twin over a rule vector file (tests/vectors/*.json); pytest runs the Python twin over the same file.
// Format and the "simplified" comparison are described in tests/unit/rule_vectors.py.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainValidationError } from '../../posyandu_app/static/js/rules/errors.js';
import { loadForTests, readVectors } from './load_data.mjs';

const camel = (name) => name.replace(/_([a-z])/g, (_, letter) => letter.toUpperCase());
const nonEmpty = (text) => typeof text === 'string' && text.trim() !== '';

export function simplify(value) {
  if (Array.isArray(value)) return value.map(simplify);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  if (['code', 'id', 'en'].every((key) => key in value)) {
    assert.ok(nonEmpty(value.id) && nonEmpty(value.en), JSON.stringify(value));
    const rest = entries.filter(([key]) => key !== 'id' && key !== 'en');
    if (rest.length === 1) return value.code;
    return Object.fromEntries(rest.map(([key, item]) => [key, simplify(item)]));
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, simplify(item)]));
}

export async function runVectors(file, module, dataNames) {
  await loadForTests(dataNames);
  const spec = readVectors(file);
  for (const c of spec.cases) {
    test(c.name, () => {
      const fn = module[camel(c.fn)];
      assert.equal(typeof fn, 'function', `${camel(c.fn)} is exported`);
      if (c.errors) {
        let error;
        assert.throws(() => fn(...c.args), (thrown) => {
          error = thrown;
          return thrown instanceof DomainValidationError;
        });
        const codes = Object.fromEntries(Object.entries(error.fieldErrors).map(([field, msg]) => [field, msg.code]));
        assert.deepEqual(codes, c.errors);
        for (const msg of Object.values(error.fieldErrors)) assert.ok(nonEmpty(msg.id) && nonEmpty(msg.en));
        for (const [field, expected] of Object.entries(c.messages || {})) {
          assert.deepEqual({ id: error.fieldErrors[field].id, en: error.fieldErrors[field].en }, expected);
        }
        return;
      }
      const result = fn(...c.args);
      assert.deepEqual(JSON.parse(JSON.stringify(result)), result, 'result must be plain JSON');
      assert.deepEqual(Object.keys(result).sort(), [...spec.functions[c.fn].output_keys].sort());
      for (const [key, expected] of Object.entries(c.expect)) {
        assert.deepEqual(simplify(result[key]), expected, key);
      }
    });
  }
}
