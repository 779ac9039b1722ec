// Login (needs a signal). After a session expiry it is "Masuk lagi untuk mengirim": nothing on the phone is touched.
import { clearStores, getMeta, setMeta } from '../db.js';
import * as outbox from '../outbox.js';
import { setLanguage, t } from '../i18n.js';
import * as sync from '../sync.js';
import { field, h, showErrors } from '../ui.js';

export async function show(params, app) {
  const previous = await getMeta('user');
  const error = h('div', { class: 'form-errors', 'aria-live': 'assertive' });
  const form = h(
    'form',
    { class: 'card narrow', novalidate: true },
    h('h1', {}, previous ? t('field.relogin_title') : t('auth.login_title')),
    h('p', { class: 'muted' }, previous ? t('field.relogin_intro') : t('auth.login_intro')),
    field({
      name: 'username',
      label: t('auth.username'),
      value: previous?.username || '',
      autocomplete: 'username',
      required: true,
    }),
    field({
      name: 'password',
      label: t('auth.password'),
      type: 'password',
      autocomplete: 'current-password',
      required: true,
    }),
    error,
    h('button', { class: 'btn btn-primary btn-block', type: 'submit' }, t('auth.login_button')),
    previous ? h('a', { class: 'btn btn-block', href: '#/' }, t('field.continue_offline')) : null,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const username = form.elements.username.value.trim();
    const password = form.elements.password.value;
    if (!username || !password) {
      showErrors(
        form,
        Object.fromEntries(
          [
            ['username', username],
            ['password', password],
          ]
            .filter(([, v]) => !v)
            .map(([k]) => [k, t('form.required')]),
        ),
      );
      return;
    }
    error.textContent = '';
    let response;
    try {
      response = await fetch('/api/v1/auth/login', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
    } catch {
      error.append(h('p', { class: 'field-error', role: 'alert' }, t('field.login_needs_signal')));
      return;
    }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      error.append(h('p', { class: 'field-error', role: 'alert' }, body.error?.message || t('auth.invalid')));
      return;
    }
    if (!(await takeOverPhone(body, error))) return;
    await setMeta('user', body.user);
    await setMeta('csrf', body.csrf_token);
    await setMeta('auth_required', false);
    app.user = body.user;
    if (!(await getMeta('lang'))) await setLanguage(body.user.language || 'id');
    document.getElementById('banner').querySelector('#auth')?.remove();
    app.go('');
    sync.syncNow('login');
    app.ensureReady('login'); // a first load cut by a bad signal is repaired now, while there is one
  });
  return { el: form, title: t('auth.login_title') };
}

// The phone holds one account's posyandu at a time (`owner` survives logout). Another account may take over only
// when nothing is waiting to be sent: then the old roster goes, so no one sees another posyandu's people. With
// unsent records the switch is refused and the new server session ended, so the records stay with their author.
async function takeOverPhone(body, error) {
  const owner = await getMeta('owner');
  if (owner && owner.id !== body.user.id) {
    const unsent = (await outbox.counts()).total;
    if (unsent) {
      await fetch('/api/v1/auth/logout', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'X-CSRFToken': body.csrf_token },
      }).catch(() => {});
      error.append(
        h('p', { class: 'field-error', role: 'alert' },
          t('field.phone_taken', { n: unsent, name: owner.full_name, username: owner.username })),
      );
      return false;
    }
    await clearStores(['roster', 'visits', 'reviews', 'outbox']);
    await setMeta('cursor', 0);
  }
  await setMeta('owner', body.user);
  return true;
}
