// Pure roster logic (no DOM, no storage): names, life-cycle groups, search, due lists, duplicates, leaving.
const TITLES = /\b(ibu|bu|bapak|pak|bpk|ny|nn|tn|sdr|an|by)\b\.?/gi;

// Same as services/registry.normalize_name: "Ny. Siti  Rahma" -> "siti rahma".
export function normalizeName(name) {
  if (!name) return '';
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(TITLES, ' ')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
}

// Free-text fields of a person and their longest allowed length: the server's (api/sync_schemas.py PersonData).
export const TEXT_LIMITS = { name: 120, mother_name: 120, address: 200, dusun: 120, school: 120, class_name: 40 };

export function nikIsValid(nik) {
  if (!/^\d{16}$/.test(nik || '')) return false;
  const day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  return ((day >= 1 && day <= 31) || (day >= 41 && day <= 71)) && month >= 1 && month <= 12;
}

const parse = (iso) => {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return { y, m, d };
};

export function ageMonths(birthIso, todayIso) {
  const b = parse(birthIso);
  const t = parse(todayIso);
  return (t.y - b.y) * 12 + (t.m - b.m) - (t.d < b.d ? 1 : 0);
}
export const ageYears = (birthIso, todayIso) => Math.floor(ageMonths(birthIso, todayIso) / 12);

// The ages of the life-cycle groups, in months. A copy of the rule data (growth_rules.json `age.z_max_age_months`,
// youth_rules.json (`age.max_years` + 1) x 12, elderly_rules.json `age_min_years` x 12) kept here on purpose: the
// roster must draw from IndexedDB alone, before any rule data is fetched on a phone whose first load was cut.
// tests/js/field_people.test.mjs locks it to the data.
export const GROUP_AGES = { balitaBelowMonths: 60, schoolBelowMonths: 228, lansiaFromMonths: 720 };
// How many months after the last visit a yearly group is due again (youth_rules.json `due.interval_months` for
// usia_sekolah; ILP PTM screening once a year for dewasa); the other groups are due every calendar month. Locked
// to the data by the same test.
export const DUE_MONTHS = { dewasa: 12, usia_sekolah: 12 };

// balita (< 5 years), ibu hamil (an ongoing pregnancy), usia sekolah & remaja (5-18 completed years), lansia (60+),
// dewasa (everyone else).
export function group(person, todayIso, pregnant = false) {
  if (pregnant) return 'pregnant';
  const months = ageMonths(person.birth_date, todayIso);
  if (months < GROUP_AGES.balitaBelowMonths) return 'balita';
  if (months < GROUP_AGES.schoolBelowMonths) return 'usia_sekolah';
  if (months >= GROUP_AGES.lansiaFromMonths) return 'lansia';
  return 'dewasa';
}

// Levenshtein distance, bounded: stops early once it must exceed `max`.
export function distance(a, b, max = 3) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, row[j]);
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[b.length];
}

// Names count as similar when their normal forms are equal, one contains the other ("siti" / "siti aminah"),
// or they differ by a typo or two (about one edit per five letters).
export function similarNames(a, b) {
  const x = normalizeName(a);
  const y = normalizeName(b);
  if (!x || !y) return false;
  if (x === y) return true;
  const short = x.length < y.length ? x : y;
  const long = short === x ? y : x;
  if (short.length >= 4 && ` ${long} `.includes(` ${short} `)) return true;
  return distance(x, y, 2) <= Math.max(1, Math.floor(long.length / 5));
}

// Probable duplicates of `candidate` among `persons`: same NIK, or similar name + same birth date + similar
// mother's name (a missing mother's name on both sides does not rule it out). -> [{person, reason}]
// People who left the register count too: someone who moves back must be found, not registered twice.
export function findDuplicates(candidate, persons) {
  const found = [];
  for (const p of persons) {
    if (p.id === candidate.id || p.deleted_at || p.merged_into_id) continue;
    if (candidate.nik && p.nik && candidate.nik === p.nik) {
      found.push({ person: p, reason: 'nik' });
    } else if (p.birth_date === candidate.birth_date && similarNames(p.name, candidate.name)) {
      const mothers = [p.mother_name, candidate.mother_name];
      const sameMother = mothers.every((m) => !m) || (mothers.every(Boolean) && similarNames(...mothers));
      if (sameMother) found.push({ person: p, reason: 'name_birth_mother' });
    }
  }
  return found;
}

// One lowercase haystack per person, built once, so a keystroke over 2,000 people is one substring test each.
export const searchKey = (p) => `${normalizeName(p.name)}|${p.nik || ''}|${normalizeName(p.mother_name)}`;

export function search(entries, query) {
  const q = normalizeName(query) || (query || '').replace(/\D/g, '');
  if (!q) return entries;
  return entries.filter((e) => e.key.includes(q));
}

// Who is due: balita, ibu hamil and lansia every calendar month; dewasa and usia sekolah after DUE_MONTHS.
export function isDue(groupCode, lastVisitIso, todayIso) {
  if (!lastVisitIso) return true;
  const last = parse(lastVisitIso);
  const today = parse(todayIso);
  if (DUE_MONTHS[groupCode]) return ageMonths(lastVisitIso, todayIso) >= DUE_MONTHS[groupCode];
  return !(last.y === today.y && last.m === today.m);
}

// Leaving the register (moved, died, other): the server keeps `left_on` and `left_reason` together, both or
// neither. A record pulled from a server that does not know them yet simply has neither: still registered.
export const LEFT_REASONS = ['moved', 'died', 'other'];
export const hasLeft = (p) => Boolean(p && p.left_on);

// What the badge and the detail screen say -> {reason, on} or null; a reason lost in transit reads as "other".
export const departure = (p) => (hasLeft(p) ? { reason: p.left_reason || 'other', on: p.left_on } : null);

// The phone-side twin of the server's checks -> {field: code}; codes are 'reason_required', 'required',
// 'invalid', 'future', 'before_birth' (the form turns each into a message in the kader's language).
export function departureErrors({ left_reason: reason, left_on: on, birth_date: birth }, todayIso) {
  if (!reason && !on) return {};
  if (!LEFT_REASONS.includes(reason)) return { left_reason: 'reason_required' };
  if (!on) return { left_on: 'required' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(on)) return { left_on: 'invalid' };
  if (on > todayIso) return { left_on: 'future' };
  if (birth && on < birth.slice(0, 10)) return { left_on: 'before_birth' };
  return {};
}
