"""Facilities set-up: create, rename, move and close puskesmas, pustu, desa/kelurahan and posyandu, each audited."""
import re
from dataclasses import dataclass

from sqlalchemy import select

from ...extensions import db
from ...models import Desa, Facility, FacilityKind, User
from ...models.base import utcnow
from ...models.facility import PARENT_KIND
from .. import audit
from .managed import (AdminError, NotFound, facility_or_404, is_district_admin, managed_puskesmas_ids, manages,
                      record_id)

CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{1,31}$")
REGION_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")  # Kemendagri desa/kelurahan code: 32.01.01.2001
FACILITY_FIELDS = ("kind", "code", "name", "parent_id", "desa_id", "kecamatan", "kabupaten", "posyandu_day",
                   "closed_at")
DESA_FIELDS = ("region_code", "name", "kelurahan", "pustu_id", "closed_at")


@dataclass
class FacilityInput:
    code: str
    name: str
    kecamatan: str | None = None
    kabupaten: str | None = None
    desa_id: int | None = None
    posyandu_day: int | None = None


def tree(user: User) -> list[Facility]:
    """The puskesmas the user manages, by name; their pustu and posyandu are reached through .children."""
    query = select(Facility).where(Facility.kind == FacilityKind.PUSKESMAS).order_by(Facility.name)
    roots = managed_puskesmas_ids(user)
    if roots is not None:
        query = query.where(Facility.id.in_(roots))
    return list(db.session.scalars(query))


def desa_of(pustu_ids) -> dict[int, list[Desa]]:
    rows = db.session.scalars(select(Desa).where(Desa.pustu_id.in_(list(pustu_ids))).order_by(Desa.name))
    grouped: dict[int, list[Desa]] = {}
    for desa in rows:
        grouped.setdefault(desa.pustu_id, []).append(desa)
    return grouped


def parents_for(user: User, kind: FacilityKind) -> list[Facility]:
    """The open facilities a new or moved facility of `kind` may hang under, within scope."""
    parent_kind = PARENT_KIND.get(kind)
    if parent_kind is None:
        return []
    candidates = db.session.scalars(select(Facility).where(Facility.kind == parent_kind, Facility.closed_at.is_(None))
                                    .order_by(Facility.name))
    return [facility for facility in candidates if manages(user, facility)]


def desa_choices(pustu: Facility | None) -> list[Desa]:
    if pustu is None:
        return []
    return list(db.session.scalars(select(Desa).where(Desa.pustu_id == pustu.id, Desa.closed_at.is_(None))
                                   .order_by(Desa.name)))


def desa_or_404(user: User, desa_id) -> Desa:
    desa = db.session.get(Desa, record_id(desa_id))
    if desa is None or not manages(user, desa.pustu):
        raise NotFound(desa_id)
    return desa


def _code(code: str) -> str:
    code = (code or "").strip().upper()
    if not CODE.match(code):
        raise AdminError("facility.error.code_format", "code")
    return code


def _name(name: str) -> str:
    name = " ".join((name or "").split())
    if not 2 <= len(name) <= 120:
        raise AdminError("facility.error.name_length", "name")
    return name


def _posyandu_day(kind: FacilityKind, day: int | None) -> int | None:
    """Only a posyandu meets on a day of the month; 1-31 (29-31 fall on the last day of a shorter month)."""
    if day is None or kind != FacilityKind.POSYANDU:
        return None
    if not 1 <= day <= 31:
        raise AdminError("facility.error.posyandu_day", "posyandu_day")
    return day


def _unique_code(code: str, facility_id=None) -> None:
    existing = db.session.scalar(select(Facility.id).where(Facility.code == code))
    if existing is not None and existing != facility_id:
        raise AdminError("facility.error.code_taken", "code", code=code)


def _check_parent(user: User, kind: FacilityKind, parent: Facility | None) -> None:
    if kind == FacilityKind.PUSKESMAS:
        if not is_district_admin(user):
            raise AdminError("facility.error.district_only")
        return
    if parent is None or parent.kind != PARENT_KIND[kind] or not manages(user, parent):
        raise AdminError("facility.error.parent_kind", "parent", kind=PARENT_KIND[kind].value)
    if parent.closed_at is not None:
        raise AdminError("facility.error.parent_closed", "parent")


def _check_desa(kind: FacilityKind, desa_id, pustu: Facility | None) -> int | None:
    if not desa_id:
        return None
    desa = db.session.get(Desa, record_id(desa_id))
    if kind != FacilityKind.POSYANDU or desa is None or pustu is None or desa.pustu_id != pustu.id \
            or desa.closed_at is not None:
        raise AdminError("facility.error.desa_not_of_pustu", "desa")
    return desa.id


def create(user: User, kind: FacilityKind, data: FacilityInput, parent_id=None) -> Facility:
    parent = facility_or_404(user, parent_id) if parent_id else None
    _check_parent(user, kind, parent)
    code, name = _code(data.code), _name(data.name)
    _unique_code(code)
    facility = Facility(kind=kind, code=code, name=name, parent=parent,
                        desa_id=_check_desa(kind, data.desa_id, parent),
                        kecamatan=(data.kecamatan or (parent.kecamatan if parent else None)),
                        kabupaten=(data.kabupaten or (parent.kabupaten if parent else None)),
                        posyandu_day=_posyandu_day(kind, data.posyandu_day))
    db.session.add(facility)
    db.session.flush()
    audit.record(user, "create", "facility", facility.id, after=audit.snapshot(facility, FACILITY_FIELDS))
    db.session.commit()
    return facility


