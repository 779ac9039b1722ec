// Child immunization against the national schedule: per dose done / due / overdue / not yet, IDL, warnings.
// Twin of domain/immunization.py: input fields and the output shape are documented there; data in
// immunization_rules.json.
import { ruleData } from './data.js';
import { Reader, completedMonths, iso, label, message, raiseIf } from './inputs.js';

const rules = () => ruleData('immunization_rules');
const DAY_MS = 86400000;
const PARAM_KEYS = ['dose', 'previous', 'days'];

/** Every dose in schedule order: {code, antigen, dose, label, ...its ages}. */
export function schedule() {
  const out = [];
  for (const antigen of rules().antigens) {
    const count = antigen.doses.length;
    antigen.doses.forEach((entry, i) => {
      const n = i + 1;
      const code = `${antigen.code}_${n}`;
      const name = (lang) => (count === 1 ? antigen[lang] : `${antigen[lang]} ${n}`);
      out.push({ ...entry, code, antigen: antigen.code, dose: n, label: { code, id: name('id'), en: name('en') } });
    });
  }
  return out;
}

/** Day number plus an age {days|weeks|months: n}; months are calendar months, the day clamped to the month. */
export function addAge(day, age) {
  if ('days' in age) return day + age.days;
  if ('weeks' in age) return day + 7 * age.weeks;
  const d = new Date(day * DAY_MS);
  const months = d.getUTCFullYear() * 12 + d.getUTCMonth() + age.months;
  const year = Math.floor(months / 12);
  const month = months % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(d.getUTCDate(), last)) / DAY_MS;
}

const status = (code) => label(rules().statuses.find((s) => s.code === code));

function warning(code, doseCode, params) {
  const template = rules().warnings[code];
  const out = { code };
  for (const lang of ['id', 'en']) {
    let text = template[lang];
    for (const key of PARAM_KEYS) {
      const value = params[key] ?? '';
      text = text.replaceAll(`{${key}}`, typeof value === 'object' ? value[lang] : String(value));
    }
    out[lang] = text;
  }
  out.dose = doseCode;
  return out;
}

function read(birthDate, doses, today) {
  const errors = {};
  const reader = new Reader({ birth_date: birthDate, today, doses }, 'input', errors);
  const birth = reader.date('birth_date', true);
  const asOf = reader.date('today', true);
  if (birth !== null && birth !== undefined && asOf !== null && asOf !== undefined && birth > asOf) {
    reader.fail('birth_date', 'after_as_of');
  }
  const counts = Object.fromEntries(rules().antigens.map((a) => [a.code, a.doses.length]));
  const given = [];
  (reader.items('doses') || []).forEach((item, i) => {
    const row = new Reader(item, `doses[${i}]`, errors, `doses[${i}].`);
    const antigen = row.choice('antigen', Object.keys(counts), true);
    const limit = { min: 1, max: counts[antigen] ?? 1, unit: '' };
    const dose = row.number('dose', limit, { integer: true, required: true });
    const day = row.date('date', true);
    const known = (v) => v !== null && v !== undefined;
    if (known(day) && known(asOf) && day > asOf) row.fail('date', 'after_as_of');
    else if (known(day) && known(birth) && day < birth) {
      if (!Object.hasOwn(errors, `doses[${i}].date`)) errors[`doses[${i}].date`] = message('before_birth');
    } else if (known(antigen) && known(dose) && known(day)) given.push([`${antigen}_${dose}`, day]);
  });
  raiseIf(errors);
  return [birth, asOf, given];
}

function givenDose(entry, day, birth, prevDay, prevLabel, warnings) {
  const me = entry.label;
  let early = 0;
  if (entry.dose > 1 && prevDay === null) {
    warnings.push(warning('out_of_order', entry.code, { dose: me, previous: prevLabel }));
  } else if (prevDay !== null && prevDay > day) {
    warnings.push(warning('out_of_order', entry.code, { dose: me, previous: prevLabel }));
  } else if (prevDay !== null && entry.min_interval) {
    const short = addAge(prevDay, entry.min_interval) - day;
    if (short > 0) {
      early = short;
      warnings.push(warning('too_early_interval', entry.code, { dose: me, previous: prevLabel, days: short }));
    }
  }
  const short = addAge(birth, entry.min_age) - day;
  if (short > 0) {
    early = Math.max(early, short);
    warnings.push(warning('too_early_age', entry.code, { dose: me, days: short }));
  }
  if (entry.latest && day >= addAge(birth, entry.latest)) {
    warnings.push(warning('after_latest', entry.code, { dose: me }));
  }
  if (early > rules().grace_days.value) {
    warnings.push(warning('not_counted', entry.code, { dose: me }));
    return 'invalid';
  }
  return 'done';
}

