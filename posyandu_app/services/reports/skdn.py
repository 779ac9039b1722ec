"""SKDN / F2 monthly recap: S, K, D, N, T, 2T, O, B, BGM by sex and age band, nutrition categories, vitamin A."""
from collections import defaultdict

from sqlalchemy import and_, case, func, or_, select

from ...domain.data import load
from ...extensions import db
from ...models import GrowthVisit, Person
from .labels import growth_categories
from . import departures, immunization, youth
from .periods import (AGE_BANDS, BAND_CODES, Month, band_from_birth_date, byte_order, in_month, on_register,
                      under_five_born_after, visit_band)
from .rollup import ratio, roll_up, table_rows

SEXES = ("M", "F")
COUNTS = ("S", "K", "D", "N", "T", "2T", "O", "B", "BGM")
VITAMIN_A = load("growth_rules")["vitamin_a"]  # capsule colours by age in months, and the months they are given
# Nutrition indexes: the promoted category column and the boolean that defines its prevalence.
NUTRITION = (("wfa", "wfa_category", "underweight"), ("hfa", "hfa_category", "stunted"),
             ("wfh", "wfh_category", "wasted"))
RATIOS = (("K/S", "K", "S"), ("D/S", "D", "S"), ("D/K", "D", "K"), ("N/D", "N", "D"), ("N/D'", "N", "D'"),
          ("N/S", "N", "S"))
# The ratios the monthly page shows: in the F2 table (N/D' goes in its note) and in the posyandu → desa roll-up.
F2_RATIOS = ("K/S", "D/S", "D/K", "N/D", "N/S")
ROLLUP_RATIOS = ("K/S", "D/S", "N/D")


def registered_persons(posyandu_ids, month: Month):
    """Persons of these posyandu on the register at the end of `month` (periods.on_register)."""
    return and_(Person.posyandu_id.in_(posyandu_ids), on_register(month))


def _targets_query(posyandu_ids, month: Month):
    band = band_from_birth_date(Person.birth_date, month.last).label("band")
    return (select(Person.posyandu_id, Person.sex, band, func.count().label("S"),
                   func.sum(case((Person.has_kia_book.is_(True), 1), else_=0)).label("K"))
            .where(registered_persons(posyandu_ids, month), Person.birth_date <= month.last,
                   Person.birth_date > under_five_born_after(month.last))
            .group_by(Person.posyandu_id, Person.sex, band))


def weighed_visits(posyandu_ids, month: Month):
    """One row per child weighed in the month: the child's latest current visit with a weight, aged 0-59 months."""
    band = visit_band(GrowthVisit.age_months, Person.birth_date, month.last)
    latest_first = func.row_number().over(partition_by=byte_order(GrowthVisit.person_id),
                                          order_by=(GrowthVisit.visit_date.desc(), GrowthVisit.created_at.desc(),
                                                    byte_order(GrowthVisit.id).desc()))
    ranked = (select(GrowthVisit.posyandu_id, GrowthVisit.person_id, GrowthVisit.visit_date, GrowthVisit.age_months,
                     Person.sex, band.label("band"), GrowthVisit.kms_code,
                     GrowthVisit.two_t, GrowthVisit.bgm, GrowthVisit.stunted, GrowthVisit.wasted,
                     GrowthVisit.underweight, GrowthVisit.wfa_category, GrowthVisit.hfa_category,
                     GrowthVisit.wfh_category, latest_first.label("rank"))
              .join(Person, Person.id == GrowthVisit.person_id)
              .where(GrowthVisit.posyandu_id.in_(posyandu_ids), in_month(GrowthVisit.visit_date, month),
                     GrowthVisit.is_current.is_(True), GrowthVisit.weight_kg.is_not(None),
                     on_register(month))
              .subquery("ranked"))
    return select(ranked).where(ranked.c.rank == 1, ranked.c.band.is_not(None)).subquery("weighed")


def _flag(condition):
    return func.sum(case((condition, 1), else_=0))


def _weighed_query(weighed):
    c = weighed.c
    return (select(c.posyandu_id, c.sex, c.band, func.count().label("D"),
                   _flag(c.kms_code == "N").label("N"), _flag(c.kms_code == "T").label("T"),
                   _flag(c.kms_code == "O").label("O"), _flag(c.kms_code == "B").label("B"),
                   _flag(c.two_t.is_(True)).label("2T"), _flag(c.bgm.is_(True)).label("BGM"),
                   *[_flag(c[flag].is_(True)).label(flag) for _, _, flag in NUTRITION],
                   *[_flag(c[column].is_not(None)).label(f"{index}_measured") for index, column, _ in NUTRITION])
            .group_by(c.posyandu_id, c.sex, c.band))


