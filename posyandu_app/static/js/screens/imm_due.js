// Who to call for immunization on the next posyandu day, grouped by dusun: the schedule twin over each balita's
// doses on this phone, on the posyandu's day of the month (from the login; today when none is set).
import { date, label, t } from '../i18n.js';
import { group, hasLeft } from '../people.js';
import { loadRuleData } from '../rules/data.js';
import { allVisits, persons, today } from '../store.js';
import { badge, h } from '../ui.js';
import { card } from './immunization.js';

const iso = (y, m, d) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);

/** The posyandu's next meeting on or after `day` (ISO), clamped to the month's end; null when no day is set. */
export function nextPosyanduDay(dayOfMonth, day) {
  if (!dayOfMonth) return null;
  const [y, m] = day.split('-').map(Number);
  const last = (year, month) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const inMonth = (year, month) => iso(year, month, Math.min(dayOfMonth, last(year, month)));
  const here = inMonth(y, m - 1);
  return here >= day ? here : inMonth(m === 12 ? y + 1 : y, m === 12 ? 0 : m);
}

/** [{dusun, children: [{person, due, overdue}]}] for `day`, dusun by name (no dusun last), children by name. */
export function dueByDusun(people, visits, day) {
  const doses = new Map();
  for (const v of visits) {
    if (v.entity === 'immunization') doses.set(v.person_id, [...(doses.get(v.person_id) || []), v]);
  }
  const groups = new Map();
  for (const p of people) {
    if (hasLeft(p) || group(p, day) !== 'balita' || p.birth_date > day) continue;
    const result = card(p, doses.get(p.id) || [], day);
    if (!result || !(result.due.length || result.overdue.length || result.invalid.length)) continue;
    const names = (codes) => codes.map((code) => result.doses[code].label);
    const key = p.dusun || '';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push({ person: p, due: names(result.due), overdue: names([...result.overdue, ...result.invalid]) });
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '') - (b === '') || a.localeCompare(b))
    .map(([dusun, children]) => ({
      dusun,
      children: children.sort((a, b) => a.person.name.localeCompare(b.person.name)),
    }));
}

export async function show(params, app) {
  const rules = loadRuleData(['immunization_rules', 'adult_rules']);
  const [people, visits] = await Promise.all([persons(), allVisits(), rules]);
  const now = today();
  const next = nextPosyanduDay(app.user?.facility?.posyandu_day, now);
  const day = next || now;
  const groups = dueByDusun(people, visits, day);
  const count = groups.reduce((n, g) => n + g.children.length, 0);
  const el = h(
    'div',
    { 'data-testid': 'imm-due' },
    h('h1', {}, t('field.imm_due_title')),
    h(
      'p',
      { class: 'muted', 'data-testid': 'imm-due-day' },
      t(next ? 'field.imm_next_day' : 'field.imm_no_day', { date: date(day) }),
      ' · ',
      t('field.imm_due_count', { n: count }),
    ),
    count ? null : h('p', { class: 'card empty' }, t('field.imm_nobody')),
    groups.map((g) =>
      h(
        'section',
        { class: 'card', 'data-dusun': g.dusun },
        h('h2', {}, g.dusun || t('field.imm_no_dusun')),
        h(
          'ul',
          { class: 'people' },
          g.children.map((c) =>
            h(
              'li',
              {},
              h(
                'a',
                { class: 'person', href: `#/person/${c.person.id}/immunization` },
                h('span', { class: 'person-name' }, c.person.name),
                h(
                  'span',
                  { class: 'person-badges' },
                  c.overdue.map((l) => badge('bad', label(l))),
                  c.due.map((l) => badge('warn', label(l))),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  return { el, title: t('field.imm_due_title') };
}
