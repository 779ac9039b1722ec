"""Marshmallow schemas of the sync API: push envelope, each entity's data (types, ranges), pull/status answers."""
from datetime import timezone

from marshmallow import EXCLUDE, Schema, ValidationError, fields

from ..sync_fields import (Sex, Text, Uuid, between, boolean, choice, date, errors, integer, max_length, not_future,
                           not_too_old, number, one_of, text, valid_nik, valid_phone)
from ..domain.data import load
from ..visit_kinds import kinds, sync_entities
from ..visit_kinds.kind import DataSchema
from .parsing import field_messages

ENTITIES = sync_entities()
BIRTH = load("growth_rules")["birth"]  # the register's birth measurements; screens/person.js reads the same limits


class PersonData(DataSchema):
    posyandu_id = integer(1, 2**31 - 1)
    nik = Text(allow_none=True, validate=valid_nik)
    name = Text(required=True, validate=max_length(120))
    sex = Sex(required=True)
    birth_date = date(required=True, validate=[not_future, not_too_old])
    mother_name = text(120)
    address = text(200)
    rt = text(8)
    rw = text(8)
    dusun = text(120)
    school = text(120)  # school or posyandu-remaja group
    class_name = text(40)
    phone = Text(allow_none=True, validate=valid_phone)
    birth_weight_kg = number(BIRTH["weight_kg"]["min"], BIRTH["weight_kg"]["max"])
    birth_length_cm = number(BIRTH["length_cm"]["min"], BIRTH["length_cm"]["max"])
    has_kia_book = boolean()
    notes = text(2000)
    left_on = date()  # left the register (both or neither; checked with the birth date in services/sync_ops.py)
    left_reason = choice("moved", "died", "other", allow_none=True)


class CorrectionData(DataSchema):
    supersedes = Uuid(required=True)


# Each entity's data schema; the visit kinds' are declared with their kind (posyandu_app/visit_kinds/).
DATA_SCHEMAS = {"person": PersonData(), **{kind.entity: kind.schema() for kind in kinds()},
                "correction": CorrectionData()}


def load_data(kind: str, data: dict, partial=False):
    """(values, None) or (None, {"field": {"id", "en"}}): the per-op loader the ingest service is given."""
    try:
        return DATA_SCHEMAS[kind].load(data, partial=partial), None
    except ValidationError as exc:
        return None, field_messages(exc.messages)


class OpKey(Schema):
    """What names an op (its op_id, entity, data); a failure here rejects only that op (api/sync.py read_ops)."""
    class Meta:
        unknown = EXCLUDE

    op_id = Uuid(required=True)
    entity = fields.String(required=True, validate=one_of(*ENTITIES), metadata={"enum": list(ENTITIES)},
                           error_messages={**errors("sync.unknown_entity")})
    data = fields.Dict(required=True, error_messages=errors("sync.object"))


class OpFields(Schema):
    """The rest of the envelope; a failure here rejects only that op."""
    class Meta:
        unknown = EXCLUDE

    id = Uuid(required=True)
    base_version = fields.Integer(load_default=None, allow_none=True, strict=True,
                                  validate=between(1, 2**31 - 1), error_messages=errors("sync.not_an_integer"))
    recorded_at = fields.AwareDateTime(required=True, default_timezone=timezone.utc,
                                       error_messages=errors("sync.datetime_invalid"))


class Op(OpKey, OpFields):
    """The documented op (OpenAPI); loading happens in two steps, OpKey then OpFields."""


class PushRequest(Schema):
    device_id = Text(required=True, validate=max_length(64))
    ops = fields.List(fields.Dict(), required=True, error_messages=errors("sync.list"))


class OpResult(Schema):
    op_id = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": ["applied", "duplicate", "rejected", "conflict"]})
    code = fields.String(metadata={"enum": ["op_id_reused", "id_taken"],
                                   "description": "a rejection the phone may tell apart (docs/SYNC.md 3.1)"})
    errors = fields.Dict(metadata={"description": '{"field": {"id": "...", "en": "..."}}'})
    record = fields.Dict(metadata={"description": "the server's record, same shape as pull data"})
    retry = fields.Boolean(metadata={"description": "true: a server fault, the op was not remembered; resend"})


class PushResponse(Schema):
    results = fields.List(fields.Nested(OpResult), required=True)
    server_time = fields.DateTime(required=True)


class PullQuery(Schema):
    class Meta:
        unknown = EXCLUDE  # cache-busting parameters are harmless

    cursor = fields.Integer(load_default=0, validate=between(0, 2**63 - 1), error_messages=errors("sync.not_an_integer"))
    limit = fields.Integer(load_default=500, validate=between(1, 2**31 - 1), error_messages=errors("sync.not_an_integer"))
    # 1: the full records (phones installed before v2 keep asking for it); 2: compact (docs/SYNC.md §4.3)
    v = fields.Integer(load_default=1, validate=between(1, 2), error_messages=errors("sync.not_an_integer"))


class Change(Schema):
    entity = fields.String(required=True, metadata={"enum": [e for e in ENTITIES if e != "correction"]})
    id = fields.String(required=True)
    version = fields.Integer(allow_none=True)
    deleted = fields.Boolean(required=True)
    data = fields.Dict(allow_none=True)


class PullResponse(Schema):
    changes = fields.List(fields.Nested(Change), required=True)
    next_cursor = fields.Integer(required=True)
    more = fields.Boolean(required=True)
    server_time = fields.DateTime(required=True)


class StatusQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    device_id = Text(required=True, validate=max_length(64))


class StatusResponse(Schema):
    device_id = fields.String(required=True)
    last_push_at = fields.DateTime(allow_none=True)
    ops = fields.Dict(keys=fields.String(), values=fields.Integer())
    records = fields.Dict(keys=fields.String(), values=fields.Integer())
    returned = fields.Integer()
    server_cursor = fields.Integer()
    server_time = fields.DateTime()

