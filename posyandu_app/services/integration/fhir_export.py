"""Verified visits of a set of posyandu and a date range -> FHIR resources (facilities, patients, encounters,
observations, referrals). Callers pass posyandu already narrowed by scope; nothing here widens it."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ...extensions import db
from ...fhir import bulk, observations, resources
from ...fhir.resources import Context
from ...models import Facility, FacilityKind, Person
from ...visit_kinds.registry import visit_models
from .. import scope


class NotFound(Exception):
    """A posyandu or puskesmas the caller may not see, or that does not exist (the same answer for both)."""


@dataclass
class VisitRow:
    entity: str
    visit: object
    root_id: str


def _root_ids(model, visits) -> dict[str, str]:
    """Each visit's first version: a correction is sent as an update of what its first version sent."""
    parent = {visit.id: visit.supersedes_id for visit in visits}
    missing = {p for p in parent.values() if p and p not in parent}
    while missing:  # earlier versions are not verified-and-current, so fetch them along the chain
        rows = db.session.execute(select(model.id, model.supersedes_id).where(model.id.in_(missing))).all()
        parent.update(dict(rows))
        missing = {p for p in parent.values() if p and p not in parent} - {row[0] for row in rows}
        if not rows:
            break

    def root(visit_id):
        seen = set()
        while parent.get(visit_id) and visit_id not in seen:
            seen.add(visit_id)
            visit_id = parent[visit_id]
        return visit_id
    return {visit.id: root(visit.id) for visit in visits}


def verified_visits(posyandu_ids, date_from: date | None = None, date_to: date | None = None,
                    skip_sources: set[str] | None = None) -> list[VisitRow]:
    """Current, verified visits held at these posyandu (by visit date), oldest first."""
    if not posyandu_ids:
        return []
    found = []
    for entity, model in visit_models().items():
        query = select(model).where(model.posyandu_id.in_(list(posyandu_ids)), model.status == "verified",
                                    model.is_current.is_(True))
        if date_from:
            query = query.where(model.visit_date >= date_from)
        if date_to:
            query = query.where(model.visit_date <= date_to)
        visits = [v for v in db.session.scalars(query.order_by(model.visit_date, model.id))
                  if not skip_sources or f"{entity}/{v.id}" not in skip_sources]
        roots = _root_ids(model, visits)
        found += [VisitRow(entity, visit, roots[visit.id]) for visit in visits]
    return found


def _facilities(posyandu_ids):
    posyandu = {f.id: f for f in db.session.scalars(select(Facility).where(Facility.id.in_(list(posyandu_ids))))}
    parents = {f.id: f for f in db.session.scalars(select(Facility).where(
        Facility.id.in_({p.parent_id for p in posyandu.values()})))}
    grand = {f.id: f for f in db.session.scalars(select(Facility).where(
        Facility.id.in_({p.parent_id for p in parents.values()})))}
    return posyandu, parents, grand


def resources_of(rows: list[VisitRow], ctx: Context) -> list[tuple[VisitRow | None, dict]]:
    """Every resource the visits need, each paired with the visit that brought it (None for facilities)."""
    posyandu, pustu, puskesmas = _facilities({row.visit.posyandu_id for row in rows})
    persons = {p.id: p for p in db.session.scalars(select(Person).where(
        Person.id.in_({row.visit.person_id for row in rows})))}
    out = []
    for place in posyandu.values():
        branch = pustu[place.parent_id]
        head = puskesmas[branch.parent_id]
        out += [(None, resources.organization(head, ctx)), (None, resources.organization(branch, ctx, head)),
                (None, resources.location(place, ctx, branch))]
    for row in rows:
        place = posyandu[row.visit.posyandu_id]
        branch = pustu[place.parent_id]
        out.append((row, resources.patient(persons[row.visit.person_id])))
        out.append((row, resources.encounter(row.entity, row.visit, row.root_id, ctx, puskesmas[branch.parent_id])))
        out += [(row, item) for item in observations.visit_observations(
            row.entity, row.visit, row.root_id, resources.facility_key(branch))]
    return out


def posyandu_of_puskesmas(code: str) -> list[int]:
    head = db.session.scalar(select(Facility).where(Facility.code == code.strip().upper(),
                                                    Facility.kind == FacilityKind.PUSKESMAS))
    if head is None:
        raise NotFound(code)
    pustu = select(Facility.id).where(Facility.parent_id == head.id)
    return list(db.session.scalars(select(Facility.id).where(Facility.parent_id.in_(pustu),
                                                             Facility.kind == FacilityKind.POSYANDU)))


def export(posyandu_ids, date_from, date_to, ctx: Context) -> list[dict]:
    """The resources of the verified visits, each once, in a stable order."""
    return bulk.ordered(item for _, item in resources_of(verified_visits(posyandu_ids, date_from, date_to), ctx))


def bundle_for(user, posyandu_id: int | None, date_from, date_to, ctx: Context) -> dict:
    """The API's Bundle: the caller's posyandu (or one of them); a posyandu outside the scope is NotFound."""
    allowed = scope.posyandu_ids(user)
    if posyandu_id is not None:
        if posyandu_id not in allowed:
            raise NotFound(posyandu_id)
        allowed = [posyandu_id]
    key = f"{posyandu_id or 'scope'}/{date_from}/{date_to}/{getattr(user, 'id', '')}"
    return bulk.bundle(export(allowed, date_from, date_to, ctx), key)
