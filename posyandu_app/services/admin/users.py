"""Accounts set-up: list, create, deactivate, reactivate, reassign and reset passwords within the manager's scope.

Nobody grants or touches a role above their own, and a supervisor reaches only her puskesmas's accounts. The
account rules themselves (username, role ↔ facility kind, sessions ending, audit) stay in services/accounts.py.
"""
import secrets
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from ...extensions import db
from ...models import Facility, Role, User
from ...models.user import ROLE_FACILITY_KIND
from .. import accounts, audit, sessions
from .managed import (AdminError, NotFound, facility_or_404, is_district_admin, managed_facility_ids, manages,
                      record_id)

RANK = {Role.KADER: 0, Role.BIDAN: 1, Role.SUPERVISOR: 2, Role.ADMIN: 3}
CREATABLE = (Role.KADER, Role.BIDAN, Role.SUPERVISOR)
PAGE_SIZE = 50
# No 0/O, 1/l/I: the slip is read aloud over the phone and typed on a small keyboard.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclass
class UserFilter:
    q: str | None = None
    role: str | None = None
    facility_id: int | None = None
    active: bool | None = None
    page: int = 1


@dataclass
class Slip:
    """What the one-time login slip shows; the password is never stored in clear or shown again."""
    user: User
    password: str


def roles_for(actor: User) -> list[Role]:
    """Roles `actor` may give: none above their own; another district admin only from a district admin."""
    roles = [role for role in CREATABLE if RANK[role] <= RANK[actor.role]]
    return roles + [Role.ADMIN] if is_district_admin(actor) else roles


def facilities_for(actor: User) -> list[Facility]:
    """Open facilities an account may be assigned to, within scope, puskesmas first."""
    ids = managed_facility_ids(actor)
    query = select(Facility).where(Facility.closed_at.is_(None)).order_by(Facility.kind, Facility.name)
    if ids is not None:
        query = query.where(Facility.id.in_(ids or [-1]))
    return list(db.session.scalars(query))


def _scoped(actor: User, query):
    ids = managed_facility_ids(actor)
    return query if ids is None else query.where(User.facility_id.in_(ids or [-1]))


def search(actor: User, filters: UserFilter) -> tuple[list[User], int]:
    """One page of the accounts in scope and the number of pages."""
    query = _scoped(actor, select(User))
    if filters.q:
        like = f"%{filters.q.strip().lower()}%"
        query = query.where(or_(func.lower(User.username).like(like), func.lower(User.full_name).like(like)))
    if filters.role in {role.value for role in Role}:  # anything else (a hand-edited URL) filters nothing
        query = query.where(User.role == Role(filters.role))
    if filters.facility_id:
        query = query.where(User.facility_id == record_id(filters.facility_id))
    if filters.active is not None:
        query = query.where(User.active.is_(filters.active))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    rows = db.session.scalars(query.order_by(User.full_name, User.id).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return list(rows), pages


def user_or_404(actor: User, user_id) -> User:
    target = db.session.get(User, record_id(user_id))
    if target is None or RANK[target.role] > RANK[actor.role] or not manages(actor, target.facility):
        raise NotFound(user_id)
    return target


def temporary_password(username: str) -> str:
    while True:
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
        password = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        try:
            accounts.validate_password(password, username)
        except accounts.AccountError:
            continue
        return password


def _facility_for(actor: User, role: Role, facility_id) -> Facility:
    try:
        facility = facility_or_404(actor, facility_id)
    except NotFound:
        raise AdminError("account.error.facility_scope", "facility") from None
    if facility.closed_at is not None:
        raise AdminError("facility.error.parent_closed", "facility")
    if facility.kind != ROLE_FACILITY_KIND[role]:
        raise AdminError("account.facility_mismatch", "facility", role=role.value, kind=ROLE_FACILITY_KIND[role].value)
    return facility


def create(actor: User, username: str, full_name: str, role: str, facility_id) -> Slip:
    try:
        role_enum = Role(role)
    except ValueError:
        raise AdminError("account.role_invalid", "role", role=role) from None
    if role_enum not in roles_for(actor):
        raise AdminError("account.error.role_above", "role")
    if not 2 <= len((full_name or "").strip()) <= 120:
        raise AdminError("facility.error.name_length", "full_name")
    if role_enum == Role.ADMIN:
        if facility_id:
            raise AdminError("account.error.admin_facility", "facility")
        code = None
    elif not facility_id:
        raise AdminError("account.error.facility_required", "facility")
    else:
        code = _facility_for(actor, role_enum, facility_id).code
    clean = (username or "").strip().lower()
    password = temporary_password(clean)
    try:
        user = accounts.create_user(clean, password, full_name, role_enum.value, code, actor=actor)
    except accounts.AccountError as exc:
        raise AdminError(exc.key, exc.field, **exc.params) from None
    return Slip(user, password)


def set_active(actor: User, user_id, active: bool) -> User:
    target = user_or_404(actor, user_id)
    if target.id == actor.id:
        raise AdminError("account.error.self")
    accounts.set_active(target, active, actor=actor)
    return target


def reset_password(actor: User, user_id) -> Slip:
    target = user_or_404(actor, user_id)
    if target.id == actor.id:
        raise AdminError("account.error.self")
    password = temporary_password(target.username)
    accounts.reset_password(target, password, actor=actor)
    return Slip(target, password)


def reassign(actor: User, user_id, facility_id) -> User:
    """Move an account to another facility of its kind; its sessions end so the phone pulls the new posyandu."""
    target = user_or_404(actor, user_id)
    if target.role not in ROLE_FACILITY_KIND:
        raise AdminError("account.error.role_above", "facility")
    facility = _facility_for(actor, target.role, facility_id)
    before = {"facility_id": target.facility_id}
    target.facility_id = facility.id
    sessions.end_all(target)
    audit.record(actor, "reassign", "user", target.id, before, {"facility_id": facility.id})
    db.session.commit()
    return target

