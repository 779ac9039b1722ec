"""Delivery (persalinan): place, attendant, outcome, and what birth weight and gestational age say (BBLR, preterm).

Entry point: `assess_delivery(delivery, hpht=None)`; twin of static/js/rules/delivery.js, data in delivery_rules.json
(birth measurement limits: growth_rules.json `birth`; delivery window: pregnancy_rules.json `limits`).

delivery:
    visit_date       "YYYY-MM-DD" (required): the day of birth
    outcome          outcomes[].code (required)
    place            places[].code          attendant   attendants[].code
    babies           1..5 whole             baby_sex    "M" | "F"
    birth_weight_kg  growth_rules birth      birth_length_cm  growth_rules birth
hpht: the pregnancy's first day of the last period ("YYYY-MM-DD" or None): the birth must be 20..45 completed
    weeks after it (as the pregnancy episode's delivery date); it dates the gestational age.
Result (plain JSON):
    {"visit_date", "gestational_weeks": int | None, "place": label | None, "facility": bool | None,
     "attendant": label | None, "skilled": bool | None, "outcome": label, "live_birth": bool, "babies": int | None,
     "birth_weight_kg": float | None, "low_birth_weight": bool | None, "preterm": bool | None,
     "flags": [label], "referrals": [{"code", "id", "en", "urgent"}]}
    where label = {"code", "id", "en"}; None: not known (not typed, or not classed for a stillbirth).
Bad input raises DomainValidationError (field -> {"code", "id", "en"}).
"""
from .data import load
from .inputs import Reader, iso, label, raise_if, referral


def _entry(entries, code):
    return next((entry for entry in entries if entry["code"] == code), None) if code is not None else None


def _codes(entries):
    return tuple(entry["code"] for entry in entries)


def assess_delivery(delivery, hpht=None):
    """Assess one recorded delivery. Sources: see delivery_rules.json."""
    rules, birth = load("delivery_rules"), load("growth_rules")["birth"]
    errors = {}
    reader = Reader(delivery, "delivery", errors)
    day = reader.date("visit_date", required=True)
    outcome = _entry(rules["outcomes"], reader.choice("outcome", _codes(rules["outcomes"]), required=True))
    place = _entry(rules["places"], reader.choice("place", _codes(rules["places"])))
    attendant = _entry(rules["attendants"], reader.choice("attendant", _codes(rules["attendants"])))
    babies = reader.number("babies", rules["babies"], integer=True)
    reader.choice("baby_sex", ("M", "F"))
    weight = reader.number("birth_weight_kg", birth["weight_kg"])
    reader.number("birth_length_cm", birth["length_cm"])
    start = Reader({"hpht": hpht}, "hpht", errors).date("hpht")
    weeks = None
    if day is not None and start is not None:
        weeks = (day - start) // 7
        bounds = load("pregnancy_rules")["limits"]["delivery_weeks_after_hpht"]
        if not bounds["min"] <= weeks <= bounds["max"]:
            reader.fail("visit_date", "delivery_out_of_range", **bounds)
    raise_if(errors)

    live = outcome["live"]
    facility = place["facility"] if place else None
    skilled = attendant["skilled"] if attendant else None
    low = rules["low_birth_weight"]
    small = weight < low["below_kg"] if live and weight is not None else None
    early = weeks < rules["preterm"]["below_weeks"] if live and weeks is not None else None
    unattended = facility is False and skilled is False
    # Findings and referrals in one fixed order (the JS twin keeps the same).
    found = [(small, low), (early, rules["preterm"]), (unattended, rules["unattended"])]
    reasons = [rules["stillbirth"]["referral"] if not live else None]
    reasons += [entry["referral"] for hit, entry in found if hit]
    return {
        "visit_date": iso(day), "gestational_weeks": weeks,
        "place": label(place) if place else None, "facility": facility,
        "attendant": label(attendant) if attendant else None, "skilled": skilled,
        "outcome": label(outcome), "live_birth": live, "babies": babies,
        "birth_weight_kg": weight, "low_birth_weight": small, "preterm": early,
        "flags": [label(entry["flag"]) for hit, entry in found if hit],
        "referrals": [referral(entry) for entry in reasons if entry],
    }
