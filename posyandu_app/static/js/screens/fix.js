// Correct a visit the bidan returned (or the server rejected): the same form, prefilled, saved as a correction.
import { t } from '../i18n.js';
import { kind, ready } from '../kinds.js';
import { visit as loadVisit } from '../store.js';
import { h } from '../ui.js';

// A visit is corrected in the form of its kind (visit_kinds.json `screen`); a pregnancy is edited, not corrected.
export async function show({ id }, app) {
  const [v] = await Promise.all([loadVisit(id), ready()]);
  const declared = v && kind(v.entity);
  if (!declared || !declared.append_only || !declared.screen)
    return { el: h('p', { class: 'card' }, t('error.not_found')) };
  const module = await import(`./${declared.screen}.js`);
  return module.show({ fix: v, form: 'visit' }, app);
}
