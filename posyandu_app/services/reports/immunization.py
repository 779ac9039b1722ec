"""Immunization recap for a month: doses given per antigen dose (the coverage numerators) and Imunisasi Dasar
Lengkap by 12 months for the children who turned one in the month (docs/REPORTS.md)."""
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import func, select

from ...domain import immunization
from ...domain.data import load
from ...extensions import db
from ...models import Immunization, Person
from .periods import Month, in_month, not_left_by
from .rollup import add_up, ratio, roll_up, table_rows

DOSES = tuple(entry["code"] for entry in immunization.schedule())  # schedule order, from the rule data
FIGURES = ("doses", "at_posyandu", "not_counted", "idl_cohort", "idl_complete")


def _day(iso_text):
    return date.fromisoformat(iso_text)


def _doses(posyandu_ids, month: Month, result):
    """Current dose records given in the month, by where they were recorded: counted ones per dose code."""
    rows = db.session.execute(
        select(Immunization.posyandu_id, Immunization.antigen, Immunization.dose, Immunization.counted,
               Immunization.place, func.count())
        .where(Immunization.posyandu_id.in_(posyandu_ids), Immunization.is_current.is_(True),
               in_month(Immunization.visit_date, month))
        .group_by(Immunization.posyandu_id, Immunization.antigen, Immunization.dose, Immunization.counted,
                  Immunization.place))
    for posyandu_id, antigen, dose, counted, place, n in rows:
        figures = result[posyandu_id]
        if not counted:
            figures["not_counted"] += n
            continue
        figures[f"dose:{antigen}_{dose}"] += n
        figures["doses"] += n
        if place == "posyandu":
            figures["at_posyandu"] += n


def idl_cohorts(posyandu_ids, first: Month, last: Month):
    """(person, IDL status, month) of the children on the register at the end of the month in `first`..`last` in
    which they reach the IDL age: one read of the children and one of their doses for the whole range."""
    by_age = load("immunization_rules")["idl"]["by_age"]
    # Birth dates whose IDL day falls in the range; a few days of margin for month ends, filtered exactly below.
    back = {unit: -n for unit, n in by_age.items()}
    oldest = _day(immunization.shift(first.first.isoformat(), back)) - timedelta(days=4)
    people = []
    for person in db.session.scalars(select(Person).where(
            Person.posyandu_id.in_(posyandu_ids), Person.deleted_at.is_(None), Person.merged_into_id.is_(None),
            not_left_by(first.last), Person.birth_date >= oldest, Person.birth_date <= last.last)):
        month = Month.of(_day(immunization.shift(person.birth_date.isoformat(), by_age)))
        if first <= month <= last and (person.left_on is None or person.left_on > month.last):
            people.append((person, month))
    doses = defaultdict(list)
    ids = [person.id for person, _ in people]
    for chunk in range(0, len(ids), 500):  # bounded IN lists (SQLite's variable limit)
        for person_id, antigen, dose, given in db.session.execute(
                select(Immunization.person_id, Immunization.antigen, Immunization.dose, Immunization.visit_date)
                .where(Immunization.person_id.in_(ids[chunk:chunk + 500]), Immunization.is_current.is_(True))):
            doses[person_id].append({"antigen": antigen, "dose": dose, "date": given.isoformat()})
    for person, month in people:
        as_of = immunization.shift(person.birth_date.isoformat(), by_age)
        given = [d for d in doses[person.id] if d["date"] <= as_of]
        yield person, immunization.assess_immunization(person.birth_date.isoformat(), given, as_of)["idl"], month


def idl_cohort(posyandu_ids, month: Month):
    """(person, IDL status code) of the children on the register who reach the IDL age in the month."""
    for person, idl, _ in idl_cohorts(posyandu_ids, month, month):
        yield person, idl


def collect(posyandu_ids, month: Month) -> dict:
    """{posyandu_id: {figure: n}}: "dose:<code>" per dose code, and FIGURES."""
    result = defaultdict(lambda: defaultdict(int))
    if not posyandu_ids:
        return result
    _doses(posyandu_ids, month, result)
    for person, idl in idl_cohort(posyandu_ids, month):
        result[person.posyandu_id]["idl_cohort"] += 1
        result[person.posyandu_id]["idl_complete"] += idl["status"]["code"] == "complete"
    return result


def idl_share(figures: dict) -> float | None:
    return ratio(figures.get("idl_complete", 0), figures.get("idl_cohort", 0))


def monthly_report(unit, month: Month) -> dict:
    rolled = roll_up(unit, collect(unit.posyandu_ids, month), add_up, lambda figures: {"figures": dict(figures)})
    totals = dict(rolled["total"])
    return {"month": month, "unit": unit, "totals": totals, "idl_pct": idl_share(totals),
            "rollup": table_rows(rolled["desa"]), "doses": DOSES}
