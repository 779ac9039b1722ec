// Pull v2 on the phone: a compact page (docs/SYNC.md §4.3) back into the change items store.js applies, exactly
// the v1 records without the visits' server results (the phone recomputes those: recompute.js).
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_VALUE = Object.fromEntries([...B64].map((c, i) => [c, i]));
const hex = (n) => n.toString(16).padStart(2, '0');

// "u": 22 characters of base64url -> the 16 bytes -> 8-4-4-4-12 lowercase hex.
export function uuidOf(text) {
  const bytes = [];
  let bits = 0;
  let value = 0;
  for (const c of text) {
    value = ((value << 6) | B64_VALUE[c]) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >> bits) & 0xff);
    }
  }
  const h = bytes.slice(0, 16).map(hex).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// "t": microseconds since 1970 -> the server's ISO text (Python's isoformat in UTC: a fraction only when not zero).
export function timeOf(micros) {
  const seconds = Math.floor(micros / 1e6);
  const fraction = micros - seconds * 1e6;
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  return `${base}${fraction ? `.${String(fraction).padStart(6, '0')}` : ''}+00:00`;
}

function decode(code, values) {
  if (code === 'u') return values.map((v) => (v === null ? null : uuidOf(v)));
  if (code === 't') {
    let previous = 0; // each time is the difference from the column's previous one
    return values.map((v) => {
      if (v === null) return null;
      previous += v;
      return timeOf(previous);
    });
  }
  return values;
}

// -> [{entity, id, version, deleted, data}]: the tables' records first, then the tombstones.
export function expand(page) {
  const out = [];
  for (const [entity, table] of Object.entries(page.tables || {})) {
    const codes = table.codes || {};
    const cols = Object.entries(table.cols || {}).map(([name, values]) => [name, decode(codes[name], values)]);
    const fixed = { ...Object.fromEntries((table.null || []).map((name) => [name, null])), ...(table.defaults || {}) };
    for (let row = 0; row < table.n; row += 1) {
      const data = { ...fixed };
      for (const [name, values] of cols) data[name] = values[row];
      out.push({ entity, id: data.id, version: data.version ?? null, deleted: false, data });
    }
  }
  for (const g of page.gone || [])
    out.push({ entity: g.e, id: g.id, version: null, deleted: true, data: { merged_into_id: g.into ?? null } });
  return out;
}
