"""Change tracking for pull: every committed change of a syncable record gets a fresh, gap-safe sequence number.

Any model with `__sync_entity__` is tracked automatically by session events, so services (sync, review, merge)
cannot forget it. Sequence numbers are taken from one counter row, updated (so locked) just before commit, and the
lock is held until commit: sequences therefore become visible in order, and a pull that has read up to N can
never miss a change that commits later with a number below N.
"""
from dataclasses import dataclass

from sqlalchemy import bindparam, event, inspect, select, update
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import ChangeLog, SyncCounter
from ..models.base import utcnow
from ..visit_kinds import visit_models
from . import bulk

PENDING = "sync_pending_changes"
PENDING_ROWS = "sync_pending_rows"  # (entity, record id, posyandu id) of records inserted by Core statements
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
    for obj in new:
        if getattr(type(obj), "__sync_entity__", None):
            pending.append((obj, True))
    for obj in session.dirty:
        if getattr(type(obj), "__sync_entity__", None) and obj not in new and session.is_modified(obj):
            pending.append((obj, False))


def track(objs) -> None:
    """Log for pull records written around the unit of work (bulk inserts), as a flush would have."""
    db.session.info.setdefault(PENDING, []).extend((obj, True) for obj in objs)


def track_inserted(entity: str, rows) -> None:
    """Log for pull records inserted without ORM objects (a roster import): (record id, posyandu id) pairs."""
    db.session.info.setdefault(PENDING_ROWS, []).extend((entity, record_id, posyandu_id)
                                                         for record_id, posyandu_id in rows)


@dataclass(frozen=True)
class _Inserted:
    id: str
    posyandu_id: int
    deleted_at: None = None


def _forget(session, previous_transaction):
    # After a savepoint rollback the survivors are re-checked at commit (only persistent objects count);
    # after a rollback of the whole transaction nothing pending is left to log.
    if previous_transaction.parent is None:
        session.info.pop(PENDING, None)
        session.info.pop(PENDING_ROWS, None)


def _assign_sequences(session):
    # before_commit also fires when a savepoint is released; sequences are handed out once, at the real commit.
    if session.in_nested_transaction():
        return
    session.flush()
    pending = session.info.pop(PENDING, None) or []
    rows = session.info.pop(PENDING_ROWS, None) or []
    if not pending and not rows:
        return
    changed, inserted = {}, set()
    for obj, is_new in pending:
        if inspect(obj).persistent:
            key = (type(obj).__sync_entity__, obj.id)
            changed[key] = obj
            if is_new:
                inserted.add(key)  # a record inserted in this transaction has no change-log row yet
    for entity, record_id, posyandu_id in rows:
        changed[(entity, record_id)] = _Inserted(record_id, posyandu_id)
        inserted.add((entity, record_id))
    if not changed:
        return
    table = ChangeLog.__table__
    maybe_logged = [record_id for entity, record_id in changed if (entity, record_id) not in inserted]
    logged = {}  # (entity, record_id) -> {posyandu_id: (row id, seq)}: one row per posyandu that held the record
    if maybe_logged:
        for row_id, entity, record_id, posyandu_id, seq in session.execute(
                select(table.c.id, table.c.entity, table.c.record_id, table.c.posyandu_id, table.c.seq)
                .where(table.c.record_id.in_(maybe_logged))):
            logged.setdefault((entity, record_id), {})[posyandu_id] = (row_id, seq)
    departures = _departures(changed, logged)
    count = len(changed) + len(departures)
    start = next_sequence_block(session, count)
    seqs = iter(range(start, start + count))
    # Core statements, not ORM objects: a push of 500 visits logs 500 rows (bulk: COPY on PostgreSQL).
    inserts, updates = [], []
    for row_id, posyandu_id, day in departures:
        updates.append({"row_id": row_id, "new_seq": next(seqs), "new_posyandu_id": posyandu_id, "new_deleted": False,
                        "new_day": day})
    for (entity, record_id), obj in changed.items():
        seq = next(seqs)
        deleted = getattr(obj, "deleted_at", None) is not None
        row = logged.get((entity, record_id), {}).get(obj.posyandu_id)
        if row is None:
            inserts.append({"seq": seq, "posyandu_id": obj.posyandu_id, "deleted": deleted, "entity": entity,
                            "record_id": record_id, "changed_at": utcnow(), "day": day_of(entity, obj)})
        else:
            updates.append({"row_id": row[0], "new_seq": seq, "new_posyandu_id": obj.posyandu_id,
                            "new_deleted": deleted, "new_day": day_of(entity, obj)})
    if updates:
        session.execute(update(table).where(table.c.id == bindparam("row_id")).values(
            seq=bindparam("new_seq"), posyandu_id=bindparam("new_posyandu_id"), deleted=bindparam("new_deleted"),
            day=bindparam("new_day")), updates)
    bulk.insert_rows(table, inserts)


def day_of(entity: str, record):
    """The change-log `day` of a record: a visit's visit_date (pull's partition hint), None for the others."""
    return record.visit_date if entity in visit_models() else None


def _departures(changed, logged) -> list[tuple[int, int, object]]:
    """(row id, posyandu id, day) of the posyandu each moved record has just left.

    A record logged last under another posyandu has moved (a person's posyandu edited, a merge into another
    posyandu). That posyandu's row gets a new sequence: its phones pull it, find the record out of their scope and
    drop it (services/sync_pull.py answers a tombstone), instead of keeping a person who is no longer theirs.
    """
    found = []
    for key, obj in changed.items():
        rows = logged.get(key)
        if not rows:
            continue
        last_posyandu = max(rows, key=lambda posyandu_id: rows[posyandu_id][1])
        if last_posyandu != obj.posyandu_id:
            found.append((rows[last_posyandu][0], last_posyandu, day_of(key[0], obj)))
    return found


def next_sequence_block(session, count: int) -> int:
    """Reserve `count` sequence numbers; returns the first. Locks the counter row until commit."""
    # One statement: the UPDATE takes the row lock (held to commit) and RETURNING gives the new value.
    value = session.execute(update(SyncCounter).where(SyncCounter.id == 1)
                            .values(value=SyncCounter.value + count).returning(SyncCounter.value)).scalar()
    if value is None:
        session.add(SyncCounter(id=1, value=count))
        session.flush()
        value = count
    return value - count + 1


def current_sequence() -> int:
    return db.session.execute(select(SyncCounter.value).where(SyncCounter.id == 1)).scalar() or 0
