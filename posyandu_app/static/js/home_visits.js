// The roster's "Kunjungan rumah minggu ini": mothers within 42 days of a delivery (KF) and babies of 0-28 days (KN)
// with a visit window open on one of the next 7 days and no visit in it yet (rules/postnatal.js dueWindows, the
// same rule as the server's twin; the numbers are postnatal_rules.json's).
import { date, label, t } from './i18n.js';
import { loadRuleData, ruleData } from './rules/data.js';
import { dueWindows } from './rules/postnatal.js';
import { allVisits, today } from './store.js';
import { h } from './ui.js';

const daysFrom = (from, to) => Math.round((Date.parse(to) - Date.parse(from)) / 86400000);
const datesOf = (records, entity) => records.filter((v) => v.entity === entity).map((v) => v.visit_date);

// The latest delivery on or before `day` among a woman's pregnancies (as screens/postnatal.js and the server).
const deliveryOf = (records, day) =>
  records
    .filter((r) => r.entity === 'pregnancy' && r.outcome === 'delivered' && r.delivery_date && r.delivery_date <= day)
    .map((r) => r.delivery_date)
    .sort()
    .at(-1) || null;

// [{person, route: 'kn' | 'kf', windows: [{code, id, en, from, to}]}] for the people given (those still registered).
export async function homeVisitsDue(people, day = today()) {
  const [visits] = await Promise.all([allVisits(), loadRuleData(['postnatal_rules', 'adult_rules'])]);
  const rules = ruleData('postnatal_rules');
  const byPerson = new Map();
  for (const v of visits) {
    if (!byPerson.has(v.person_id)) byPerson.set(v.person_id, []);
    byPerson.get(v.person_id).push(v);
  }
  const out = [];
  for (const p of people) {
    const own = byPerson.get(p.id) || [];
    const age = p.birth_date ? daysFrom(p.birth_date, day) : -1;
    if (age >= 0 && age <= rules.kn.max_day) {
      const windows = dueWindows('kn', p.birth_date, day, datesOf(own, 'newborn_visit'));
      if (windows.length) out.push({ person: p, route: 'kn', windows });
    }
    const delivery = p.sex === 'F' ? deliveryOf(own, day) : null;
    if (delivery && daysFrom(delivery, day) <= rules.kf.max_day) {
      const windows = dueWindows('kf', delivery, day, datesOf(own, 'postnatal_visit'));
      if (windows.length) out.push({ person: p, route: 'kf', windows });
    }
  }
  return out.sort((a, b) => a.windows[0].to.localeCompare(b.windows[0].to)); // the window closing first on top
}

// The roster's card: one line per person and kind, a tap opens the visit form; none while nobody is due.
export async function homeVisitsCard(people) {
  const due = await homeVisitsDue(people);
  if (!due.length) return null;
  const line = ({ person, route, windows }) =>
    h(
      'li',
      {},
      h(
        'a',
        { class: 'person', href: `#/person/${person.id}/${route}` },
        h('strong', {}, person.name), // not .person-name: the list below is the roster's own
        ' ',
        h(
          'span',
          { class: 'person-meta' },
          windows.map((w) => t('field.home_visit_until', { window: label(w), date: date(w.to) })).join(' · '),
        ),
      ),
    );
  return h(
    'section',
    { class: 'card', 'data-testid': 'home-visits' },
    h('h2', {}, t('field.home_visits_title'), ` (${due.length})`),
    h('ul', { class: 'people' }, due.map(line)),
  );
}
