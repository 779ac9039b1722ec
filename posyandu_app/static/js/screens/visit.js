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

// The child's growth charts: weight-for-age and length/height-for-age under five; past five, height-for-age and
// BMI-for-age to 19 years (weight-for-age to 10), the WHO 2006 standards joined to the WHO 2007 reference at 60 months.
export async function growthCharts(p, visits) {
  try {
    const { loadRuleData, ruleData } = await import('../rules/data.js');
    const { lmsByDay, lmsByMonth, table } = await import('../rules/growth_tables.js');
    await loadRuleData(['who_growth', 'growth_rules']);
    const { days_per_month: daysPerMonth, z_max_age_months: endMonths, who2007 } = ruleData('growth_rules').age;
    const month = (v) => daysBetween(p.birth_date, v.visit_date) / daysPerMonth;
    const has = (v, key) => v[key] !== null && v[key] !== undefined;
    const points = (key) => visits.filter((v) => has(v, key)).map((v) => ({ month: month(v), value: v[key] }));
    const bmiPoints = visits
      .filter((v) => has(v, 'weight_kg') && has(v, 'length_cm'))
      .map((v) => ({ month: month(v), value: v.weight_kg / (v.length_cm / 100) ** 2 }));
    const last = Math.max(0, ...points('weight_kg').map((x) => x.month), ...points('length_cm').map((x) => x.month));
    const chart = (lms, pts, title, unit, maxMonths) =>
      growthChart(lms, pts, {
        title: t(title),
        unit: { x: t('field.chart_months'), y: unit },
        maxMonths,
        daysPerMonth,
      });
    const legend = h('p', { class: 'hint' }, t('field.chart_legend'));
    if (last < endMonths) {
      const maxMonths = last <= 22 ? 24 : endMonths; // the first two years, or up to five years
      return h(
        'section',
        { class: 'card' },
        h('h2', {}, t('field.chart_title')),
        chart(table('wfa', p.sex), points('weight_kg'), 'field.chart_wfa', 'kg', maxMonths),
        chart(table('lhfa', p.sex), points('length_cm'), 'field.chart_lhfa', 'cm', maxMonths),
        legend,
      );
    }
    // One curve from birth: by day below 60 months, by month (interpolated) from 60 to the reference's end.
    const joined = (day2006, month2007, lastMonth) => (m) =>
      m < endMonths
        ? lmsByDay(day2006, p.sex, Math.round(m * daysPerMonth))
        : lmsByMonth(month2007, p.sex, m, lastMonth);
    const maxMonths = last <= who2007.wfa_max_months ? who2007.wfa_max_months : who2007.max_months;
    const wfa = joined('wfa', 'wfa_2007', who2007.wfa_max_months);
    return h(
      'section',
      { class: 'card' },
      h('h2', {}, t('field.chart_title')),
      chart(joined('lhfa', 'hfa_2007', who2007.max_months), points('length_cm'), 'field.chart_hfa', 'cm', maxMonths),
      chart(joined('bfa', 'bfa_2007', who2007.max_months), bmiPoints, 'field.chart_bfa', 'kg/m²', maxMonths),
      maxMonths <= who2007.wfa_max_months
        ? chart(wfa, points('weight_kg'), 'field.chart_wfa', 'kg', maxMonths)
        : null,
      legend,
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
