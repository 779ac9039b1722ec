"""Roster import: check every row (reasons in the catalogs), flag probable duplicates, then import the good rows
in one audited transaction. Nothing is written by the check; the phones get the new persons at their next pull
(the change log records every new Person, services/changes.py).
"""
import json
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from ...clock import field_today, utc_now
from ...extensions import db
from ...day_text import parse_day
from ...models import AuditLog, Facility, FacilityKind, Person, User
from ...models.base import new_uuid
from .. import audit, bulk, changes
from ..duplicates import IdentityIndex
from ...sync_fields import nik_is_valid
from ..registry import normalize_name
from .managed import NotFound, manages
from .roster_file import read

LIMITS = {"name": 120, "mother_name": 120, "address": 200, "rt": 8, "rw": 8, "dusun": 120, "phone": 20}
SEX = {"l": "M", "laki-laki": "M", "laki laki": "M", "m": "M", "p": "F", "perempuan": "F", "f": "F"}
PHONE = re.compile(r"^\+?[0-9 -]{6,20}$")
FORMULA = ("=", "+", "@")  # a leading "-" is a normal hyphen in addresses; "=", "+", "@" start spreadsheet formulas
PENDING_TTL = 3600  # seconds a checked upload waits for its confirmation


@dataclass
class Row:
    number: int  # the sheet's row number (header is row 1)
    values: dict
    errors: list = field(default_factory=list)  # (catalog key, params)
    duplicate: str | None = None                # the person or the earlier row it probably repeats
    posyandu: Facility | None = None

    @property
    def status(self) -> str:
        return "invalid" if self.errors else "duplicate" if self.duplicate else "new"


@dataclass
class Preview:
    rows: list[Row]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)


def _posyandu_by_code(actor: User, rows, default: Facility | None) -> dict:
    codes = {row.get("posyandu", "").strip().upper() for row in rows} - {""}
    found = db.session.scalars(select(Facility).where(Facility.code.in_(codes), Facility.kind == FacilityKind.POSYANDU))
    usable = {f.code: f for f in found if f.closed_at is None and manages(actor, f)}
    usable[""] = default
    return usable


def _check_row(row: Row, posyandu: dict) -> None:
    values, errors = row.values, row.errors
    for name, text in values.items():
        if text.startswith(FORMULA):
            errors.append(("roster.error.formula", {"field": name}))
    for name, limit in LIMITS.items():
        if len(values.get(name, "")) > limit:
            errors.append(("roster.error.too_long", {"field": name, "n": limit}))
    if len(values.get("name", "")) < 2:
        errors.append(("roster.error.name_required", {}))
    sex = SEX.get(values.get("sex", "").strip().lower())
    if sex is None:
        errors.append(("roster.error.sex", {}))
    try:
        birth = parse_day(values.get("birth_date"))
        if birth is None:
            errors.append(("roster.error.birth_date_required", {}))
        elif birth > field_today():
            errors.append(("roster.error.birth_date_future", {}))
    except ValueError as exc:
        birth = None
        errors.append((str(exc), {}))
    nik = values.get("nik", "").replace(" ", "")
    if nik and not nik_is_valid(nik):
        errors.append(("roster.error.nik", {}))
    phone = values.get("phone", "")
    if phone and not PHONE.match(phone):
        errors.append(("roster.error.phone", {}))
    code = values.get("posyandu", "").strip().upper()
    row.posyandu = posyandu.get(code)
    if row.posyandu is None:
        errors.append(("roster.error.posyandu", {"code": code}) if code else ("roster.error.posyandu_missing", {}))
    values.update(sex_code=sex, birth=birth, nik_clean=nik or None)


