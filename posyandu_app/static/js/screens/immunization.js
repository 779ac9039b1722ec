// A child's immunization card (done / due / overdue, IDL) and the form to record the doses given, several at once.
// The schedule is rule data (immunization_rules.json) read by the twin; a dose too early or out of order is shown
// before it is saved and the kader confirms it: never accepted silently.
import { nowIso } from '../clock.js';
import { date, label, t } from '../i18n.js';
import { loadRuleData, ruleData } from '../rules/data.js';
import { assessImmunization } from '../rules/immunization.js';
import { person as loadPerson, today, visitsOf } from '../store.js';
import { badge, check, choice, dateErrors, field, h, readText, showErrors } from '../ui.js';
import { personStrip, reviewNote, saveVisit } from './common.js';

const TONE = { done: 'ok', due: 'warn', overdue: 'bad', invalid: 'bad', closed: 'muted', not_yet: 'info' };
const OPEN = new Set(['due', 'overdue', 'not_yet', 'closed', 'invalid']); // can be given (invalid: again)
const defaultPlace = () => ruleData('immunization_rules').places[0].code; // given at the posyandu
export const dosesOf = (visits) => visits.map((v) => ({ antigen: v.antigen, dose: v.dose, date: v.visit_date }));

// The twin over the child's recorded doses (and, while recording, the ones ticked): null when the input is invalid.
export function card(p, visits, day, extra = []) {
  try {
    return assessImmunization(p.birth_date, [...dosesOf(visits), ...extra], day);
  } catch (error) {
    if (error && (error.fieldErrors || error.field_errors)) return null;
    throw error;
  }
}

// One dose row: name, status and its date; a tick box when it can still be recorded as given.
function doseRow(code, d, warned, selected) {
  const when = d.given ? date(d.given) : d.due_date ? t('field.imm_due_on', { date: date(d.due_date) }) : '';
  const small = when ? h('small', { class: 'muted' }, ` · ${when}`) : '';
  const text = h('span', { class: 'imm-name' }, label(d.label), small);
  const status = badge(TONE[d.status.code] || 'info', label(d.status));
  status.dataset.status = d.status.code;
  const row = OPEN.has(d.status.code)
    ? check({ name: `dose_${code}`, label: '', checked: selected.has(code) })
    : h('div', { class: 'option' });
  row.classList.add('imm-row');
  row.dataset.dose = code;
  const box = row.querySelector('label') || row;
  box.replaceChildren(text, ' ', status, warned ? badge('warn', t('field.imm_warned')) : '');
  return row;
}

function warningsBox(warnings, title) {
  if (!warnings.length) return null;
  return h(
    'div',
    { class: 'alert alert-warn', role: 'alert', 'data-testid': 'imm-warnings' },
    h('strong', {}, title),
    h('ul', {}, warnings.map((w) => h('li', {}, label(w)))),
  );
}

export async function show({ personId, fix }, app) {
  const id = personId || fix.person_id;
  const [p] = await Promise.all([loadPerson(id), loadRuleData(['immunization_rules', 'adult_rules'])]);
  const visits = (await visitsOf(id, 'immunization')).filter((v) => !fix || v.id !== fix.id);
  const day = today();
  const result = card(p, visits, day);
  const selected = new Set(fix ? [`${fix.antigen}_${fix.dose}`] : []);
  const warnedDoses = new Set(result ? result.warnings.map((w) => w.dose) : []);
  const rows = result
    ? Object.entries(result.doses).map(([code, d]) => doseRow(code, d, warnedDoses.has(code), selected))
    : [];
  const title = fix ? t('field.fix_title') : t('field.immunization_title');
  const pending = h('div', { class: 'imm-pending' });
  let confirmed = '';
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-testid': 'imm-form' },
    h('h1', {}, title),
    personStrip(p),
    reviewNote(fix),
    result
      ? h(
          'p',
          { class: 'imm-idl', 'data-testid': 'imm-idl', 'data-status': result.idl.status.code },
          h('strong', {}, `${t('field.imm_idl')}: `),
          label(result.idl.status),
        )
      : null,
    result ? warningsBox(result.warnings, t('field.imm_warnings_recorded')) : null,
    h('p', { class: 'hint' }, t('field.imm_tick_hint')),
    h('div', { class: 'imm-doses', 'data-field': 'doses' }, rows),
    field({
      name: 'visit_date',
      label: t('field.imm_date'),
      type: 'date',
      value: fix ? fix.visit_date : day,
      required: true,
    }),
    choice({
      name: 'place',
      label: t('field.imm_place'),
      value: fix ? fix.place : defaultPlace(),
      options: ruleData('immunization_rules').places.map((pl) => [pl.code, label(pl)]),
    }),
    pending,
    h('div', { class: 'form-errors' }),
    h(
      'div',
      { class: 'actions' },
      h('button', { class: 'btn btn-primary btn-block', type: 'submit' }, t('field.imm_save')),
      h('a', { class: 'btn btn-block', href: `#/person/${p.id}` }, t('field.cancel')),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const codes = [...form.querySelectorAll('.imm-row input:checked')].map((el) => el.closest('.imm-row').dataset.dose);
    const given = readText(form, 'visit_date');
    const errors = dateErrors(form);
    if (!given && !errors.visit_date) errors.visit_date = t('form.required');
    else if (given && given > today()) errors.visit_date = t('field.imm_future');
    else if (given && given < p.birth_date) errors.visit_date = t('field.imm_before_birth');
    if (!codes.length) errors.doses = t('field.imm_none_selected');
    else if (fix && codes.length > 1) errors.doses = t('field.imm_one_in_fix'); // a correction replaces one dose
    if (!showErrors(form, errors)) return;
    const place = form.querySelector('input[name="place"]:checked')?.value || defaultPlace();
    const doses = codes.map((code) => result.doses[code]).map((d) => ({ antigen: d.antigen, dose: d.dose }));
    const after = card(p, visits, today(), doses.map((d) => ({ ...d, date: given })));
    // The warnings of what is recorded now: a repeated dose's earlier record keeps its own (dated) warnings.
    const warnings = after ? after.warnings.filter((w) => codes.includes(w.dose) && (w.date ?? given) === given) : [];
    // Warned doses are saved only when the kader taps "Simpan" again on the same choice, having read why.
    const key = `${codes.join(',')}|${given}`;
    if (warnings.length && confirmed !== key) {
      confirmed = key;
      pending.replaceChildren(warningsBox(warnings, t('field.imm_confirm_warnings')));
      pending.scrollIntoView({ block: 'nearest' });
      return;
    }
    for (const [i, d] of doses.entries()) {
      const code = codes[i];
      const record = {
        id: fix ? fix.id : crypto.randomUUID(),
        person_id: p.id,
        posyandu_id: p.posyandu_id,
        visit_date: given,
        antigen: d.antigen,
        dose: d.dose,
        place,
        referred: false,
        notes: null,
        recorded_at: nowIso(),
        local_results: after
          ? { dose: after.doses[code], warnings: warnings.filter((w) => w.dose === code), idl: after.idl }
          : null,
      };
      await saveVisit('immunization', record, fix, app);
    }
    app.go(`person/${p.id}/immunization`);
  });
  return { el: form, form: true, title };
}
