// Rule data shared with the Python twin: loaded once (browser: fetch; node tests: fs), then read synchronously.
const loaded = new Map();

export async function loadRuleData(names, readJson = fetchJson) {
  await Promise.all(names.map(async (name) => {
    if (!loaded.has(name)) loaded.set(name, await readJson(name));
  }));
}

export function ruleData(name) {
  const value = loaded.get(name);
  if (value === undefined) throw new Error(`rule data "${name}" not loaded`);
  return value;
}

async function fetchJson(name) {
  const response = await fetch(new URL(`../../data/${name}.json`, import.meta.url));
  if (!response.ok) throw new Error(`rule data "${name}": HTTP ${response.status}`);
  return response.json();
}
