// Register or edit a person, with the offline duplicate check (same NIK, or similar name + birth date + mother).
import { date, t } from '../i18n.js';
import * as outbox from '../outbox.js';
import { departure, departureErrors, findDuplicates, LEFT_REASONS, nikIsValid, TEXT_LIMITS } from '../people.js';
import { loadRuleData, ruleData } from '../rules/data.js';
import { person as loadPerson, persons, today } from '../store.js';
import { check, choice, field, h, readNumber, readRadio, readText, showErrors } from '../ui.js';
import { leftText } from './roster.js';

function read(form, base, app) {
  const nik = (readText(form, 'nik') || '').replace(/\s/g, '') || null;
  return {
    ...base,
    // a new person is registered in today's posyandu (place.js; the only one of a kader)
    posyandu_id: base.posyandu_id ?? app.place?.id ?? (app.user.posyandu_ids || [])[0] ?? app.user.facility?.id,
    name: readText(form, 'name'),
    sex: readRadio(form, 'sex'),
    birth_date: readText(form, 'birth_date'),
    nik,
    mother_name: readText(form, 'mother_name'),
    address: readText(form, 'address'),
    rt: readText(form, 'rt'),
    rw: readText(form, 'rw'),
    dusun: readText(form, 'dusun'),
    school: readText(form, 'school'),
    class_name: readText(form, 'class_name'),
    phone: readText(form, 'phone'),
    birth_weight_kg: readNumber(form, 'birth_weight_kg'),
    birth_length_cm: readNumber(form, 'birth_length_cm'),
    has_kia_book: form.elements.has_kia_book.checked,
    notes: readText(form, 'notes'),
    ...(form.elements.left_reason ? readDeparture(form) : {}),
  };
}

// "Masih terdaftar" clears both fields whatever date is still in the (hidden) date input.
function readDeparture(form) {
  const reason = readText(form, 'left_reason');
  return { left_reason: reason, left_on: reason ? readText(form, 'left_on') : null };
}

// Only on an existing person: a new registration has not left anything yet.
function departureFields(p) {
  const reason = field({
    name: 'left_reason',
    label: t('field.left_reason'),
    type: 'select',
    value: p.left_reason || '',
    options: [['', t('field.left_reason_none')], ...LEFT_REASONS.map((r) => [r, t(`field.left_reason_${r}`)])],
  });
  const on = field({
    name: 'left_on',
    label: t('field.left_on'),
    type: 'date',
    value: p.left_on,
    max: today(),
    min: p.birth_date,
  });
  on.hidden = !p.left_reason;
  const select = reason.querySelector('select');
  select.addEventListener('change', () => {
    const input = on.querySelector('input');
    on.hidden = !select.value;
    if (select.value && !input.value) input.value = today();
  });
  return h(
    'fieldset',
    { class: 'sub', 'data-testid': 'left' },
    h('legend', {}, t('field.left_title')),
    h('p', { class: 'hint' }, t('field.left_hint')),
    reason,
    on,
  );
}

function validate(p) {
  const errors = Object.fromEntries(
    Object.entries(departureErrors(p, today())).map(([k, code]) => [k, t(`field.err_${k}_${code}`)]),
  );
  if (!p.name) errors.name = t('form.required');
  if (!p.sex) errors.sex = t('form.required');
  if (!p.birth_date) errors.birth_date = t('form.required');
  else if (p.birth_date > today()) errors.birth_date = t('field.err_future');
  if (p.nik && !nikIsValid(p.nik)) errors.nik = t('field.err_nik');
  // The server's limits (api/sync_schemas.py PersonData), said here before anything waits in the outbox.
  for (const [k, max] of Object.entries(TEXT_LIMITS))
    if (p[k] && p[k].length > max) errors[k] = t('field.err_too_long', { max });
  // The birth measurements' limits are rule data (growth_rules.json `birth`), the server checks the same.
  for (const [k, { min, max }] of Object.entries(ruleData('growth_rules').birth)) {
    const value = p[`birth_${k}`];
    if (value !== null && !(value >= min && value <= max)) errors[`birth_${k}`] = t('field.err_range', { min, max });
  }
  return errors;
}

