"""Who is due a vaccine: the schedule twin over each child's current doses on a day (the next posyandu day),
grouped by posyandu and dusun, and the children with an overdue dose for the high-risk list. Returns codes and
records; the words are the edge's."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import String, cast, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from ..domain import immunization, immunization_lists
from ..extensions import db
from ..models import Facility, Immunization, Person
from . import scope


@dataclass
class DueChild:
    person: Person
    due: list  # dose codes due on the day
    overdue: list  # dose codes overdue on the day
    invalid: list  # doses given too early that do not count (the bidan decides)
    labels: dict  # dose code -> {"code", "id", "en"}
    first_overdue: date | None = None  # the earliest day one of its open doses became overdue


@dataclass
class DueGroup:
    posyandu: Facility
    day: date  # the day the list is for
    day_set: bool  # False: the posyandu has no day of the month set, the list is for today
    by_dusun: dict = field(default_factory=dict)  # dusun ('' when none) -> [DueChild], by name

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.by_dusun.values())


def next_posyandu_day(facility: Facility, today: date) -> date | None:
    """The posyandu's next meeting on or after `today` (Facility.posyandu_day), None when no day is set."""
    this_month = facility.posyandu_day_in(today.year, today.month)
    if this_month is None or this_month >= today:
        return this_month
    following = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    return facility.posyandu_day_in(following.year, following.month)


def assessed_children(posyandu_ids, on: date):
    """(person, twin result) of every child in these posyandu with a dose still open on `on`, by name."""
    oldest = date.fromisoformat(immunization.oldest_birth_date(on.isoformat()))
    people = list(db.session.scalars(select(Person).where(
        Person.posyandu_id.in_(posyandu_ids), Person.deleted_at.is_(None), Person.left_on.is_(None),
        Person.birth_date >= oldest, Person.birth_date <= on).order_by(Person.name_normalized)))
    doses = defaultdict(list)
    if people:
        rows = db.session.execute(select(Immunization.person_id, Immunization.antigen, Immunization.dose,
                                         Immunization.visit_date).where(
            Immunization.person_id.in_([p.id for p in people]), Immunization.is_current.is_(True),
            Immunization.visit_date <= on))
        for person_id, antigen, dose, given in rows:
            doses[person_id].append({"antigen": antigen, "dose": dose, "date": given.isoformat()})
    for person in people:
        yield person, immunization.assess_immunization(person.birth_date.isoformat(), doses[person.id], on.isoformat())


def _child(person, result) -> DueChild | None:
    if not (result["due"] or result["overdue"] or result["invalid"]):
        return None
    labels = {code: dose["label"] for code, dose in result["doses"].items()}
    overdue_days = [result["doses"][code]["overdue_date"] for code in result["overdue"]]
    return DueChild(person, result["due"], result["overdue"], result["invalid"], labels,
                    date.fromisoformat(min(overdue_days)) if overdue_days else None)


def due_lists(user, today: date, posyandu_id: int | None = None) -> list[DueGroup]:
    """Per posyandu in the user's scope: who to call on its next posyandu day, grouped by dusun."""
    allowed = [pid for pid in scope.posyandu_ids(user) if posyandu_id is None or pid == posyandu_id]
    groups = []
    for facility in scope.facilities_in_scope(user):
        if facility.id not in allowed:
            continue
        day = next_posyandu_day(facility, today)
        group = DueGroup(facility, day or today, day is not None)
        for person, result in assessed_children([facility.id], group.day):
            child = _child(person, result)
            if child is not None:
                group.by_dusun.setdefault(person.dusun or "", []).append(child)
        group.by_dusun = dict(sorted(group.by_dusun.items(), key=lambda item: (item[0] == "", item[0])))
        groups.append(group)
    return groups


class _iso_day(FunctionElement):
    """A date column as 'YYYY-MM-DD' text (PostgreSQL's own text form of a date follows its DateStyle setting)."""
    type = String()
    inherit_cache = True


