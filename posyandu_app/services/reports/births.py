"""Births recap for a month (issue 17): deliveries recorded with a birth date in the month, per posyandu, desa and
total: live births and stillbirths, where (a health facility or not) and by whom (a health worker or not), and low
birth weight (BBLR) among the live births weighed. The flags are the ones the delivery rules promoted (facility,
health worker, BBLR from delivery_rules.json), so the recap follows the rule data. Definitions: docs/REPORTS.md.
"""
from collections import defaultdict

from sqlalchemy import and_, case, func, select

from ...extensions import db
from ...models import Delivery, Person
from .periods import Month, in_month
from .rollup import add_up, ratio, roll_up, table_rows

# Figures in display order: counts of deliveries (one record per birth, the baby the kader weighed).
FIGURES = ("deliveries", "live_births", "stillbirths", "at_facility", "not_at_facility", "place_unknown",
           "by_health_worker", "not_by_health_worker", "attendant_unknown", "weighed", "low_birth_weight")
# The share of a figure is over the births it can concern (docs/REPORTS.md); BBLR over live births weighed.
SHARES = {"at_facility": "deliveries", "by_health_worker": "deliveries", "low_birth_weight": "weighed",
          "stillbirths": "deliveries"}


def _count(condition):
    return func.sum(case((condition, 1), else_=0))


def collect(posyandu_ids, month: Month) -> dict:
    """{posyandu_id: {figure: n}} of the current deliveries dated in the month, where they were recorded."""
    result = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    if not posyandu_ids:
        return result
    d = Delivery
    live = d.live_birth.is_(True)
    sums = {
        "deliveries": func.count(), "live_births": _count(live), "stillbirths": _count(d.live_birth.is_(False)),
        "at_facility": _count(d.facility_birth.is_(True)), "not_at_facility": _count(d.facility_birth.is_(False)),
        "place_unknown": _count(d.facility_birth.is_(None)),
        "by_health_worker": _count(d.skilled_attendant.is_(True)),
        "not_by_health_worker": _count(d.skilled_attendant.is_(False)),
        "attendant_unknown": _count(d.skilled_attendant.is_(None)),
        "weighed": _count(and_(live, d.birth_weight_kg.is_not(None))),
        "low_birth_weight": _count(and_(live, d.low_birth_weight.is_(True))),
    }
    query = (select(d.posyandu_id, *[value.label(key) for key, value in sums.items()])
             .join(Person, Person.id == d.person_id)
             .where(d.posyandu_id.in_(posyandu_ids), d.is_current.is_(True), in_month(d.visit_date, month),
                    Person.deleted_at.is_(None))
             .group_by(d.posyandu_id))
    for row in db.session.execute(query).mappings():
        result[row["posyandu_id"]] = {key: int(row[key] or 0) for key in FIGURES}
    return result


def shares(figures: dict) -> dict:
    """{figure: percentage or None} of the figures that have a share."""
    return {key: ratio(figures.get(key, 0), figures.get(base, 0)) for key, base in SHARES.items()}


def monthly_report(unit, month: Month) -> dict:
    rolled = roll_up(unit, collect(unit.posyandu_ids, month), add_up,
                     lambda figures: {"figures": dict(figures), "shares": shares(figures)})
    totals = {key: rolled["total"].get(key, 0) for key in FIGURES}
    return {"month": month, "unit": unit, "totals": totals, "shares": shares(totals),
            "rollup": table_rows(rolled["desa"])}
