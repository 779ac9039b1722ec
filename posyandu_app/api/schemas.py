"""Marshmallow schemas of the API: requests are loaded through them, responses dumped through them."""
from marshmallow import Schema, fields, validate


class LoginSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(required=True, validate=validate.Length(min=1, max=128))


class PasswordChangeSchema(Schema):
    current_password = fields.String(required=True, validate=validate.Length(max=128))
    new_password = fields.String(required=True, validate=validate.Length(min=1, max=128))


class FacilitySchema(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    kind = fields.Function(lambda facility: facility.kind.value)
    desa = fields.String(allow_none=True)


class PosyanduRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class UserSchema(Schema):
    id = fields.Integer()
    username = fields.String()
    full_name = fields.String()
    role = fields.Function(lambda user: user.role.value)
    language = fields.String()
    must_change_password = fields.Boolean()
    facility = fields.Nested(FacilitySchema, allow_none=True)
    posyandu_ids = fields.List(fields.Integer())
    # id and name of each posyandu in scope: the field app's "today's posyandu" picker (a bidan has several)
    posyandu = fields.List(fields.Nested(PosyanduRefSchema))


class SessionSchema(Schema):
    user = fields.Nested(UserSchema)
    csrf_token = fields.String()
