// Test helper: loads rule data and vectors from disk for the JS twins under `node --test`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadRuleData } from '../../posyandu_app/static/js/rules/data.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export async function loadForTests(names) {
  await loadRuleData(names, async (name) =>
    JSON.parse(readFileSync(`${root}posyandu_app/static/data/${name}.json`, 'utf8')));
}

export function readVectors(file) {
  return JSON.parse(readFileSync(`${root}tests/vectors/${file}`, 'utf8'));
}
