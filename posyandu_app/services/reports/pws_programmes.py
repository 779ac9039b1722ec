"""PWS programme tables: for each of the dashboard's months, immunization coverage (each vaccine dose, IDL by 12
months) and adolescent girls (anaemia among those Hb-tested, TTD coverage), each with a traffic light against its
target. A few queries per range of months, never one per month (docs/REPORTS.md, docs/PERFORMANCE.md)."""
from collections import defaultdict

from sqlalchemy import and_, case, func, select

from ...domain import immunization as schedule_rules
from ...domain.data import load
from ...extensions import db
from ...models import Immunization, Person, YouthScreening
from .immunization import idl_cohorts
from .periods import Month, byte_order, not_left_by, registered_on, years_ago
from .rollup import ratio
from .youth import ANAEMIA, TTD

# A dose recommended before the first birthday (the IDL age of the rule data) is counted against the infants (0-11
# months, "sasaran bayi"); a booster from then on (DPT-HB-Hib 4, MR 2, PCV 3) against the children of 12-23 months
# ("sasaran baduta").
_FIRST_BIRTHDAY = load("immunization_rules")["idl"]["by_age"]
_DAY0 = "2000-01-01"  # any day: a dose is a booster when its recommended age is not before the first birthday's
_BOOSTER_FROM = schedule_rules.shift(_DAY0, _FIRST_BIRTHDAY)
DOSES = tuple((entry["code"], entry["label"],
               "baduta" if schedule_rules.shift(_DAY0, entry["recommended"]) >= _BOOSTER_FROM else "infants")
              for entry in schedule_rules.schedule())
DOSE_TARGET, IDL_TARGET = "imm_dose", "idl"  # pws_targets.json entries: one target for every dose, one for IDL
YOUTH_ROWS = (("youth_anaemia_girls", "anaemia", "hb_tested"), ("youth_ttd", "ttd_given", "ttd_eligible"))


def _index(column, months):
    """SQL CASE: the index in `months` (consecutive) of the month a date falls in; the caller bounds the dates."""
    *earlier, _ = months
    return case(*[(column <= m.last, i) for i, m in enumerate(earlier)], else_=len(earlier)) if earlier else 0


def _populations(posyandu_ids, months):
    """{month key: {"infants": n, "baduta": n}} on the register at each month end: one scan of the register."""
    columns = []
    for m in months:
        one, two = years_ago(m.last, 1), years_ago(m.last, 2)
        here = not_left_by(m.last)
        columns += [func.sum(case((and_(Person.birth_date <= m.last, Person.birth_date > one, here), 1),
                                  else_=0)).label(f"infants|{m.key}"),
                    func.sum(case((and_(Person.birth_date <= one, Person.birth_date > two, here), 1),
                                  else_=0)).label(f"baduta|{m.key}")]
    row = db.session.execute(select(*columns).where(
        Person.posyandu_id.in_(posyandu_ids), registered_on(months[0].last),
        Person.birth_date > years_ago(months[0].last, 2))).mappings().one()
    out = defaultdict(dict)
    for column, value in row.items():
        name, key = column.split("|")
        out[key][name] = int(value or 0)
    return out


def _doses_by_month(posyandu_ids, months):
    """{dose code: [counted doses given in each of the 12 months up to each month end]}: one grouped query over
    the 12 + 11 months, summed into rolling years here."""
    span = [months[0].shift(offset) for offset in range(-11, len(months))]
    month_index = _index(Immunization.visit_date, span).label("m")
    rows = db.session.execute(
        select(Immunization.antigen, Immunization.dose, month_index, func.count())
        .where(Immunization.posyandu_id.in_(posyandu_ids), Immunization.is_current.is_(True),
               Immunization.counted.is_(True), Immunization.visit_date >= span[0].first,
               Immunization.visit_date <= span[-1].last)
        .group_by(Immunization.antigen, Immunization.dose, month_index))
    per_month = defaultdict(lambda: [0] * len(span))
    for antigen, dose, index, n in rows:
        per_month[f"{antigen}_{dose}"][index] += n
    return {code: [sum(counts[i:i + 12]) for i in range(len(months))] for code, counts in per_month.items()}


