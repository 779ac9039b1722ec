"""Sync endpoints: POST /sync/push, GET /sync/pull, GET /sync/status (protocol in docs/SYNC.md)."""
import gzip
from datetime import timezone

from flask import current_app, request
from flask_login import current_user
from marshmallow import ValidationError

from ..errors import ApiError
from ..extensions import csrf
from ..services import sync_pull, sync_push
from ..web.access import roles_required
from . import bp
from .parsing import field_messages
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
    body = request.get_json(silent=True)
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
    return compressed(sync_push.push(current_user, envelope["device_id"], ops, load_data))


def read_ops(raw_ops) -> list:
    """Every op must name itself (op_id, entity, data) or the batch is malformed; other envelope errors reject
    only their op."""
    key_schema, fields_schema = OpKey(), OpFields()
    ops, malformed = [], {}
    for index, raw in enumerate(raw_ops):
        try:
            key = key_schema.load(raw)
        except ValidationError as exc:
            malformed.update({f"ops.{index}.{name}": message
                              for name, message in field_messages(exc.messages).items()})
            continue
        try:
            envelope, errors = fields_schema.load(raw), {}
        except ValidationError as exc:
            envelope, errors = {}, field_messages(exc.messages)
        recorded_at = envelope.get("recorded_at")
        ops.append(sync_push.PushOp(op_id=key["op_id"], entity=key["entity"], data=key["data"],
                                    id=envelope.get("id"), base_version=envelope.get("base_version"),
                                    recorded_at=recorded_at and recorded_at.astimezone(timezone.utc), errors=errors))
    if malformed:
        raise ApiError(400, "malformed_ops", "sync.malformed_ops", fields=malformed)
    return ops


@bp.get("/sync/pull")
@roles_required(*SYNC_ROLES)
def sync_pull_view():
    query = load_args(PullQuery())
    return compressed(sync_pull.pull(current_user, query["cursor"], query["limit"]))


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
