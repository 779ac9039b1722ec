// Pieces shared by the visit screens: the person strip, state badges, saving a visit or its correction.
import { nowIso } from '../clock.js';
import { date, t } from '../i18n.js';
import { kind } from '../kinds.js';
import * as outbox from '../outbox.js';
import { group, hasLeft } from '../people.js';
import { recordState, today } from '../store.js';
import { badge, check, field, h, showErrors } from '../ui.js';
import { ageText, leftText } from './roster.js';

const TONE = { local: 'muted', sent: 'info', verified: 'ok', returned: 'bad', rejected: 'bad', conflict: 'warn' };
export const stateBadge = (record) => {
  const code = recordState(record);
  return h('span', { class: `badge badge-${TONE[code]}`, 'data-state': code }, t(`field.state_${code}`));
};

export function personStrip(p, pregnant = false, withName = true) {
  return h(
    'div',
    { class: 'strip' },
    withName ? h('a', { href: `#/person/${p.id}`, class: 'strip-name' }, p.name) : null,
    h(
      'span',
      { class: 'muted' },
      `${withName ? ' · ' : ''}${t(`field.sex_${p.sex}`)} · ${ageText(p.birth_date, today())} · `,
      hasLeft(p) ? badge('muted', leftText(p)) : badge('info', t(`field.group_${group(p, today(), pregnant)}`)),
    ),
  );
}

// A field's name as the form shows it ("Berat badan"), not its code; a code with no label stays as it is.
export const fieldName = (key) => {
  const text = t(`field.${key.replace(/^(visit|episode)\./, '')}`);
  return text.startsWith('field.') ? key : text;
};

// One name for a visit's form and its result, by the person's group on the visit date as the kind declares
// (`group_titles`): a screening from 60 years is "Skrining lansia" on both.
export function visitTitle(entity, p, day) {
  const k = kind(entity);
  if (!p || !k || !k.group_titles.length) return t(`field.title_${entity}`);
  const g = group(p, day || today());
  const [, key] = k.group_titles.find(([titled]) => titled === g) || [g, k.title];
  return t(key);
}

// Saves a new visit, or, when `fixOf` is a returned/rejected visit, its correction (a new id that supersedes it).
// A visit still waiting in the outbox (`local`) is edited in place: same id, its outbox entry replaced.
export async function saveVisit(entity, record, fixOf, app) {
  if (fixOf && fixOf._state !== 'rejected' && fixOf._state !== 'local') {
    const correction = { ...record, id: crypto.randomUUID(), entity, supersedes: fixOf.id };
    await outbox.save('correction', correction);
    app.saved();
    return correction;
  }
  const saved = { ...record, entity, ...(fixOf ? { id: fixOf.id, _op: fixOf._op, supersedes: fixOf.supersedes } : {}) };
  await outbox.save(entity, saved);
  app.saved();
  return saved;
}

// The end of every visit form: already referred, notes, the error list, save and cancel.
export function visitFormFooter(p, v) {
  return [
    check({ name: 'referred', label: t('field.referred'), checked: v.referred }),
    field({ name: 'notes', label: t('field.notes'), type: 'textarea', value: v.notes }),
    h('div', { class: 'form-errors' }),
    h(
      'div',
      { class: 'actions' },
      h('button', { class: 'btn btn-primary btn-block', type: 'submit' }, t('field.save_and_show')),
      h('a', { class: 'btn btn-block', href: `#/person/${p.id}` }, t('field.cancel')),
    ),
  ];
}

// Impossible input: the rules' messages beside the fields. Otherwise the visit is saved with its on-the-spot
// result (replaced by the server's after upload) and its result screen opens.
export async function finishVisit(form, entity, record, outcome, fixOf, app) {
  if (outcome.errors) {
    showErrors(form, domainErrors(outcome.errors));
    return;
  }
  let saved;
  try {
    saved = await saveVisit(
      entity,
      { ...record, local_results: outcome.results || null, recorded_at: nowIso() },
      fixOf,
      app,
    );
  } catch (error) {
    if (!(error instanceof outbox.AlreadySending)) throw error;
    showErrors(form, { _: t('field.edit_too_late') });
    return;
  }
  app.go(`visit/${saved.id}`);
}

// The review note of a returned visit, shown above the form being corrected.
export function reviewNote(visit) {
  if (!visit || (!visit.review_note && visit._state !== 'rejected')) return null;
  return h(
    'div',
    { class: 'alert alert-warn', role: 'note' },
    h('strong', {}, visit._state === 'rejected' ? t('field.rejected_note') : t('field.returned_note')),
    ' ',
    visit.review_note || '',
    visit.reviewed_at ? h('small', { class: 'muted' }, ` (${date(visit.reviewed_at)})`) : null,
  );
}

// Domain errors {field: {id, en}} -> {field: text in the current language}.
export function domainErrors(fieldErrors) {
  const lang = document.documentElement.lang === 'en' ? 'en' : 'id';
  return Object.fromEntries(
    Object.entries(fieldErrors).map(([k, v]) => [k.replace(/^(visit|episode)\./, ''), v[lang] || v.id]),
  );
}
