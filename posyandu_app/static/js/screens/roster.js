// Roster: the posyandu's people by life-cycle group, instant search (name / NIK / mother), due and referral lists.
// People who left the register are in none of those; a search still finds them, and so does "Sudah keluar".
import { getMeta } from '../db.js';
import { date, num, t } from '../i18n.js';
import { all, implausible, kind, openGroups, openRecords } from '../kinds.js';
import { ageMonths, departure, GROUP_AGES, group, hasLeft, isDue, search, searchKey } from '../people.js';
import { nameOf, picks } from '../place.js';
import { line as readinessLine } from '../readiness.js';
import { allVisits, openReviews, persons, recordState, today } from '../store.js';
import * as sync from '../sync.js';
import { badge, h } from '../ui.js';

const GROUPS = ['all', 'balita', 'usia_sekolah', 'pregnant', 'dewasa', 'lansia'];
const PAGE = 30; // a phone shows ~5 people at once: draw a screenful or so, more on request, search for the rest
const state = { query: '', group: 'all', filter: 'all' };
const FILTERS = ['due', 'referral', 'left']; // toggles: pressing the active one shows everybody again

export function ageText(birthIso, todayIso) {
  const months = ageMonths(birthIso, todayIso);
  return months < 24 // months alone for the first two years (display), years and months while a balita
    ? t('field.age_months', { n: months })
    : months < GROUP_AGES.balitaBelowMonths
      ? t('field.age_years_months', { y: Math.floor(months / 12), m: months % 12 })
      : t('field.age_years', { n: Math.floor(months / 12) });
}

// "Keluar · Pindah 12 Nov 2026"
export function leftText(p) {
  const d = departure(p);
  return d ? t('field.left_badge', { reason: t(`field.left_reason_${d.reason}`), date: date(d.on) }) : '';
}

// One entry per person: group, due, open referral, search key; built once per screen.
async function entries() {
  const day = today();
  const [people, visits, returned] = await Promise.all([persons(), allVisits(), openReviews()]);
  const byPerson = new Map();
  for (const v of visits) {
    if (!byPerson.has(v.person_id)) byPerson.set(v.person_id, []);
    byPerson.get(v.person_id).push(v);
  }
  const returnedFor = new Set(returned.map((r) => r.person_id));
  return people
    .map((p) => {
      if (hasLeft(p)) return { person: p, key: searchKey(p), left: true, returned: returnedFor.has(p.id), day };
      const own = (byPerson.get(p.id) || []).sort((a, b) => (b.visit_date || '').localeCompare(a.visit_date || ''));
      const g = group(p, day, openGroups(openRecords(own)).has('pregnant'));
      const dueKind = Object.keys(all()).find((entity) => kind(entity).due_for.includes(g)); // its last visit
      const last = own.find((v) => v.entity === dueKind);
      const latest = new Map();
      for (const v of own) if (kind(v.entity)?.append_only && !latest.has(v.entity)) latest.set(v.entity, v);
      const referral = [...latest.values()].some((v) => {
        const r = (v.results && Object.keys(v.results).length ? v.results : v.local_results) || {};
        // A weighing flagged implausible is to be measured again, not read (as on its page).
        return !implausible(v.entity, r) && (v.needs_referral || (r.referrals && r.referrals.length)) && !v.referred;
      });
      return {
        person: p,
        key: searchKey(p),
        group: g,
        due: isDue(g, last && last.visit_date, day),
        referral,
        returned: returnedFor.has(p.id),
        day,
      };
    })
    .sort((a, b) => a.person.name.localeCompare(b.person.name));
}

function item(e, elsewhere) {
  const p = e.person;
  const stateCode = recordState(p);
  return h(
    'li',
    {},
    h(
      'a',
      { class: 'person', href: `#/person/${p.id}` },
      h('span', { class: 'person-name' }, p.name),
      h(
        'span',
        { class: 'person-meta' },
        [
          ageText(p.birth_date, e.day),
          p.mother_name ? t('field.child_of', { name: p.mother_name }) : null,
          p.nik ? `NIK ${p.nik}` : null,
          p.class_name ? `${t('field.class_name')} ${p.class_name}` : null,
        ]
          .filter(Boolean)
          .join(' · '),
      ),
      h(
        'span',
        { class: 'person-badges' },
        e.left ? badge('muted', leftText(p)) : badge('info', t(`field.group_${e.group}`)),
        elsewhere && elsewhere(p) ? badge('muted', elsewhere(p)) : null,
        e.due ? badge('warn', t('field.due')) : null,
        e.referral ? badge('bad', t('field.open_referral')) : null,
        e.returned ? badge('bad', t('field.state_returned')) : null,
        stateCode === 'local' ? badge('muted', t('field.state_local')) : null,
      ),
    ),
  );
}

// A download under way, or cut and waiting to resume: records and KB so far, and how many are still to come.
let onPull = null;
sync.on('progress', (p) => p.phase === 'pull' && onPull && onPull(p));
async function downloadLine() {
  const el = h('p', { id: 'download-progress', class: 'muted', role: 'status', hidden: true });
  const draw = (p) => {
    el.hidden = !p || !(p.remaining > 0);
    if (p)
      el.textContent = t('field.download_progress', {
        n: num(p.received, 0),
        total: num(p.received + (p.remaining || 0), 0),
        kb: num(p.bytes / 1024, 0),
      });
  };
  draw(sync.pullProgress() || (await getMeta('pull_progress')));
  onPull = draw;
  return el;
}

