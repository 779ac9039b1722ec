// A person's page: who they are, what to record next (each kind's `offer`), charts, every visit with its sync state.
import { date, t } from '../i18n.js';
import { all, kind, offerData, offers, openGroups, openRecords } from '../kinds.js';
import { ageYears, departure, group } from '../people.js';
import { resultCard } from '../results.js';
import { loadRuleData } from '../rules/data.js';
import { person as loadPerson, today, visitsOf } from '../store.js';
import { h } from '../ui.js';
import { personStrip, stateBadge } from './common.js';
import { CHARTS } from './visit.js';

export async function show({ id }, app) {
  const p = await loadPerson(id);
  if (!p) return { el: h('p', { class: 'card' }, t('error.not_found')) };
  const [visits] = await Promise.all([visitsOf(id), loadRuleData(offerData())]);
  const open = openRecords(visits); // an ongoing pregnancy: its card shows here, its visits are offered
  const pregnant = openGroups(open).has('pregnant');
  const left = departure(p);
  // Nothing new is recorded for someone who left; "Ubah data" stays, to undo a mistake or a return.
  const who = { group: group(p, today(), pregnant), age: ageYears(p.birth_date, today()), open, records: visits, today: today() };
  const actions = left ? [] : offers(p, who);
  const charted = Object.entries(all()).filter(([entity, k]) => k.chart && visits.some((v) => v.entity === entity));
  const server = p._server;
  const el = h(
    'div',
    {},
    h(
      'section',
      { class: 'card' },
      h('h1', {}, p.name, ' ', stateBadge(p)),
      left
        ? h(
            'div',
            { class: 'alert alert-warn', role: 'note', 'data-testid': 'left' },
            h(
              'strong',
              {},
              t('field.left_detail', { reason: t(`field.left_reason_${left.reason}`), date: date(left.on) }),
            ),
            h('p', { class: 'hint' }, t('field.left_undo_hint')),
          )
        : null,
      personStrip(p, pregnant, false),
      h(
        'dl',
        { class: 'facts' },
        p.nik ? [h('dt', {}, 'NIK'), h('dd', {}, p.nik)] : null,
        [h('dt', {}, t('field.birth_date')), h('dd', {}, date(p.birth_date))],
        p.mother_name ? [h('dt', {}, t('field.mother_name')), h('dd', {}, p.mother_name)] : null,
        p.address || p.rt
          ? [
              h('dt', {}, t('field.address')),
              h('dd', {}, [p.address, p.rt && `RT ${p.rt}`, p.rw && `RW ${p.rw}`, p.dusun].filter(Boolean).join(', ')),
            ]
          : null,
        p.school || p.class_name
          ? [h('dt', {}, t('field.school')), h('dd', {}, [p.school, p.class_name].filter(Boolean).join(' · '))]
          : null,
      ),
      p._state === 'conflict' && server
        ? h('div', { class: 'alert alert-warn' }, t('field.conflict_person', { name: server.name }))
        : null,
      // The server found the same NIK or name + birth date + mother in another posyandu (which it does not name).
      p.duplicate_elsewhere
        ? h('p', { class: 'alert alert-warn', 'data-testid': 'duplicate-elsewhere' }, t('field.duplicate_elsewhere'))
        : null,
      h(
        'div',
        { class: 'actions' },
        actions.map(({ route, label }) =>
          h('a', { class: 'btn btn-primary btn-block', href: `#/person/${p.id}/${route}` }, t(label)),
        ),
        h(
          'a',
          { class: left ? 'btn btn-primary btn-block' : 'btn btn-block', href: `#/person/${p.id}/edit` },
          t('field.edit_person'),
        ),
      ),
    ),
    [...open.values()].map((record) => resultCard(record.entity, record)),
    ...(await Promise.all(
      charted.map(([entity, k]) => CHARTS[k.chart](p, visits.filter((v) => v.entity === entity))),
    )),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, t('field.history')),
      visits.length
        ? h(
            'ul',
            { class: 'visits' },
            visits.map((v) => historyItem(v, p)),
          )
        : h('p', { class: 'muted' }, t('field.no_visits')),
    ),
  );
  return { el, title: p.name };
}

// A line of the person's history: a visit opens its own page, a record edited in place (a pregnancy) its form.
function historyItem(v, p) {
  const k = kind(v.entity);
  const href = k.append_only ? `#/visit/${v.id}` : `#/person/${p.id}/${k.route}`;
  return h('li', {}, h('a', { href }, h('span', {}, `${date(v[k.dated_by])} · ${t(k.title)}`), ' ', stateBadge(v)));
}
