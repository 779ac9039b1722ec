"""Request parsing for the API: JSON body through a schema, or the one error shape."""
from flask import request
from marshmallow import ValidationError

from ..i18n import both
from ..errors import ApiError


def field_messages(messages) -> dict:
    """Marshmallow's messages as {"field": {"id": ..., "en": ...}} (nested fields joined with dots)."""
    out = {}

    def walk(prefix, value):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), item)
        else:
            first = value[0] if isinstance(value, list) and value else value
            out[prefix or "_schema"] = first if isinstance(first, dict) else both("form.invalid_value")
    walk("", messages)
    return out


def load_json(schema):
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "malformed_json", "error.malformed_json")
    try:
        return schema.load(body)
    except ValidationError as exc:
        raise ApiError(422, fields=field_messages(exc.messages)) from None
