"""Pull (changes in the caller's scope after a cursor, in server sequence order) and the device's sync status."""
from datetime import date

from sqlalchemy import func, select

from ..clock import utc_now
from ..extensions import db
from ..models import AppliedOp, ChangeLog, Person
from ..visit_kinds import kinds, visit_models
from . import scope, sync_compact
from .changes import current_sequence
from .serialize import MODELS, plain, serialize, tombstone
from .sync_visibility import Visibility

DEFAULT_LIMIT, MAX_LIMIT = 500, 1000
MAX_LIMIT_V2 = 2000  # compact pages: 2,000 records are ~90 KB gzip, and bigger pages group a person's visits better


def pull(user, cursor: int, limit: int = DEFAULT_LIMIT, version: int = 1) -> dict:
    """Up to `limit` records whose latest change is after `cursor`; `next_cursor` resumes after them.

    The high-water mark is read before the change log: every sequence up to it has committed (they are handed
    out under a lock held to commit), so answering it as `next_cursor` when nothing more is left skips nothing.
    """
    limit = max(1, min(limit, MAX_LIMIT_V2 if version >= sync_compact.VERSION else MAX_LIMIT))
    posyandu_ids = scope.posyandu_ids(user)
    high = current_sequence()
    rows = []
    if posyandu_ids:
        rows = list(db.session.execute(
            select(ChangeLog.seq, ChangeLog.entity, ChangeLog.record_id, ChangeLog.deleted, ChangeLog.day)
            .where(ChangeLog.posyandu_id.in_(posyandu_ids), ChangeLog.seq > cursor, ChangeLog.seq <= high)
            .order_by(ChangeLog.seq).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    records = _records(rows, set(posyandu_ids))
    visibility = Visibility(set(posyandu_ids), _posyandu_of_named_persons(records.values()).get)
    changes = []
    for seq, entity, record_id, deleted, _ in rows:
        record = records.get((entity, record_id))
        if record is not None and entity != "person" and visibility.hangs_elsewhere({"person_id": record.person_id}):
            record = None  # its person lives in another posyandu now: to this phone it is gone
        if record is None or deleted:
            changes.append({"entity": entity, "id": record_id, "version": getattr(record, "version", None),
                            "deleted": True, "data": visibility.tombstone(tombstone(record))})
        else:
            data = serialize(entity, record)
            changes.append({"entity": entity, "id": record_id, "version": record.version, "deleted": False,
                            "data": visibility.person(data) if entity == "person" else data})
    next_cursor = rows[-1].seq if more else high
    page = {"changes": changes, "next_cursor": next_cursor, "more": more, "server_time": utc_now().isoformat()}
    if version >= sync_compact.VERSION:  # the phone shows progress: how many records are still to come
        return sync_compact.compact(page, _remaining(posyandu_ids, next_cursor, high) if more else 0)
    return page


def _remaining(posyandu_ids, after: int, high: int) -> int:
    return db.session.scalar(select(func.count()).select_from(ChangeLog).where(
        ChangeLog.posyandu_id.in_(posyandu_ids), ChangeLog.seq > after, ChangeLog.seq <= high)) or 0


def _records(rows, posyandu_ids) -> dict:
    """The changed records, one query per entity; a record outside scope is never returned (defence in depth)."""
    wanted = {}  # entity -> {record id: change-log day}
    for row in rows:
        wanted.setdefault(row.entity, {})[row.record_id] = row.day
    found = {}
    for entity, days in wanted.items():
        for record in _read(entity, MODELS[entity], days):
            if record.posyandu_id in posyandu_ids:
                found[(entity, record.id)] = record
    return found


def _read(entity, model, days: dict):
    """The records of these ids. A visit is first looked for in the year of its change-log day: on PostgreSQL the
    visit tables are partitioned by year of visit_date and `id` alone probes every year's index (measured: first
    download 363 -> 773 ms at 10 M visits); a date range prunes to one partition. Ids without a day, or not found
    in that year (a stale day), are read by id alone, so a wrong hint costs time, never a record."""
    left = set(days)
    if entity in visit_models():
        by_year = {}
        for record_id, day in days.items():
            if day is not None:
                by_year.setdefault(day.year, []).append(record_id)
        for year, ids in sorted(by_year.items()):
            for record in db.session.scalars(in_year(model, year, ids)):
                left.discard(record.id)
                yield record
    if left:
        yield from db.session.scalars(select(model).where(model.id.in_(left)))


def in_year(model, year: int, ids):
    """The visits of these ids dated in `year`: a range on the partition key, so PostgreSQL reads one partition."""
    return select(model).where(model.visit_date >= date(year, 1, 1), model.visit_date < date(year + 1, 1, 1),
                               model.id.in_(ids))


def _posyandu_of_named_persons(records) -> dict:
    """person id -> posyandu id of the persons the pulled records name: probable duplicates, merge targets, the
    persons of visits and episodes (one query)."""
    ids = {getattr(record, name, None) for record in records
           for name in ("duplicate_of_id", "merged_into_id", "person_id")}
    ids.discard(None)
    if not ids:
        return {}
    return dict(db.session.execute(select(Person.id, Person.posyandu_id).where(Person.id.in_(ids))).all())


def status(user, device_id: str) -> dict:
    """What the server holds for this device (as this user) and in the user's scope: for an honest status screen."""
    ops = dict(db.session.execute(
        select(AppliedOp.status, func.count()).where(AppliedOp.device_id == device_id, AppliedOp.user_id == user.id)
        .group_by(AppliedOp.status)).all())
    last_push = db.session.scalar(select(func.max(AppliedOp.created_at)).where(
        AppliedOp.device_id == device_id, AppliedOp.user_id == user.id))
    posyandu_ids = scope.posyandu_ids(user)
    records = {"person": _count(Person, posyandu_ids, Person.deleted_at.is_(None))}
    returned = 0
    for kind in kinds():
        model = kind.model
        if not kind.append_only:  # edited in place (the pregnancy episode): all but the deleted
            records[kind.entity] = _count(model, posyandu_ids, model.deleted_at.is_(None))
            continue
        records[kind.entity] = _count(model, posyandu_ids, model.is_current.is_(True))
        returned += _count(model, posyandu_ids, model.is_current.is_(True), model.status == "returned")
    return {
        "device_id": device_id,
        "last_push_at": plain(last_push),
        "ops": {name: ops.get(name, 0) for name in ("applied", "duplicate", "rejected", "conflict")},
        "records": records,
        "returned": returned,
        "server_cursor": current_sequence(),
        "server_time": utc_now().isoformat(),
    }


def _count(model, posyandu_ids, *conditions) -> int:
    if not posyandu_ids:
        return 0
    return db.session.scalar(select(func.count()).select_from(model).where(
        model.posyandu_id.in_(posyandu_ids), *conditions)) or 0

