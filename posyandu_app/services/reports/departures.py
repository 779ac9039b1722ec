"""Who left the register in the month (moved, died, other), by age at leaving, with the names.

Deaths of babies and young children are what a puskesmas asks about first, and moves explain a falling S: the
monthly report shows both next to SKDN. A person counts in the month of `left_on`; merged duplicates never count.
"""
from sqlalchemy import select

from ...domain.data import load
from ...extensions import db
from ...models import Person
from .periods import DAYS_PER_MONTH, Month

# Age at leaving in completed WHO months: babies, children, everyone older (growth_rules.json `report_age_bands`).
GROUPS = tuple((group["code"], group["from_months"], group["to_months"])
               for group in load("growth_rules")["report_age_bands"]["departures"]["groups"])
REASONS = ("moved", "died", "other")


def age_group(birth_date, left_on) -> str:
    months = (left_on - birth_date).days / DAYS_PER_MONTH
    return next(code for code, low, high in GROUPS if months >= low and (high is None or months < high))


def collect(posyandu_ids, month: Month) -> dict:
    """{"table": one row per age group with a count per reason and the total, "people": the names, by date}."""
    rows = db.session.execute(
        select(Person.name, Person.mother_name, Person.posyandu_id, Person.birth_date, Person.left_on,
               Person.left_reason)
        .where(Person.posyandu_id.in_(posyandu_ids), Person.deleted_at.is_(None), Person.merged_into_id.is_(None),
               Person.left_on >= month.first, Person.left_on <= month.last)
        .order_by(Person.left_on, Person.name)).mappings().all() if posyandu_ids else []
    counts = {code: dict.fromkeys(REASONS, 0) for code, _, _ in GROUPS}
    people = []
    for row in rows:
        group = age_group(row["birth_date"], row["left_on"])
        reason = row["left_reason"] if row["left_reason"] in REASONS else "other"
        counts[group][reason] += 1
        people.append({**row, "group": group, "reason": reason})
    table = [{"group": code, **counts[code], "total": sum(counts[code].values())} for code, _, _ in GROUPS]
    return {"table": table, "people": people}
