"""Report units: one posyandu, one desa (pustu) or everything in the user's scope, always through services.scope."""
from dataclasses import dataclass, field

from sqlalchemy import select

from ...extensions import db
from ...models import Facility, FacilityKind
from .. import scope


class OutOfScope(Exception):
    """The requested posyandu or pustu does not exist or is outside the user's scope (the view answers 404)."""


@dataclass
class Unit:
    kind: str  # "posyandu" | "pustu" | "scope"
    name: str
    facility: Facility | None
    posyandu: list[Facility]
    groups: list[tuple[Facility, list[Facility]]] = field(default_factory=list)  # (pustu, its posyandu)

    @property
    def posyandu_ids(self) -> list[int]:
        return [facility.id for facility in self.posyandu]


def _group_by_pustu(posyandu: list[Facility]) -> list[tuple[Facility, list[Facility]]]:
    parents = {facility.parent_id for facility in posyandu}
    pustu = db.session.scalars(select(Facility).where(Facility.id.in_(parents)).order_by(Facility.name)).all()
    return [(parent, [f for f in posyandu if f.parent_id == parent.id]) for parent in pustu]


def resolve(user, posyandu_id: int | None = None, pustu_id: int | None = None) -> Unit:
    """The unit a report covers; raises OutOfScope for a facility the user may not see."""
    allowed = scope.facilities_in_scope(user)
    if posyandu_id is not None:
        chosen = [facility for facility in allowed if facility.id == posyandu_id]
        if not chosen:
            raise OutOfScope(posyandu_id)
        return Unit("posyandu", chosen[0].name, chosen[0], chosen, _group_by_pustu(chosen))
    if pustu_id is not None:
        chosen = [facility for facility in allowed if facility.parent_id == pustu_id]
        pustu = db.session.get(Facility, pustu_id)
        if not chosen or pustu is None or pustu.kind != FacilityKind.PUSTU:
            raise OutOfScope(pustu_id)
        return Unit("pustu", pustu.name, pustu, chosen, [(pustu, chosen)])
    groups = _group_by_pustu(allowed)
    top = user.facility  # None for an admin: the whole database
    return Unit("scope", top.name if top else "", top, allowed, groups)

