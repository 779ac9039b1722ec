"""WHO child growth z-scores as WHO anthro (0-5 y) and anthroplus (5-19 y) compute them, and the assessment."""
import math

from . import kms as kms_rules
from . import nutrition
from .age import age_in_days, age_in_months, check_dates, completed_months
from .data import load
from .errors import DomainValidationError
from .growth_input import parse_measure, parse_measured, parse_oedema, parse_sex, parse_weighings
from .growth_tables import lms_by_day, lms_by_length, lms_by_month
from .rounding import round_half_away, snap6

INDICES = ("waz", "haz", "whz", "baz", "hcz", "acz")


def lms_z(y, l, m, s):
    """Plain LMS z = ((y/M)^L - 1) / (L*S). Source: WHO Child Growth Standards, Methods and development, ch. 7."""
    if l == 0:
        return math.log(y / m) / s
    return ((y / m) ** l - 1) / (s * l)


def restricted_z(y, l, m, s):
    """LMS z restricted beyond +-3 SD: 3 + (y - SD3)/(SD3 - SD2) and -3 + (y - SD-3)/(SD-2 - SD-3), where
    SD(k) = M(1 + L*S*k)^(1/L). Source: WHO anthro compute_zscore_adjusted (WFA, WFL/WFH, BMI, MUAC)."""
    z = lms_z(y, l, m, s)
    if z > 3 or z < -3:
        def sd(k):
            return m * (1 + l * s * k) ** (1 / l)
        if z > 3:
            sd3, sd2 = sd(3), sd(2)
            return 3 + (y - sd3) / (sd3 - sd2)
        sd3, sd2 = sd(-3), sd(-2)
        return -3 + (y - sd3) / (sd2 - sd3)
    return z


def implausible(index, z):
    """Implausible-value flag on the rounded z: WAZ < -6 or > 5; HAZ |z| > 6; WHZ, BAZ, HCZ, ACZ |z| > 5; None
    without z. Source: WHO anthro flag thresholds (growth_rules.json implausible)."""
    if z is None:
        return None
    limit = load("growth_rules")["implausible"][index]
    return z < limit["below"] or z > limit["above"]


def codes_to_messages(section, codes):
    """[{"code", "id", "en"}] for the given codes, in the order of growth_rules.json[section] (stable in both twins).

    Source: texts of growth_rules.json (referrals, escalations, warnings), each group with its source there.
    """
    table = load("growth_rules")[section]
    return [{"code": code, "id": table[code]["id"], "en": table[code]["en"]} for code in table if code in codes]


def zscores(sex, age_days, weight_kg=None, length_cm=None, measured=None, head_cm=None, muac_cm=None,
            oedema=False):
    """Z-scores for one measurement, age given in days (may be fractional, as WHO anthro allows).

    Validates like assess_growth (raises DomainValidationError) and returns the "measurement" part of its
    output: age_days, age_months, length_adjusted_cm, bmi, position_flag, whz_table, z, flags, warnings.
    Source: WHO anthro anthro_zscores (R, WorldHealthOrganization/anthro), DOMAIN.md 2.1.
    """
    errors = {}
    sex = parse_sex(sex, errors)
    age = parse_measure("age_days", age_days, errors, required=True)
    values = {f: parse_measure(f, v, errors) for f, v in
              (("weight_kg", weight_kg), ("length_cm", length_cm), ("head_cm", head_cm), ("muac_cm", muac_cm))}
    measured = parse_measured(measured, errors)
    oedema = parse_oedema(oedema, errors)
    if errors:
        raise DomainValidationError(errors)
    result = compute(sex, age, values["weight_kg"], values["length_cm"], measured, values["head_cm"],
                     values["muac_cm"], oedema)
    result["warnings"] = codes_to_messages("warnings", result["warnings"])
    return result


