"""The audit log as supervisors and admins search it: filtered by facility, user, action and dates, within scope.

audit_log has no facility column, and none is added: sync writes its rows in bulk (services/sync_push.py) and a
record's facility can change (a posyandu moves, a person moves). A row belongs to a facility's subtree when
  - the acting account works there (kader, bidan, supervisor of it), or
  - the record changed is there: the facility or desa itself, an account of it, a person or a visit of its posyandu.
Both are resolved at query time from the current hierarchy, so the view follows moves and closures.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import String, and_, cast, func, or_, select

from ...extensions import db
from ...models import AuditLog, Desa, Facility, Person, Role, User
from ...visit_kinds import kinds, visit_models
from .managed import managed_facility_ids, record_id, subtree_ids

PAGE_SIZE = 50
EXPORT_LIMIT = 10_000  # newest rows in one CSV; narrow the filters for more
ACTIONS = ("create", "update", "correct", "delete", "verify", "return", "follow_up", "merge", "merged_into",
           "not_duplicate", "password_change", "password_reset", "activate", "deactivate", "reassign", "rename",
           "move", "close", "import", "fhir_send", "fhir_setting", "fhir_requeue")


@dataclass
class AuditFilter:
    facility_id: int | None = None
    user_id: int | None = None
    action: str | None = None
    date_from: date | None = None  # calendar days on the district's clock, as the page shows the instants
    date_to: date | None = None
    page: int = 1
    utc_offset: int = 0  # hours east of UTC of those days (the edge gives LOCAL_UTC_OFFSET)


def _ids_as_text(query):
    return select(cast(query.subquery().c[0], String))


def _in_facilities(ids: set[int]):
    """The condition 'this audit row belongs to one of these facilities' (see the module docstring)."""
    ids = list(ids) or [-1]
    posyandu = Facility.id.in_(ids)
    by_record = [
        and_(AuditLog.entity == "facility", AuditLog.record_id.in_(_ids_as_text(select(Facility.id).where(posyandu)))),
        and_(AuditLog.entity == "desa", AuditLog.record_id.in_(
            _ids_as_text(select(Desa.id).where(Desa.pustu_id.in_(ids))))),
        and_(AuditLog.entity == "user", AuditLog.record_id.in_(
            _ids_as_text(select(User.id).where(User.facility_id.in_(ids))))),
        and_(AuditLog.entity == "person", AuditLog.record_id.in_(
            select(Person.id).where(Person.posyandu_id.in_(ids)))),
    ]
    by_record += [and_(AuditLog.entity == kind.entity, AuditLog.record_id.in_(  # records edited in place (episodes)
        select(kind.model.id).where(kind.model.posyandu_id.in_(ids)))) for kind in kinds() if not kind.append_only]
    by_record += [and_(AuditLog.entity.in_((kind, "correction")), AuditLog.record_id.in_(
        select(model.id).where(model.posyandu_id.in_(ids)))) for kind, model in visit_models().items()]
    by_actor = AuditLog.user_id.in_(select(User.id).where(User.facility_id.in_(ids)))
    return or_(by_actor, *by_record)


def users_for(actor: User) -> list[User]:
    """The 'who' filter's choices: accounts in scope, and the admins (who act on every facility)."""
    ids = managed_facility_ids(actor)
    query = select(User).order_by(User.full_name)
    if ids is not None:
        query = query.where(or_(User.facility_id.in_(ids or [-1]), User.role == Role.ADMIN))
    return list(db.session.scalars(query))


def _start(day: date, utc_offset: int) -> datetime:
    local_midnight = datetime.combine(day, time.min, tzinfo=timezone(timedelta(hours=utc_offset)))
    return local_midnight.astimezone(timezone.utc)  # compared as stored: UTC


def _query(actor: User, filters: AuditFilter):
    query = select(AuditLog)
    scope = managed_facility_ids(actor)
    if filters.facility_id:
        wanted = subtree_ids({record_id(filters.facility_id)})
        scope = wanted if scope is None else scope & wanted
    if scope is not None:  # None: a district admin without a facility filter sees every row
        query = query.where(_in_facilities(scope))
    if filters.user_id:
        query = query.where(AuditLog.user_id == record_id(filters.user_id))
    if filters.action:
        query = query.where(AuditLog.action == filters.action)
    if filters.date_from:
        query = query.where(AuditLog.at >= _start(filters.date_from, filters.utc_offset))
    if filters.date_to and filters.date_to < date.max:
        query = query.where(AuditLog.at < _start(filters.date_to + timedelta(days=1), filters.utc_offset))
    return query


def page_query(actor: User, filters: AuditFilter, page: int = 1):
    """One page's rows, newest first. The dates constrain `at`, so PostgreSQL reads only their months' partitions;
    the order is the primary key's (at, id), so without dates it reads the newest partition's end."""
    return (_query(actor, filters).order_by(AuditLog.at.desc(), AuditLog.id.desc())
            .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))


def search(actor: User, filters: AuditFilter) -> tuple[list[AuditLog], int, int]:
    """One page of rows (newest first), the number of pages and of rows."""
    query = _query(actor, filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    return list(db.session.scalars(page_query(actor, filters, page))), pages, total


def export(actor: User, filters: AuditFilter) -> list[AuditLog]:
    """The newest EXPORT_LIMIT rows matching the filters, for the CSV."""
    query = _query(actor, filters).order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(EXPORT_LIMIT)
    return list(db.session.scalars(query))
