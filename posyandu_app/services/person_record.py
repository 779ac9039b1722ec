"""A person's record for health workers: search, every kind's visits over time (visit_kinds) and the audit trail."""
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select

from ..extensions import db
from ..models import AuditLog, Person
from ..visit_kinds import children, kinds
from . import scope
from .registry import normalize_name
from .review import NotFound

SEARCH_LIMIT = 50
AUDIT_LIMIT = 200


class Merged(LookupError):
    """The person was merged into another one the user may see: show that one instead."""

    def __init__(self, target_id: str):
        super().__init__(target_id)
        self.target_id = target_id


@dataclass
class PersonRecord:
    person: Person
    visits: dict = field(default_factory=dict)  # {entity: every version, newest first} of the visits of no parent
    records: dict = field(default_factory=dict)  # {entity: [(record, [visits below it, oldest first])]}, newest
    audit: list = field(default_factory=list)    # first, of the kinds edited in place (pregnancies)


def search(user, text: str | None, posyandu_id: int | None = None) -> list[Person]:
    allowed = scope.posyandu_ids(user)
    if posyandu_id is not None:
        allowed = [pid for pid in allowed if pid == posyandu_id]
    query = select(Person).where(Person.posyandu_id.in_(allowed), Person.deleted_at.is_(None))
    needle = normalize_name(text)
    if text and text.strip().isdigit():
        query = query.where(Person.nik.startswith(text.strip()))
    elif needle:
        query = query.where(or_(Person.name_normalized.contains(needle),
                                Person.mother_name_normalized.contains(needle)))
    return list(db.session.scalars(query.order_by(Person.name_normalized).limit(SEARCH_LIMIT)))


def load_person(user, person_id: str) -> Person:
    """The person in scope; a merged one raises Merged (when the kept one is in scope), anything else NotFound."""
    allowed = scope.posyandu_ids(user)
    person = db.session.scalar(select(Person).where(Person.id == person_id, Person.posyandu_id.in_(allowed)))
    if person is None:
        raise NotFound(person_id)
    if person.deleted_at is not None:
        target = person.merged_into_id and db.session.get(Person, person.merged_into_id)
        if target is not None and target.deleted_at is None and target.posyandu_id in allowed:
            raise Merged(target.id)
        raise NotFound(person_id)
    return person


def _newest_first(model, person_id):
    return list(db.session.scalars(select(model).where(model.person_id == person_id)
                                   .order_by(model.visit_date.desc(), model.version.desc(), model.created_at.desc())))


def _below(record, child) -> list:
    """Every version of the visits of kind `child` hanging below `record`, oldest first."""
    model = child.model
    return list(db.session.scalars(select(model).where(getattr(model, child.parent) == record.id)
                                   .order_by(model.visit_date, model.version)))


def _with_children(kind, person_id) -> list:
    """The person's records of a kind edited in place, newest first, each with the visits hanging below it."""
    model = kind.model
    found = db.session.scalars(select(model).where(model.person_id == person_id, model.deleted_at.is_(None))
                               .order_by(getattr(model, kind.dated_by).desc()))
    return [(record, [visit for child in children(kind.entity) for visit in _below(record, child)])
            for record in found]


def record(user, person_id: str) -> PersonRecord:
    person = load_person(user, person_id)
    result = PersonRecord(person)
    for kind in kinds():
        if kind.parent:
            continue  # shown below its record
        if kind.append_only:
            result.visits[kind.entity] = _newest_first(kind.model, person.id)
        else:
            result.records[kind.entity] = _with_children(kind, person.id)
    ids = {"person": [person.id], **{entity: [v.id for v in visits] for entity, visits in result.visits.items()}}
    for entity, found in result.records.items():
        ids[entity] = [kept.id for kept, _ in found]
        for visit in (visit for _, below in found for visit in below):
            ids.setdefault(visit.__sync_entity__, []).append(visit.id)
    conditions = [and_(AuditLog.entity == entity, AuditLog.record_id.in_(values))
                  for entity, values in ids.items() if values]
    result.audit = list(db.session.scalars(select(AuditLog).where(or_(*conditions))
                                           .order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(AUDIT_LIMIT)))
    return result
