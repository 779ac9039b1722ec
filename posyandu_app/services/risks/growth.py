"""High-risk reasons of a growth check: under-fives (WHO 2006 z-scores, KMS, MUAC) and 5-18 years (BMI-for-age).

Sources: the categories and flags the growth twins promote (growth_rules.json, PMK 2/2020); the MUAC bands and the
5-18 years high-risk bands are read from growth_rules.json each time the list is asked for.
"""
import math

from sqlalchemy import and_, or_

from ...domain.data import load
from .common import Reason, values, z_of

IMPLAUSIBLE_INDICES = ("waz", "haz", "whz", "baz", "hcz", "acz")
# high-risk BMI-for-age bands at 5-18 years (growth_rules.json categories_5_18, "high_risk": true) -> reason code
SCHOOL_BANDS = {"severely_thin": "severe_thinness", "obese": "obesity"}
assert {b["code"] for b in load("growth_rules")["categories_5_18"]["baz"]["bands"] if b.get("high_risk")} == \
    set(SCHOOL_BANDS), "growth_rules.json high_risk bands and SCHOOL_BANDS must name the same bands"


def _implausible(model):
    return or_(*[model.results["flags"][index].as_boolean().is_(True) for index in IMPLAUSIBLE_INDICES])


def _implausible_facts(visit):
    results = visit.results or {}
    return {"z": {index: (results.get("z") or {}).get(index)
                  for index in IMPLAUSIBLE_INDICES if (results.get("flags") or {}).get(index)}}


def _low_muac(model):
    """Child MUAC not normal: below the highest cut of growth_rules.json `muac` bands, within its age range."""
    spec = load("growth_rules")["muac"]
    below = max(band["lt"] for band in spec["bands"] if "lt" in band)
    return and_(model.muac_cm < below, model.age_months >= spec["min_age_months"],
                model.age_months < spec["max_age_months"])


def band_condition(code):
    """A plausible BMI-for-age z inside the categories_5_18 band `code`, measured at 5-18 years (age.who2007
    from_months..category_max_months). The bounds are the bands' own, as nutrition.category_5_18 decides on the
    promoted (rounded) baz; a flagged baz (growth_rules.json implausible) has no category."""
    def condition(model):
        rules = load("growth_rules")
        bands, spec = rules["categories_5_18"]["baz"]["bands"], rules["age"]["who2007"]
        per, limit = rules["age"]["days_per_month"], rules["implausible"]["baz"]
        index = next(i for i, band in enumerate(bands) if band["code"] == code)
        parts = [model.baz.is_not(None), model.baz >= limit["below"], model.baz <= limit["above"],
                 model.age_days >= math.ceil(spec["from_months"] * per),
                 model.age_days <= math.floor(spec["category_max_months"] * per)]
        if index > 0:
            below = bands[index - 1]
            parts.append(model.baz >= below["lt"] if "lt" in below else model.baz > below["le"])
        band = bands[index]
        if "lt" in band or "le" in band:
            parts.append(model.baz < band["lt"] if "lt" in band else model.baz <= band["le"])
        return and_(*parts)
    return condition


REASONS = (
    Reason("severe_wasting", "child", lambda m: m.wfh_category == "severely_wasted", z_of("whz"), "z"),
    Reason("wasting", "child", lambda m: m.wfh_category == "wasted", z_of("whz"), "z"),
    Reason("stunting", "child", lambda m: m.stunted.is_(True), z_of("haz"), "z"),
    Reason("bgm", "child", lambda m: m.bgm.is_(True), z_of("waz"), "z"),
    Reason("two_t", "child", lambda m: m.two_t.is_(True), values("weight_kg"), "weight"),
    Reason("low_muac", "child", _low_muac, values("muac_cm"), "muac"),
    Reason("implausible", "child", _implausible, _implausible_facts, "z_flags"),
    *[Reason(reason, "school", band_condition(band), z_of("baz"), "z") for band, reason in SCHOOL_BANDS.items()],
)
