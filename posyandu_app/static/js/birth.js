// The result card block of a delivery (visit_kinds.json `result: "delivery"`, drawn by results.js): the outcome,
// where and by whom, the birth weight with its BBLR badge and the gestational age with its preterm badge. What to
// do (take the baby or the mother to the bidan) is the referral box results.js draws below it from the rule data.
import { label, num, t } from './i18n.js';
import { badge, h } from './ui.js';

const row = (name, ...value) =>
  h('div', { class: 'res-row' }, h('span', { class: 'res-name' }, name), h('span', { class: 'res-value' }, ...value));
const yesNo = (flag, yes, no) => (flag === null || flag === undefined ? null : badge(flag ? 'bad' : 'ok', t(flag ? yes : no)));

export function deliveryBlock(r) {
  return [
    r.outcome ? row(t('field.delivery_outcome'), badge(r.live_birth ? 'ok' : 'bad', label(r.outcome))) : null,
    r.place ? row(t('field.delivery_place'), label(r.place), ' ', r.facility ? badge('ok', t('field.delivery_facility')) : '') : null,
    r.attendant
      ? row(t('field.delivery_attendant'), label(r.attendant), ' ', r.skilled ? badge('ok', t('field.delivery_skilled')) : '')
      : null,
    r.birth_weight_kg !== null && r.birth_weight_kg !== undefined
      ? row(t('field.birth_weight_kg'), `${num(r.birth_weight_kg, 2)} kg `,
        yesNo(r.low_birth_weight, 'field.delivery_lbw', 'field.delivery_weight_normal'))
      : null,
    r.gestational_weeks !== null && r.gestational_weeks !== undefined
      ? row(t('field.delivery_weeks'), `${r.gestational_weeks} `, yesNo(r.preterm, 'field.delivery_preterm', 'field.delivery_term'))
      : null,
    r.flags && r.flags.length
      ? h('div', { class: 'res-list' }, h('h3', {}, t('field.flags')),
        h('ul', {}, r.flags.map((f) => h('li', { class: 'tone-warn' }, label(f)))))
      : null,
  ];
}
