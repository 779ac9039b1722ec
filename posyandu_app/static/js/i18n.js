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

// Dates and numbers on forms, whatever the browser's locale: dd/mm/yyyy in, ISO out; 11,6 both ways. Pure
// functions (no DOM), used by every form through ui.js and tested under node. Kept in this module, not a file of
// their own: one more request on the first screen cost a round trip on a slow phone connection (Lighthouse LCP).

const pad = (n) => String(n).padStart(2, '0');

// "4/12/2026", "04-12-2026", "04.12.2026" or ISO "2026-12-04" -> {iso}; "" -> null; anything else -> {error}.
// Day first always: 04/12/2026 is the 4th of December, as a kader writes it in the KIA book.
export function parseDate(text) {
  const value = String(text ?? '').trim();
  if (value === '') return null;
  let y, m, d;
  let match = value.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/);
  if (match) [, d, m, y] = match.map(Number);
  else if ((match = value.match(/^(\d{4})-(\d{2})-(\d{2})$/))) [, y, m, d] = match.map(Number);
  else return { error: 'format' };
  const day = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d)
    return { error: 'day' };
  return { iso: `${y}-${pad(m)}-${pad(d)}` };
}

// ISO date -> what the kader sees in a date field: "04/12/2026" (the same in both languages: day first).
export function dateInput(iso) {
  const match = String(iso ?? '').match(/^(\d{4})-(\d{2})-(\d{2})/);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : String(iso ?? '');
}

// While typing: "0412" -> "04/12", "04/112026" -> "04/11/2026". Only digits, or digits behind the slashes this
// mask put there; a kader who types her own slashes ("4/11/2026") is left alone.
export function maskDate(text) {
  const value = String(text ?? '');
  if (!/^(\d{2}\/){0,2}\d*$/.test(value)) return value;
  const digits = value.replace(/\//g, '');
  if (digits.length < 3 || digits.length > 8) return value;
  return [digits.slice(0, 2), digits.slice(2, 4), digits.slice(4)].filter(Boolean).join('/');
}

// "11,6" or "11.6" -> 11.6; "" -> null; not a number -> NaN. One decimal mark, no thousands separators on forms.
export function parseNumber(text) {
  const value = String(text ?? '').trim();
  if (value === '') return null;
  if (!/^-?(\d+([.,]\d*)?|[.,]\d+)$/.test(value)) return NaN;
  return Number(value.replace(',', '.'));
}

// A stored number back into a form field: 11.6 -> "11,6" in Indonesian, "11.6" in English.
export function numberInput(value, lang = 'id') {
  if (value === null || value === undefined || value === '') return '';
  const text = String(value);
  return lang === 'en' ? text : text.replace('.', ',');
}
