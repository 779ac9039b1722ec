"""Audit trail: one call per change, inside the caller's transaction."""
from datetime import date, datetime

from ..extensions import db
from ..models import AuditLog
from ..models.base import utcnow


_LEAVES = frozenset((str, int, float, bool, type(None)))


def _plain(value):
    # Exact leaf types are tested inline before recursing: sync audits every op with its nested results JSON.
    kind = type(value)
    if kind in _LEAVES:
        return value
    if kind is dict:
        return {key: item if type(item) in _LEAVES else _plain(item) for key, item in value.items()}
    if kind is list or kind is tuple:
        return [item if type(item) in _LEAVES else _plain(item) for item in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def snapshot(obj, fields) -> dict:
    """The given columns of a model as JSON-safe values (for before/after)."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def row(user, action: str, entity: str, record_id, before=None, after=None, plain=False) -> dict:
    """The audit row's values (sync inserts a batch's rows together, see services/sync_push.py).

    `plain`: before/after are already JSON-safe (records from services/serialize.py), so no copy is made.
    """
    if not plain:
        before, after = _plain(before), _plain(after)
    return {"user_id": getattr(user, "id", None), "action": action, "entity": entity,
            "record_id": str(record_id) if record_id is not None else None,
            "before": before, "after": after, "at": utcnow()}


def record(user, action: str, entity: str, record_id, before=None, after=None) -> AuditLog:
    entry = AuditLog(**row(user, action, entity, record_id, before, after))
    db.session.add(entry)
    return entry
