"""Scope: which posyandu a user may read and write. Every query about persons or visits goes through here."""
from sqlalchemy import select

from ..extensions import db
from ..models import Facility, FacilityKind, Role, User


def posyandu_ids(user: User) -> list[int]:
    """The posyandu whose data `user` may see: kader one, bidan their pustu's, supervisor their puskesmas's."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    posyandu = select(Facility.id).where(Facility.kind == FacilityKind.POSYANDU)
    if user.role == Role.ADMIN:
        return list(db.session.scalars(posyandu))
    if user.facility_id is None:
        return []
    if user.role == Role.KADER:
        return list(db.session.scalars(posyandu.where(Facility.id == user.facility_id)))
    if user.role == Role.BIDAN:
        return list(db.session.scalars(posyandu.where(Facility.parent_id == user.facility_id)))
    if user.role == Role.SUPERVISOR:
        pustu = select(Facility.id).where(Facility.parent_id == user.facility_id)
        return list(db.session.scalars(posyandu.where(Facility.parent_id.in_(pustu))))
    return []


def can_access_posyandu(user: User, posyandu_id: int) -> bool:
    return posyandu_id in posyandu_ids(user)


def facilities_in_scope(user: User) -> list[Facility]:
    """Posyandu objects in scope, ordered by name (for filters and report pickers)."""
    ids = posyandu_ids(user)
    if not ids:
        return []
    return list(db.session.scalars(select(Facility).where(Facility.id.in_(ids)).order_by(Facility.name)))
