"""Rules of the ingest beyond the schemas: what "today" is, the op outcomes, scope and date-order checks."""
import uuid

def message(key: str, **params) -> dict:
    """A per-field message as a catalog key and its values: worded in the user's languages by the API (api/sync.py
    answer()), so the ingest runs the same from a test, a CLI or a job, and a stored answer is worded when sent."""
    return {"key": key, "params": params} if params else {"key": key}


class OpOutcome(Exception):
    """An op answered without being applied (its savepoint is rolled back); the answer is still remembered."""
    status = "rejected"

    def __init__(self, errors: dict, record: dict | None = None, code: str | None = None):
        super().__init__(errors)
        self.errors, self.record, self.code = errors, record, code

    def answer(self, op_id: str) -> dict:
        result = {"op_id": op_id, "status": self.status}
        if self.code:
            result["code"] = self.code  # a rejection the phone may tell apart (docs/SYNC.md §3.1)
        if self.errors:
            result["errors"] = self.errors
        if self.record is not None:
            result["record"] = self.record
        return result

class OpRejected(OpOutcome):
    status = "rejected"

class OpConflict(OpOutcome):
    status = "conflict"

class OpDuplicate(OpOutcome):
    """The record (a visit) is already on the server under another op: nothing to do, here is the server copy."""
    status = "duplicate"

    def __init__(self, record: dict):
        super().__init__({}, record)

def canonical(value) -> str | None:
    """A UUID as the canonical lower-case string the keys are stored as, or None."""
    try:
        return str(uuid.UUID(str(value)))
    except (TypeError, ValueError, AttributeError):
        return None

def reject(field: str, key: str, **params):
    raise OpRejected({field: message(key, **params)})

def id_taken():
    """The op's record id names a record the caller cannot see, or another one: answered without it."""
    return OpRejected({"id": message("sync.id_taken")}, code="id_taken")

def require_scope(scope_ids, posyandu_id, field: str) -> None:
    if posyandu_id not in scope_ids:
        reject(field, "sync.out_of_scope")

def in_scope(record, scope_ids):
    """`record` if the caller may see it, else None: scope before lookup, so a record of another posyandu is
    answered exactly like no record at all (same code, field and message; docs/SECURITY.md)."""
    return record if record is not None and record.posyandu_id in scope_ids else None

def require_person(person, scope_ids, field="person_id", survivor=None):
    """The person a record hangs on: known to the server in the caller's scope, not deleted. A person the bidan
    merged is replaced by `survivor` (the one it was merged into), unless that one is outside the caller's scope."""
    if in_scope(person, scope_ids) is None:
        reject(field, "sync.person_not_found")
    if person.merged_into_id and survivor is not None and survivor is not person:
        if in_scope(survivor, scope_ids) is None:
            reject(field, "sync.person_merged_elsewhere")
        person = survivor
    if person.deleted_at is not None:
        reject(field, "sync.person_deleted")
    return person

def person_of_record(batch, person_id):
    """The person a new episode or visit hangs on; one merged meanwhile gives way to the one it was merged into."""
    return require_person(batch.person(person_id), batch.scope, survivor=batch.surviving_person(person_id))

def require_on_or_after(value, earliest, field: str, key: str) -> None:
    if value is not None and earliest is not None and value < earliest:
        reject(field, key)
