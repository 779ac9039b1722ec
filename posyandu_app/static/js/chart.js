// KMS-style growth chart in SVG, drawn offline from the WHO LMS tables: -3/-2/0/+2/+3 SD bands and the child's points.
import { s } from './ui.js';

const W = 340;
const H = 230;
const PAD = { l: 34, r: 8, t: 10, b: 28 };
const SDS = [-3, -2, 0, 2, 3];

// Value at SD k of an LMS row (the WHO formula for the curves).
export const sdValue = (l, m, s2, k) => (l === 0 ? m * Math.exp(s2 * k) : m * (1 + l * s2 * k) ** (1 / l));

// The [L, M, S] of a by-day table ([first, L[], M[], S[]], WHO 2006) at a month, or null outside it.
const byDay = ([first, ls, ms, ss], daysPerMonth) => (month) => {
  const i = Math.round(month * daysPerMonth) - first;
  return i < 0 || i >= ls.length ? null : [ls[i], ms[i], ss[i]];
};

// curves: {k: [[month, value]]} for months 0..maxMonths. lms: a by-day table of an indicator ('wfa', 'lhfa') and
// sex (a WHO month is daysPerMonth days, growth_rules.json `age`), or a function month -> [L, M, S] | null that
// joins the WHO 2006 standards and the WHO 2007 reference at 60 months.
export function curves(lms, maxMonths, daysPerMonth) {
  const at = typeof lms === 'function' ? lms : byDay(lms, daysPerMonth);
  const out = Object.fromEntries(SDS.map((k) => [k, []]));
  const step = maxMonths > 60 ? 1 : 0.5;
  for (let month = 0; month <= maxMonths; month += step) {
    const row = at(month);
    if (!row) continue;
    for (const k of SDS) out[k].push([month, sdValue(row[0], row[1], row[2], k)]);
  }
  return out;
}

// points: [{month, value}]; title: accessible name. Returns an <svg>.
export function growthChart(lms, points, { title, unit, maxMonths, daysPerMonth }) {
  const c = curves(lms, maxMonths, daysPerMonth);
  const values = [...c[-3].map((p) => p[1]), ...c[3].map((p) => p[1]), ...points.map((p) => p.value)];
  const lo = Math.floor(Math.min(...values));
  const hi = Math.ceil(Math.max(...values));
  const x = (m) => PAD.l + (m / maxMonths) * (W - PAD.l - PAD.r);
  const y = (v) => H - PAD.b - ((v - lo) / (hi - lo)) * (H - PAD.t - PAD.b);
  const line = (pts) => pts.map(([m, v], i) => `${i ? 'L' : 'M'}${x(m).toFixed(1)},${y(v).toFixed(1)}`).join('');
  const band = (a, b) =>
    `${line(c[a])}${c[b]
      .slice()
      .reverse()
      .map(([m, v]) => `L${x(m).toFixed(1)},${y(v).toFixed(1)}`)
      .join('')}Z`;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': title });
  svg.append(s('title', {}, title));
  svg.append(s('rect', { x: PAD.l, y: PAD.t, width: W - PAD.l - PAD.r, height: H - PAD.t - PAD.b, fill: '#fee2e2' }));
  svg.append(s('path', { d: band(-3, 3), fill: '#fef3c7' }));
  svg.append(s('path', { d: band(-2, 2), fill: '#dcfce7' }));
  for (const k of SDS) {
    svg.append(
      s('path', {
        d: line(c[k]),
        fill: 'none',
        stroke: k === 0 ? '#15803d' : Math.abs(k) === 3 ? '#b91c1c' : '#b45309',
        'stroke-width': k === 0 ? 1.6 : 1,
      }),
    );
    const last = c[k][c[k].length - 1];
    svg.append(
      s(
        'text',
        { x: W - PAD.r - 2, y: y(last[1]) - 2, 'text-anchor': 'end', class: 'chart-sd' },
        k > 0 ? `+${k}` : String(k),
      ),
    );
  }
  const stepX = maxMonths > 120 ? 24 : maxMonths > 24 ? 12 : 6;
  for (let m = 0; m <= maxMonths; m += stepX) {
    svg.append(s('line', { x1: x(m), x2: x(m), y1: PAD.t, y2: H - PAD.b, stroke: '#9ca3af', 'stroke-width': 0.4 }));
    svg.append(s('text', { x: x(m), y: H - PAD.b + 12, 'text-anchor': 'middle', class: 'chart-axis' }, String(m)));
  }
  const stepY = Math.max(1, Math.round((hi - lo) / 6));
  for (let v = lo; v <= hi; v += stepY) {
    svg.append(s('text', { x: PAD.l - 4, y: y(v) + 3, 'text-anchor': 'end', class: 'chart-axis' }, String(v)));
  }
  svg.append(s('text', { x: (W + PAD.l) / 2, y: H - 4, 'text-anchor': 'middle', class: 'chart-axis' }, unit.x));
  svg.append(s('text', { x: 4, y: PAD.t + 4, class: 'chart-axis' }, unit.y));
  const shown = points.filter((p) => p.month >= 0 && p.month <= maxMonths).sort((a, b) => a.month - b.month);
  if (shown.length > 1)
    svg.append(
      s('path', { d: line(shown.map((p) => [p.month, p.value])), fill: 'none', stroke: '#1d4ed8', 'stroke-width': 2 }),
    );
  for (const p of shown)
    svg.append(
      s('circle', { cx: x(p.month), cy: y(p.value), r: 3.5, fill: '#1d4ed8', stroke: '#fff', 'stroke-width': 1 }),
    );
  return svg;
}
