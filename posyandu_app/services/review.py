"""Review use cases: the bidan/supervisor queue, verify, return with a note, bulk verify, follow-up marks."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Person, Review, User
from ..models.base import utcnow
from ..visit_kinds import visit_models
from . import audit, scope

QUEUE_LIMIT = 200
NOTE_MAX = 500
BULK_MAX = QUEUE_LIMIT  # one queue page; more ids in one request only tie up a worker
REVIEW_FIELDS = ("status", "review_note", "reviewed_at", "reviewed_by_id")
FOLLOW_UP_FIELDS = ("follow_up_at", "follow_up_note")


class ReviewError(ValueError):
    """A refused review action; `key` is the catalog key of the message shown to the reviewer."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


class NotFound(LookupError):
    """The record does not exist or is outside the user's scope (the two are never told apart)."""


@dataclass(frozen=True)
class QueueFilter:
    posyandu_id: int | None = None
    entity: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    flagged_only: bool = False


def visit_model(entity: str):
    model = visit_models().get(entity)
    if model is None:
        raise NotFound(entity)
    return model


def load_visit(user, entity: str, visit_id: str, for_update: bool = False):
    """The visit if it exists and its posyandu is in the user's scope; else NotFound (existence never leaks)."""
    model = visit_model(entity)
    query = select(model).where(model.id == visit_id, model.posyandu_id.in_(scope.posyandu_ids(user)))
    if for_update:
        query = query.with_for_update()
    visit = db.session.scalar(query)
    if visit is None:
        raise NotFound(visit_id)
    return visit


def queue(user, filters: QueueFilter, limit: int = QUEUE_LIMIT):
    """Current submitted visits in scope, oldest first (first come, first reviewed): (entity, visit) pairs.

    Returns (items, more) where `more` says the list was cut at `limit`.
    """
    allowed = scope.posyandu_ids(user)
    if filters.posyandu_id is not None:
        allowed = [pid for pid in allowed if pid == filters.posyandu_id]
    items = []
    for entity, model in visit_models().items():
        if filters.entity and filters.entity != entity:
            continue
        query = (select(model).join(Person, Person.id == model.person_id)
                 .where(model.posyandu_id.in_(allowed), model.is_current.is_(True), model.status == "submitted",
                        Person.deleted_at.is_(None)))
        if filters.date_from:
            query = query.where(model.visit_date >= filters.date_from)
        if filters.date_to:
            query = query.where(model.visit_date <= filters.date_to)
        if filters.flagged_only:
            query = query.where(model.flagged.is_(True))
        query = (query.options(selectinload(model.person), selectinload(model.posyandu))
                 .order_by(model.visit_date, model.created_at).limit(limit + 1))
        items.extend((entity, visit) for visit in db.session.scalars(query))
    items.sort(key=lambda item: (item[1].visit_date, item[1].created_at or utcnow()))
    return items[:limit], len(items) > limit


def _decide(user, visit, entity: str, decision: str, note: str | None) -> None:
    before = audit.snapshot(visit, REVIEW_FIELDS)
    visit.status = decision
    visit.review_note = note
    visit.reviewed_at = utcnow()
    visit.reviewed_by_id = user.id
    db.session.add(Review(entity=entity, record_id=visit.id, decision=decision, note=note, reviewer_id=user.id))
    audit.record(user, "verify" if decision == "verified" else "return", entity, visit.id,
                 before=before, after=audit.snapshot(visit, REVIEW_FIELDS))


def _require_current(visit) -> None:
    if not visit.is_current:
        raise ReviewError("review.error.superseded")


def recorded_by(visit, user) -> bool:
    """Whether `user` recorded this version: a record is verified by someone else (four eyes), so a bidan who
    measured at the posyandu has her visit verified by another bidan of the pustu or the puskesmas supervisor."""
    return visit.created_by_id is not None and visit.created_by_id == user.id


def recorder_roles(visits) -> dict[int, str]:
    """user id -> role of who recorded each visit (one query): the queue marks what a bidan recorded herself."""
    ids = {visit.created_by_id for visit in visits if visit.created_by_id is not None}
    if not ids:
        return {}
    return {user_id: role.value for user_id, role in db.session.execute(
        select(User.id, User.role).where(User.id.in_(ids)))}


def verify(user, entity: str, visit_id: str) -> None:
    """Accept a submission as correct (never one's own: recorded_by)."""
    visit = load_visit(user, entity, visit_id, for_update=True)
    _require_current(visit)
    if visit.status != "submitted":
        raise ReviewError("review.error.not_submitted")
    if recorded_by(visit, user):
        raise ReviewError("review.error.own_visit")
    _decide(user, visit, entity, "verified", None)
    db.session.commit()


def return_visit(user, entity: str, visit_id: str, note: str) -> None:
    """Send a submission back to the kader with what to fix; the note reaches the phone through pull."""
    note = (note or "").strip()
    if not note:
        raise ReviewError("review.error.note_required")
    if len(note) > NOTE_MAX:
        raise ReviewError("review.error.note_too_long", n=NOTE_MAX)
    visit = load_visit(user, entity, visit_id, for_update=True)
    _require_current(visit)
    if visit.status == "returned":
        raise ReviewError("review.error.already_returned")
    _decide(user, visit, entity, "returned", note)
    db.session.commit()


