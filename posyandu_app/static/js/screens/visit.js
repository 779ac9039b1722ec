// One visit: its result (phone or server), its kind's charts (a child's growth), state, the bidan's note and "Perbaiki".
import { date, num, t } from '../i18n.js';
import { growthChart } from '../chart.js';
import { kind } from '../kinds.js';
import { resultCard } from '../results.js';
import { person as loadPerson, visit as loadVisit, visitsOf } from '../store.js';
import { editable } from '../outbox.js';
import { h } from '../ui.js';
import { fieldName, personStrip, reviewNote, stateBadge, visitTitle } from './common.js';

const daysBetween = (a, b) => (Date.parse(b) - Date.parse(a)) / 86400000;

// Weight-for-age and length/height-for-age charts with this child's measurements.
export async function growthCharts(p, visits) {
  try {
    const { loadRuleData, ruleData } = await import('../rules/data.js');
    const { table } = await import('../rules/growth_tables.js');
    await loadRuleData(['who_growth', 'growth_rules']);
    const { days_per_month: daysPerMonth, z_max_age_months: endMonths } = ruleData('growth_rules').age;
    const points = (key) =>
      visits
        .filter((v) => v[key] !== null && v[key] !== undefined)
        .map((v) => ({ month: daysBetween(p.birth_date, v.visit_date) / daysPerMonth, value: v[key] }));
    const last = Math.max(0, ...points('weight_kg').map((x) => x.month), ...points('length_cm').map((x) => x.month));
    const maxMonths = last <= 22 ? 24 : endMonths; // the first two years, or up to the end of the WHO standards
    return h(
      'section',
      { class: 'card' },
      h('h2', {}, t('field.chart_title')),
      growthChart(table('wfa', p.sex), points('weight_kg'), {
        title: t('field.chart_wfa'),
        unit: { x: t('field.chart_months'), y: 'kg' },
        maxMonths,
        daysPerMonth,
      }),
      growthChart(table('lhfa', p.sex), points('length_cm'), {
        title: t('field.chart_lhfa'),
        unit: { x: t('field.chart_months'), y: 'cm' },
        maxMonths,
        daysPerMonth,
      }),
      h('p', { class: 'hint' }, t('field.chart_legend')),
    );
  } catch (error) {
    console.warn('chart unavailable', error);
    return null;
  }
}

// The charts a kind's `chart` names (visit_kinds): drawn over the person's visits of that kind.
export const CHARTS = { growth: growthCharts };

const SHOWN = [
  'weight_kg',
  'length_cm',
  'head_cm',
  'muac_cm',
  'waist_cm',
  'height_cm',
  'systolic',
  'diastolic',
  'hb_g_dl',
  'glucose_mg_dl',
  'fetal_heart_rate',
  'ttd_given',
];

export async function show({ id }, app) {
  const v = await loadVisit(id);
  if (!v) return { el: h('p', { class: 'card' }, t('error.not_found')) };
  const p = await loadPerson(v.person_id);
  const canFix = v._state === 'rejected' || (v.status === 'returned' && v.is_current !== false);
  const canEdit = !canFix && (await editable(v)); // not sent yet: the kader may still change it
  const values = SHOWN.filter((k) => v[k] !== null && v[k] !== undefined).map((k) => [
    h('dt', {}, t(`field.${k}`)),
    h('dd', {}, num(v[k], 1)),
  ]);
  const errors =
    v._state === 'rejected'
      ? h(
          'div',
          { class: 'alert alert-bad' },
          h('strong', {}, t('field.rejected_note')),
          h(
            'ul',
            {},
            Object.entries(v._errors || {}).map(([k, m]) =>
              h('li', {}, `${fieldName(k)}: ${m[document.documentElement.lang] || m.id || m}`),
            ),
          ),
        )
      : null;
  const el = h(
    'div',
    {},
    h(
      'section',
      { class: 'card' },
      h('h1', {}, visitTitle(v.entity, p, v.visit_date), ' ', stateBadge(v)),
      p ? personStrip(p, kind(v.entity).group === 'pregnant') : null,
      reviewNote(v),
      errors,
    ),
    resultCard(v.entity, v),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, date(v.visit_date)),
      h('dl', { class: 'facts' }, values),
      h(
        'div',
        { class: 'actions' },
        canFix ? h('a', { class: 'btn btn-primary btn-block', href: `#/fix/${v.id}` }, t('field.fix')) : null,
        canEdit ? h('a', { class: 'btn btn-block', href: `#/fix/${v.id}` }, t('field.edit_unsent')) : null,
        p ? h('a', { class: 'btn btn-block', href: `#/person/${p.id}` }, t('field.back_to_person')) : null,
        h('a', { class: 'btn btn-block', href: '#/' }, t('field.back_to_roster')),
      ),
    ),
    kind(v.entity).chart && p ? await CHARTS[kind(v.entity).chart](p, await visitsOf(p.id, v.entity)) : null,
  );
  return { el, title: visitTitle(v.entity, p, v.visit_date) };
}
