// On-the-spot results with the JS rule twins (offline); the server's result replaces them after sync.
import { deliveryBlock } from './birth.js';
import { label, num, t, date } from './i18n.js';
import { postnatalBlock } from './home_visit_result.js';
import { implausible, kind, ready } from './kinds.js';
import { loadRuleData } from './rules/data.js';
import { h, badge } from './ui.js';

// Each kind names its twin (static/js/rules/<module>.js), the function and its inputs, and its rule data.
async function loadTwin(entity) {
  await ready();
  const { twin, rule_data: data } = kind(entity);
  const [module] = await Promise.all([import(`./rules/${twin.module}.js`), loadRuleData(data)]);
  return module;
}

const loading = new Map();
// Loads a twin and its data (once); forms call it when they open so that "Simpan" answers at once.
export function preload(entity) {
  if (!loading.has(entity)) {
    loading.set(
      entity,
      loadTwin(entity).catch((error) => {
        loading.delete(entity);
        throw error;
      }),
    );
  }
  return loading.get(entity);
}

// The twin's call: the form's input fields in the declared order (a missing one lets the twin's default apply).
function call(module, entity, input) {
  const { twin } = kind(entity);
  return module[twin.function](...twin.inputs.map((name) => input[name] ?? undefined));
}

// -> {results} | {errors: {field: {id, en}}} | {unavailable: true} (twin not on this phone yet: the server decides)
export async function assess(entity, input) {
  let module;
  try {
    module = await preload(entity);
  } catch (error) {
    console.warn('rules unavailable', entity, error);
    return { unavailable: true };
  }
  try {
    return { results: call(module, entity, input) };
  } catch (error) {
    if (error && (error.field_errors || error.fieldErrors)) return { errors: error.field_errors || error.fieldErrors };
    console.error(error);
    return { unavailable: true };
  }
}

// PMK/flag codes -> colour: green normal, amber at risk, red severe.
const BAD =
  /severe|buruk|obese|obesity|danger|urgent|bgm|two_t|high|hypertension|crisis|diabetes|dependent|total|stage_2/;
const WARN =
  /under|stunt|wast|risk|over|kek|anaemia|tall|pre|moderate|elevated|positive|mild|central|smok|too_|refer|thin|stage/;
export function tone(code) {
  if (!code || code === 'normal' || code === 'N' || code === 'independent' || code === 'negative') return 'ok';
  if (BAD.test(code)) return 'bad';
  if (WARN.test(code) || code === 'T') return 'warn';
  return 'info';
}

const row = (name, value, extra) =>
  h(
    'div',
    { class: 'res-row' },
    h('span', { class: 'res-name' }, name),
    h('span', { class: 'res-value' }, value),
    extra || null,
  );
const listOf = (title, items, toneOf, cls) =>
  items && items.length
    ? h(
        'div',
        { class: `res-list ${cls || ''}` },
        h('h3', {}, title),
        h(
          'ul',
          {},
          items.map((i) => h('li', { class: `tone-${toneOf(i)}` }, label(i))),
        ),
      )
    : null;

function referralsBlock(referrals) {
  if (!referrals || !referrals.length) return h('p', { class: 'alert alert-ok' }, t('field.no_referral'));
  const urgent = referrals.some((r) => r.urgent);
  return h(
    'div',
    { class: `alert ${urgent ? 'alert-bad' : 'alert-warn'}`, role: 'alert' },
    h('strong', {}, urgent ? t('field.refer_now') : t('field.refer')),
    h(
      'ul',
      {},
      referrals.map((r) => h('li', {}, r.urgent ? h('strong', {}, label(r)) : label(r))), // the urgent ones stand out
    ),
  );
}

const INDEX_LABEL = { waz: 'BB/U', haz: 'TB/U', whz: 'BB/TB', baz: 'IMT/U', hcz: 'LK/U', acz: 'LiLA/U' };
// PMK names: lying (under 24 months) is PB, panjang badan; standing is TB, tinggi badan.
const indexLabel = (k, r) =>
  r.age_months < 24 && k === 'haz' ? 'PB/U' : r.whz_table === 'wfl' && k === 'whz' ? 'BB/PB' : INDEX_LABEL[k];
const KMS = { N: 'field.kms_N', T: 'field.kms_T', O: 'field.kms_O', B: 'field.kms_B' };

