// JS twin checks beyond the shared vectors: module purity, error shape, default "today", table decoding.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DomainValidationError } from '../../posyandu_app/static/js/rules/errors.js';
import { assessGrowth } from '../../posyandu_app/static/js/rules/growth.js';
import { table } from '../../posyandu_app/static/js/rules/growth_tables.js';
import { RULE_DATA } from './vectors.mjs';
import { loadForTests } from './load_data.mjs';

const RULES_DIR = new URL('../../posyandu_app/static/js/rules/', import.meta.url);
await loadForTests(RULE_DATA);

test('growth rule modules fetch nothing and import only relative modules', () => {
  for (const name of ['age.js', 'growth.js', 'growth_input.js', 'growth_tables.js', 'kms.js', 'nutrition.js', 'rounding.js', 'errors.js']) {
    const source = readFileSync(new URL(name, RULES_DIR), 'utf8');
    assert.ok(!/\bfetch\(/.test(source), `${name} calls fetch`);
    for (const [, spec] of source.matchAll(/from '([^']+)'/g)) assert.ok(spec.startsWith('./'), `${name} imports ${spec}`);
  }
  assert.ok(readdirSync(RULES_DIR).includes('data.js'));
});

test('DomainValidationError carries field_errors in Indonesian and English', () => {
  assert.throws(() => assessGrowth({ sex: 'F', birth_date: '2024-01-10', visit_date: '2024-06-10', today: '2024-06-10', weight_kg: 0 }),
    (err) => err instanceof DomainValidationError && err instanceof Error
      && (err.field_errors ?? err.fieldErrors).weight_kg.id.startsWith('Berat badan') && err.message.startsWith('weight_kg: Weight'));
});

test('future dates use the real today by default, with one day of slack', () => {
  const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
  assert.throws(() => assessGrowth({ sex: 'M', birth_date: '2024-01-10', visit_date: day(2) }), DomainValidationError);
  assert.ok(assessGrowth({ sex: 'M', birth_date: '2024-01-10', visit_date: day(1) }).age_days > 0);
});

test('tables decode to WHO values exactly', () => {
  const [first, ls, ms, ss] = table('wfa', 'M');
  assert.deepEqual([first, ls[0], ms[0], ss[0], ms.length], [0, 0.3487, 3.3464, 0.14602, 1827]);
  assert.equal(table('wfa', 'F')[2][0], 3.2322);
});