/** givenDose, its warnings dated with the record's date (a repeated dose has two records of one code). */
function judged(entry, day, birth, prevDay, prevLabel, warnings) {
  const start = warnings.length;
  const code = givenDose(entry, day, birth, prevDay, prevLabel, warnings);
  for (const item of warnings.slice(start)) item.date = iso(day);
  return code;
}

function openDose(entry, birth, asOf, prevDay, prevCode) {
  const latest = entry.latest ? addAge(birth, entry.latest) : null;
  const out = { latest_date: latest, due_date: null, overdue_date: null, after: null };
  if (latest !== null && asOf >= latest) return ['closed', out];
  if (entry.dose > 1 && prevDay === null) return ['not_yet', { ...out, after: prevCode }];
  const onTime = addAge(birth, entry.recommended);
  let earliest = addAge(birth, entry.min_age);
  if (prevDay !== null && entry.min_interval) earliest = Math.max(earliest, addAge(prevDay, entry.min_interval));
  const due = Math.max(onTime, earliest);
  const overdue = due === onTime ? addAge(birth, entry.overdue_from) : addAge(due, rules().catch_up_late_after);
  const code = asOf < due ? 'not_yet' : asOf < overdue ? 'due' : 'overdue';
  return [code, { ...out, due_date: due, overdue_date: overdue }];
}

export function assessImmunization(birthDate, doses, today) {
  const [birth, asOf, given] = read(birthDate, doses, today);
  const warnings = [];
  const recorded = new Map();
  const entries = schedule();
  for (const [code, day] of [...given].sort((a, b) => a[1] - b[1])) {
    if (!recorded.has(code)) recorded.set(code, []);
    recorded.get(code).push(day);
  }
  const result = {};
  const prev = new Map();
  for (const entry of entries) {
    const [prevDay, prevLabel, prevCode] = prev.get(entry.antigen) ?? [null, null, null];
    const days = recorded.get(entry.code) ?? [];
    let day = days.length ? days[0] : null;
    let code;
    let dates;
    if (day !== null) {
      code = judged(entry, day, birth, prevDay, prevLabel, warnings);
      // A dose that does not count is given again: its next record is the repeat, judged like any dose;
      // a record after a counted one is a duplicate (warned, the counted date stays).
      for (const later of days.slice(1)) {
        if (code === 'invalid') {
          day = later;
          code = judged(entry, day, birth, prevDay, prevLabel, warnings);
        } else {
          warnings.push({ ...warning('duplicate', entry.code, { dose: entry.label }), date: iso(later) });
        }
      }
      dates = { latest_date: entry.latest ? addAge(birth, entry.latest) : null, due_date: null, overdue_date: null,
        after: null };
    } else {
      [code, dates] = openDose(entry, birth, asOf, prevDay, prevCode);
    }
    const shown = Object.fromEntries(Object.entries(dates).map(([k, v]) => [k, typeof v === 'number' ? iso(v) : v]));
    result[entry.code] = { antigen: entry.antigen, dose: entry.dose, label: entry.label, status: status(code),
      given: day !== null ? iso(day) : null, ...shown };
    // The next dose waits for this one to count: after a dose that does not count, it is 'not yet' (after it).
    prev.set(entry.antigen, [code === 'invalid' ? null : day, entry.label, entry.code]);
  }
  return { age_days: asOf - birth, age_months: completedMonths(birth, asOf), doses: result, ...lists(result),
    idl: idl(result, birth, asOf), warnings };
}

function lists(result) {
  const byStatus = (code) => Object.keys(result).filter((key) => result[key].status.code === code);
  const upcoming = Object.values(result).filter((d) => d.status.code === 'not_yet' && d.due_date)
    .map((d) => d.due_date).sort();
  return { due: byStatus('due'), overdue: byStatus('overdue'), invalid: byStatus('invalid'),
    next_due_date: upcoming.length ? upcoming[0] : null };
}

/** Imunisasi Dasar Lengkap: every IDL dose given (and counted) before the age in idl.by_age. */
function idl(result, birth, asOf) {
  const data = rules().idl;
  const by = addAge(birth, data.by_age);
  const missing = data.doses.filter((code) => result[code].status.code !== 'done');
  let code;
  if (!missing.length) code = data.doses.every((c) => result[c].given < iso(by)) ? 'complete' : 'late';
  else if (asOf < by && !missing.some((c) => result[c].status.code === 'closed')) code = 'in_progress';
  else code = 'incomplete';
  return { status: label(data.statuses.find((s) => s.code === code)), by: iso(by), missing };
}