def bulk_verify(user, keys) -> tuple[int, int]:
    """Verify the chosen (entity, id) submissions that carry no flag; returns (verified, skipped).

    Flagged, already reviewed, superseded or out-of-scope items are skipped: each needs a look of its own; so are
    the user's own records (someone else verifies them).
    At most BULK_MAX items (a queue page's worth); each kind is loaded and locked with one statement.
    """
    keys = list(dict.fromkeys(keys))
    if len(keys) > BULK_MAX:
        raise ReviewError("review.error.bulk_too_many", n=BULK_MAX)
    allowed = scope.posyandu_ids(user)
    verified = 0
    for entity, model in visit_models().items():
        ids = [visit_id for kind, visit_id in keys if kind == entity]
        if not ids:
            continue
        # ORM objects, not a bare UPDATE: change tracking must see the new status so the phones pull it.
        visits = db.session.scalars(
            select(model).where(model.id.in_(ids), model.posyandu_id.in_(allowed), model.flagged.is_(False),
                                model.is_current.is_(True), model.status == "submitted",
                                or_(model.created_by_id.is_(None), model.created_by_id != user.id))
            .order_by(model.id).with_for_update())
        for visit in visits:
            _decide(user, visit, entity, "verified", None)
            verified += 1
    db.session.commit()
    return verified, len(keys) - verified


def mark_follow_up(user, entity: str, visit_id: str, note: str) -> None:
    """Record that an at-risk person was followed up or referred (shown on the high-risk lists)."""
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ReviewError("review.error.note_too_long", n=NOTE_MAX)
    visit = load_visit(user, entity, visit_id, for_update=True)
    before = audit.snapshot(visit, FOLLOW_UP_FIELDS)
    visit.follow_up_at = utcnow()
    visit.follow_up_note = note or None
    audit.record(user, "follow_up", entity, visit.id, before=before, after=audit.snapshot(visit, FOLLOW_UP_FIELDS))
    db.session.commit()


def reviews_of(entity: str, record_ids) -> list[Review]:
    """Every review decision on these versions of a visit, newest first."""
    return list(db.session.scalars(select(Review).where(Review.entity == entity, Review.record_id.in_(list(record_ids)))
                                   .order_by(Review.created_at.desc(), Review.id.desc())))


def version_chain(user, entity: str, visit) -> list:
    """All versions of one visit in the user's scope, newest first: follows supersedes_id back and forward."""
    model = visit_model(entity)
    allowed = scope.posyandu_ids(user)
    chain = [visit]
    older = visit
    while older.supersedes_id:
        older = db.session.scalar(_in_scope(model, allowed).where(model.id == older.supersedes_id))
        if older is None:
            break
        chain.append(older)
    newer = visit
    while True:
        newer = db.session.scalar(_in_scope(model, allowed).where(model.supersedes_id == newer.id))
        if newer is None:
            break
        chain.insert(0, newer)
    return chain


def _in_scope(model, allowed):
    # A person moved to another pustu keeps their old visits here; the visits recorded there stay there.
    return select(model).where(model.posyandu_id.in_(allowed))


def superseding(user, entity: str, visit):
    """The correction that replaced this visit, if any and in the user's scope."""
    model = visit_model(entity)
    return db.session.scalar(_in_scope(model, scope.posyandu_ids(user)).where(model.supersedes_id == visit.id))


def person_visits(user, model, person_id: str) -> list:
    """Every version of every visit of one kind for a person in the user's scope, newest first."""
    return list(db.session.scalars(_in_scope(model, scope.posyandu_ids(user)).where(model.person_id == person_id)
                                   .order_by(model.visit_date.desc(), model.version.desc())))


def actions_for(visit, user=None) -> dict[str, bool]:
    """Which decisions a reviewer may still take on this version (the same rules verify/return enforce)."""
    own = user is not None and recorded_by(visit, user)
    return {"verify": visit.is_current and visit.status == "submitted" and not own,
            "return": visit.is_current and visit.status != "returned", "own": own}


def recent_history(user, entity: str, visit, count: int = 5, allowed=None) -> list:
    """The person's current visits of the same kind up to this one in the user's scope, oldest first (queue cards).
    `allowed`: the user's posyandu ids when the caller has them already (a queue of 200 cards)."""
    model = visit_model(entity)
    allowed = scope.posyandu_ids(user) if allowed is None else allowed
    rows = db.session.scalars(_in_scope(model, allowed).where(model.person_id == visit.person_id,
                                                              model.is_current.is_(True),
                                                  model.visit_date <= visit.visit_date, model.id != visit.id)
                              .order_by(model.visit_date.desc()).limit(count - 1))
    return list(reversed(list(rows))) + [visit]


def previous_version(user, entity: str, visit, allowed=None):
    """The version this correction replaced (with the reviewer's note), or None for a first submission."""
    if not visit.supersedes_id:
        return None
    model = visit_model(entity)
    allowed = scope.posyandu_ids(user) if allowed is None else allowed
    return db.session.scalar(_in_scope(model, allowed).where(model.id == visit.supersedes_id))
