// The SKILAS part of the screening form asks every answer the elderly rules read, in both languages; a test that
// could not be done (the whisper test: "jika tidak dapat dilakukan, rujuk") is an answer the kader can give.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { skilasTicks } from '../../posyandu_app/static/js/screens/screening.js';

const read = (path) => JSON.parse(readFileSync(new URL(`../../posyandu_app/static/${path}`, import.meta.url), 'utf8'));
const rules = read('data/elderly_rules.json');
const SKILAS = skilasTicks(rules); // the ticks the form builds from the rule data

test('the form has a tick for every SKILAS yes/no answer of the rules, "could not be done" included', () => {
  const expected = Object.fromEntries(
    rules.skilas.domains.map((domain) => [
      domain.code,
      domain.items
        .filter((item) => !('muac_below' in item)) // MUAC is a number field of its own
        .flatMap((item) => (item.not_done ? [item.code, item.not_done.code] : [item.code])),
    ]),
  );
  assert.deepEqual(SKILAS, expected);
  assert.ok(SKILAS.hearing.includes('whisper_not_done'));
});

test('every SKILAS answer on the form is labelled in Indonesian and English', () => {
  for (const lang of ['id', 'en']) {
    const catalog = read(`i18n/field.${lang}.json`);
    for (const code of Object.values(SKILAS).flat()) assert.ok(catalog[`field.skilas_${code}`], `${lang} ${code}`);
  }
});