def _district_for_puskesmas(user: User, facility: Facility) -> None:
    # A supervisor works inside her puskesmas; the puskesmas itself is the district's to rename or close.
    if facility.kind == FacilityKind.PUSKESMAS and not is_district_admin(user):
        raise AdminError("facility.error.district_only")


def rename(user: User, facility_id, code: str, name: str, posyandu_day: int | None = None) -> Facility:
    facility = facility_or_404(user, facility_id)
    _district_for_puskesmas(user, facility)
    before = audit.snapshot(facility, FACILITY_FIELDS)
    code, name = _code(code), _name(name)
    _unique_code(code, facility.id)
    facility.code, facility.name = code, name
    facility.posyandu_day = _posyandu_day(facility.kind, posyandu_day)
    audit.record(user, "rename", "facility", facility.id, before, audit.snapshot(facility, FACILITY_FIELDS))
    db.session.commit()
    return facility


def move(user: User, facility_id, parent_id, desa_id=None) -> Facility:
    """A pustu to another puskesmas, a posyandu to another pustu (and/or another desa of it)."""
    facility = facility_or_404(user, facility_id)
    if facility.kind == FacilityKind.PUSKESMAS:
        raise AdminError("facility.error.puskesmas_fixed")
    try:
        parent = facility_or_404(user, parent_id)
    except NotFound:
        raise AdminError("facility.error.parent_kind", "parent", kind=PARENT_KIND[facility.kind].value) from None
    _check_parent(user, facility.kind, parent)
    before = audit.snapshot(facility, FACILITY_FIELDS)
    facility.desa_id = _check_desa(facility.kind, desa_id, parent)
    facility.parent = parent
    db.session.flush()  # parent_id follows the relationship only at flush: the audit's "after" needs it
    audit.record(user, "move", "facility", facility.id, before, audit.snapshot(facility, FACILITY_FIELDS))
    db.session.commit()
    return facility


def close(user: User, facility_id) -> Facility:
    """Close a facility with no open children and no active accounts; its records stay readable."""
    facility = facility_or_404(user, facility_id)
    _district_for_puskesmas(user, facility)
    if facility.closed_at is not None:
        raise AdminError("facility.error.already_closed")
    if any(child.closed_at is None for child in facility.children):
        raise AdminError("facility.error.open_children")
    if facility.kind == FacilityKind.PUSTU and db.session.scalar(
            select(Desa.id).where(Desa.pustu_id == facility.id, Desa.closed_at.is_(None))):
        raise AdminError("facility.error.open_children")
    if db.session.scalar(select(User.id).where(User.facility_id == facility.id, User.active.is_(True))):
        raise AdminError("facility.error.active_accounts")
    before = audit.snapshot(facility, FACILITY_FIELDS)
    facility.closed_at = utcnow()
    audit.record(user, "close", "facility", facility.id, before, audit.snapshot(facility, FACILITY_FIELDS))
    db.session.commit()
    return facility


def create_desa(user: User, pustu_id, region_code: str, name: str, kelurahan: bool) -> Desa:
    pustu = facility_or_404(user, pustu_id)
    if pustu.kind != FacilityKind.PUSTU or pustu.closed_at is not None:
        raise AdminError("facility.error.parent_kind", "parent", kind=FacilityKind.PUSTU.value)
    desa = Desa(region_code=_region_code(region_code), name=_name(name), kelurahan=bool(kelurahan), pustu=pustu)
    db.session.add(desa)
    db.session.flush()
    audit.record(user, "create", "desa", desa.id, after=audit.snapshot(desa, DESA_FIELDS))
    db.session.commit()
    return desa


def rename_desa(user: User, desa_id, region_code: str, name: str, kelurahan: bool) -> Desa:
    desa = desa_or_404(user, desa_id)
    before = audit.snapshot(desa, DESA_FIELDS)
    desa.region_code, desa.name, desa.kelurahan = _region_code(region_code, desa.id), _name(name), bool(kelurahan)
    audit.record(user, "rename", "desa", desa.id, before, audit.snapshot(desa, DESA_FIELDS))
    db.session.commit()
    return desa


def close_desa(user: User, desa_id) -> Desa:
    desa = desa_or_404(user, desa_id)
    if desa.closed_at is not None:
        raise AdminError("facility.error.already_closed")
    if db.session.scalar(select(Facility.id).where(Facility.desa_id == desa.id, Facility.closed_at.is_(None))):
        raise AdminError("facility.error.open_children")
    before = audit.snapshot(desa, DESA_FIELDS)
    desa.closed_at = utcnow()
    audit.record(user, "close", "desa", desa.id, before, audit.snapshot(desa, DESA_FIELDS))
    db.session.commit()
    return desa


def _region_code(code: str, desa_id=None) -> str:
    code = (code or "").strip()
    if not REGION_CODE.match(code):
        raise AdminError("facility.error.region_code_format", "region_code")
    existing = db.session.scalar(select(Desa.id).where(Desa.region_code == code))
    if existing is not None and existing != desa_id:
        raise AdminError("facility.error.region_code_taken", "region_code", code=code)
    return code
