"""Ingest of a pushed batch: one transaction, each op isolated, idempotent by op_id, results recomputed here.

Fast path: the whole batch runs inside one SAVEPOINT with every op isolated in memory (an undo journal drops
what a failed op added or changed, services/sync_writes.py) and is written at the end: the ORM's changes by one
flush, the new visits and the append-only rows (applied ops, audit) in bulk (services/bulk.py: COPY on
PostgreSQL). If that write fails (the same op committed meanwhile by a concurrent request, or a row the database
refuses), the savepoint is rolled back and the batch runs again op by op, each op in its own SAVEPOINT: the UNIQUE
op_id then answers `duplicate` for what the other request applied, and a database error spoils only its own op.
"""
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from ..clock import utc_now
from ..domain.errors import DomainValidationError
from ..extensions import db
from ..models import AppliedOp, Facility, GrowthVisit, Person, PregnancyEpisode
from ..models.base import utcnow
from ..visit_kinds import kind as kind_of, visit_models
from . import scope, sync_ops
from .serialize import serialize
from .sync_answers import content_hash, op_id_reused, replay, stored_answer
from .sync_rules import OpOutcome, OpRejected, canonical, message
from .sync_visibility import Visibility
from .sync_writes import FastPathAbandoned, JournalledWrites

log = logging.getLogger(__name__)


@dataclass
class PushOp:
    """One op as the API read it: the envelope fields, raw `data`, and envelope errors (which reject it)."""
    op_id: str
    entity: str
    data: dict
    id: str | None = None
    base_version: int | None = None
    recorded_at: datetime | None = None
    errors: dict = field(default_factory=dict)
    content_hash: str | None = None  # what the op says (content_hash()); the API hashes the op as sent
    refused: dict | None = None  # the answer to an op that cannot even be remembered (no usable op_id)

    def __post_init__(self):
        if self.content_hash is None:
            self.content_hash = content_hash(self.entity, self.id, self.base_version, self.data)


def push(user, device_id: str, ops: list[PushOp], load_data) -> dict:
    """Apply a batch for `user` and answer one result per op, in order; commits once at the end.

    `load_data(kind, data, partial)` -> (values, errors) validates an entity's data (the API's schemas).
    """
    try:
        batch = None
        with db.session.begin_nested():
            batch = Batch(user, device_id, load_data, ops, fast=True)
            results = batch.run_all(ops)
            batch.write()
    except (DBAPIError, FastPathAbandoned) as exc:
        if batch is not None:
            batch.forget_written()
        if database_gone(exc):
            raise
        log.info("sync batch of %d ops goes op by op: %s", len(ops), exc.__class__.__name__)
        results = op_by_op(user, device_id, load_data, ops)
    db.session.commit()
    return {"results": results, "server_time": utc_now().isoformat()}


def database_gone(exc) -> bool:
    """A lost connection (or a database refusing work: restart, lock timeout) spoils the whole transaction, not
    one op: the request answers 503 (errors.py), nothing is kept, and the phone retries the batch later."""
    return isinstance(exc, OperationalError) or bool(getattr(exc, "connection_invalidated", False))


def op_by_op(user, device_id, load_data, ops) -> list:
    """The careful path: a SAVEPOINT per op (see the module docstring)."""
    return Batch(user, device_id, load_data, ops, fast=False).run_all(ops)


