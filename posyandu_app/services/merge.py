"""Probable-duplicate persons: list them, merge two into one (history kept), or mark them as different people."""
from sqlalchemy import func, select

from ..extensions import db
from ..models import Delivery, Person
from ..models.base import utcnow
from ..visit_kinds import kinds
from . import audit, scope
from .review import NotFound, ReviewError

# Identity fields the kept person takes from the merged one when its own are empty.
FILLABLE = ("nik", "mother_name", "mother_name_normalized", "address", "rt", "rw", "dusun", "school", "class_name", "phone",
            "birth_weight_kg", "birth_length_cm")


def _person(user, person_id: str, for_update: bool = False) -> Person:
    query = select(Person).where(Person.id == person_id, Person.deleted_at.is_(None),
                                 Person.posyandu_id.in_(scope.posyandu_ids(user)))
    person = db.session.scalar(query.with_for_update() if for_update else query)
    if person is None:
        raise NotFound(person_id)
    return person


def duplicates(user) -> list[tuple[Person, Person | None]]:
    """Flagged persons in scope with the person they probably duplicate (None when that one is out of scope)."""
    allowed = scope.posyandu_ids(user)
    flagged = db.session.scalars(select(Person).where(Person.duplicate_of_id.is_not(None), Person.deleted_at.is_(None),
                                                      Person.posyandu_id.in_(allowed)).order_by(Person.created_at))
    pairs = []
    for person in flagged:
        original = db.session.get(Person, person.duplicate_of_id)
        visible = original is not None and original.deleted_at is None and original.posyandu_id in allowed
        pairs.append((person, original if visible else None))
    return pairs


def pair(user, person_id: str) -> tuple[Person, Person]:
    """The flagged person and its probable original, both in scope and not deleted; else NotFound."""
    person = _person(user, person_id)
    if not person.duplicate_of_id:
        raise NotFound(person_id)
    return person, _person(user, person.duplicate_of_id)


def visit_counts(person_id: str) -> dict[str, int]:
    return {kind.entity: db.session.scalar(select(func.count(kind.model.id)).where(kind.model.person_id == person_id))
            for kind in kinds()}


def merge(user, flagged_id: str, keep_id: str) -> Person:
    """Merge a flagged pair: every visit and pregnancy of the other person moves to `keep`, and to keep's posyandu
    (so no record names a person its posyandu's phones cannot pull); the other becomes a tombstone (deleted_at +
    merged_into_id) that phones receive through pull. Returns the kept person."""
    flagged, original = pair(user, flagged_id)
    if keep_id not in (flagged.id, original.id):
        raise ReviewError("review.error.merge_choice")
    keep, gone = (flagged, original) if keep_id == flagged.id else (original, flagged)
    keep, gone = _person(user, keep.id, for_update=True), _person(user, gone.id, for_update=True)
    moved = {}
    for kind in kinds():
        model = kind.model
        ids = list(db.session.scalars(select(model.id).where(model.person_id == gone.id)))
        moved[kind.entity] = ids
        # Row by row (not a bulk UPDATE) so change tracking logs every moved record for pull.
        for record in db.session.scalars(select(model).where(model.id.in_(ids))):
            record.person_id, record.posyandu_id = keep.id, keep.posyandu_id
            if not kind.append_only:  # edited in place (a pregnancy): phones holding it see a new version
                record.version += 1
    # A birth that registered the removed newborn names the kept one (the delivery itself stays the mother's).
    for delivery in db.session.scalars(select(Delivery).where(Delivery.baby_id == gone.id)):
        delivery.baby_id = keep.id
    filled = {}
    for field in FILLABLE:
        if getattr(keep, field) in (None, "") and getattr(gone, field) not in (None, ""):
            filled[field] = getattr(gone, field)
            setattr(keep, field, filled[field])
    now = utcnow()
    keep.duplicate_of_id = keep.duplicate_reason = None
    keep.version += 1
    keep.updated_at, keep.updated_by_id = now, user.id
    gone.deleted_at, gone.merged_into_id, gone.duplicate_of_id = now, keep.id, None
    gone.version += 1
    gone.updated_at, gone.updated_by_id = now, user.id
    # Anyone else flagged as a duplicate of the removed person now points at the kept one.
    for other in db.session.scalars(select(Person).where(Person.duplicate_of_id == gone.id, Person.id != keep.id)):
        other.duplicate_of_id = keep.id
    audit.record(user, "merge", "person", keep.id, before={"merged": gone.id},
                 after={"moved": moved, "filled": filled})
    audit.record(user, "merged_into", "person", gone.id, after={"merged_into_id": keep.id})
    db.session.commit()
    return keep


def mark_different(user, flagged_id: str) -> Person:
    """The two are different people: clear the flag (recorded, so the decision can be traced)."""
    person = _person(user, flagged_id, for_update=True)
    if not person.duplicate_of_id:
        raise NotFound(flagged_id)
    before = {"duplicate_of_id": person.duplicate_of_id, "duplicate_reason": person.duplicate_reason}
    person.duplicate_of_id = person.duplicate_reason = None
    person.version += 1
    person.updated_at, person.updated_by_id = utcnow(), user.id
    audit.record(user, "not_duplicate", "person", person.id, before=before,
                 after={"duplicate_of_id": None, "duplicate_reason": None})
    db.session.commit()
    return person

