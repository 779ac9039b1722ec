// The field app's catalogs: English must have every Indonesian key (and no stray ones), so no screen falls back.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const load = (lang) =>
  JSON.parse(readFileSync(new URL(`../../posyandu_app/static/i18n/field.${lang}.json`, import.meta.url), 'utf8'));

test('field.id.json and field.en.json have the same keys', () => {
  assert.deepEqual(Object.keys(load('en')).sort(), Object.keys(load('id')).sort());
});

test('every departure code the form can show has a message', () => {
  const id = load('id');
  const codes = {
    left_reason: ['reason_required'],
    left_on: ['required', 'invalid', 'future', 'before_birth'],
  };
  for (const [name, list] of Object.entries(codes))
    for (const code of list) assert.ok(id[`field.err_${name}_${code}`], `${name} ${code}`);
  for (const r of ['none', 'moved', 'died', 'other']) assert.ok(id[`field.left_reason_${r}`], r);
});
