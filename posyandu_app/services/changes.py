"""Change tracking for pull: every committed change of a syncable record gets a fresh, gap-safe sequence number.

Any model with `__sync_entity__` is tracked automatically by session events, so services (sync, review, merge)
cannot forget it. Sequence numbers are taken from one counter row locked FOR UPDATE just before commit, and the
lock is held until commit: sequences therefore become visible in order, and a pull that has read up to N can
never miss a change that commits later with a number below N.
"""
from sqlalchemy import bindparam, event, inspect, select, update
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import ChangeLog, SyncCounter
from ..models.base import utcnow
from . import bulk

PENDING = "sync_pending_changes"
_installed = False


def install_change_tracking() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    event.listen(Session, "before_flush", _collect)
    event.listen(Session, "before_commit", _assign_sequences)
    event.listen(Session, "after_soft_rollback", _forget)


def _collect(session, flush_context, instances):
    pending = session.info.setdefault(PENDING, [])
    new = session.new  # a fresh set per access: taken once, or a big flush costs O(n²)
    for obj in list(new) + list(session.dirty):
        if getattr(type(obj), "__sync_entity__", None) and (obj in new or session.is_modified(obj)):
            pending.append(obj)


def track(objs) -> None:
    """Log for pull records written around the unit of work (bulk inserts), as a flush would have."""
    db.session.info.setdefault(PENDING, []).extend(objs)


def _forget(session, previous_transaction):
    # After a savepoint rollback the survivors are re-checked at commit (only persistent objects count);
    # after a rollback of the whole transaction nothing pending is left to log.
    if previous_transaction.parent is None:
        session.info.pop(PENDING, None)


def _assign_sequences(session):
    # before_commit also fires when a savepoint is released; sequences are handed out once, at the real commit.
    if session.in_nested_transaction():
        return
    session.flush()
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    changed = {}
    for obj in pending:
        state = inspect(obj)
        if state.persistent:
            changed[(type(obj).__sync_entity__, obj.id)] = obj
    if not changed:
        return
    start = next_sequence_block(session, len(changed))
    table = ChangeLog.__table__
    existing = {
        (entity, record_id): row_id
        for row_id, entity, record_id in session.execute(select(table.c.id, table.c.entity, table.c.record_id).where(
            table.c.record_id.in_([record_id for _, record_id in changed])))
    }
    # Core statements, not ORM objects: a push of 500 visits logs 500 rows (bulk: COPY on PostgreSQL).
    inserts, updates = [], []
    for offset, ((entity, record_id), obj) in enumerate(changed.items()):
        values = {"seq": start + offset, "posyandu_id": obj.posyandu_id,
                  "deleted": getattr(obj, "deleted_at", None) is not None}
        row_id = existing.get((entity, record_id))
        if row_id is None:
            inserts.append({**values, "entity": entity, "record_id": record_id, "changed_at": utcnow()})
        else:
            updates.append({"row_id": row_id, "new_seq": values["seq"], "new_posyandu_id": values["posyandu_id"],
                            "new_deleted": values["deleted"]})
    if updates:
        session.execute(update(table).where(table.c.id == bindparam("row_id")).values(
            seq=bindparam("new_seq"), posyandu_id=bindparam("new_posyandu_id"), deleted=bindparam("new_deleted")),
            updates)
    bulk.insert_rows(table, inserts)


def next_sequence_block(session, count: int) -> int:
    """Reserve `count` sequence numbers; returns the first. Locks the counter row until commit."""
    value = session.execute(select(SyncCounter.value).where(SyncCounter.id == 1).with_for_update()).scalar()
    if value is None:
        session.add(SyncCounter(id=1, value=0))
        session.flush()
        value = 0
    session.execute(update(SyncCounter).where(SyncCounter.id == 1).values(value=value + count))
    return value + 1


def current_sequence() -> int:
    return db.session.execute(select(SyncCounter.value).where(SyncCounter.id == 1)).scalar() or 0
