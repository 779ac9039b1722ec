// Rounding helpers reproducing domain/rounding.py bit for bit (see docs/rules/growth.md "Rounding").

// Round half away from zero on the shortest decimal form of x (String(x)), like Python's Decimal(repr(x)).
// 1.005 -> 1.01, -2.345 -> -2.35, 0.125 -> 0.13. Returns null for null/undefined/NaN; never returns -0.
export function roundHalfAway(x, decimals = 2) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return null;
  const ax = Math.abs(x);
  const text = String(ax);
  if (text.includes('e')) return ax < 1 ? 0 : x; // < 1e-6 rounds to 0 (decimals <= 6); >= 1e21 has no decimals
  const [whole, frac = ''] = text.split('.');
  if (frac.length <= decimals) return x === 0 ? 0 : x;
  let n = Number(whole + frac.slice(0, decimals));
  if (frac.charCodeAt(decimals) >= 53) n += 1; // next digit >= '5': a tie or more goes away from zero
  const value = n / 10 ** decimals; // integer / power of ten: correctly rounded, same double as Python
  return x < 0 && n !== 0 ? -value : value;
}

// Snap to 6 decimals so that 65.7 - 0.7 is 65 and 70.3 * 10 is 703 (same float operations as Python).
export function snap6(x) {
  return Math.floor(x * 1e6 + 0.5) / 1e6;
}
