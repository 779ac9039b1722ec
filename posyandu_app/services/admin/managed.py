"""Management scope: which puskesmas (and everything under them) a user may set up.

An admin without a facility is the district admin: every puskesmas. An admin or supervisor tied to a facility
manages that facility's puskesmas only. Kader and bidan manage nothing. Every admin service asks here first;
outside the scope a record is reported as not found, so its existence never leaks.
"""
from sqlalchemy import select

from ...extensions import db
from ...models import Facility, FacilityKind, Role, User

MANAGERS = (Role.SUPERVISOR, Role.ADMIN)


class NotFound(LookupError):
    """The record does not exist or lies outside the user's management scope (the web answers 404)."""


class AdminError(ValueError):
    """A refused change; `key` is the catalog key shown to the user, `field` the form field it belongs to."""

    def __init__(self, key: str, field: str | None = None, **params):
        super().__init__(key)
        self.key, self.field, self.params = key, field, params


def is_district_admin(user: User) -> bool:
    return user.role == Role.ADMIN and user.facility_id is None


def puskesmas_of(facility: Facility | None) -> Facility | None:
    while facility is not None and facility.kind != FacilityKind.PUSKESMAS:
        facility = facility.parent
    return facility


def managed_puskesmas_ids(user: User) -> set[int] | None:
    """None: every puskesmas (district admin). Otherwise the ids (empty for kader and bidan)."""
    if user is None or user.role not in MANAGERS:
        return set()
    if is_district_admin(user):
        return None
    home = puskesmas_of(user.facility)
    return {home.id} if home is not None else set()


def subtree_ids(root_ids) -> set[int]:
    """Every facility id under (and including) the given ones: puskesmas, their pustu, their posyandu."""
    found, frontier = set(root_ids), set(root_ids)
    while frontier:
        frontier = set(db.session.scalars(select(Facility.id).where(Facility.parent_id.in_(frontier)))) - found
        found |= frontier
    return found


def managed_facility_ids(user: User) -> set[int] | None:
    """None: every facility. Otherwise the ids of the facilities the user manages."""
    roots = managed_puskesmas_ids(user)
    return None if roots is None else subtree_ids(roots)


def manages(user: User, facility: Facility | None) -> bool:
    if facility is None:
        return is_district_admin(user)
    roots = managed_puskesmas_ids(user)
    if roots is None:
        return True
    home = puskesmas_of(facility)
    return home is not None and home.id in roots


def facility_or_404(user: User, facility_id) -> Facility:
    facility = db.session.get(Facility, record_id(facility_id))
    if facility is None or not manages(user, facility):
        raise NotFound(facility_id)
    return facility


def record_id(value) -> int:
    """An id from a URL or a form as the integer key it may be; 0 (no row) for anything else, including numbers
    beyond the database's integer range."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return number if 0 < number < 2**31 else 0
