// WHO LMS tables, decoded once from who_growth.json: by day/length (2006), by month (2007). Twin of growth_tables.py
import { ruleData } from './data.js';
import { snap6 } from './rounding.js';

const decoded = new Map();

function decode(column, order) {
  let values = column.v;
  for (let k = 0; k < order; k += 1) { // undo the delta encoding (scripts/build_who_tables.py)
    let total = 0;
    values = values.map((v) => (total += v));
  }
  const scale = 10 ** column.dp;
  return values.map((n) => n / scale); // integer / power of ten = WHO's decimal value, exactly
}

// [xFirst, L, M, S] for an indicator key of who_growth.json ('wfa', 'wfl', ...) and sex 'M'/'F'.
export function table(indicator, sex) {
  const key = `${indicator}/${sex}`;
  if (!decoded.has(key)) {
    const doc = ruleData('who_growth');
    const entry = doc.indicators[indicator];
    decoded.set(key, [entry.x_first, ...['L', 'M', 'S'].map((c) => decode(entry[sex][c], doc.delta_order))]);
  }
  return decoded.get(key);
}

// [L, M, S] for an integer age in days, or null outside the table.
export function lmsByDay(indicator, sex, day) {
  const [first, ls, ms, ss] = table(indicator, sex);
  const i = day - first;
  if (i < 0 || i >= ls.length) return null;
  return [ls[i], ms[i], ss[i]];
}

// [L, M, S] for a length in cm on the 0.1 cm table; L, M, S interpolated only when the length has more decimals.
export function lmsByLength(indicator, sex, lengthCm) {
  const [first, ls, ms, ss] = table(indicator, sex);
  const tenths = snap6(lengthCm * 10);
  const low = Math.floor(tenths);
  const frac = tenths - low;
  const i = low - first;
  if (i < 0 || i >= ls.length || (frac > 0 && i + 1 >= ls.length)) return null;
  if (frac === 0) return [ls[i], ms[i], ss[i]];
  return [ls[i] + frac * (ls[i + 1] - ls[i]), ms[i] + frac * (ms[i + 1] - ms[i]), ss[i] + frac * (ss[i + 1] - ss[i])];
}

// [L, M, S] of a WHO 2007 by-month table (wfa_2007, hfa_2007, bfa_2007) for a fractional age in months, or null
// outside first..lastMonth (inclusive); between whole months each is interpolated linearly (anthroplus).
export function lmsByMonth(indicator, sex, months, lastMonth) {
  const [first, ls, ms, ss] = table(indicator, sex);
  if (!(first <= months && months <= lastMonth)) return null;
  const low = Math.floor(months);
  const diff = months - low;
  const i = low - first;
  if (diff === 0) return [ls[i], ms[i], ss[i]];
  return [ls[i] + diff * (ls[i + 1] - ls[i]), ms[i] + diff * (ms[i + 1] - ms[i]), ss[i] + diff * (ss[i + 1] - ss[i])];
}
