"""Answers to an op_id seen before: a replay for the same user and content, else `op_id_reused` (docs/SYNC.md
§3.3); and the content hash that tells the two apart."""
import hashlib
import json

from .sync_rules import message


def content_hash(entity, record_id, base_version, data) -> str:
    """sha256 of the op's content (not its op_id or recorded_at): an op_id seen again with another hash names
    another operation (`op_id_reused`), never a replay."""
    text = json.dumps([entity, record_id, base_version, data], sort_keys=True, separators=(",", ":"),
                      ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def op_id_reused(op) -> dict:
    """The op_id is already the name of another operation (other content, or another user's): nothing of that
    operation is shown, and this one is not applied; the phone sends it again under a new op_id."""
    return {"op_id": op.op_id, "status": "rejected", "code": "op_id_reused",
            "errors": {"op_id": message("sync.op_id_reused")}}


def replay(stored: dict, current_record=None) -> dict:
    """The answer to an op_id already answered: `duplicate` for what was applied (with the record as the server
    holds it now), else the same answer."""
    if stored["status"] == "applied":
        record = stored.get("record") if current_record is None else current_record()
        return {"op_id": stored["op_id"], "status": "duplicate", "record": record}
    return stored


def stored_answer(result: dict) -> dict:
    """What is kept of an answer: an applied op's record lives in its own table, so it is not copied here."""
    return {key: value for key, value in result.items() if key != "record"}