class Batch(JournalledWrites):
    """The state one push needs, fetched up front in a few queries instead of several per op."""

    def __init__(self, user, device_id, load_data, ops, fast: bool):
        super().__init__(fast)
        self.user, self.device_id, self._load = user, device_id, load_data
        self.new_persons, self._pustu_of = [], {}
        self.scope = set(scope.posyandu_ids(user))
        self.visibility = Visibility(self.scope, self._posyandu_of_person)
        self.answers, self._answered, self._hashes = {}, {}, {}
        for row in db.session.execute(
                select(AppliedOp.op_id, AppliedOp.result, AppliedOp.entity, AppliedOp.record_id, AppliedOp.user_id,
                       AppliedOp.content_hash)
                .where(AppliedOp.op_id.in_({op.op_id for op in ops if op.refused is None}))):
            self.answers[row.op_id], self._answered[row.op_id] = row.result, row
        self._on_success = []
        self._prefetch(ops)

    # --- prefetch -------------------------------------------------------------------------------------------
    def _prefetch(self, ops):
        person_ids, episode_ids, visit_ids, growth_people = set(), set(), set(), set()
        for op in ops:
            data_person, data_episode = canonical(op.data.get("person_id")), canonical(op.data.get("episode_id"))
            person_ids.add(op.id if op.entity == "person" else data_person)
            episode_ids.add(op.id if op.entity == "pregnancy" else data_episode)
            if op.entity in visit_models() or op.entity == "correction":
                visit_ids.update({op.id, canonical(op.data.get("supersedes"))})
            if op.entity == "growth":
                growth_people.add(data_person)
        self.persons = self._by_id(Person, person_ids)
        self.episodes = self._by_id(PregnancyEpisode, episode_ids)
        self.visits = {}
        # A visit op's id can only be a visit of its own kind; a correction may supersede any kind.
        models = visit_models()
        kinds = set(models) if any(op.entity == "correction" for op in ops) else {op.entity for op in ops}
        for kind, model in models.items():
            if kind not in kinds:
                continue
            for visit in self._by_id(model, visit_ids).values():
                self.visits[visit.id] = (kind, visit)
        growth_people |= {visit.person_id for kind, visit in self.visits.values() if kind == "growth"}
        self.weighings = defaultdict(dict)  # person_id -> {visit_id: (visit_date, weight_kg)}, current visits
        growth_people.discard(None)
        if growth_people:
            rows = db.session.execute(select(GrowthVisit.id, GrowthVisit.person_id, GrowthVisit.visit_date,
                                             GrowthVisit.weight_kg).where(
                GrowthVisit.person_id.in_(growth_people), GrowthVisit.is_current.is_(True)))
            for visit_id, person_id, visit_date, weight in rows:
                self.weighings[person_id][visit_id] = (visit_date, weight)

    @staticmethod
    def _by_id(model, ids):
        ids = [value for value in ids if value]
        if not ids:
            return {}
        return {obj.id: obj for obj in db.session.scalars(select(model).where(model.id.in_(ids)))}

    # --- lookups for the op handlers ------------------------------------------------------------------------
    def load(self, kind, data, partial=False):
        values, errors = self._load(kind, data, partial)
        if errors:
            raise OpRejected(errors)
        return values

    def person(self, person_id):
        if person_id not in self.persons:
            self.persons[person_id] = db.session.get(Person, person_id) if person_id else None
        return self.persons[person_id]

    def _posyandu_of_person(self, person_id):
        with db.session.no_autoflush:  # the fast path writes nothing before its end
            return getattr(self.person(person_id), "posyandu_id", None)

    def surviving_person(self, person_id):
        """The person a record about `person_id` belongs to now: a merged person's visits go to the one it was
        merged into (the kader recorded them offline before the bidan merged the two)."""
        person = self.person(person_id)
        for _ in range(5):  # merges chain rarely; a cycle must not hang the request
            if person is None or not person.merged_into_id:
                break
            person = self.person(person.merged_into_id)
        return person

    def episode(self, episode_id):
        if episode_id not in self.episodes:
            self.episodes[episode_id] = db.session.get(PregnancyEpisode, episode_id) if episode_id else None
        return self.episodes[episode_id]

    def visit(self, visit_id, kind=None):
        """(kind, visit) of a visit the server holds (of that kind, if given), or (None, None)."""
        found = self.visits.get(visit_id, (None, None))
        return found if kind is None or found[0] == kind else (None, None)

    def current_record(self, entity, record_id):
        """The server's copy of what an applied op wrote (None if it is gone)."""
        if entity == "person":
            kind, record = "person", self.person(record_id)
        elif entity == "pregnancy":
            kind, record = "pregnancy", self.episode(record_id)
        elif entity in visit_models():
            kind, record = self.visit(record_id)
            if kind != entity:
                kind, record = entity, db.session.get(kind_of(entity).model, record_id)
        else:  # a correction: a new visit of the kind it superseded
            kind, record = self.visit(record_id)
            if record is None:
                kind, record = sync_ops.load_visit(self, record_id)
        return serialize(kind, record) if record is not None else None

    def pustu_of(self, posyandu_id):
        if posyandu_id not in self._pustu_of:
            self._pustu_of[posyandu_id] = db.session.scalar(
                select(Facility.parent_id).where(Facility.id == posyandu_id))
        return self._pustu_of[posyandu_id]

    def default_posyandu(self):
        return next(iter(self.scope)) if len(self.scope) == 1 else None

    def on_success(self, action):
        """Run `action` once the op is applied (caches must not learn of rolled-back rows)."""
        self._on_success.append(action)

    # --- one op ---------------------------------------------------------------------------------------------
    def run_all(self, ops) -> list:
        return [self.run(op) for op in ops]

    def run(self, op: PushOp) -> dict:
        if op.refused is not None:
            return op.refused
        if op.op_id in self.answers:
            return self.visibility.shown(self._again(op))
        return self.visibility.shown(self._first(op))

    def _again(self, op) -> dict:
        """An op_id already answered: by an earlier request (stored) or earlier in this batch. The answer is
        replayed only to the user who sent it, for the same content; the record as the server holds it now."""
        stored = self._answered.get(op.op_id)
        if stored is None:
            if self._hashes.get(op.op_id) != op.content_hash:
                return op_id_reused(op)
            return replay(self.answers[op.op_id])
        # A row stored before content hashes were kept has none: its user alone is checked.
        if stored.user_id != self.user.id or stored.content_hash not in (None, op.content_hash):
            return op_id_reused(op)
        return replay(self.answers[op.op_id], lambda: self.current_record(stored.entity, stored.record_id))

    def _first(self, op) -> dict:
        self._on_success, mark = [], len(self._journal)
        try:
            with db.session.no_autoflush if self.fast else db.session.begin_nested():
                if op.errors:
                    raise OpRejected(op.errors)
                self._unclaimed = []
                record = sync_ops.handler(op.entity)(self, op)
                if not self.fast:
                    self.claim_visit_ids()
                result = {"op_id": op.op_id, "status": "applied", "record": record}
                self._remember(op, result)
        except OpOutcome as outcome:
            self._undo(mark)
            result = self._remember_alone(op, outcome.answer(op.op_id))
        except DomainValidationError as exc:
            self._undo(mark)
            result = self._remember_alone(op, OpRejected(exc.field_errors).answer(op.op_id))
        except DBAPIError as exc:
            if self.fast or database_gone(exc):
                raise  # the session cannot go on after a failed flush: the batch is redone op by op
            result = self._after_race(op) if isinstance(exc, IntegrityError) else self._server_error(op)
        except Exception:  # a bug in one op must not cost the kader the rest of the batch
            log.exception("sync op %s (%s) failed", op.op_id, op.entity)
            self._undo(mark)
            result = self._server_error(op)
        else:
            for action in self._on_success:
                action()
        if result.get("code") != "op_id_reused":
            self.answers[op.op_id], self._hashes[op.op_id] = result, op.content_hash
        return result

    def _remember(self, op, result):
        self.bookkeep(AppliedOp, {"op_id": op.op_id, "device_id": self.device_id, "user_id": self.user.id,
                                  "entity": op.entity, "record_id": op.id, "status": result["status"],
                                  "result": stored_answer(result), "content_hash": op.content_hash,
                                  "created_at": utcnow()})

    def _remember_alone(self, op, result):
        if self.fast:
            self._remember(op, result)
            return result
        try:
            with db.session.begin_nested():
                self._remember(op, result)
        except IntegrityError:
            return self._after_race(op)
        return result

    def _after_race(self, op):
        """Another request committed the same op (or visit) first: answer from what it stored."""
        stored = db.session.execute(select(AppliedOp.result, AppliedOp.entity, AppliedOp.record_id,
                                           AppliedOp.user_id, AppliedOp.content_hash)
                                    .where(AppliedOp.op_id == op.op_id)).first()
        if stored is not None:
            self.answers[op.op_id], self._answered[op.op_id] = stored.result, stored
            return self._again(op)
        for kind, model in visit_models().items():
            visit = db.session.get(model, op.id) if op.id else None
            if visit is not None and op.entity in (kind, "correction"):
                return sync_ops.existing_visit(self, op, kind, visit).answer(op.op_id)
        return self._server_error(op)

    @staticmethod
    def _server_error(op):
        # Not remembered: the same op_id pushed again is tried again.
        return {"op_id": op.op_id, "status": "rejected", "retry": True,
                "errors": {"_schema": message("sync.server_error")}}
