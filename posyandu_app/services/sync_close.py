"""A visit that ends the record it hangs below (a delivery ends its pregnancy), closed in the op's transaction.

The kind declares it (`client.closes`): the parent's column and value, and the column given the visit's date.
The parent's version goes up like any edit, so the change reaches every phone by pull and an edit made on a phone
from the older copy is a conflict, never a silent overwrite (docs/SYNC.md). One current closing visit per parent:
a second one is refused; a correction of the first moves the date.
"""
from sqlalchemy import select

from ..extensions import db
from ..models import AuditLog
from ..models.base import utcnow
from ..visit_kinds import parent_of
from . import audit
from .serialize import serialize
from .sync_rules import in_scope, reject


def after_visit(batch, declared, visit, parent, old):
    """Checks the visit's links (a newborn named by `baby_id`) and closes `parent` if the kind closes it."""
    _check_baby(batch, visit)
    closes = declared.client.closes
    if closes is None or parent is None:
        return
    parent_kind = parent_of(declared)
    if _other_current(batch, declared, parent, {visit.id, old.id if old is not None else None}):
        reject(declared.parent, "sync.parent_closed")
    if getattr(parent, closes.field) not in (*parent_kind.client.open.values, closes.value):
        reject(declared.parent, "sync.parent_closed")  # ended otherwise (a miscarriage): not a birth
    before = serialize(parent_kind.entity, parent)
    batch.set(parent, **{closes.field: closes.value, closes.date_field: visit.visit_date},
              version=parent.version + 1, updated_at=utcnow(), updated_by_id=batch.user.id)
    batch.bookkeep(AuditLog, audit.row(batch.user, "update", parent_kind.entity, parent.id, before,
                                       serialize(parent_kind.entity, parent), plain=True))


def _other_current(batch, declared, parent, not_these):
    """Whether another current visit of the kind already closed this parent (stored, or earlier in this batch)."""
    model, column = declared.model, getattr(declared.model, declared.parent)
    held = any(kind == declared.entity and getattr(v, declared.parent) == parent.id and v.is_current
               and v.id not in not_these for kind, v in batch.visits.values())
    with db.session.no_autoflush:
        stored = db.session.scalars(select(model.id).where(column == parent.id, model.is_current.is_(True))).all()
    superseded = {v.supersedes_id for _, v in batch.visits.values() if getattr(v, "supersedes_id", None)}
    return held or any(found not in not_these and found not in superseded for found in stored)


def _check_baby(batch, visit):
    """The newborn a delivery registered: a person the caller may read, not the mother herself."""
    baby_id = getattr(visit, "baby_id", None)
    if baby_id is None:
        return
    baby = in_scope(batch.person(baby_id), batch.scope)
    if baby is None or baby.deleted_at is not None:
        reject("baby_id", "sync.person_not_found")
    if baby.id == visit.person_id:
        reject("baby_id", "sync.baby_is_mother")
