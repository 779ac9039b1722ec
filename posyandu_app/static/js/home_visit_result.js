// The result card block of a KF/KN home visit (visit_kinds.json `result: postnatal`): the window, the danger signs
// found (each one red), breastfeeding; the urgent referral itself is results.js' referral box.
import { label, t } from './i18n.js';
import { badge, h } from './ui.js';

const row = (name, value) =>
  h('div', { class: 'res-row' }, h('span', { class: 'res-name' }, name), h('span', { class: 'res-value' }, value));

export function postnatalBlock(r) {
  const feeding = r.breastfeeding;
  return [
    r.window ? row(t('field.home_visit_window'), `${label(r.window)} · ${t('field.day_n', { n: r.day })}`) : null,
    row(
      t('field.home_visit_signs'),
      r.danger_signs && r.danger_signs.length ? badge('bad', t('field.signs_found', { n: r.danger_signs.length })) : badge('ok', t('field.no_danger_signs')),
    ),
    r.danger_signs && r.danger_signs.length
      ? h('ul', { class: 'res-list', 'data-testid': 'danger-signs' }, r.danger_signs.map((s) => h('li', { class: 'tone-bad' }, label(s))))
      : null,
    feeding
      ? row(t('field.breastfeeding'), badge(feeding.code === 'exclusive' ? 'ok' : 'warn', label(feeding)))
      : null,
  ];
}
