// Tiny DOM helpers: every text goes through textContent (never innerHTML), every input gets a visible <label>.
import { dateInput, language, maskDate, numberInput, parseDate, parseNumber, t } from './i18n.js';

let uid = 0;

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

const svgNs = 'http://www.w3.org/2000/svg';
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(svgNs, tag);
  for (const [key, value] of Object.entries(attrs))
    if (value !== null && value !== undefined) el.setAttribute(key, value);
  append(el, children);
  return el;
}

// A labelled input; opts: {name, label, type, value, hint, unit, required, step, min, max, inputmode, list}.
export function field(opts) {
  if (opts.type === 'date') return dateField(opts);
  const id = `f${++uid}`;
  // Stored numbers come back the way the kader types them: 11,6 (never the browser's 11.6).
  const value = typeof opts.value === 'number' ? numberInput(opts.value, language()) : opts.value;
  const input =
    opts.type === 'select'
      ? h(
          'select',
          { id, name: opts.name, required: opts.required },
          (opts.options || []).map(([value, text]) =>
            h('option', { value, selected: String(opts.value ?? '') === String(value) }, text),
          ),
        )
      : opts.type === 'textarea'
        ? h('textarea', { id, name: opts.name, rows: 2 }, opts.value ?? '')
        : h('input', {
            id,
            name: opts.name,
            type: opts.type || 'text',
            value: value ?? '',
            required: opts.required,
            step: opts.step,
            min: opts.min,
            max: opts.max,
            inputmode: opts.inputmode,
            autocomplete: opts.autocomplete || 'off',
            maxlength: opts.maxlength,
            pattern: opts.pattern,
            'aria-describedby': opts.hint ? `${id}h` : null,
          });
  return h(
    'div',
    { class: 'field', 'data-field': opts.name },
    h('label', { for: id }, opts.label, opts.unit ? h('span', { class: 'unit' }, ` (${opts.unit})`) : null),
    input,
    opts.hint ? h('p', { class: 'hint', id: `${id}h` }, opts.hint) : null,
  );
}

// A date as dd/mm/yyyy text (not <input type=date>, whose format follows the browser's locale, not the app's);
// digits get their slashes while typing, readText() gives ISO, and dateErrors() refuses what is not a day.
function dateField(opts) {
  const id = `f${++uid}`;
  const input = h('input', {
    id,
    name: opts.name,
    type: 'text',
    value: dateInput(opts.value),
    required: opts.required,
    inputmode: 'numeric',
    autocomplete: 'off',
    maxlength: 10,
    placeholder: t('field.date_placeholder'),
    'data-kind': 'date',
    'aria-describedby': `${id}h`,
  });
  input.addEventListener('input', (event) => {
    if (event.inputType && event.inputType.startsWith('delete')) return;
    input.value = maskDate(input.value);
  });
  return h(
    'div',
    { class: 'field', 'data-field': opts.name },
    h('label', { for: id }, opts.label),
    input,
    h('p', { class: 'hint', id: `${id}h` }, opts.hint ? `${opts.hint} · ${t('field.date_hint')}` : t('field.date_hint')),
  );
}

// Every date field of a form that does not hold a real day -> {name: message}; empty ones are the form's business.
export function dateErrors(form) {
  const errors = {};
  for (const input of form.querySelectorAll('input[data-kind="date"]')) {
    if (input.closest('[hidden]')) continue; // a part of the form switched off is not read either
    const parsed = parseDate(input.value);
    if (parsed && parsed.error) errors[input.name] = t(`field.err_date_${parsed.error}`);
  }
  return errors;
}

// Radio buttons as big tappable rows; options [[value, text]].
export function choice({ name, label, options, value, required }) {
  return h(
    'fieldset',
    { class: 'field choice', 'data-field': name },
    h('legend', {}, label),
    options.map(([v, text]) => {
      const id = `f${++uid}`;
      return h(
        'div',
        { class: 'option' },
        h('input', { type: 'radio', id, name, value: v, checked: String(value ?? '') === String(v), required }),
        h('label', { for: id }, text),
      );
    }),
  );
}

// One checkbox with its label.
export function check({ name, label, checked, value = 'on' }) {
  const id = `f${++uid}`;
  return h(
    'div',
    { class: 'option', 'data-field': name },
    h('input', { type: 'checkbox', id, name, value, checked: !!checked }),
    h('label', { for: id }, label),
  );
}

// Several checkboxes sharing a name (the value list is read with values(form, name)).
export function checks({ name, label, options, values = [] }) {
  return h(
    'fieldset',
    { class: 'field choice', 'data-field': name },
    h('legend', {}, label),
    options.map(([v, text]) => check({ name, label: text, value: v, checked: values.includes(v) })),
  );
}

// Form readers: numbers are null when empty, so a missing measurement is just "not measured".
export function readNumber(form, name) {
  const el = form.elements[name];
  return el ? parseNumber(el.value) : null;
}
// Date fields read as ISO (an unreadable one as null: dateErrors() has already stopped the form).
export const readText = (form, name) => {
  const el = form.elements[name];
  const v = el ? String(el.value).trim() : '';
  if (v !== '' && el.dataset && el.dataset.kind === 'date') return parseDate(v)?.iso ?? null;
  return v === '' ? null : v;
};
export const readBool = (form, name) => !!(form.elements[name] && form.elements[name].checked);
export const readValues = (form, name) =>
  [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((el) => el.value);
export function readRadio(form, name) {
  const el = form.querySelector(`input[name="${name}"]:checked`);
  return el ? el.value : null;
}

// Shows per-field messages ({field: text}) next to their inputs and focuses the first one.
export function showErrors(form, errors) {
  for (const el of form.querySelectorAll('.field-error')) el.remove();
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  let first = null;
  for (const [name, text] of Object.entries(errors)) {
    const box = form.querySelector(`[data-field="${name.split('.')[0]}"]`) || form.querySelector('.form-errors');
    if (!box) continue;
    const input = box.querySelector('input, select, textarea');
    const section = box.closest('details');
    if (section) section.open = true; // an error in a folded section: unfold it
    if (input) input.setAttribute('aria-invalid', 'true');
    box.append(h('p', { class: 'field-error', role: 'alert' }, text));
    first = first || input || box;
  }
  if (first) first.focus();
  return !first;
}

export const badge = (tone, text) => h('span', { class: `badge badge-${tone}` }, text);
