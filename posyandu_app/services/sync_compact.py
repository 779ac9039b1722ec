"""Pull v2: the same records as v1 in fewer bytes (no visit results the phone recomputes, no nulls or defaults,
one table per entity with a column per field, ids and times in short codes). Format: docs/SYNC.md §4.3."""
import base64
import functools
import uuid
from datetime import datetime, timezone

from sqlalchemy import inspect

from ..visit_kinds import kinds
from .serialize import MODELS, fields_of

VERSION = 2
# The append-only visits' `results` are what the phone's rule twins compute from the measured fields (the vectors
# prove the twins equal); the promoted columns stay, so the phone can check its result against the server's.
RECOMPUTED = {kind.entity: frozenset({"results"}) for kind in kinds() if kind.append_only}
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@functools.cache
def shape(entity: str) -> tuple[list, dict]:
    """The fields a record of `entity` has in v2, and their scalar column defaults (is_current true, ...)."""
    fields = [name for name in fields_of(MODELS[entity]) if name not in RECOMPUTED.get(entity, ())]
    columns = {attr.key: attr.columns[0] for attr in inspect(MODELS[entity]).column_attrs}
    defaults = {name: columns[name].default.arg for name in fields
                if columns[name].default is not None and columns[name].default.is_scalar
                and not columns[name].primary_key}
    return fields, defaults


def compact(page: dict, remaining: int) -> dict:
    """A v1 page as v2. Per entity, a table `{"n": rows, "cols": {field: [value per row]}, "codes": {field: code}}`
    whose rows are the page's live records grouped by person (visits of one child side by side compress well); a
    column that is null or its column default in every row is left out (`defaults` names those defaults). Then the
    tombstones `[{"e", "id", "into"}]`. A page holds each record once in its latest state, so this order changes
    nothing on the phone (tables first, tombstones last)."""
    rows, gone = {}, []
    for change in page["changes"]:
        if change["deleted"]:
            gone.append({"e": change["entity"], "id": change["id"],
                         "into": (change["data"] or {}).get("merged_into_id")})
        else:
            rows.setdefault(change["entity"], []).append(change["data"])
    tables = {}
    for entity in MODELS:  # persons first, then the kinds in registry order
        if entity in rows:
            records = sorted(rows[entity], key=lambda d: (d.get("person_id") or d["id"], d.get("visit_date") or ""))
            tables[entity] = _table(entity, records)
    return {"v": VERSION, "tables": tables, "gone": gone, "next_cursor": page["next_cursor"], "more": page["more"],
            "remaining": remaining, "server_time": page["server_time"]}


def _table(entity, records) -> dict:
    _, defaults = shape(entity)
    # every key the records carry (the columns, and what the pull adds, e.g. a person's duplicate_elsewhere)
    fields = [name for name in dict.fromkeys(key for record in records for key in record)
              if name not in RECOMPUTED.get(entity, ())]
    cols, codes, nulls = {}, {}, []
    for name in fields:
        values = [record.get(name) for record in records]
        if all(value is None for value in values):
            nulls.append(name)
            continue
        if name in defaults and all(_same(value, defaults[name]) for value in values):
            continue  # the phone fills it with the default
        code = _code_of(values)
        if code:
            values = CODECS[code](values)
            codes[name] = code
        cols[name] = values
    table = {"n": len(records), "cols": cols, "null": nulls}
    if codes:
        table["codes"] = codes
    used = {name: value for name, value in defaults.items() if name not in cols and name not in nulls}
    if used:
        table["defaults"] = used
    return table


def _same(value, default):
    return type(value) is type(default) and value == default


def _uuids(values):
    """"u": a UUID as its 16 bytes in base64url (22 characters instead of 36)."""
    return [None if v is None else base64.urlsafe_b64encode(uuid.UUID(v).bytes).decode().rstrip("=") for v in values]


def _times(values):
    """"t": a UTC time as microseconds since 1970, each the difference from the column's previous time."""
    out, previous = [], 0
    for value in values:
        if value is None:
            out.append(None)
            continue
        micros = (datetime.fromisoformat(value) - EPOCH) // _MICRO
        out.append(micros - previous)
        previous = micros
    return out


_MICRO = datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=timezone.utc) - EPOCH
CODECS = {"u": _uuids, "t": _times}


def _code_of(values) -> str | None:
    """The code a column takes when every value in it comes back exactly (else the column is sent as it is)."""
    present = [v for v in values if v is not None]
    if not present or not all(isinstance(v, str) for v in present):
        return None
    if all(len(v) == 36 and _is_uuid(v) for v in present):
        return "u"
    if all(len(v) >= 25 and v.endswith("+00:00") and "T" in v and _time_text(v) == v for v in present):
        return "t"
    return None


def _is_uuid(text):
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


def _time_text(text):
    try:
        return datetime.fromisoformat(text).astimezone(timezone.utc).isoformat()
    except ValueError:
        return None


def expand(page: dict) -> list[dict]:
    """A v2 page back into v1 change items (without the recomputed results), as the phone does on receipt
    (static/js/pull.js); here for tests and tools."""
    out = []
    for entity, table in page["tables"].items():
        fields = list(table["cols"]) + table.get("null", []) + list(table.get("defaults", {}))
        cols = {name: _decode(table.get("codes", {}).get(name), values) for name, values in table["cols"].items()}
        fill = table.get("defaults", {})
        for row in range(table["n"]):
            data = {name: cols[name][row] if name in cols else fill.get(name) for name in fields}
            out.append({"entity": entity, "id": data["id"], "version": data.get("version"), "deleted": False,
                        "data": data})
    out += [{"entity": g["e"], "id": g["id"], "deleted": True, "data": {"merged_into_id": g["into"]}}
            for g in page["gone"]]
    return out


def _decode(code, values):
    if code == "u":
        return [None if v is None else str(uuid.UUID(bytes=base64.urlsafe_b64decode(v + "=="))) for v in values]
    if code == "t":
        out, previous = [], 0
        for v in values:
            if v is None:
                out.append(None)
                continue
            previous += v
            out.append((EPOCH + previous * _MICRO).isoformat())
        return out
    return values
