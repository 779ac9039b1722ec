"""Marshmallow fields and validators of the sync API whose errors are {"id", "en"} pairs (catalog sync.*)."""
import math
import re
import uuid
from datetime import timedelta

from marshmallow import ValidationError, fields

from .i18n import both
from .clock import field_today

MAX_AGE_YEARS = 130  # a birth date further back is a typing mistake
NIK_PATTERN = re.compile(r"^\d{16}$")


def message(key, **params):
    # A one-item list keeps marshmallow from mistaking the {"id", "en"} pair for nested field errors.
    return [both(key, **params)]


def fail(key, **params):
    raise ValidationError(message(key, **params))


def errors(invalid="sync.invalid"):
    return {"required": message("sync.required"), "null": message("sync.required"), "invalid": message(invalid)}


def between(low, high):
    def check(value):
        if value is not None and not low <= value <= high:
            fail("sync.range", min=low, max=high)
    return check


def above(low, high):
    def check(value):
        if value is not None and not low < value <= high:
            fail("sync.range", min=low, max=high)
    return check


def max_length(limit):
    def check(value):
        if value is not None and len(value) > limit:
            fail("sync.too_long", max=limit)
    return check


def max_items(limit):
    def check(value):
        if value is not None and len(value) > limit:
            fail("sync.too_many_items", max=limit)
    return check


def one_of(*choices):
    def check(value):
        if value is not None and value not in choices:
            fail("sync.choice", choices=", ".join(choices))
    return check


def not_future(value):
    if value is not None and value > field_today():
        fail("sync.date_future")


def not_too_old(value):
    if value is not None and value < field_today() - timedelta(days=int(365.25 * MAX_AGE_YEARS)):
        fail("sync.date_too_old", years=MAX_AGE_YEARS)


def valid_nik(value):
    if value is not None and not nik_is_valid(value):
        fail("sync.nik")


def valid_phone(value):
    if value is not None and not re.fullmatch(r"[0-9+\- ]{3,20}", value):
        fail("sync.phone")


def nik_is_valid(nik: str | None) -> bool:
    """A NIK (Nomor Induk Kependudukan) is 16 digits; positions 7-12 hold the birth date (day + 40 for women)."""
    if not nik or not NIK_PATTERN.match(nik):
        return False
    day, month = int(nik[6:8]), int(nik[8:10])
    return (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12


class Uuid(fields.String):
    """A UUID kept as its canonical lower-case string (the primary keys are strings)."""
    default_error_messages = {**fields.String.default_error_messages, **errors("sync.uuid")}

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return str(uuid.UUID(str(value)))
        except (TypeError, ValueError, AttributeError):
            raise self.make_error("invalid") from None


class Sex(fields.String):
    """M/F; the Indonesian L (laki-laki) and P (perempuan) are accepted and stored as M/F."""
    MAP = {"M": "M", "L": "M", "F": "F", "P": "F"}
    default_error_messages = {**errors("sync.sex")}

    def _deserialize(self, value, attr, data, **kwargs):
        key = value.strip().upper() if isinstance(value, str) else None
        if key not in self.MAP:
            raise self.make_error("invalid")
        return self.MAP[key]


def unstorable(text: str) -> bool:
    """NUL (PostgreSQL text cannot hold it, no keyboard types it) or a lone surrogate (not encodable as UTF-8)."""
    return "\x00" in text or _SURROGATE.search(text) is not None


_SURROGATE = re.compile("[\ud800-\udfff]")


class Text(fields.String):
    """Trimmed text; an empty string counts as absent (null). NUL and lone surrogates are refused (per op)."""
    default_error_messages = {**fields.String.default_error_messages, **errors("sync.text"),
                              "unstorable": message("sync.text_unstorable")}

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if unstorable(text):
            raise self.make_error("unstorable")
        text = text.strip()
        if not text and self.required:
            raise self.make_error("required")
        return text or None


def text(limit, **kw):
    return Text(allow_none=True, validate=max_length(limit), metadata={"maxLength": limit}, **kw)


def choice(*choices, **kw):
    return Text(validate=one_of(*choices), metadata={"enum": list(choices)}, **kw)


def number(low, high, exclusive_low=False, **kw):
    check = above(low, high) if exclusive_low else between(low, high)
    bounds = {"minimum": low, "maximum": high, **({"exclusiveMinimum": True} if exclusive_low else {})}
    return fields.Float(allow_none=True, allow_nan=False, validate=check, metadata=bounds,
                        error_messages={**errors("sync.not_a_number"), "special": message("sync.not_a_number")}, **kw)


def integer(low, high, **kw):
    return fields.Integer(allow_none=True, strict=True, validate=between(low, high),
                          metadata={"minimum": low, "maximum": high},
                          error_messages=errors("sync.not_an_integer"), **kw)


def boolean(**kw):
    return fields.Boolean(error_messages=errors("sync.boolean"), **kw)


def date(required=False, **kw):
    return fields.Date(required=required, allow_none=not required, validate=kw.pop("validate", not_future),
                       error_messages=errors("sync.date_invalid"), **kw)


def string_list():
    return fields.List(Text(validate=max_length(40)), load_default=None, allow_none=True,
                       validate=max_items(30), error_messages=errors("sync.list"))


ANSWER_KEYS, ANSWER_TEXT, ANSWER_ITEMS = 60, 200, 30


def plain_answers(value):
    """Questionnaire answers are a flat object: short keys, values null/boolean/finite number/short text, or a short
    list of those. Anything else (nesting, NUL, huge text) is refused before it reaches the JSON column."""
    if value is None:
        return
    if len(value) > ANSWER_KEYS:
        fail("sync.too_many_items", max=ANSWER_KEYS)
    for key, item in value.items():
        items = item if isinstance(item, list) and len(item) <= ANSWER_ITEMS else [item]
        if not isinstance(key, str) or len(key) > 40 or unstorable(key) or not all(map(_plain_answer, items)):
            fail("sync.answers")


def _plain_answer(item) -> bool:
    if item is None or isinstance(item, bool):
        return True
    if isinstance(item, (int, float)):
        return math.isfinite(item) and abs(item) < 1e9
    return isinstance(item, str) and len(item) <= ANSWER_TEXT and not unstorable(item)


def answers():
    return fields.Dict(allow_none=True, validate=plain_answers, error_messages=errors("sync.object"))