def _categories_query(weighed):
    """Children per combination of the three categories (one pass over the weighed children; the caller splits
    the combinations into per-index counts)."""
    c = weighed.c
    columns = [c[column] for _, column, _ in NUTRITION]
    return select(c.posyandu_id, c.sex, *columns, func.count().label("n")).group_by(c.posyandu_id, c.sex, *columns)


def _vitamin_a_query(posyandu_ids, month: Month):
    """Children (distinct) given a vitamin A capsule at a current visit in the month, by capsule colour."""
    band = visit_band(GrowthVisit.age_months, Person.birth_date, month.last)
    return (select(GrowthVisit.posyandu_id, Person.sex, GrowthVisit.vitamin_a,
                   func.count(func.distinct(GrowthVisit.person_id)).label("n"))
            .join(Person, Person.id == GrowthVisit.person_id)
            .where(GrowthVisit.posyandu_id.in_(posyandu_ids), in_month(GrowthVisit.visit_date, month),
                   GrowthVisit.is_current.is_(True), GrowthVisit.vitamin_a.in_([c["code"] for c in VITAMIN_A["capsules"]]),
                   on_register(month), band.is_not(None))
            .group_by(GrowthVisit.posyandu_id, Person.sex, GrowthVisit.vitamin_a))


def _empty_unit():
    return {"cells": defaultdict(lambda: defaultdict(int)), "categories": defaultdict(lambda: defaultdict(int)),
            "vitamin_a": defaultdict(int)}


def collect(posyandu_ids, month: Month) -> dict:
    """Raw counts per posyandu id: cells[(band, sex)][figure], categories[(index, category)][sex], vitamin_a."""
    units = defaultdict(_empty_unit)
    if not posyandu_ids:
        return {}
    session = db.session
    for row in session.execute(_targets_query(posyandu_ids, month)).mappings():
        if row["band"] is None:
            continue
        cell = units[row["posyandu_id"]]["cells"][(row["band"], row["sex"])]
        cell["S"] += row["S"]
        cell["K"] += row["K"] or 0
    weighed = weighed_visits(posyandu_ids, month)
    extra = [flag for _, _, flag in NUTRITION] + [f"{index}_measured" for index, _, _ in NUTRITION]
    for row in session.execute(_weighed_query(weighed)).mappings():
        cell = units[row["posyandu_id"]]["cells"][(row["band"], row["sex"])]
        for figure in ("D", "N", "T", "O", "B", "2T", "BGM", *extra):
            cell[figure] += row[figure] or 0
    for row in session.execute(_categories_query(weighed)).mappings():
        for index, column, _ in NUTRITION:
            if row[column] is not None:
                units[row["posyandu_id"]]["categories"][(index, row[column])][row["sex"]] += row["n"]
    for row in session.execute(_vitamin_a_query(posyandu_ids, month)).mappings():
        units[row["posyandu_id"]]["vitamin_a"][(row["vitamin_a"], row["sex"])] += row["n"]
    return units


def merge(units: list[dict]) -> dict:
    """Sum several posyandu's raw counts (desa and puskesmas roll-ups add up posyandu, never re-count rows)."""
    total = _empty_unit()
    for unit in units:
        for key in ("cells",  "categories"):
            for cell_key, figures in unit[key].items():
                for figure, value in figures.items():
                    total[key][cell_key][figure] += value
        for cell_key, value in unit["vitamin_a"].items():
            total["vitamin_a"][cell_key] += value
    return total


def figures_for(cells: dict, bands, sexes) -> dict:
    """Counts summed over `bands` x `sexes`, plus D' (weighed this and last month = N + T) and the ratios."""
    figures = dict.fromkeys(COUNTS + tuple(f for _, _, f in NUTRITION) +
                            tuple(f"{index}_measured" for index, _, _ in NUTRITION), 0)
    for band in bands:
        for sex in sexes:
            for figure, value in cells.get((band, sex), {}).items():
                figures[figure] = figures.get(figure, 0) + value
    figures["D'"] = figures["N"] + figures["T"]
    for name, numerator, denominator in RATIOS:
        figures[name] = ratio(figures[numerator], figures[denominator])
    for index, _, flag in NUTRITION:
        figures[f"{flag}_pct"] = ratio(figures[flag], figures[f"{index}_measured"])
    return figures


