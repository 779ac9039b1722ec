// School classes and posyandu-remaja groups (no DOM, no storage): the classes the persons name, the class chosen
// for today's session, and a pasted class list read line by line into registrations or per-line error codes.
import { parseDate } from './i18n.js';
import { ageYears, findDuplicates, hasLeft, TEXT_LIMITS } from './people.js';

// The school (or group) and class a class session works on: kept for the whole visit to the school, across
// screens and a reload, on this phone only.
const PICK = 'class_pick';
export function pick() {
  try {
    return JSON.parse(localStorage.getItem(PICK)) || { school: '', class_name: '' };
  } catch {
    return { school: '', class_name: '' };
  }
}
export function choose(school, className) {
  localStorage.setItem(PICK, JSON.stringify({ school: school || '', class_name: className || '' }));
}

const byName = (a, b) => a.localeCompare(b, 'id', { numeric: true, sensitivity: 'base' });

// {school: [class, ...]} of the registered persons, both sorted ("Kelas 2" before "Kelas 10").
export function classesOf(persons) {
  const found = new Map();
  for (const p of persons) {
    if (!p.school || hasLeft(p)) continue;
    if (!found.has(p.school)) found.set(p.school, new Set());
    if (p.class_name) found.get(p.school).add(p.class_name);
  }
  return Object.fromEntries(
    [...found.keys()].sort(byName).map((school) => [school, [...found.get(school)].sort(byName)]),
  );
}

// The persons of one class (every class of the school when `className` is empty), by name; not those who left.
export const members = (persons, school, className) =>
  persons
    .filter((p) => !hasLeft(p) && p.school === school && (!className || p.class_name === className))
    .sort((a, b) => byName(a.name, b.name));

// The words a teacher's list uses for the sex, lower case -> "M" / "F".
const SEXES = {
  l: 'M', lk: 'M', laki: 'M', 'laki-laki': 'M', 'laki laki': 'M', m: 'M', male: 'M', pria: 'M',
  p: 'F', pr: 'F', perempuan: 'F', f: 'F', female: 'F', wanita: 'F',
};
export const sexOf = (text) => SEXES[String(text || '').trim().toLowerCase().replace(/\.$/, '')] || null;

// One pasted line -> its cells: "name; sex; birth date; class", tab-separated as a spreadsheet copies it, or
// comma-separated as a CSV file has it.
const SEPARATORS = ['\t', ';', ','];
const cells = (line) => line.split(SEPARATORS.find((sep) => line.includes(sep)) || ';').map((c) => c.trim());
// A first line naming the columns (a file's header: "nama; jenis kelamin; ..."), not a child.
const HEADER = /^(nama|name)\b/i;

// The lines of a pasted list -> [{line, text, person, errors: [code...], match}], blank lines skipped. `ages` are the
// youth rules' {min_years, max_years}: a class session is for 5-18 years, an age outside is a typo to fix.
// Each line is checked against the register (`persons`, the offline duplicate check: `match` is the person found)
// and the lines before it.
export function readList(text, { school, className, persons, today, posyandu, ages, newId }) {
  const rows = [];
  const seen = [...persons];
  String(text || '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      if (!raw.trim() || (index === 0 && HEADER.test(raw.trim()))) return;
      const [name = '', sexText = '', birthText = '', klass = ''] = cells(raw);
      const errors = [];
      const sex = sexOf(sexText);
      const birth = parseDate(birthText);
      if (!name) errors.push('name_missing');
      else if (name.length > TEXT_LIMITS.name) errors.push('name_too_long');
      if (!sex) errors.push('sex_unknown');
      if (!birth) errors.push('birth_missing');
      else if (birth.error) errors.push('birth_bad');
      else if (birth.iso > today) errors.push('birth_future');
      else {
        const age = ageYears(birth.iso, today);
        if (age < ages.min_years || age > ages.max_years) errors.push('age_outside');
      }
      const className_ = klass || className || null;
      if (className_ && className_.length > TEXT_LIMITS.class_name) errors.push('class_too_long');
      const person = {
        id: newId(),
        posyandu_id: posyandu,
        name,
        sex,
        birth_date: birth && birth.iso,
        school: school || null,
        class_name: className_,
      };
      let match = null;
      if (!errors.length) {
        const dups = findDuplicates(person, seen);
        if (dups.length) {
          match = dups[0].person;
          errors.push(persons.includes(match) ? 'duplicate' : 'duplicate_in_list');
        } else seen.push(person);
      }
      rows.push({ line: index + 1, text: raw.trim(), person, errors, match });
    });
  return rows;
}