def _youth_by_month(posyandu_ids, months):
    """{month key: {hb_tested, anaemia, ttd_eligible, ttd_given}} of the girls screened in each month (their latest
    current screening of the month, as the monthly youth recap): one windowed query over the range."""
    s = YouthScreening
    month_index = _index(s.visit_date, months)
    month_last = case(*[(s.visit_date <= m.last, m.last) for m in months[:-1]], else_=months[-1].last) \
        if len(months) > 1 else months[0].last
    rank = func.row_number().over(partition_by=(byte_order(s.person_id), month_index),
                                  order_by=(s.visit_date.desc(), s.created_at.desc(), byte_order(s.id).desc()))
    ranked = (select(month_index.label("m"), s.age_years, s.hb_g_dl, s.anaemia_class, s.ttd_given, rank.label("rank"))
              .join(Person, Person.id == s.person_id)
              .where(s.posyandu_id.in_(posyandu_ids), s.is_current.is_(True), Person.sex == TTD["sex"],
                     s.visit_date >= months[0].first, s.visit_date <= months[-1].last, registered_on(month_last))
              .subquery("ranked"))
    c = ranked.c
    eligible = and_(c.age_years >= TTD["age_min_years"], c.age_years <= TTD["age_max_years"])
    count = lambda condition: func.sum(case((condition, 1), else_=0))  # noqa: E731
    query = (select(c.m, count(c.hb_g_dl.is_not(None)).label("hb_tested"),
                    count(c.anaemia_class.in_(ANAEMIA)).label("anaemia"), count(eligible).label("ttd_eligible"),
                    count(and_(eligible, c.ttd_given > 0)).label("ttd_given"))
             .where(c.rank == 1).group_by(c.m))
    return {months[row["m"]].key: {key: int(row[key] or 0) for key in ("hb_tested", "anaemia", "ttd_eligible",
                                                                          "ttd_given")}
            for row in db.session.execute(query).mappings()}


def _idl_by_month(posyandu_ids, months):
    """{month key: (children reaching 12 months in the month, of them IDL complete)}: one cohort read for the range."""
    out = defaultdict(lambda: [0, 0])
    for person, idl, month in idl_cohorts(posyandu_ids, months[0], months[-1]):
        out[month.key][0] += 1
        out[month.key][1] += idl["status"]["code"] == "complete"
    return out


def _row(key, name, numerators, denominators, target, all_targets, light):
    values = [ratio(n, d) for n, d in zip(numerators, denominators)]
    return {"key": key, "name": name, "target": target, "values": values, "numerators": numerators,
            "denominators": denominators, "light": light(target, values[-1], all_targets)}


def tables(posyandu_ids, months: list[Month], all_targets: dict, light) -> dict:
    """{"immunization": [row], "youth": [row], "groups": {dose code: "infants" | "baduta"}}; a row: {"key",
    "name" ({"id","en"} or None: a catalog key's), "target", "values" (% per month), "numerators", "denominators", "light" (of the last month)}."""
    if not posyandu_ids:
        return {"immunization": [], "youth": [], "groups": {}}
    populations = _populations(posyandu_ids, months)
    doses = _doses_by_month(posyandu_ids, months)
    immunization_rows = [
        _row(f"dose:{code}", name, doses.get(code, [0] * len(months)),
             [populations[m.key].get(group, 0) for m in months], DOSE_TARGET, all_targets, light)
        for code, name, group in DOSES]
    idl = _idl_by_month(posyandu_ids, months)
    immunization_rows.append(_row("idl", None, [idl[m.key][1] for m in months], [idl[m.key][0] for m in months],
                                  IDL_TARGET, all_targets, light))
    youth = _youth_by_month(posyandu_ids, months)
    youth_rows = [_row(key, None, [youth.get(m.key, {}).get(top, 0) for m in months],
                       [youth.get(m.key, {}).get(bottom, 0) for m in months], key, all_targets, light)
                  for key, top, bottom in YOUTH_ROWS]
    return {"immunization": immunization_rows, "youth": youth_rows,
            "groups": {code: group for code, _, group in DOSES}}
