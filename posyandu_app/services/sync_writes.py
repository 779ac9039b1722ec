"""The writes of a pushed batch, journalled so a failed op can be undone without a savepoint (services/sync_push.py).

In the fast path nothing is written while the ops run: ORM changes wait in the session (autoflush is off), new
visits and append-only rows wait in lists; `write` sends them all at the end. A failed op's entries are undone from
the journal, newest first.
"""
from collections import defaultdict

from sqlalchemy import inspect
from sqlalchemy.orm import make_transient_to_detached

from ..extensions import db
from . import bulk, changes, visit_partitions


class FastPathAbandoned(Exception):
    """A failed op had already been flushed (code we call may flush); its savepoint-less undo is impossible."""


class JournalledWrites:
    def __init__(self, fast: bool):
        self.fast = fast
        self._journal = []
        self._rows = defaultdict(list)  # model -> row dicts, fast path only (see bookkeep)
        self._new_visits = defaultdict(list)  # model -> new visits, fast path only (see add_visit)
        self._unclaimed = []  # new visits of the running op, op-by-op path only (see claim_visit_ids)

    def add(self, obj):
        db.session.add(obj)
        self._journal.append(("add", obj, None))
        return obj

    def set(self, obj, **values):
        for name, value in values.items():
            self._journal.append(("set", obj, (name, getattr(obj, name))))
            setattr(obj, name, value)

    def bookkeep(self, model, values: dict):
        """An append-only row (applied op, audit) no later op reads back: collected for `write` in the
        fast path, an ORM row inside the op's savepoint in the op-by-op path."""
        if self.fast:
            self._hold(self._rows[model], values)
        else:
            db.session.add(model(**values))

    def add_visit(self, visit):
        """A new visit (append-only): in the fast path written in bulk by `write`, else added to the session."""
        if not self.fast:
            self._unclaimed.append(visit)
            return self.add(visit)
        self._hold(self._new_visits[type(visit)], visit)
        return visit

    def _hold(self, held: list, item):
        """Keep `item` for `write`; a failed op's undo drops it again."""
        held.append(item)
        self._journal.append(("row", held, None))

    def write(self):
        """Fast path, after every op ran: the ORM's changes (persons, episodes, superseded and re-assessed visits)
        by a flush, then the new visits and the bookkeeping rows in bulk. The new visits then join the session
        as persistent, as a flush would leave them, and are logged for pull (services/changes.py)."""
        db.session.flush()
        for model, visits in self._new_visits.items():
            bulk.insert_rows(model.__table__, [bulk.row_of(visit) for visit in visits])
            for visit in visits:
                make_transient_to_detached(visit)
                db.session.add(visit)
            changes.track(visits)
        visit_partitions.claim_ids(db.session.connection(), [v for vs in self._new_visits.values() for v in vs])
        for model, rows in self._rows.items():
            bulk.insert_rows(model.__table__, rows)

    def claim_visit_ids(self):
        """Op-by-op path, at the end of an op inside its savepoint: its new visits written and their ids claimed
        (visit_partitions.claim_ids), so an id taken meanwhile fails this op alone."""
        unclaimed, self._unclaimed = self._unclaimed, []
        if unclaimed:
            db.session.flush()
            visit_partitions.claim_ids(db.session.connection(), unclaimed)

    def forget_written(self):
        """The fast path failed: its savepoint rollback took the bulk-written visits back, so must the session."""
        for visits in self._new_visits.values():
            for visit in visits:
                if visit in db.session:
                    db.session.expunge(visit)

    def keep(self, obj):
        """Remember every column of `obj` before code we do not own (the assessment) changes it."""
        columns = [attr.key for attr in inspect(type(obj)).column_attrs]
        self._journal.append(("keep", obj, {name: getattr(obj, name) for name in columns}))

    def _undo(self, mark):
        entries, self._journal[mark:] = self._journal[mark:], []
        if not self.fast:
            return  # the op's savepoint rollback already restored everything
        for kind, obj, saved in reversed(entries):
            if kind == "row":
                obj.pop()
            elif kind == "add":
                if inspect(obj).persistent:  # flushed by code we called: only a savepoint can take it back
                    raise FastPathAbandoned()
                if obj in db.session:
                    db.session.expunge(obj)
            elif kind == "set":
                setattr(obj, *saved)
            else:
                for name, value in saved.items():
                    setattr(obj, name, value)
