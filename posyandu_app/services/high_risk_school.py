"""High-risk reasons at 5-18 years from the growth visit: BMI-for-age bands of growth_rules.json categories_5_18."""
import math

from sqlalchemy import and_

from ..domain.data import load

# high-risk BMI-for-age bands at 5-18 years (growth_rules.json categories_5_18, "high_risk": true) -> reason code
REASONS = {"severely_thin": "severe_thinness", "obese": "obesity"}
assert {b["code"] for b in load("growth_rules")["categories_5_18"]["baz"]["bands"] if b.get("high_risk")} == \
    set(REASONS), "growth_rules.json high_risk bands and REASONS must name the same bands"


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


def max_days():
    """The last day of age (days) in the 5-18 years categories: months = days / 30.4375 <= category_max_months."""
    age = load("growth_rules")["age"]
    return math.floor(age["who2007"]["category_max_months"] * age["days_per_month"])