@compiles(_iso_day)
def _iso_day_text(element, compiler, **kw):  # SQLite keeps a date as ISO text already
    return compiler.process(element.clauses, **kw)


@compiles(_iso_day, "postgresql")
def _iso_day_postgresql(element, compiler, **kw):
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM-DD')"


_FIELD, _DOSE = "\x1f", "\x1e"  # between a dose's fields, between doses: in no code and no date


def _doses_by_child(allowed, today: date) -> dict:
    """{person id: (birth date, [(antigen, dose, date)])} of the children with a current dose on or before `today`,
    one row per child (its doses as one text): read row by row, a puskesmas' ~70,000 doses cost more than the twin.
    Each child's doses come from a subquery on that child, which PostgreSQL runs by the person index: as an IN list
    of ids (or a join), the planner overestimated the rows per child and read every year's whole dose table (10 M
    visits: ~800 MB for a puskesmas, 730-880 ms against 190-270 ms, docs/PERFORMANCE.md)."""
    oldest = date.fromisoformat(immunization.oldest_birth_date(today.isoformat()))
    record = (Immunization.antigen + _FIELD + cast(Immunization.dose, String) + _FIELD
              + _iso_day(Immunization.visit_date))
    doses = (select(func.aggregate_strings(record, _DOSE))
             .where(Immunization.person_id == Person.id, Immunization.is_current.is_(True),
                    Immunization.visit_date <= today)
             .scalar_subquery())
    rows = db.session.execute(select(Person.id, Person.birth_date, doses).where(
        Person.posyandu_id.in_(allowed), Person.deleted_at.is_(None), Person.left_on.is_(None),
        Person.birth_date >= oldest, Person.birth_date <= today))
    out, day = {}, date.fromisoformat
    for person_id, birth, text in rows:
        if text is None:
            continue  # no dose on record yet: not listed (overdue_children)
        doses = []
        for item in text.split(_DOSE):
            antigen, dose, given = item.split(_FIELD)
            doses.append((antigen, int(dose), day(given)))
        out[person_id] = (birth, doses)
    return out


def overdue_children(allowed, today: date):
    """Children with a dose overdue today (or a dose that does not count), for the high-risk list, by name. Only
    children with a dose on record: one with none has no immunization record here yet (the KIA book is not copied),
    not a risk. A puskesmas has ~4,000 children under the schedule's age limit, many up to date: a cheap,
    conservative screen rules those out and the twin's lean entry (same rules, no words) decides the rest
    (domain/immunization_lists.py), and only the listed children's person records are loaded."""
    found = {}
    for person_id, (birth, doses) in _doses_by_child(allowed, today).items():
        result = immunization_lists.overdue_or_invalid(birth, doses, today)
        if result is not None:
            found[person_id] = result
    if not found:
        return
    people = db.session.scalars(select(Person).where(Person.id.in_(list(found))).order_by(Person.name_normalized))
    labels = {entry["code"]: entry["label"] for entry in immunization.schedule()}
    for person in people:
        result = found[person.id]
        codes = result["due"] + result["overdue"] + result["invalid"]
        yield DueChild(person, result["due"], result["overdue"], result["invalid"],
                       {code: dict(labels[code]) for code in codes}, result["first_overdue"])


def latest_doses(person_ids) -> dict:
    """{person id: the child's latest current dose record} (where the bidan marks the follow-up), in two queries for
    every overdue child of a puskesmas at once (one query each took seconds). The latest dose is picked per child by
    the person index, as in _doses_by_child: a window over the children's doses read a whole year's table."""
    if not person_ids:
        return {}
    latest = (select(Immunization.id)
              .where(Immunization.person_id == Person.id, Immunization.is_current.is_(True))
              .order_by(Immunization.visit_date.desc(), Immunization.created_at.desc()).limit(1).scalar_subquery())
    ids = [found for found in db.session.scalars(select(latest).where(Person.id.in_(person_ids))) if found]
    records = db.session.scalars(select(Immunization).where(Immunization.id.in_(ids))) if ids else ()
    return {record.person_id: record for record in records}