function growthBlock(r) {
  const remeasure = implausible('growth', r);
  const zRows = Object.keys(INDEX_LABEL)
    .filter((k) => r.z && r.z[k] !== null && r.z[k] !== undefined)
    .map((k) => {
      const cat = r.categories && !remeasure ? r.categories[k] : null;
      const flagged = r.flags && r.flags[k];
      return h(
        'tr',
        {},
        h('th', { scope: 'row' }, indexLabel(k, r)),
        h('td', { class: 'num' }, num(r.z[k], 2, 2)),
        h('td', {}, flagged ? badge('bad', t('field.remeasure')) : cat ? badge(tone(cat.code), label(cat)) : '–'),
      );
    });
  const kms = (!remeasure && r.kms) || {};
  const remeasureCodes = (r.referrals || []).filter((x) => x.code && x.code.startsWith('implausible_'));
  return [
    remeasure
      ? h(
          'div',
          { class: 'alert alert-bad', role: 'alert', 'data-testid': 'implausible' },
          h('strong', {}, t('field.remeasure')),
          ' ',
          t('field.implausible_saved'),
          remeasureCodes.length ? h('ul', {}, remeasureCodes.map((x) => h('li', {}, label(x)))) : null,
        )
      : null,
    zRows.length
      ? h(
          'table',
          { class: 'ztable' },
          h(
            'thead',
            {},
            h('tr', {}, h('th', {}, t('field.index')), h('th', {}, 'z'), h('th', {}, t('field.category'))),
          ),
          h('tbody', {}, zRows),
        )
      : null,
    !remeasure && r.categories && r.categories.muac
      ? row(t('field.muac'), badge(tone(r.categories.muac.code), label(r.categories.muac)))
      : null,
    kms.code
      ? row(
          'KMS',
          h(
            'span',
            {},
            badge(tone(kms.code), `${kms.code} · ${t(KMS[kms.code])}`),
            kms.gain_g !== null && kms.gain_g !== undefined
              ? ` ${t(kms.gain_g < 0 ? 'field.loss' : 'field.gain', { g: Math.abs(kms.gain_g), kbm: kms.kbm_g ?? '–' })}`
              : '',
          ),
        )
      : null,
    kms.two_t ? row('2T', badge('bad', t('field.two_t'))) : null,
    kms.bgm ? row('BGM', badge('bad', t('field.bgm'))) : null,
    r.vitamin_a && r.vitamin_a.due ? row(t('field.vitamin_a'), badge('info', label(r.vitamin_a))) : null,
    listOf(t('field.warnings'), r.warnings, () => 'warn'),
    remeasure ? null : listOf(t('field.escalations'), r.escalations, () => 'bad'),
  ];
}

function pregnancyBlock(r) {
  const ga = r.gestational_age;
  const anc = r.anc || {};
  return [
    ga ? row(t('field.ga'), t('field.ga_value', { w: ga.weeks, d: ga.days })) : null,
    r.edd ? row(t('field.edd'), date(r.edd)) : null,
    r.trimester ? row(t('field.trimester'), label(r.trimester)) : null,
    r.status ? row(t('field.status'), label(r.status)) : null,
    anc.contact_code
      ? row(
          t('field.anc_contact'),
          `${anc.contact_code}${anc.doctor_usg_required ? ` · ${t('field.doctor_usg')}` : ''}`,
        )
      : null,
    anc.next_contact
      ? row(
          t('field.anc_next'),
          `${anc.next_contact.code}${anc.next_contact.doctor_usg_required ? ` · ${t('field.doctor_usg')}` : ''}`,
        )
      : null,
    listOf(t('field.flags'), r.flags, (f) => tone(f.code)),
  ];
}

