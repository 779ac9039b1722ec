"""School-age and adolescent (5-18 years) recap for a month, by sex and age band: anaemia, iron tablets (TTD), blood
pressure, KEK (youth screenings), BMI-for-age categories and stunting (growth checks of 5-18 years).

One person counts once per month and source: their latest current youth screening, their latest current growth check
with a weight. Which classes count is read from the rule data (youth_rules.json `anaemia` classes marked `anaemia` /
`high_risk`, blood-pressure classes with a `referral`, the TTD ages and sex, the age bands; growth_rules.json
`categories_5_18`), so the recap follows it. Definitions: docs/REPORTS.md.
"""
from collections import defaultdict

from sqlalchemy import and_, case, func, select

from ...domain.data import load
from ...extensions import db
from ...models import GrowthVisit, Person, YouthScreening
from .periods import Month, byte_order, in_month, on_register
from .rollup import ratio

_RULES = load("youth_rules")
ANAEMIA = tuple(c["code"] for c in _RULES["anaemia"]["classes"] if c.get("anaemia"))
ANAEMIA_SEVERE = tuple(c["code"] for c in _RULES["anaemia"]["classes"] if c.get("high_risk"))  # moderate, severe
HIGH_BP = tuple(c["code"] for c in _RULES["blood_pressure"]["classes"] if c.get("referral"))  # stage 1 and 2
STAGE_2 = tuple(c["code"] for c in _RULES["blood_pressure"]["classes"] if c.get("high_risk"))
TTD = _RULES["ttd"]
BANDS = tuple((band["code"], band["from_years"], band["to_years"]) for band in _RULES["report_age_bands"]["bands"])
_AGES = _RULES["age"]
BMI = {band["code"]: band for band in load("growth_rules")["categories_5_18"]["baz"]["bands"]}  # IMT/U, PMK 2/2020
# Figures in display order; each is a count of persons of the sex.
SCREENING_LINES = ("screened", "hb_tested", "anaemia", "anaemia_moderate_severe", "ttd_eligible", "ttd_given",
                   "bp_classed", "high_bp", "bp_stage_2", "kek", "smoking_or_vaping")
GROWTH_LINES = ("weighed", "bmi_classed", *(f"bmi:{code}" for code in BMI), "height_measured", "stunted")
LINES = SCREENING_LINES + GROWTH_LINES
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


def band_of(age_years) -> str | None:
    """The recap's age band of an age in completed years (None outside 5-18 or unknown)."""
    for code, low, high in BANDS:
        if age_years is not None and low <= age_years <= high:
            return code
    return None


def _screenings(posyandu_ids, month, out):
    """Adds the screening figures per (sex, band): SQL sums per sex and age in years (a few rows)."""
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
    query = select(c.sex, c.age_years, *[value.label(key) for key, value in sums.items()]).group_by(c.sex, c.age_years)
    for row in db.session.execute(query).mappings():
        for key in SCREENING_LINES:
            out[(row["sex"], band_of(row["age_years"]))][key] += int(row[key] or 0)


def _growth(posyandu_ids, month, out):
    """Adds the growth figures per (sex, band): each 5-18 year old's latest current weighing of the month; the
    BMI-for-age category is the rule twin's (its result), stunting the promoted flag."""
    v = GrowthVisit
    months_per_year = 12
    rank = func.row_number().over(partition_by=byte_order(v.person_id),
                                  order_by=(v.visit_date.desc(), v.created_at.desc(), byte_order(v.id).desc()))
    ranked = (select(Person.sex, v.age_months, v.results, v.hfa_category, v.stunted, rank.label("rank"))
              .join(Person, Person.id == v.person_id)
              .where(v.posyandu_id.in_(posyandu_ids), in_month(v.visit_date, month), v.is_current.is_(True),
                     v.weight_kg.is_not(None), v.age_months >= _AGES["min_years"] * months_per_year,
                     v.age_months < (_AGES["max_years"] + 1) * months_per_year, on_register(month))
              .subquery("ranked"))
    for sex, age_months, results, hfa, stunted in db.session.execute(
            select(ranked.c.sex, ranked.c.age_months, ranked.c.results, ranked.c.hfa_category, ranked.c.stunted)
            .where(ranked.c.rank == 1)):
        figures = out[(sex, band_of(age_months // months_per_year))]
        figures["weighed"] += 1
        bmi = (((results or {}).get("categories") or {}).get("baz") or {}).get("code")
        if bmi in BMI:
            figures["bmi_classed"] += 1
            figures[f"bmi:{bmi}"] += 1
        figures["height_measured"] += hfa is not None
        figures["stunted"] += bool(stunted)


def collect_by_band(posyandu_ids, month: Month) -> dict:
    """{(sex, band or None): {figure: n}} for the persons screened or weighed in the month."""
    out = defaultdict(lambda: dict.fromkeys(LINES, 0))
    if posyandu_ids:
        _screenings(posyandu_ids, month, out)
        _growth(posyandu_ids, month, out)
    return out


def collect(posyandu_ids, month: Month) -> dict:
    """{sex: {figure: n}} for the persons screened or weighed in the month (every band)."""
    out = {sex: dict.fromkeys(LINES, 0) for sex in SEXES}
    for (sex, _), figures in collect_by_band(posyandu_ids, month).items():
        if sex in out:
            for key in LINES:
                out[sex][key] += figures[key]
    return out


# The share of each figure is over the persons it can concern (docs/REPORTS.md).
DENOMINATOR = {"anaemia": "hb_tested", "anaemia_moderate_severe": "hb_tested", "ttd_given": "ttd_eligible",
               "high_bp": "bp_classed", "bp_stage_2": "bp_classed", "stunted": "height_measured",
               **{f"bmi:{code}": "bmi_classed" for code in BMI}}


def name_of(key: str) -> dict | None:
    """The rule data's {"id", "en"} name of a line ("bmi:thin" -> Gizi kurang), None for a catalog key's line."""
    return BMI[key[4:]] if key.startswith("bmi:") else None


def recap(unit, month: Month) -> dict:
    """{"lines": [{"key", "name", "M", "F", "total", "pct_M", "pct_F"}], "bands": [{"code", "from", "to"}],
    "by_band": [{"key", "name", "<band>": {"M", "F"}}]} for the unit's posyandu in the month."""
    by_band = collect_by_band(unit.posyandu_ids, month)
    figures = {sex: {key: sum(f[key] for (s, _), f in by_band.items() if s == sex) for key in LINES} for sex in SEXES}
    lines, table = [], []
    for key in LINES:
        line = {"key": key, "name": name_of(key), **{sex: figures[sex][key] for sex in SEXES}}
        line["total"] = line["M"] + line["F"]
        base = DENOMINATOR.get(key)
        for sex in SEXES:
            line[f"pct_{sex}"] = ratio(line[sex], figures[sex][base]) if base else None
        lines.append(line)
        table.append({"key": key, "name": name_of(key),
                      **{code: {sex: by_band[(sex, code)][key] if (sex, code) in by_band else 0 for sex in SEXES}
                         for code, _, _ in BANDS}})
    return {"lines": lines, "by_band": table,
            "bands": [{"code": code, "from": low, "to": high} for code, low, high in BANDS]}