// The "Kunjungan rumah minggu ini" card, loaded apart with its rules and drawn into its place once ready: the roster
// itself is drawn as fast as before (a sync that ends meanwhile redraws it), and it still draws when the card's
// modules cannot be read yet (a first load cut short): the card is there on the next draw.
function homeVisits(people) {
  const slot = h('div', { hidden: true });
  import('../home_visits.js')
    .then((module) => module.homeVisitsCard(people))
    .then((card) => card && slot.replaceWith(card))
    .catch((error) => console.warn('home visits unavailable', error));
  return slot;
}

export async function show(params, app) {
  const everyone = await entries();
  // Several posyandu: the lists show today's (place.js); a typed search still reaches all of them, and a person
  // of another posyandu carries its name.
  const here = app.place && picks(app.user) ? app.place.id : null;
  const all = here === null ? everyone : everyone.filter((e) => e.person.posyandu_id === here);
  const active = all.filter((e) => !e.left);
  const left = all.filter((e) => e.left);
  const elsewhere = here === null ? null : (p) => (p.posyandu_id === here ? '' : nameOf(app.user, p.posyandu_id));
  const list = h('ul', { class: 'people', 'aria-live': 'polite' });
  const summary = h('p', { class: 'muted', id: 'roster-count' });
  let shown = PAGE;
  const more = h('button', { type: 'button', class: 'btn btn-block', hidden: true }, t('field.show_more'));
  more.addEventListener('click', () => {
    shown += PAGE * 2;
    draw(false);
  });
  const draw = (reset = true) => {
    if (reset) shown = PAGE;
    // A name typed without any chip may be someone who left (to undo a mistake, or they came back): after the rest.
    const findLeft = state.query && state.group === 'all' && state.filter === 'all';
    const wide = state.query && here !== null; // a search spans every posyandu of the account
    const base = wide
      ? everyone.filter((e) => (state.filter === 'left' ? e.left : !e.left))
      : state.filter === 'left'
        ? left
        : active;
    let rows = search(base, state.query);
    if (state.group !== 'all' && state.filter !== 'left') rows = rows.filter((e) => e.group === state.group);
    if (state.filter === 'due') rows = rows.filter((e) => e.due);
    if (state.filter === 'referral') rows = rows.filter((e) => e.referral || e.returned);
    if (findLeft) rows = rows.concat(search(wide ? everyone.filter((e) => e.left) : left, state.query));
    summary.textContent = t('field.shown_count', { n: rows.length, total: (findLeft ? (wide ? everyone : all) : base).length });
    list.replaceChildren(...rows.slice(0, shown).map((e) => item(e, elsewhere)));
    more.hidden = rows.length <= shown;
    if (!rows.length)
      list.append(h('li', { class: 'empty' }, all.length ? t('field.no_match') : t('field.roster_empty')));
  };
  const input = h('input', {
    id: 'q',
    type: 'search',
    value: state.query,
    placeholder: t('field.search_placeholder'),
    autocomplete: 'off',
    enterkeyhint: 'search',
  });
  input.addEventListener('input', () => {
    state.query = input.value;
    draw();
  });
  const chips = (name, values, labelOf) =>
    h(
      'div',
      { class: 'chips', role: 'group', 'aria-label': t(`field.${name}_label`) },
      values.map((v) => {
        const count =
          name === 'group'
            ? active.filter((e) => v === 'all' || e.group === v).length
            : v === 'left'
              ? left.length
              : active.filter((e) => (v === 'due' ? e.due : e.referral || e.returned)).length;
        const button = h(
          'button',
          { type: 'button', class: 'chip', 'aria-pressed': String(state[name] === v) },
          `${labelOf(v)} (${count})`,
        );
        button.addEventListener('click', () => {
          state[name] = name === 'filter' && state.filter === v ? 'all' : v;
          for (const b of button.parentNode.children)
            b.setAttribute('aria-pressed', String(b === button && state[name] === v));
          draw();
        });
        return button;
      }),
    );
  const el = h(
    'div',
    {},
    h(
      'div',
      { class: 'toolbar' },
      h('h1', {}, here === null ? t('field.roster_title') : app.place.name),
      h('a', { class: 'btn btn-primary', href: '#/person/new' }, t('field.register_new')),
    ),
    readinessLine(),
    await downloadLine(),
    h('a', { class: 'btn btn-block', href: '#/imm-due', 'data-testid': 'imm-due-link' }, t('field.imm_due_link')),
    h('a', { class: 'btn btn-block', href: '#/class', 'data-testid': 'class-link' }, t('field.class_link')),
    homeVisits(active.map((e) => e.person)),
    h('div', { class: 'field search' }, h('label', { for: 'q' }, t('field.search_label')), input),
    chips('group', GROUPS, (g) => t(`field.group_${g}`)),
    chips('filter', FILTERS, (f) => t(`field.filter_${f}`)),
    summary,
    list,
    more,
  );
  draw();
  return { el, title: t('field.roster_title') };
}
