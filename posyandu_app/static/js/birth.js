// The result card block of a delivery (visit_kinds.json `result: "delivery"`, drawn by results.js): the outcome,
// where and by whom, the birth weight with its BBLR badge and the gestational age with its preterm badge. What to
// do (take the baby or the mother to the bidan) is the referral box results.js draws below it from the rule data.
import { label, num, t } from './i18n.js';
import { badge, h } from './ui.js';

const row = (name, ...value) =>
  h(
    'div',
    { class: 'res-row' },
    h('span', { class: 'res-name' }, name),
    h('span', { class: 'res-value' }, ...value),
  );
const known = (value) => value !== null && value !== undefined;
const yesNo = (flag, yes, no) => (known(flag) ? badge(flag ? 'bad' : 'ok', t(flag ? yes : no)) : null);
const okBadge = (on, key) => (on ? badge('ok', t(key)) : '');

export function deliveryBlock(r) {
  const flags = r.flags || [];
  return [
    r.outcome ? row(t('field.delivery_outcome'), badge(r.live_birth ? 'ok' : 'bad', label(r.outcome))) : null,
    r.place ? row(t('field.delivery_place'), label(r.place), ' ', okBadge(r.facility, 'field.delivery_facility')) : null,
    r.attendant
      ? row(t('field.delivery_attendant'), label(r.attendant), ' ', okBadge(r.skilled, 'field.delivery_skilled'))
      : null,
    known(r.birth_weight_kg)
      ? row(
          t('field.birth_weight'),
          `${num(r.birth_weight_kg, 2)} kg `,
          yesNo(r.low_birth_weight, 'field.delivery_lbw', 'field.delivery_weight_normal'),
        )
      : null,
    known(r.gestational_weeks)
      ? row(
          t('field.delivery_weeks'),
          `${r.gestational_weeks} `,
          yesNo(r.preterm, 'field.delivery_preterm', 'field.delivery_term'),
        )
      : null,
    flags.length
      ? h(
          'div',
          { class: 'res-list' },
          h('h3', {}, t('field.flags')),
          h('ul', {}, flags.map((f) => h('li', { class: 'tone-warn' }, label(f)))),
        )
      : null,
  ];
}