def check(actor: User, data: bytes, filename: str, default_posyandu_id=None) -> Preview:
    """Every row with its status: new, invalid (with reasons) or duplicate. Writes nothing."""
    default = None
    if default_posyandu_id:
        default = db.session.get(Facility, default_posyandu_id)
        if default is None or default.kind != FacilityKind.POSYANDU or not manages(actor, default):
            raise NotFound(default_posyandu_id)
    raw = read(data, filename)
    posyandu = _posyandu_by_code(actor, raw, default)
    rows = [Row(number, values) for number, values in enumerate(raw, start=2)]
    for row in rows:
        _check_row(row, posyandu)
    index = IdentityIndex.for_posyandu({row.posyandu.id for row in rows if row.posyandu})
    for row in rows:
        if row.errors:
            continue
        values = row.values
        identity = (normalize_name(values["name"]), values["birth"], normalize_name(values.get("mother_name")))
        found = index.match(row.posyandu.id, values["nik_clean"], identity)
        if found:
            row.duplicate = found
        else:
            index.add(row.posyandu.id, values["nik_clean"], identity, f"#{row.number}")
    return Preview(rows)


def run(actor: User, data: bytes, filename: str, default_posyandu_id=None) -> Preview:
    """Check again (the register may have changed since the preview) and insert the new rows, all or nothing."""
    preview = check(actor, data, filename, default_posyandu_id)
    now = audit.utcnow()
    persons, rows = [], []
    # Rows, not ORM objects: 20,000 Person objects cost seconds to build and flush (docs/PERFORMANCE.md, roster).
    for row in preview.rows:
        if row.status != "new":
            continue
        values = row.values
        person = bulk.new_row(Person, {
            "id": new_uuid(), "posyandu_id": row.posyandu.id, "name": values["name"],
            "name_normalized": normalize_name(values["name"]), "sex": values["sex_code"],
            "birth_date": values["birth"], "nik": values["nik_clean"],
            "mother_name": values.get("mother_name") or None,
            "mother_name_normalized": normalize_name(values.get("mother_name")) or None,
            "address": values.get("address") or None, "rt": values.get("rt") or None,
            "rw": values.get("rw") or None, "dusun": values.get("dusun") or None,
            "phone": values.get("phone") or None, "created_by_id": actor.id, "updated_by_id": actor.id,
            "created_at": now, "updated_at": now})
        persons.append(person)
        rows.append(audit.row(actor, "create", "person", person["id"], plain=True,
                              after={"name": person["name"], "posyandu_id": person["posyandu_id"],
                                     "source": "roster"}))
    bulk.insert_rows(Person.__table__, persons)
    changes.track_inserted("person", ((person["id"], person["posyandu_id"]) for person in persons))
    bulk.insert_rows(AuditLog.__table__, rows)
    audit.record(actor, "import", "roster", None, after={"file": filename[:120], "created": len(persons),
                                                        "invalid": preview.count("invalid"),
                                                        "duplicate": preview.count("duplicate")})
    db.session.commit()
    return preview


def _directory(base: str) -> Path:
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    cutoff = utc_now().timestamp() - PENDING_TTL
    for old in path.glob("*.json"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    return path


def keep(actor: User, data: bytes, filename: str, posyandu_id, base: str) -> str:
    """Hold a checked upload until it is confirmed; returns the token the confirmation carries."""
    token = secrets.token_urlsafe(24)
    payload = {"user_id": actor.id, "filename": filename, "posyandu_id": posyandu_id, "data": data.hex()}
    (_directory(base) / f"{token}.json").write_text(json.dumps(payload), encoding="utf-8")
    return token


def take(actor: User, token: str, base: str) -> tuple[bytes, str, int | None]:
    """The upload held under `token` for this user (then forgotten); NotFound when absent, expired or another's."""
    if not token or not re.fullmatch(r"[A-Za-z0-9_-]{32}", token):
        raise NotFound(token)
    path = _directory(base) / f"{token}.json"
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise NotFound(token) from None
    if payload.get("user_id") != actor.id:
        raise NotFound(token)
    os.unlink(path)
    return bytes.fromhex(payload["data"]), payload["filename"], payload["posyandu_id"]
