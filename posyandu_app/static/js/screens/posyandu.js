// "Di posyandu mana hari ini?": one big button per posyandu of the account; one tap chooses it for today.
import { t } from '../i18n.js';
import { choices, choose, current } from '../place.js';
import { h } from '../ui.js';

export async function show(params, app) {
  const chosen = await current(app.user);
  const list = h(
    'ul',
    { class: 'places' },
    choices(app.user).map((p) => {
      const button = h(
        'button',
        {
          type: 'button',
          class: `btn btn-block ${chosen && chosen.id === p.id ? 'btn-primary' : ''}`,
          'aria-pressed': String(!!chosen && chosen.id === p.id),
          'data-posyandu': String(p.id),
        },
        p.name,
      );
      button.addEventListener('click', async () => {
        await choose(p.id);
        app.go(params.next || '');
      });
      return h('li', {}, button);
    }),
  );
  const el = h(
    'div',
    { 'data-testid': 'posyandu-picker' },
    h('h1', {}, t('field.place_title')),
    h('p', { class: 'muted' }, t('field.place_help')),
    list,
  );
  return { el, title: t('field.place_title') };
}
