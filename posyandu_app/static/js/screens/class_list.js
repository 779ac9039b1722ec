// A school class or posyandu-remaja group: pick the school and class, see who is measured today, start the class
// session, or register a whole class from a pasted list (offline, each line checked before anything is saved).
import { choose, classesOf, members, pick, readList } from '../classes.js';
import { date, t } from '../i18n.js';
import * as outbox from '../outbox.js';
import { loadRuleData, ruleData } from '../rules/data.js';
import { allVisits, persons, today } from '../store.js';
import { badge, field, h } from '../ui.js';
import { ageText } from './roster.js';

// The persons of today's posyandu (place.js), as the roster shows them.
export async function classPersons(app) {
  const everyone = await persons();
  return app.place ? everyone.filter((p) => p.posyandu_id === app.place.id) : everyone;
}

// Who has a growth check dated today (measured in this session or on any screen).
export async function measuredToday() {
  const day = today();
  const visits = await allVisits();
  return new Set(visits.filter((v) => v.entity === 'growth' && v.visit_date === day).map((v) => v.person_id));
}

const options = (values, none) => [['', none], ...values.map((v) => [v, v])];

function picker(classes, chosen, redraw) {
  const school = field({
    name: 'school',
    label: t('field.school'),
    type: 'select',
    value: chosen.school,
    options: options(Object.keys(classes), t('field.class_pick_school')),
  });
  const klass = field({
    name: 'class_name',
    label: t('field.class_name'),
    type: 'select',
    value: chosen.class_name,
    options: options(classes[chosen.school] || [], t('field.class_all')),
  });
  const change = () => {
    const s = school.querySelector('select').value;
    const c = s === chosen.school ? klass.querySelector('select').value : '';
    choose(s, c);
    redraw();
  };
  school.querySelector('select').addEventListener('change', change);
  klass.querySelector('select').addEventListener('change', change);
  return h('div', {}, school, klass);
}

function classList(list, measured) {
  if (!list.length) return h('p', { class: 'muted' }, t('field.class_empty'));
  return h(
    'ul',
    { class: 'people', 'data-testid': 'class-members' },
    list.map((p) =>
      h(
        'li',
        {},
        h(
          'a',
          { class: 'person', href: `#/person/${p.id}` },
          h('span', { class: 'person-name' }, p.name),
          h('span', { class: 'person-meta' }, [t(`field.sex_${p.sex}`), ageText(p.birth_date, today()), p.class_name]
            .filter(Boolean)
            .join(' · ')),
          h(
            'span',
            { class: 'person-badges' },
            measured.has(p.id) ? badge('ok', t('field.class_measured')) : badge('muted', t('field.class_not_yet')),
          ),
        ),
      ),
    ),
  );
}

// "Daftarkan satu kelas": school, class, the pasted lines; "Periksa" shows each line's check, then one tap saves.
function registerForm(chosen, app, done) {
  const preview = h('div', { 'aria-live': 'polite', 'data-testid': 'class-preview' });
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-testid': 'class-register' },
    h('h2', {}, t('field.class_register')),
    h('p', { class: 'hint' }, t('field.class_register_hint')),
    field({ name: 'school', label: t('field.school'), value: chosen.school, maxlength: 120 }),
    field({ name: 'class_name', label: t('field.class_name'), value: chosen.class_name, maxlength: 40 }),
    h(
      'div',
      { class: 'field', 'data-field': 'lines' },
      h('label', { for: 'class-lines' }, t('field.class_lines')),
      h('textarea', { id: 'class-lines', name: 'lines', rows: 6, placeholder: t('field.class_lines_example') }),
    ),
    h('button', { type: 'submit', class: 'btn btn-block' }, t('field.class_check')),
    preview,
  );
  // A file (CSV or text, as a school exports its list) fills the same box: checked like pasted lines.
  const file = h('input', { type: 'file', id: 'class-file', accept: '.csv,.txt,.tsv,text/csv,text/plain' });
  file.addEventListener('change', async () => {
    if (file.files[0]) form.elements.lines.value = await file.files[0].text();
  });
  form.querySelector('[data-field=lines]').after(
    h('div', { class: 'field' }, h('label', { for: 'class-file' }, t('field.class_file')), file),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const school = form.elements.school.value.trim();
    const className = form.elements.class_name.value.trim();
    if (!school) {
      preview.replaceChildren(h('p', { class: 'field-error', role: 'alert' }, t('field.class_school_required')));
      return;
    }
    const rows = readList(form.elements.lines.value, {
      school,
      className,
      persons: await persons(),
      today: today(),
      posyandu: app.place?.id ?? (app.user.posyandu_ids || [])[0] ?? app.user.facility?.id,
      ages: ruleData('youth_rules').age,
      newId: () => crypto.randomUUID(),
    });
    const good = rows.filter((r) => !r.errors.length);
    const save = h('button', { type: 'button', class: 'btn btn-primary btn-block', disabled: !good.length },
      t('field.class_register_n', { n: good.length }));
    save.addEventListener('click', async () => {
      save.disabled = true;
      for (const r of good) await outbox.save('person', r.person);
      app.saved();
      choose(school, className);
      done(t('field.class_registered', { n: good.length }));
    });
    preview.replaceChildren(
      h('p', { role: 'status' }, t('field.class_summary', { ok: good.length, bad: rows.length - good.length })),
      h('ol', { class: 'lines' }, rows.map((r) => lineItem(r))),
      save,
    );
  });
  return form;
}

function lineItem(r) {
  const p = r.person;
  const said = r.errors.map((code) =>
    t(`field.class_err_${code}`, r.match ? { name: r.match.name, date: date(r.match.birth_date) } : {}),
  );
  return h(
    'li',
    { 'data-line': r.line, class: r.errors.length ? 'line-bad' : 'line-ok' },
    h('span', {}, r.errors.length ? r.text : `${p.name} · ${t(`field.sex_${p.sex}`)} · ${date(p.birth_date)}`),
    ' ',
    r.errors.length
      ? said.map((text) => h('p', { class: 'field-error' }, text))
      : badge('ok', t('field.class_line_ok')),
  );
}

export async function show(params, app) {
  await loadRuleData(['youth_rules']);
  const el = h('div', {});
  const draw = async (notice) => {
    const people = await classPersons(app);
    const classes = classesOf(people);
    const chosen = pick();
    if (!(chosen.school in classes)) chosen.school = Object.keys(classes)[0] || '';
    const list = chosen.school ? members(people, chosen.school, chosen.class_name) : [];
    const measured = await measuredToday();
    const count = list.filter((p) => measured.has(p.id)).length;
    el.replaceChildren(
      ...[
      h('h1', {}, t('field.class_title')),
      notice ? h('p', { class: 'alert alert-ok', role: 'status' }, notice) : null,
      Object.keys(classes).length
        ? picker(classes, chosen, () => draw())
        : h('p', { class: 'muted' }, t('field.class_none')),
      list.length
        ? h(
            'p',
            { class: 'muted', id: 'class-count' },
            t('field.class_measured_count', { n: count, total: list.length }),
          )
        : null,
      list.length
        ? h('a', { class: 'btn btn-primary btn-block', href: '#/class-session' }, t('field.class_start'))
        : null,
      classList(list, measured),
      registerForm(chosen, app, (text) => draw(text)),
      ].filter(Boolean), // replaceChildren would write a null as the text "null"
    );
  };
  await draw();
  return { el, title: t('field.class_title') };
}