def table(unit: dict) -> list[dict]:
    """The F2 rows: each band by sex (L, P, L+P), then all bands; each row has every count and ratio."""
    rows = []
    for band, _, _ in AGE_BANDS:
        for sex in (*SEXES, None):
            rows.append({"band": band, "sex": sex, **figures_for(unit["cells"], [band], [sex] if sex else SEXES)})
    for sex in (*SEXES, None):
        rows.append({"band": None, "sex": sex, **figures_for(unit["cells"], BAND_CODES, [sex] if sex else SEXES)})
    return rows


def nutrition(unit: dict, category_codes: dict) -> list[dict]:
    """Per index, each category's count by sex and its share of the children measured on that index."""
    totals = figures_for(unit["cells"], BAND_CODES, SEXES)
    sections = []
    for index, _, flag in NUTRITION:
        measured = totals[f"{index}_measured"]
        codes = list(category_codes.get(index, []))
        codes += sorted(code for (idx, code) in unit["categories"] if idx == index and code not in codes)
        rows = []
        for code in codes:
            by_sex = unit["categories"].get((index, code), {})
            count = sum(by_sex.get(sex, 0) for sex in SEXES)
            rows.append({"category": code, "M": by_sex.get("M", 0), "F": by_sex.get("F", 0), "total": count,
                         "pct": ratio(count, measured)})
        sections.append({"index": index, "flag": flag, "measured": measured, "rows": rows,
                         "prevalence": totals[f"{flag}_pct"], "cases": totals[flag]})
    return sections


def vitamin_a(unit: dict) -> list[dict]:
    """Capsules given against the eligible children in S: each capsule's eligible age bands are the SKDN bands
    within its months in growth_rules.json `vitamin_a` (blue 6-11, red 12-59)."""
    cells = unit["cells"]
    rows = []
    for spec in VITAMIN_A["capsules"]:
        capsule = spec["code"]
        bands = [code for code, low, high in AGE_BANDS if low >= spec["from_months"] and high <= spec["to_months"]]
        eligible = figures_for(cells, bands, SEXES)["S"]
        given = sum(unit["vitamin_a"].get((capsule, sex), 0) for sex in SEXES)
        rows.append({"capsule": capsule, "eligible": eligible, "given": given, "pct": ratio(given, eligible),
                     "M": unit["vitamin_a"].get((capsule, "M"), 0), "F": unit["vitamin_a"].get((capsule, "F"), 0)})
    return rows


def category_codes() -> dict:
    """Category codes in the order of the growth rules (growth_rules.json), per report index."""
    return {index: [code for code, _ in bands] for index, bands in growth_categories().items()}


def monthly_report(unit, month: Month) -> dict:
    """Everything the monthly posyandu report shows for a unit: F2 table, nutrition, vitamin A and a roll-up
    row per posyandu with desa (pustu) subtotals."""
    rolled = roll_up(unit, collect(unit.posyandu_ids, month), merge,
                     lambda counts: figures_for(counts["cells"], BAND_CODES, SEXES))
    total = rolled["total"]
    return {"month": month, "unit": unit, "f2": table(total), "nutrition": nutrition(total, category_codes()),
            "vitamin_a": vitamin_a(total), "vitamin_a_month": month.month in VITAMIN_A["months"],
            "totals": figures_for(total["cells"], BAND_CODES, SEXES), "rollup": table_rows(rolled["desa"]),
            "follow_up": children_to_follow(unit.posyandu_ids, month),
            "departures": departures.collect(unit.posyandu_ids, month),
            "youth": youth.recap(unit, month),  # the 5-18 year recap block (reports/youth.py)
            "immunization": immunization.monthly_report(unit, month)}  # doses per antigen dose, IDL by 12 months


def children_to_follow(posyandu_ids, month: Month) -> list[dict]:
    """Children weighed in the month whose latest visit is BGM or 2T (the F2 lists; a single T is counted only)."""
    if not posyandu_ids:
        return []
    w = weighed_visits(posyandu_ids, month).c
    query = (select(Person.name, Person.mother_name, Person.sex, w.posyandu_id, w.visit_date, w.age_months,
                    w.kms_code, w.two_t, w.bgm, w.wfa_category, w.hfa_category, w.wfh_category)
             .join(Person, Person.id == w.person_id)
             .where(or_(w.bgm.is_(True), w.two_t.is_(True)))
             .order_by(w.posyandu_id, w.bgm.desc(), w.two_t.desc(), Person.name))
    return [dict(row) for row in db.session.execute(query).mappings()]