def compute(sex, age_days, weight, length, measured, head, muac, oedema):
    """Z-scores from already validated inputs (sex 'M'/'F', measured 'L'/'H'/None); warnings as a set of codes.

    Source: WHO anthro anthro_zscores and its helpers (adjust_lenhei, weight-for-lenhei, flags), DOMAIN.md 2.1.
    """
    rules = load("growth_rules")
    meas = rules["measurement"]
    day = math.floor(age_days + 0.5)  # WHO anthro round_up: table row for a fractional age
    months = age_in_months(age_days)
    warnings = set()
    raw = dict.fromkeys(INDICES)

    position_flag = measured == "H" and months < meas["standing_min_age_months"]
    used = None if position_flag else measured  # WHO: standing under 9 months -> position ignored, flagged
    clen = bmi = whz_table = None
    if position_flag:
        warnings.add("standing_under_9_months")
    under_five = months < rules["age"]["z_max_age_months"]
    if length is not None:
        if measured is None and under_five:  # from 5 years height is taken standing (WHO 2007 reference)
            warnings.add("position_unknown")
        shift = meas["position_adjust_cm"]
        if used == "H" and day < meas["height_from_day"]:
            clen = snap6(length + shift)
        elif used == "L" and day >= meas["height_from_day"]:
            clen = snap6(length - shift)
        else:
            clen = snap6(length)
        if weight is not None:
            metres = clen / 100
            bmi = weight / (metres * metres)  # x*x, not x**2: identical in both twins; WHO uses the adjusted length

    if oedema:
        warnings.add("oedema_weight_indices")
    if not under_five:
        _who2007(raw, warnings, rules["age"]["who2007"], sex, months, weight, clen, bmi, head, muac, oedema)
    else:
        if weight is not None and not oedema:
            raw["waz"] = _by_day(restricted_z, "wfa", sex, day, weight)
        if clen is not None:
            raw["haz"] = _by_day(lms_z, "lhfa", sex, day, clen)
        if weight is not None and clen is not None:
            spec = meas["wfl"] if day <= meas["wfl"]["max_age_days"] else meas["wfh"]
            whz_table = spec["table"]
            if not spec["min_cm"] <= clen <= spec["max_cm"]:
                warnings.add("length_outside_wfl" if whz_table == "wfl" else "height_outside_wfh")
            elif not oedema:
                lms = lms_by_length(whz_table, sex, clen)
                raw["whz"] = restricted_z(weight, *lms) if lms else None
            if not oedema:
                raw["baz"] = _by_day(restricted_z, "bfa", sex, day, bmi)
        if head is not None:
            raw["hcz"] = _by_day(lms_z, "hcfa", sex, day, head)
        if muac is not None:
            if day < meas["acz_min_age_days"]:
                warnings.add("muac_z_under_91_days")
            else:
                raw["acz"] = _by_day(restricted_z, "acfa", sex, day, muac)

    z = {k: round_half_away(v) for k, v in raw.items()}  # round to 2 decimals THEN flag (WHO anthro order)
    flags = {k: implausible(k, v) for k, v in z.items()}
    return {
        "age_days": age_days,
        "age_months": round_half_away(months),
        "length_adjusted_cm": clen,
        "bmi": round_half_away(bmi),
        "position_flag": position_flag,
        "whz_table": whz_table,
        "z": z,
        "flags": flags,
        "warnings": warnings,
    }


def _who2007(raw, warnings, spec, sex, months, weight, height, bmi, head, muac, oedema):
    """WHO 2007 reference, 5-19 years, as WHO anthroplus anthroplus_zscores: weight-for-age to 120 months and
    BMI-for-age restricted beyond +-3 SD, height-for-age plain LMS; oedema blanks the weight-based z."""
    if months > spec["max_months"]:
        warnings.add("age_over_228_months")
        return
    if weight is not None and months > spec["wfa_max_months"]:
        warnings.add("waz_over_120_months")
    elif weight is not None and not oedema:
        raw["waz"] = _by_month(restricted_z, "wfa_2007", sex, months, spec["wfa_max_months"], weight)
    if height is not None:
        raw["haz"] = _by_month(lms_z, "hfa_2007", sex, months, spec["max_months"], height)
    if bmi is not None and not oedema:
        raw["baz"] = _by_month(restricted_z, "bfa_2007", sex, months, spec["max_months"], bmi)
    if head is not None or muac is not None:
        warnings.add("under5_only_indices")


def _by_month(fn, indicator, sex, months, last, y):
    lms = lms_by_month(indicator, sex, months, last)
    return fn(y, *lms) if lms else None


