"""Postnatal (KF, ibu nifas) and newborn (KN) home visits: windows, danger signs, breastfeeding, the due windows.

Twin of static/js/rules/postnatal.js; data in postnatal_rules.json (sources in docs/rules/postnatal.md).

assess_postnatal_visit(delivery_date, visit): the mother's visit; day 0..kf.max_day after the delivery.
assess_newborn_visit(birth_date, visit): the baby's visit; day 0..kn.max_day after the birth.
visit: {"visit_date" (required), "danger_signs": [code], "breastfeeding": code | null,
        newborn only: "temperature_c" 30..43, "breaths_per_min" 10..150 (a value past newborn_vitals adds its sign)}
Result: {"visit_date", "day", "window": label, "danger_signs": [label], "breastfeeding": label | null,
         "danger": bool, "flags": [label], "referrals": [{"code", "id", "en", "urgent"}]}
due_windows(kind, start, as_of, visit_dates): the windows ("kf" | "kn") open on one of the next due_horizon_days
days (today included) with no visit inside them: [{"code", "id", "en", "from", "to"}] (ISO dates).
Bad input raises DomainValidationError (field -> {"code", "id", "en"}).
"""
from .data import load
from .inputs import Reader, iso, label, raise_if, referral


def _rules():
    return load("postnatal_rules")


def window(kind, day):
    """The window entry ("kf" | "kn") holding `day` days after the delivery or birth, or None."""
    return next((w for w in _rules()[kind]["windows"] if w["from_day"] <= day <= w["to_day"]), None)


def _read(kind, start_key, start, visit, errors, signs_key):
    rules = _rules()
    top = Reader({start_key: start}, "", errors)
    reader = Reader(visit, "visit", errors)
    start_day = top.date(start_key, required=True)
    day = reader.date("visit_date", required=True)
    signs = reader.codes("danger_signs", [s["code"] for s in rules[signs_key]]) or []
    feeding = reader.choice("breastfeeding", [b["code"] for b in rules["breastfeeding"]])
    if start_day is not None and day is not None and not 0 <= day - start_day <= rules[kind]["max_day"]:
        reader.fail("visit_date", "days_after_out_of_range", min=0, max=rules[kind]["max_day"])
    return reader, start_day, day, signs, feeding


def _result(kind, start_day, day, signs, feeding, signs_key, referral_key):
    rules = _rules()
    listed = [s for s in rules[signs_key] if s["code"] in signs]  # in the checklist's order
    danger = bool(listed)
    return {
        "visit_date": iso(day), "day": day - start_day, "window": label(window(kind, day - start_day)),
        "danger_signs": [label(s) for s in listed],
        "breastfeeding": next((label(b) for b in rules["breastfeeding"] if b["code"] == feeding), None),
        "danger": danger, "flags": [label(s) for s in listed],
        "referrals": [referral(rules["referrals"][referral_key])] if danger else [],
    }


def assess_postnatal_visit(delivery_date, visit):
    """A KF home visit of a mother after delivery. Sources: postnatal_rules.json (PMK 21/2021, Buku KIA)."""
    errors = {}
    _, start, day, signs, feeding = _read("kf", "delivery_date", delivery_date, visit, errors, "mother_signs")
    raise_if(errors)
    return _result("kf", start, day, signs, feeding, "mother_signs", "mother")


def assess_newborn_visit(birth_date, visit):
    """A KN home visit of a baby 0-28 days old; a measured fever, cold or fast breathing counts as the sign (MTBM)."""
    errors = {}
    reader, start, day, signs, feeding = _read("kn", "birth_date", birth_date, visit, errors, "newborn_signs")
    limits, vitals = _rules()["limits"], _rules()["newborn_vitals"]
    temperature = reader.number("temperature_c", limits["temperature_c"])
    breaths = reader.number("breaths_per_min", limits["breaths_per_min"], integer=True)
    raise_if(errors)
    heat = vitals["temperature_c"]
    if temperature is not None and temperature >= heat["fever_from"]:
        signs.append(heat["fever_sign"])
    if temperature is not None and temperature < heat["cold_below"]:
        signs.append(heat["cold_sign"])
    if breaths is not None and breaths >= vitals["breaths_per_min"]["fast_from"]:
        signs.append(vitals["breaths_per_min"]["sign"])
    return _result("kn", start, day, signs, feeding, "newborn_signs", "newborn")


def due_windows(kind, start, as_of, visit_dates=()):
    """The windows of `kind` due within the horizon (from as_of) that no visit date falls in."""
    errors = {}
    reader = Reader({"kind": kind, "start": start, "as_of": as_of, "visit_dates": visit_dates}, "", errors)
    reader.choice("kind", ("kf", "kn"), required=True)
    start_day, today = reader.date("start", required=True), reader.date("as_of", required=True)
    visits = reader.dates("visit_dates")
    raise_if(errors)
    last = today + _rules()["due_horizon_days"]["value"] - 1
    out = []
    for w in _rules()[kind]["windows"]:
        first_day, last_day = start_day + w["from_day"], start_day + w["to_day"]
        done = any(first_day <= v <= last_day for v in visits)
        if not done and last_day >= today and first_day <= last:
            out.append({**label(w), "from": iso(first_day), "to": iso(last_day)})
    return out
