"""JSON shapes of synced records (pull `data`, push `record`): the model's columns, dates as ISO strings."""
import functools
from datetime import date, datetime, timezone

from sqlalchemy import inspect

from ..models import Person
from ..visit_kinds import kinds

MODELS = {"person": Person, **{kind.entity: kind.model for kind in kinds()}}
# Internal columns the phone has no use for (search keys, user ids).
HIDDEN = {"name_normalized", "mother_name_normalized", "created_by_id", "updated_by_id", "reviewed_by_id"}


@functools.cache
def fields_of(model) -> tuple[str, ...]:
    return tuple(attr.key for attr in inspect(model).column_attrs if attr.key not in HIDDEN)


def plain(value):
    if isinstance(value, datetime):
        # SQLite hands back naive datetimes; every stored time is UTC, and is sent as UTC.
        return (value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def serialize(entity: str, obj) -> dict:
    loaded = obj.__dict__  # loaded attributes read directly: this runs for every op and every pulled record
    return {name: plain(loaded[name] if name in loaded else getattr(obj, name)) for name in fields_of(MODELS[entity])}


def tombstone(obj) -> dict:
    return {"merged_into_id": getattr(obj, "merged_into_id", None)}


@functools.cache
def _defaults(model) -> tuple:
    out = []
    for attr in inspect(model).column_attrs:
        column = attr.columns[0]
        default = column.default
        if default is None or column.primary_key:
            continue
        if default.is_scalar:
            out.append((attr.key, lambda arg=default.arg: arg))
        elif default.is_callable:
            out.append((attr.key, lambda fn=default.arg: fn(None)))
    return tuple(out)


def fill_defaults(obj):
    """Give a new instance its column defaults now, so it serializes exactly as the row the flush will write."""
    loaded = obj.__dict__
    for name, make in _defaults(type(obj)):
        if loaded.get(name) is None:
            setattr(obj, name, make())
    return obj
