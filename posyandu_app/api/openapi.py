"""The OpenAPI 3 document of /api/v1, generated from the marshmallow schemas and the models (GET /openapi.json)."""
import functools

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from sqlalchemy import JSON, BigInteger, Boolean, Date, DateTime, Float, Integer, inspect

from ..services.serialize import MODELS, fields_of
from ..visit_kinds import kinds
from . import bp
from . import schemas as auth_schemas
from . import sync_schemas as sync

ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string", "description": "in the user's language"},
        "fields": {"type": "object", "description": '{"field": {"id": "...", "en": "..."}}',
                   "additionalProperties": {"$ref": "#/components/schemas/Bilingual"}}}}}}
BILINGUAL = {"type": "object", "required": ["id", "en"],
             "properties": {"id": {"type": "string"}, "en": {"type": "string"}}}
# Component names: each visit kind declares its stem (visit_kinds/: <name>Data, <name>Record).
RECORD_NAMES = {"person": "PersonRecord", **{kind.entity: f"{kind.name}Record" for kind in kinds()}}
DATA_SCHEMAS = {"PersonData": sync.PersonData, **{f"{kind.name}Data": kind.schema for kind in kinds()},
                "CorrectionData": sync.CorrectionData}


_EXTRA_PATHS = []


def path(route: str, operations: dict) -> None:
    """Other API modules describe their endpoints here (at import), so the document lists every endpoint."""
    _EXTRA_PATHS.append((route, operations))
    document.cache_clear()


