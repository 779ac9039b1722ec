// A person's page: who they are, what to record next, growth chart, and every visit with its sync state.
import { date, t } from '../i18n.js';
import { kind } from '../kinds.js';
import { ageYears, departure, group } from '../people.js';
import { resultCard } from '../results.js';
import { loadRuleData, ruleData } from '../rules/data.js';
import { person as loadPerson, today, visitsOf } from '../store.js';
import { h } from '../ui.js';
import { personStrip, stateBadge } from './common.js';
import { growthCharts } from './visit.js';

export async function show({ id }, app) {
  const p = await loadPerson(id);
  if (!p) return { el: h('p', { class: 'card' }, t('error.not_found')) };
  const [visits] = await Promise.all([
    visitsOf(id),
    loadRuleData(['pregnancy_rules', 'adult_rules', 'elderly_rules', 'youth_rules']),
  ]);
  const episode = visits.find((v) => v.entity === 'pregnancy' && (v.outcome || 'ongoing') === 'ongoing');
  const g = group(p, today(), !!episode);
  const age = ageYears(p.birth_date, today());
  const left = departure(p);
  const actions = [];
  // Nothing new is recorded for someone who left; "Ubah data" stays, to undo a mistake or a return.
  if (!left) {
    if (g === 'balita') actions.push(['growth', 'field.action_growth']);
    // School-age and adolescent screening: from the day growth checks end to the last day of 18 (youth_rules.json).
    const youth = ruleData('youth_rules').age;
    const days = (Date.parse(today()) - Date.parse(p.birth_date.slice(0, 10))) / 86400000;
    if (days >= youth.min_days && age <= youth.max_years) actions.push(['youth', 'field.action_youth']);
    if (episode) actions.push(['anc', 'field.action_anc']);
    // The ages the rules accept: a mother's age at a pregnancy, screening from usia produktif, lansia.
    const mother = ruleData('pregnancy_rules').limits.mother_age_years;
    if (p.sex === 'F' && age >= mother.min && age <= mother.max)
      actions.push(['pregnancy', episode ? 'field.episode_edit' : 'field.action_pregnancy']);
    const elderly = age >= ruleData('elderly_rules').age_min_years.value;
    if (age >= ruleData('adult_rules').age_min_years.value)
      actions.push(['screening', elderly ? 'field.action_elderly' : 'field.action_adult']);
  }
  const growth = visits.filter((v) => v.entity === 'growth');
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
      personStrip(p, !!episode, false),
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
        actions.map(([path, key]) =>
          h('a', { class: 'btn btn-primary btn-block', href: `#/person/${p.id}/${path}` }, t(key)),
        ),
        h(
          'a',
          { class: left ? 'btn btn-primary btn-block' : 'btn btn-block', href: `#/person/${p.id}/edit` },
          t('field.edit_person'),
        ),
      ),
    ),
    episode ? resultCard('pregnancy', episode) : null,
    growth.length ? await growthCharts(p, growth) : null,
    h(
      'section',
      { class: 'card' },
      h('h2', {}, t('field.history')),
      visits.length
        ? h(
            'ul',
            { class: 'visits' },
            visits.map((v) =>
              h(
                'li',
                {},
                h(
                  'a',
                  { href: v.entity === 'pregnancy' ? `#/person/${p.id}/pregnancy` : `#/visit/${v.id}` },
                  h('span', {}, `${date(v.visit_date || v.hpht)} · ${t(kind(v.entity).title)}`),
                  ' ',
                  stateBadge(v),
                ),
              ),
            ),
          )
        : h('p', { class: 'muted' }, t('field.no_visits')),
    ),
  );
  return { el, title: p.name };
}