// Rendering: the form, with the departure fields for a person already registered.
function render(p, existing, warn) {
  return h(
    'form',
    { class: 'card', novalidate: true },
    h('h1', {}, existing ? t('field.edit_person') : t('field.register_new')),
    field({ name: 'name', label: t('field.name'), value: p.name, required: true, autocomplete: 'off' }),
    choice({
      name: 'sex',
      label: t('field.sex'),
      value: p.sex,
      options: [
        ['F', t('field.sex_F')],
        ['M', t('field.sex_M')],
      ],
      required: true,
    }),
    field({
      name: 'birth_date',
      label: t('field.birth_date'),
      type: 'date',
      value: p.birth_date,
      max: today(),
      required: true,
    }),
    field({
      name: 'nik',
      label: t('field.nik'),
      value: p.nik,
      inputmode: 'numeric',
      maxlength: 16,
      hint: t('field.nik_hint'),
    }),
    field({ name: 'mother_name', label: t('field.mother_name'), value: p.mother_name }),
    field({ name: 'address', label: t('field.address'), value: p.address }),
    h(
      'div',
      { class: 'row3' },
      field({ name: 'rt', label: 'RT', value: p.rt, inputmode: 'numeric', maxlength: 8 }),
      field({ name: 'rw', label: 'RW', value: p.rw, inputmode: 'numeric', maxlength: 8 }),
      field({ name: 'dusun', label: t('field.dusun'), value: p.dusun }),
    ),
    h(
      'div',
      { class: 'row2' },
      field({ name: 'school', label: t('field.school'), value: p.school, hint: t('field.school_hint') }),
      field({ name: 'class_name', label: t('field.class_name'), value: p.class_name }),
    ),
    field({ name: 'phone', label: t('field.phone'), type: 'tel', value: p.phone, inputmode: 'tel' }),
    h(
      'div',
      { class: 'row2' },
      field({
        name: 'birth_weight_kg',
        label: t('field.birth_weight'),
        unit: 'kg',
        value: p.birth_weight_kg,
        inputmode: 'decimal',
      }),
      field({
        name: 'birth_length_cm',
        label: t('field.birth_length'),
        unit: 'cm',
        value: p.birth_length_cm,
        inputmode: 'decimal',
      }),
    ),
    check({ name: 'has_kia_book', label: t('field.has_kia_book'), checked: p.has_kia_book !== false }),
    field({ name: 'notes', label: t('field.notes'), type: 'textarea', value: p.notes }),
    existing ? departureFields(p) : null,
    warn,
    h(
      'div',
      { class: 'actions' },
      h('button', { class: 'btn btn-primary btn-block', type: 'submit' }, t('field.save')),
      h('a', { class: 'btn btn-block', href: existing ? `#/person/${p.id}` : '#/' }, t('field.cancel')),
    ),
  );
}

// The probable duplicates, as links, above the buttons (also the delivery form's, for the newborn).
export function duplicatesWarning(dups) {
  return h(
    'div',
    { class: 'alert alert-warn', role: 'alert', 'data-testid': 'duplicates' },
    h('strong', {}, t('field.dup_title')),
    h(
      'ul',
      {},
      dups.map((d) =>
        h(
          'li',
          {},
          h('a', { href: `#/person/${d.person.id}` }, d.person.name),
          ` · ${date(d.person.birth_date)}${d.person.mother_name ? ` · ${t('field.child_of', { name: d.person.mother_name })}` : ''} — ${t(`field.dup_${d.reason}`)}`,
          departure(d.person) ? ` · ${leftText(d.person)}` : '',
        ),
      ),
    ),
    h('p', {}, t('field.dup_help')),
  );
}

// An edit of a person the server has sends only what the kader changed since the server's copy.
function withChanges(record, existing) {
  const base = existing && (existing._base || (existing.version ? existing : null));
  if (!base) return null;
  record._base = base._base
    ? base._base
    : Object.fromEntries(Object.entries(base).filter(([k]) => !k.startsWith('_')));
  record._changed = Object.keys(record).filter(
    (k) => !k.startsWith('_') && JSON.stringify(record[k] ?? null) !== JSON.stringify(record._base[k] ?? null),
  );
  // The server checks the departure as a pair: a new date alone still carries its reason, and vice versa.
  if (record._changed.some((k) => k === 'left_on' || k === 'left_reason'))
    record._changed = [...new Set([...record._changed, 'left_on', 'left_reason'])];
  return base;
}

// Handlers: a change asks about duplicates again; a save checks, warns once about duplicates, then saves.
function bind(form, { p, existing, warn }, app) {
  let confirmed = false;
  form.addEventListener('input', () => {
    confirmed = false;
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const record = read(form, p, app);
    if (!showErrors(form, validate(record))) return;
    const dups = findDuplicates(record, await persons());
    if (dups.length && !confirmed) {
      warn.replaceChildren(duplicatesWarning(dups));
      confirmed = true; // a second tap on "Simpan" saves anyway; the bidan still sees the probable duplicate
      form.querySelector('button[type=submit]').textContent = t('field.save_anyway');
      warn.querySelector('a').focus();
      return;
    }
    const base = withChanges(record, existing);
    await outbox.save('person', record, base ? (existing._server?.version ?? base.version ?? null) : null);
    app.saved();
    app.go(`person/${record.id}`);
  });
}

export async function show({ mode, id }, app) {
  // Loading: the person being edited, or a new one.
  const [existing] = await Promise.all([mode === 'edit' ? loadPerson(id) : null, loadRuleData(['growth_rules'])]);
  const p = existing || { id: crypto.randomUUID(), has_kia_book: true };
  const warn = h('div', { 'aria-live': 'polite' });
  const form = render(p, existing, warn);
  bind(form, { p, existing, warn }, app);
  return { el: form, form: true, title: existing ? t('field.edit_person') : t('field.register_new') };
}
