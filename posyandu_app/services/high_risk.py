"""High-risk lists: people whose latest current record shows a risk, with the date that risk was first seen.

The reasons are the kinds' own: each visit kind names its risk module (`risks`, a module of services/risks/, as
`assess` names its assessment), which declares its `REASONS` and, for the reasons no single record shows, `rows()`.
This module only runs them: one SQL query per kind and life-cycle group, ordered and counted the same way for all.
A person is listed when their latest current record of the kind (below an open parent record, e.g. the ongoing
pregnancy, when the kind has one) meets the condition, for as long as the reason's `listed_days` allow; "first seen" is the earliest current record of that person
(or parent record) with the same condition. Persons who left the register (moved, died) are not followed up.
"""
import functools
import math
from datetime import date, timedelta
from importlib import import_module

from sqlalchemy import and_, case, func, or_, select

from ..clock import field_today
from ..domain.data import load
from ..extensions import db
from ..models import Person
from ..visit_kinds import kinds, parent_of
from . import scope
from .risks.common import Reason, RiskRow

__all__ = ["GROUPS", "REASONS", "REASON_CODES", "Reason", "RiskRow", "counts_by_reason", "risk_list"]

GROUPS = ("child", "school", "pregnancy", "adult")  # life-cycle groups, in the order the list shows them


def _child_max_days():
    """A child while age in months (days / 30.4375) is below the end of the WHO standards (growth_rules.json `age`)."""
    age = load("growth_rules")["age"]
    return math.ceil(age["z_max_age_months"] * age["days_per_month"])


def _school_max_days():
    """Still 5-18 years: months = days / 30.4375 <= growth_rules.json age.who2007 category_max_months."""
    age = load("growth_rules")["age"]
    return math.floor(age["who2007"]["category_max_months"] * age["days_per_month"]) + 1


# A group whose members grow out of it: a person older than this today leaves the group's list.
GROUP_AGE_LIMIT_DAYS = {"child": _child_max_days, "school": _school_max_days}


@functools.cache
def risk_modules():
    """(kind, its risk module) for every kind that declares one, in registry order."""
    return tuple((kind, import_module(f"{__package__}.risks.{kind.risks}")) for kind in kinds() if kind.risks)


def _ordered_reasons():
    reasons = [reason for _, module in risk_modules() for reason in module.REASONS]
    return sorted(reasons, key=lambda reason: GROUPS.index(reason.group))  # stable: registry order in a group


REASONS: tuple[Reason, ...] = tuple(_ordered_reasons())
REASON_CODES = [reason.code for reason in REASONS]
WORDS_OF = {reason.code: reason.words for reason in REASONS}  # how web/risk_details.py words a row's facts
assert len(set(REASON_CODES)) == len(REASON_CODES), "a reason code is declared by two kinds"


def _open(parent):
    """The parent record is still open (client.open of its kind: a pregnancy with no outcome yet) and not deleted."""
    model, spec = parent.model, parent.client.open
    column = getattr(model, spec.field)
    named = [value for value in spec.values if value is not None]
    is_open = or_(column.in_(named), column.is_(None)) if None in spec.values else column.in_(named)
    return (is_open, model.deleted_at.is_(None)) if hasattr(model, "deleted_at") else (is_open,)


def _first_seen(model, partition, conditions, in_scope) -> dict:
    """{person or parent record: the earliest current visit date meeting each condition (None: never)}."""
    query = (select(partition, *[func.min(case((condition, model.visit_date))) for condition in conditions])
             .where(*in_scope, or_(*conditions)).group_by(partition))
    return {key: firsts for key, *firsts in db.session.execute(query)}


def _visit_rows(kind, reasons, allowed, today):
    """All rows of one kind and group: the window over records is computed once for every reason.

    Two statements, not one: joined to the latest records, PostgreSQL misjudged how many there are (a few hundred
    for thousands) and rescanned the first-seen aggregate once per row. Who never met a condition cannot be listed,
    so the window runs over the others' records only (a semi-join: a list of their ids in the statement cost more to
    send and parse than it saved). The latest record is joined back by id and visit date, so that each lookup reads
    only its year's partition (services/visit_partitions.py)."""
    model, parent = kind.model, parent_of(kind)
    partition = getattr(model, kind.parent) if parent else model.person_id
    conditions = [reason.condition(model) for reason in reasons]
    in_scope = (model.is_current.is_(True), model.posyandu_id.in_(allowed))
    first_of = _first_seen(model, partition, conditions, in_scope)
    if not first_of:
        return
    ever_met = select(partition).where(*in_scope, or_(*conditions))
    ranked = (select(model.id.label("visit_id"), model.visit_date.label("visit_date"),
                     func.row_number().over(partition_by=partition,
                                            order_by=(model.visit_date.desc(), model.created_at.desc())).label("rn"))
              .where(*in_scope, partition.in_(ever_met)).subquery())
    hits = [case((condition, True), else_=False).label(f"hit_{index}") for index, condition in enumerate(conditions)]
    query = (select(model, Person, *hits)
             .join(ranked, and_(ranked.c.visit_id == model.id, ranked.c.visit_date == model.visit_date))
             .join(Person, Person.id == model.person_id)
             .where(ranked.c.rn == 1, or_(*conditions), Person.deleted_at.is_(None), Person.left_on.is_(None)))
    if parent:
        query = query.join(parent.model, parent.model.id == partition).where(*_open(parent))
    limit = GROUP_AGE_LIMIT_DAYS.get(reasons[0].group)
    if limit:
        query = query.where(Person.birth_date > today - timedelta(days=limit()))
    count = len(reasons)
    for visit, person, *found in db.session.execute(query):
        key = getattr(visit, kind.parent) if parent else visit.person_id
        # a person who first met a condition between the two statements (a push just landed): seen on this record
        for reason, first_seen, hit in zip(reasons, first_of.get(key) or [visit.visit_date] * count, found):
            until = reason.listed_until(visit.visit_date)  # a reason listed only for a while after the record
            if hit and (until is None or today <= until):
                yield RiskRow(reason.code, reason.group, person, kind.entity, visit, first_seen, visit.visit_date,
                              reason.facts(visit), reason.urgent)


def risk_list(user, group: str | None = None, reason: str | None = None, posyandu_id: int | None = None,
              open_only: bool = False, today: date | None = None) -> list[RiskRow]:
    """Every at-risk person in the user's scope, ordered by reason then by how long the risk has been seen."""
    today = today or field_today()  # the date rules' today (clock.py)
    allowed = scope.posyandu_ids(user)
    if posyandu_id is not None:
        allowed = [pid for pid in allowed if pid == posyandu_id]
    rows = []
    for kind, module in risk_modules():
        chosen = [item for item in module.REASONS if (not group or item.group == group)
                  and (not reason or item.code == reason)]
        by_record = [item for item in chosen if item.condition]
        for grp in dict.fromkeys(item.group for item in by_record):  # one query per group: each has its own ages
            rows.extend(_visit_rows(kind, [item for item in by_record if item.group == grp], allowed, today))
        listed = {item.code for item in chosen if not item.condition}
        if listed:
            rows.extend(module.rows(kind, listed, allowed, today))
    if open_only:
        rows = [row for row in rows if not row.followed_up]
    order = {code: index for index, code in enumerate(REASON_CODES)}
    rows.sort(key=lambda row: (order[row.reason], row.first_seen, row.person.name_normalized))
    return rows


def counts_by_reason(rows) -> dict[str, int]:
    counts = dict.fromkeys(REASON_CODES, 0)
    for row in rows:
        counts[row.reason] += 1
    return counts