def _error(status_text):
    return {"description": status_text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _json(schema, description="OK"):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _column_type(column) -> dict:
    kind = column.type
    if isinstance(kind, Boolean):
        out = {"type": "boolean"}
    elif isinstance(kind, (Integer, BigInteger)):
        out = {"type": "integer"}
    elif isinstance(kind, Float):
        out = {"type": "number"}
    elif isinstance(kind, DateTime):
        out = {"type": "string", "format": "date-time"}
    elif isinstance(kind, Date):
        out = {"type": "string", "format": "date"}
    elif isinstance(kind, JSON):
        out = {"description": "JSON (object or list) as the server computed or stored it"}
    else:
        out = {"type": "string"}
    if column.nullable:
        out["nullable"] = True
    return out


PULL_V2 = {"type": "object", "required": ["v", "tables", "gone", "next_cursor", "more", "remaining", "server_time"],
           "properties": {
               "v": {"type": "integer", "enum": [2]},
               "tables": {"type": "object", "description": "per entity: n rows, cols {field: [value per row]}, "
                          "codes {field: u|t}, null [fields null in every row], defaults {field: value}",
                          "additionalProperties": {"type": "object"}},
               "gone": {"type": "array", "items": {"type": "object", "properties": {
                   "e": {"type": "string"}, "id": {"type": "string"}, "into": {"type": "string", "nullable": True}}}},
               "next_cursor": {"type": "integer"}, "more": {"type": "boolean"},
               "remaining": {"type": "integer", "description": "records still to come after this page"},
               "server_time": {"type": "string", "format": "date-time"}}}


def record_schema(model) -> dict:
    """The pull `data` / push `record` shape: exactly the columns services/serialize.py sends."""
    columns = {attr.key: attr.columns[0] for attr in inspect(model).column_attrs}
    return {"type": "object", "properties": {name: _column_type(columns[name]) for name in fields_of(model)}}


@functools.cache
def document() -> dict:
    spec = APISpec(title="Posyandu ILP API", version="1", openapi_version="3.0.3", plugins=[MarshmallowPlugin()],
                   info={"description": "Offline-first sync for the posyandu field app. Protocol: docs/SYNC.md."},
                   servers=[{"url": "/api/v1"}])
    spec.components.security_scheme("session", {"type": "apiKey", "in": "cookie", "name": "session"})
    spec.components.security_scheme("csrf", {"type": "apiKey", "in": "header", "name": "X-CSRFToken"})
    spec.components.schema("Bilingual", BILINGUAL)
    spec.components.schema("Error", ERROR)
    spec.components.schema("PullResponseV2", PULL_V2)
    for name, schema in DATA_SCHEMAS.items():
        spec.components.schema(name, schema=schema)
    for entity, name in RECORD_NAMES.items():
        spec.components.schema(name, record_schema(MODELS[entity]))
    for name, schema in (("Op", sync.Op), ("PushRequest", sync.PushRequest), ("OpResult", sync.OpResult),
                         ("PushResponse", sync.PushResponse), ("Change", sync.Change),
                         ("PullResponse", sync.PullResponse), ("StatusResponse", sync.StatusResponse),
                         ("Login", auth_schemas.LoginSchema), ("PasswordChange", auth_schemas.PasswordChangeSchema),
                         ("Session", auth_schemas.SessionSchema)):
        spec.components.schema(name, schema=schema)
    _paths(spec)
    for route, operations in _EXTRA_PATHS:
        spec.path(route, operations=operations)
    return _with_common_errors(spec.to_dict())


def _with_common_errors(doc: dict) -> dict:
    """Answers any operation can give (found by the schemathesis run in tests/security): a body that is not
    JSON or too large, a CSRF refusal, a forced password change, the database being unavailable."""
    for operations in doc["paths"].values():
        for operation in operations.values():
            responses = operation["responses"]
            if "requestBody" in operation or {"csrf": []} in [dict(s) for s in operation.get("security", [])
                                                               if "csrf" in s]:
                responses.setdefault("400", _error("malformed JSON or CSRF token missing"))
            if "requestBody" in operation:
                responses.setdefault("413", _error("body larger than 1 MB"))
            if operation.get("security"):
                responses.setdefault("403", _error("password change required, or outside the user's role"))
            responses.setdefault("503", _error("database unavailable: retry later, nothing was changed"))
    return doc


def _paths(spec):
    ref = "#/components/schemas/"
    unauthorized = _error("not logged in (session expired): log in again, keep the outbox")
    spec.path("/sync/push", operations={"post": {
        "summary": "Upload up to 500 operations; one result per op, in order",
        "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": ref + "PushRequest"}}}},
        "responses": {"200": _json({"$ref": ref + "PushResponse"}), "400": _error("malformed JSON, ops or CSRF"),
                      "401": unauthorized, "403": _error("password change required"),
                      "413": _error("more than 500 ops or more than 1 MB")}}})
    spec.path("/sync/pull", operations={"get": {
        "summary": "Changes in the caller's scope after `cursor`, in server sequence order",
        "security": [{"session": []}],
        "parameters": [
            {"in": "query", "name": "cursor", "schema": {"type": "integer", "minimum": 0, "default": 0}},
            {"in": "query", "name": "limit", "schema": {"type": "integer", "minimum": 1, "maximum": 1000,
                                                        "default": 500}},
            {"in": "query", "name": "v", "description": "1: full records; 2: compact tables without the visits' "
             "results (docs/SYNC.md §4.3)", "schema": {"type": "integer", "enum": [1, 2], "default": 1}}],
        "responses": {"200": _json({"oneOf": [{"$ref": ref + "PullResponse"}, {"$ref": ref + "PullResponseV2"}]}),
                      "400": _error("bad cursor, limit or v"),
                      "401": unauthorized}}})
    spec.path("/sync/status", operations={"get": {
        "summary": "What the server holds for this device and in the caller's scope",
        "security": [{"session": []}],
        "parameters": [{"in": "query", "name": "device_id", "required": True,
                        "schema": {"type": "string", "maxLength": 64}}],
        "responses": {"200": _json({"$ref": ref + "StatusResponse"}), "400": _error("device_id missing"),
                      "401": unauthorized}}})
    spec.path("/auth/login", operations={"post": {
        "summary": "Log in; sets the session cookie and returns the CSRF token",
        "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": ref + "Login"}}}},
        "responses": {"200": _json({"$ref": ref + "Session"}), "401": _error("wrong username or password"),
                      "422": _error("missing fields"), "429": _error("locked after too many failures")}}})
    spec.path("/auth/session", operations={"get": {
        "summary": "The current user and a fresh CSRF token", "security": [{"session": []}],
        "responses": {"200": _json({"$ref": ref + "Session"}), "401": unauthorized}}})
    spec.path("/auth/logout", operations={"post": {
        "summary": "End the session", "security": [{"session": [], "csrf": []}],
        "responses": {"200": _json({"type": "object", "properties": {"ok": {"type": "boolean"}}}),
                      "400": _error("CSRF token missing")}}})
    spec.path("/auth/password", operations={"post": {
        "summary": "Change the password", "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": True,
                        "content": {"application/json": {"schema": {"$ref": ref + "PasswordChange"}}}},
        "responses": {"200": _json({"$ref": ref + "Session"}), "401": unauthorized,
                      "422": _error("wrong current password or weak new password"),
                      "429": _error("locked after too many wrong passwords (login throttle)")}}})
    spec.path("/fhir/Bundle", operations={"get": {
        "summary": "Verified visits in the caller's scope as a FHIR R4 collection Bundle (docs/FHIR.md)",
        "security": [{"session": []}],
        "parameters": [
            {"in": "query", "name": "posyandu", "schema": {"type": "integer"}, "description": "one posyandu in scope"},
            {"in": "query", "name": "from", "schema": {"type": "string", "format": "date"}},
            {"in": "query", "name": "to", "schema": {"type": "string", "format": "date"}}],
        "responses": {"200": {"description": "Bundle (application/fhir+json)",
                              "content": {"application/fhir+json": {"schema": {"type": "object"}}}},
                      "400": _error("bad posyandu or date"), "401": unauthorized,
                      "404": _error("posyandu outside the caller's scope")}}})
    spec.path("/openapi.json", operations={"get": {
        "summary": "This document", "responses": {"200": _json({"type": "object"})}}})


@bp.get("/openapi.json")
def openapi_json():
    return document()
