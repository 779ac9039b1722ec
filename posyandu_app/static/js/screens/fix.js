// Correct a visit the bidan returned (or the server rejected): the same form, prefilled, saved as a correction.
import { t } from '../i18n.js';
import { visit as loadVisit } from '../store.js';
import { h } from '../ui.js';

const SCREEN = { growth: './growth.js', pregnancy_visit: './pregnancy.js', screening: './screening.js' };

export async function show({ id }, app) {
  const v = await loadVisit(id);
  if (!v || !SCREEN[v.entity]) return { el: h('p', { class: 'card' }, t('error.not_found')) };
  const module = await import(SCREEN[v.entity]);
  return module.show({ fix: v, form: 'visit' }, app);
}
