"""Sync endpoints: POST /sync/push, GET /sync/pull, GET /sync/status (protocol in docs/SYNC.md)."""
import gzip
from datetime import timezone

from flask import current_app, request
from flask_login import current_user
from marshmallow import ValidationError

from ..errors import ApiError
from ..extensions import csrf
from ..i18n import both
from ..security import load_push_body
from ..services import sync_answers, sync_pull, sync_push
from ..access import roles_required
from . import bp
from .parsing import field_messages
from ..sync_fields import Uuid, unstorable
from .sync_schemas import OpFields, OpKey, PullQuery, PushRequest, StatusQuery, load_data

SYNC_ROLES = ("kader", "bidan", "supervisor")  # admin passes too
GZIP_MIN_BYTES = 1024


# CSRF is checked inside the view, after the login check, so an expired session answers 401 (log in again),
# not a misleading CSRF error.
@bp.post("/sync/push")
@csrf.exempt
@roles_required(*SYNC_ROLES)
def sync_push_view():
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    body = read_body()
    if not isinstance(body, dict):
        raise ApiError(400, "malformed_json", "error.malformed_json")
    raw_ops = body.get("ops")
    max_ops = current_app.config["SYNC_MAX_OPS"]
    if isinstance(raw_ops, list) and len(raw_ops) > max_ops:
        raise ApiError(413, "too_many_ops", "sync.too_many_ops", max=max_ops)
    try:
        envelope = PushRequest().load(body)
    except ValidationError as exc:
        raise ApiError(400, "malformed_ops", "sync.malformed_ops", fields=field_messages(exc.messages)) from None
    ops = read_ops(envelope["ops"])
    answer = sync_push.push(current_user, envelope["device_id"], ops, load_data)
    return compressed({**answer, "results": [worded(result) for result in answer["results"]]})


def worded(result: dict) -> dict:
    """A push result with each message in both languages, as docs/SYNC.md shows it: the ingest names messages by
    catalog key and values ({"key", "params"}); rules and schemas, and answers stored before, already hold words."""
    errors = result.get("errors")
    if not errors or not any(_coded(message) for message in errors.values()):
        return result
    return {**result, "errors": {field: both(message["key"], **message.get("params", {})) if _coded(message)
                                 else message for field, message in errors.items()}}


def _coded(message) -> bool:
    return isinstance(message, dict) and "key" in message


def read_body():
    """The push body (security.load_push_body: one hostile op must not make the batch unreadable), else None."""
    if not request.is_json:
        return None
    try:
        return load_push_body(request.get_data())
    except ValueError:
        return None


def read_ops(raw_ops) -> list:
    """One PushOp per op object; whatever an op holds (wrong types, NUL, unknown entity) rejects only that op."""
    key_schema, fields_schema = OpKey(), OpFields()
    ops = []
    for raw in raw_ops:
        op_id = raw.get("op_id")
        try:
            op_id, errors = Uuid(required=True).deserialize(op_id), {}
        except ValidationError as exc:
            # Without a usable op_id the op cannot be remembered: answered, never applied.
            shown = op_id if isinstance(op_id, str) and len(op_id) <= 64 and not unstorable(op_id) else None
            ops.append(sync_push.PushOp(op_id=shown, entity="unknown", data={},
                                        refused={"op_id": shown, "status": "rejected",
                                                 "errors": field_messages({"op_id": exc.messages})}))
            continue
        key, envelope = {}, {}
        for schema in (key_schema, fields_schema):
            try:
                loaded = schema.load(raw)
            except ValidationError as exc:
                loaded = exc.valid_data or {}
                errors.update(field_messages(exc.messages))
            (key if schema is key_schema else envelope).update(loaded)
        recorded_at = envelope.get("recorded_at")
        ops.append(sync_push.PushOp(
            op_id=op_id, entity=key.get("entity") or "unknown", data=key.get("data") or {},
            id=envelope.get("id"), base_version=envelope.get("base_version"),
            recorded_at=recorded_at and recorded_at.astimezone(timezone.utc), errors=errors,
            content_hash=sync_answers.content_hash(raw.get("entity"), raw.get("id"), raw.get("base_version"),
                                                raw.get("data"))))
    return ops


@bp.get("/sync/pull")
@roles_required(*SYNC_ROLES)
def sync_pull_view():
    query = load_args(PullQuery())
    return compressed(sync_pull.pull(current_user, query["cursor"], query["limit"], query["v"]))


@bp.get("/sync/status")
@roles_required(*SYNC_ROLES)
def sync_status_view():
    query = load_args(StatusQuery())
    return compressed(sync_pull.status(current_user, query["device_id"]))


def load_args(schema) -> dict:
    try:
        return schema.load(request.args.to_dict())
    except ValidationError as exc:
        raise ApiError(400, "invalid", "error.invalid", fields=field_messages(exc.messages)) from None


def compressed(payload):
    """JSON, gzip-compressed when the client accepts it (a first pull on a slow link is most of the bytes)."""
    response = current_app.json.response(payload)
    if "gzip" in request.headers.get("Accept-Encoding", "") and len(response.get_data()) >= GZIP_MIN_BYTES:
        response.set_data(gzip.compress(response.get_data(), compresslevel=6))
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response
