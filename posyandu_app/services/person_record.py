"""A person's record for health workers: search, visits over time, pregnancies, screenings and the audit trail."""
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select

from ..extensions import db
from ..models import AuditLog, GrowthVisit, Person, PregnancyEpisode, PregnancyVisit, Screening
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
    growth: list = field(default_factory=list)        # every version, newest first
    pregnancies: list = field(default_factory=list)   # [(episode, [visits oldest first])]
    screenings: list = field(default_factory=list)    # every version, newest first
    audit: list = field(default_factory=list)


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


def record(user, person_id: str) -> PersonRecord:
    person = load_person(user, person_id)
    result = PersonRecord(person, growth=_newest_first(GrowthVisit, person.id),
                          screenings=_newest_first(Screening, person.id))
    episodes = db.session.scalars(select(PregnancyEpisode).where(PregnancyEpisode.person_id == person.id,
                                                                 PregnancyEpisode.deleted_at.is_(None))
                                  .order_by(PregnancyEpisode.hpht.desc()))
    for episode in episodes:
        visits = db.session.scalars(select(PregnancyVisit).where(PregnancyVisit.episode_id == episode.id)
                                    .order_by(PregnancyVisit.visit_date, PregnancyVisit.version))
        result.pregnancies.append((episode, list(visits)))
    pregnancy_visits = [visit for _, visits in result.pregnancies for visit in visits]
    records = [("person", [person.id]), ("growth", [v.id for v in result.growth]),
               ("screening", [v.id for v in result.screenings]),
               ("pregnancy", [episode.id for episode, _ in result.pregnancies]),
               ("pregnancy_visit", [v.id for v in pregnancy_visits])]
    conditions = [and_(AuditLog.entity == entity, AuditLog.record_id.in_(ids)) for entity, ids in records if ids]
    result.audit = list(db.session.scalars(select(AuditLog).where(or_(*conditions))
                                           .order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(AUDIT_LIMIT)))
    return result
