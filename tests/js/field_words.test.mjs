// A text the Indonesian catalogs share with the English ones must be a word Indonesians use as is (an English
// leftover like "Online" hides there: a check of "en differs from id" cannot see it).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';

const DIR = new URL('../../posyandu_app/static/i18n/', import.meta.url);
// Used in Indonesian health and admin writing exactly like this (names, abbreviations, loanwords).
const SHARED = new Set([
  'Posyandu ILP', 'Bahasa Indonesia', 'English', 'Admin', 'RT', 'RW', 'Posyandu', 'Trimester', 'Status', 'Normal',
  'PUMA', 'Stunting', 'Vitamin A', 'Hb (g/dL)', 'NIK', 'KMS', 'Hb', 'ADL',
]);

test('every text that reads the same in both languages is also Indonesian', () => {
  const leftovers = [];
  // The catalogs of the kader's app and the bidan's review pages (reports name months and K1..K6 as is).
  for (const name of readdirSync(DIR).filter((n) => /^(common|field|review|sync)\.id\.json$/.test(n))) {
    const id = JSON.parse(readFileSync(new URL(name, DIR), 'utf8'));
    const en = JSON.parse(readFileSync(new URL(name.replace('.id.', '.en.'), DIR), 'utf8'));
    for (const [key, text] of Object.entries(id)) if (en[key] === text && !SHARED.has(text)) leftovers.push(key);
  }
  assert.deepEqual(leftovers, []);
});
