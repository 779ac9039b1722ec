"""School-age and adolescent (5-18 years) recap for a month, by sex: anaemia, iron tablets (TTD), blood pressure, KEK.

One row per person screened in the month (their latest current youth screening). Which classes count is read from
youth_rules.json (`anaemia` classes marked `anaemia` / `high_risk`, blood-pressure classes with a `referral`, the TTD
ages and sex), so the recap follows the rule data. Definitions: docs/REPORTS.md.
"""
from sqlalchemy import and_, case, func, select

from ...domain.data import load
from ...extensions import db
from ...models import Person, YouthScreening
from .periods import Month, byte_order, in_month, on_register
from .rollup import ratio

_RULES = load("youth_rules")
ANAEMIA = tuple(c["code"] for c in _RULES["anaemia"]["classes"] if c.get("anaemia"))
ANAEMIA_SEVERE = tuple(c["code"] for c in _RULES["anaemia"]["classes"] if c.get("high_risk"))  # moderate, severe
HIGH_BP = tuple(c["code"] for c in _RULES["blood_pressure"]["classes"] if c.get("referral"))  # stage 1 and 2
STAGE_2 = tuple(c["code"] for c in _RULES["blood_pressure"]["classes"] if c.get("high_risk"))
TTD = _RULES["ttd"]
# Figures in display order; each is a count of persons of the sex.
LINES = ("screened", "hb_tested", "anaemia", "anaemia_moderate_severe", "ttd_eligible", "ttd_given", "bp_classed",
         "high_bp", "bp_stage_2", "kek", "smoking_or_vaping")
SEXES = ("M", "F")


def _latest(posyandu_ids, month: Month):
    s = YouthScreening
    rank = func.row_number().over(partition_by=byte_order(s.person_id),
                                  order_by=(s.visit_date.desc(), s.created_at.desc(), byte_order(s.id).desc()))
    ranked = (select(Person.sex, s.age_years, s.hb_g_dl, s.anaemia_class, s.ttd_given, s.bp_class, s.kek, s.smoking,
                     s.vaping, rank.label("rank"))
              .join(Person, Person.id == s.person_id)
              .where(s.posyandu_id.in_(posyandu_ids), in_month(s.visit_date, month), s.is_current.is_(True),
                     on_register(month))
              .subquery("ranked"))
    return select(ranked).where(ranked.c.rank == 1).subquery("youth")


def _count(condition):
    return func.sum(case((condition, 1), else_=0))


def collect(posyandu_ids, month: Month) -> dict:
    """{sex: {figure: n}} for the persons screened in the month."""
    out = {sex: dict.fromkeys(LINES, 0) for sex in SEXES}
    if not posyandu_ids:
        return out
    c = _latest(posyandu_ids, month).c
    eligible = and_(c.sex == TTD["sex"], c.age_years >= TTD["age_min_years"], c.age_years <= TTD["age_max_years"])
    sums = {
        "screened": func.count(), "hb_tested": _count(c.hb_g_dl.is_not(None)),
        "anaemia": _count(c.anaemia_class.in_(ANAEMIA)),
        "anaemia_moderate_severe": _count(c.anaemia_class.in_(ANAEMIA_SEVERE)),
        "ttd_eligible": _count(eligible), "ttd_given": _count(and_(eligible, c.ttd_given > 0)),
        "bp_classed": _count(c.bp_class.is_not(None)), "high_bp": _count(c.bp_class.in_(HIGH_BP)),
        "bp_stage_2": _count(c.bp_class.in_(STAGE_2)), "kek": _count(c.kek.is_(True)),
        "smoking_or_vaping": _count((c.smoking.is_(True)) | (c.vaping.is_(True))),
    }
    query = select(c.sex, *[value.label(key) for key, value in sums.items()]).group_by(c.sex)
    for row in db.session.execute(query).mappings():
        if row["sex"] in out:
            out[row["sex"]] = {key: int(row[key] or 0) for key in LINES}
    return out


# The share of each figure is over the persons it can concern (docs/REPORTS.md).
DENOMINATOR = {"anaemia": "hb_tested", "anaemia_moderate_severe": "hb_tested", "ttd_given": "ttd_eligible",
               "high_bp": "bp_classed", "bp_stage_2": "bp_classed"}


def recap(unit, month: Month) -> dict:
    """{"lines": [{"key", "M", "F", "total", "pct_M", "pct_F"}]} for the unit's posyandu in the month."""
    figures = collect(unit.posyandu_ids, month)
    lines = []
    for key in LINES:
        line = {"key": key, **{sex: figures[sex][key] for sex in SEXES}}
        line["total"] = line["M"] + line["F"]
        base = DENOMINATOR.get(key)
        for sex in SEXES:
            line[f"pct_{sex}"] = ratio(line[sex], figures[sex][base]) if base else None
        lines.append(line)
    return {"lines": lines}