function screeningBlock(r) {
  return [
    r.bmi
      ? row(t('field.bmi'), h('span', {}, `${num(r.bmi.value, 1)} `, badge(tone(r.bmi.class.code), label(r.bmi.class))))
      : null,
    r.central_obesity !== null && r.central_obesity !== undefined
      ? row(
          t('field.waist'),
          r.central_obesity ? badge('warn', t('field.central_obesity')) : badge('ok', t('field.normal')),
        )
      : null,
    r.blood_pressure
      ? row(
          t('field.bp'),
          h(
            'span',
            {},
            badge(tone(r.blood_pressure.class.code), label(r.blood_pressure.class)),
            ' ',
            label(r.blood_pressure.follow_up),
          ),
        )
      : null,
    r.glucose
      ? row(
          t('field.glucose'),
          h('span', {}, badge(tone(r.glucose.class.code), label(r.glucose.class)), ' ', label(r.glucose.follow_up)),
        )
      : null,
    r.puma
      ? row(
          'PUMA',
          h(
            'span',
            {},
            `${r.puma.score} `,
            r.puma.refer ? badge('bad', t('field.refer')) : badge('ok', t('field.normal')),
          ),
        )
      : null,
    r.skilas
      ? row('SKILAS', r.skilas.positive ? badge('warn', t('field.positive')) : badge('ok', t('field.negative')))
      : null,
    r.adl
      ? row('ADL', h('span', {}, `${r.adl.total}/20 `, badge(r.adl.dependent ? 'warn' : 'ok', label(r.adl.level))))
      : null,
    r.glucose_test && r.glucose_test.recommended && !r.glucose
      ? listOf(t('field.glucose_test'), r.glucose_test.reasons, () => 'info')
      : null,
    listOf(t('field.flags'), r.flags, (f) => tone(f.code)),
  ];
}

// School-age/adolescent screening: each row is a finding; its action is in the flags or the referral box.
function youthBlock(r) {
  const { haemoglobin: hb, blood_pressure: bp, ttd, muac } = r;
  const yes = (key) =>
    r[key] === null || r[key] === undefined
      ? null
      : row(t(`field.${key}`), r[key] ? badge('warn', t('field.yes')) : t('field.no'));
  const ttdBadge = (x) =>
    x.given ? badge('ok', t('field.ttd_given_n', { n: x.given })) : badge('warn', t('field.ttd_due'));
  const kek = (x) => badge(x.kek ? 'warn' : 'ok', t(x.kek ? 'field.kek' : 'field.normal'));
  const bpNoClass = badge('info', t('field.bp_no_class'));
  return [
    hb
      ? row(t('field.anaemia'), h('span', {}, `${num(hb.value, 1)} g/dL `, badge(tone(hb.class.code), label(hb.class))))
      : null,
    ttd && ttd.due ? row(t('field.ttd'), ttdBadge(ttd)) : null,
    muac
      ? row(t('field.muac'), h('span', {}, `${num(muac.value, 1)} cm `, kek(muac)))
      : null,
    bp ? row(t('field.bp'), bp.class ? badge(tone(bp.class.code), label(bp.class)) : bpNoClass) : null,
    yes('smoking'),
    yes('vaping'),
    listOf(t('field.flags'), r.flags, (f) => tone(f.code)),
  ];
}

// The result blocks a kind may name (visit_kinds.json `result`); any other kind shows its flags and warnings.
// A vaccine dose: its status against the schedule, and any schedule warning (too early, out of order).
const immunizationBlock = (r) => [
  r.dose ? row(label(r.dose.label), label(r.dose.status)) : null,
  listOf(t('field.warnings'), r.warnings, () => 'warn'),
];
const BLOCKS = {
  growth: growthBlock,
  pregnancy: pregnancyBlock,
  screening: screeningBlock,
  youth: youthBlock,
  immunization: immunizationBlock,
  delivery: deliveryBlock,
  postnatal: postnatalBlock,
};
const plainBlock = (r) => [
  listOf(t('field.warnings'), r.warnings, () => 'warn'),
  listOf(t('field.flags'), r.flags, (f) => tone(f.code)),
];

// A flag that is also a referral (a danger sign) is said once, in the referral box, not again under "Catatan".
function withoutReferrals(r) {
  if (!Array.isArray(r.flags) || !r.referrals || !r.referrals.length) return r;
  const referred = new Set(r.referrals.map((x) => label(x)));
  return { ...r, flags: r.flags.filter((f) => !referred.has(label(f))) };
}

// The result card of a record: the server's result if it has one, else the phone's.
export function resultCard(entity, record) {
  const server = record.results && Object.keys(record.results).length ? record.results : null;
  const r = server || record.local_results;
  if (!r)
    return h(
      'section',
      { class: 'card result' },
      h('h2', {}, t('field.result')),
      h('p', { class: 'muted' }, t('field.result_after_sync')),
    );
  return h(
    'section',
    { class: 'card result', 'data-testid': 'result', 'aria-live': 'polite' },
    h(
      'h2',
      {},
      t('field.result'),
      ' ',
      h('small', { class: 'muted' }, server ? t('field.result_server') : t('field.result_local')),
    ),
    (BLOCKS[kind(entity).result] || plainBlock)(withoutReferrals(r)),
    implausible(entity, r) ? null : referralsBlock(r.referrals),
  );
}
