// Translations for the field app: static/i18n/common.<lang>.json + field.<lang>.json; Bahasa Indonesia by default.
export const LANGUAGES = ['id', 'en'];
let lang = 'id';
let strings = {};
let fallback = {};

async function catalog(code) {
  const parts = await Promise.all(
    ['common', 'field'].map(async (area) => {
      const response = await fetch(new URL(`../i18n/${area}.${code}.json`, import.meta.url));
      return response.ok ? response.json() : {};
    }),
  );
  return Object.assign({}, ...parts);
}

export async function setLanguage(code) {
  lang = LANGUAGES.includes(code) ? code : 'id';
  if (!Object.keys(fallback).length) fallback = await catalog('id');
  strings = lang === 'id' ? fallback : await catalog(lang);
  document.documentElement.lang = lang;
}

export const language = () => lang;

// t('field.key', {n: 3}) -> text with {n} filled in; falls back to Indonesian, then to the key.
export function t(key, params) {
  const text = strings[key] ?? fallback[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m)) : text;
}

// A {code, id, en} label from the rules or the server, in the current language.
export const label = (entry) => (entry ? (entry[lang] ?? entry.id ?? entry.code ?? '') : '');

const numberFormat = new Map();
// minDigits: z-scores always show both decimals (0,90 not 0,9) so columns read alike.
export function num(value, digits = 1, minDigits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  const key = `${lang}${digits}.${minDigits}`;
  if (!numberFormat.has(key)) {
    numberFormat.set(
      key,
      new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', {
        maximumFractionDigits: digits,
        minimumFractionDigits: minDigits,
      }),
    );
  }
  return numberFormat.get(key).format(value);
}

export function date(iso) {
  if (!iso) return '–';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(lang === 'id' ? 'id-ID' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