def _by_day(fn, indicator, sex, day, y):
    lms = lms_by_day(indicator, sex, day)
    return fn(y, *lms) if lms else None


def assess_growth(sex, birth_date, visit_date, weight_kg=None, length_cm=None, measured=None, head_cm=None,
                  muac_cm=None, oedema=False, previous_weighings=(), today=None):
    """Assess one child growth visit: WHO z-scores, PMK 2/2020 categories, KMS code, referrals. Pure and offline.

    Input: sex "M"/"F"/"L"/"P" (any case); birth_date, visit_date ISO "YYYY-MM-DD" (or datetime.date);
    weight_kg, length_cm, head_cm, muac_cm numbers or None; measured "L" (lying) / "H" (standing) / None;
    oedema bool (bilateral pitting oedema); previous_weighings [{"date": ISO, "weight_kg": n}, ...] (any order;
    entries from the visit's month on are ignored); today ISO date for the future-date check (default: today).
    Raises DomainValidationError(field_errors={field: {"id", "en"}}) for impossible input.

    Output (JSON-serialisable; the JS twin assessGrowth returns the same keys):
      sex "M"|"F", age_days int, age_months float (2 dec), age_completed_months int,
      length_adjusted_cm float|None (after the +-0.7 cm position rule), bmi float|None (2 dec),
      position_flag bool (standing under 9 months), whz_table "wfl"|"wfh"|None,
      z {waz, haz, whz, baz, hcz, acz: float (2 dec)|None}, flags {same keys: bool|None, True = implausible},
      categories {waz, haz, whz, baz, hcz, muac: {"code","id","en"}|None}, stunting bool|None,
      kms {code "N"|"T"|"O"|"B"|None, gain_g int|None, kbm_g int|None, two_t bool, bgm bool|None,
           above_orange bool|None},
      vitamin_a {due bool, capsule "blue"|"red"|None, id str|None, en str|None},
      referrals, escalations, warnings: [{"code", "id", "en"}] (escalations = reasons for the pustu/puskesmas).
    Sources: WHO anthro; PMK 2/2020; Buku KIA 2023 (KMS); DOMAIN.md 2 (see docs/rules/growth.md).
    """
    errors = {}
    sex = parse_sex(sex, errors)
    birth, visit = check_dates(birth_date, visit_date, today, errors)
    values = {f: parse_measure(f, v, errors) for f, v in
              (("weight_kg", weight_kg), ("length_cm", length_cm), ("head_cm", head_cm), ("muac_cm", muac_cm))}
    measured = parse_measured(measured, errors)
    oedema = parse_oedema(oedema, errors)
    weighings = parse_weighings(previous_weighings, birth, visit, errors)
    if errors:
        raise DomainValidationError(errors)

    days = age_in_days(birth, visit)
    weight, muac = values["weight_kg"], values["muac_cm"]
    core = compute(sex, days, weight, values["length_cm"], measured, values["head_cm"], muac, oedema)
    months = age_in_months(days)
    warnings = core.pop("warnings")
    if muac is not None and not nutrition.muac_applies(months):
        warnings.add("muac_category_age")
    categories = nutrition.categorize(core["z"], core["flags"], muac, months)
    under_five = months < load("growth_rules")["age"]["z_max_age_months"]
    # KMS (N/T/O/B, BGM, orange line) is the balita card: from 5 years there is no code and no line
    kms = kms_rules.kms_status(birth, visit, weight if under_five else None, weighings)
    kms.update(kms_rules.weight_lines(core["z"]["waz"] if under_five else None, core["flags"]["waz"]))
    referral_codes = nutrition.referral_codes(categories, core["flags"], kms, oedema)
    escalation_codes = nutrition.escalation_codes(categories, oedema, months, weight)
    return {
        "sex": sex,
        **core,
        "age_completed_months": completed_months(days),
        "categories": categories,
        "stunting": nutrition.is_stunted(core["z"]["haz"], core["flags"]["haz"]),
        "kms": kms,
        "vitamin_a": kms_rules.vitamin_a(completed_months(days), visit),
        "referrals": codes_to_messages("referrals", referral_codes),
        "escalations": codes_to_messages("escalations", escalation_codes),
        "warnings": codes_to_messages("warnings", warnings),
    }
