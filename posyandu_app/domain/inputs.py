"""Input reading shared by the pregnancy, adult and elderly rules: typed values, or per-field errors."""
import datetime
import json
import math
import re

from .data import load
from .errors import DomainValidationError

_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")  # ASCII digits only, as in JavaScript
_EPOCH = datetime.date(1970, 1, 1).toordinal()
_PARAM = re.compile(r"\{(\w+)\}")


def limits():
    """Plausibility limits of body measurements (adult_rules.json `limits`, shared by all three rule sets)."""
    return load("adult_rules")["limits"]


def _fmt(value, lang):
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # as JavaScript's String(value): 300.0 -> "300", 23.5 -> "23.5"
        text = str(int(value)) if float(value).is_integer() else repr(float(value))
        return text.replace(".", ",") if lang == "id" else text
    if isinstance(value, (list, tuple)):
        return "[…]"  # a structure is not echoed: its numbers would print differently in the two twins
    if isinstance(value, dict):
        return "{…}"
    return json.dumps(value, default=str)  # true, false, null


def message(code, **params):
    """The {"code", "id", "en"} error message for `code`, from the templates in adult_rules.json `messages`."""
    templates = load("adult_rules")["messages"][code]
    out = {"code": code}
    for lang in ("id", "en"):
        text = _PARAM.sub(lambda m: _fmt(params.get(m.group(1), ""), lang), templates[lang])
        out[lang] = text.strip()
    return out


def raise_if(errors):
    """Raise DomainValidationError when any field error was collected."""
    if errors:
        raise DomainValidationError(errors)


def iso(day):
    """Day number (days since 1970-01-01) -> 'YYYY-MM-DD'."""
    return datetime.date.fromordinal(day + _EPOCH).isoformat()


def _ymd(day):
    d = datetime.date.fromordinal(day + _EPOCH)
    return d.year, d.month, d.day


def completed_months(start, end):
    """Whole calendar months from day `start` to day `end` (a month is complete on the same day-of-month)."""
    (y1, m1, d1), (y2, m2, d2) = _ymd(start), _ymd(end)
    return (y2 - y1) * 12 + (m2 - m1) - (1 if d2 < d1 else 0)


def age_years(birth, on):
    """Age in completed years on day `on` (someone born on 29 February turns a year older on 1 March)."""
    return completed_months(birth, on) // 12


def round1(x):
    """Round half up to 1 decimal, the same way in both twins (Python's round() rounds half to even)."""
    return math.floor(x * 10 + 0.5) / 10


def label(entry):
    """The {"code", "id", "en"} label of a data entry."""
    return {"code": entry["code"], "id": entry["id"], "en": entry["en"]}


def referral(entry, code=None):
    """A referral reason {"code", "id", "en", "urgent"} from a data entry."""
    return {"code": code or entry["code"], "id": entry["id"], "en": entry["en"], "urgent": bool(entry.get("urgent"))}


class Reader:
    """Reads the fields of one input dict; records the first error per field in the shared `errors` dict."""

    def __init__(self, data, name, errors, prefix=""):
        self.errors, self.prefix = errors, prefix
        if data is None or isinstance(data, dict):
            self.data = data or {}
        else:
            errors.setdefault(name, message("not_an_object"))
            self.data = {}

    def fail(self, key, code, **params):
        self.errors.setdefault(self.prefix + key, message(code, **params))

    def _get(self, key, required):
        value = self.data.get(key)
        if value is None and required:
            self.fail(key, "required")
        return value

    def number(self, key, limit, integer=False, required=False):
        """A finite number within limit["min"]..limit["max"] (inclusive), or None when absent or wrong."""
        value = self._get(key, required)
        if value is None:
            return None
        finite = isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))
        if isinstance(value, bool) or not finite:
            return self.fail(key, "not_a_number")
        if integer and not (isinstance(value, int) or value.is_integer()):
            return self.fail(key, "not_an_integer")
        if not limit["min"] <= value <= limit["max"]:
            return self.fail(key, "out_of_range", **limit)
        return int(value) if integer else value

    def date(self, key, required=False):
        """An ISO 'YYYY-MM-DD' string (or a datetime.date) as a day number since 1970-01-01."""
        value = self._get(key, required)
        return None if value is None else self.date_value(key, value)

    def date_value(self, key, value):
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value.toordinal() - _EPOCH
        match = _DATE.fullmatch(value) if isinstance(value, str) else None
        if match and int(match[1]) >= 1900:
            try:
                return datetime.date(*(int(part) for part in match.groups())).toordinal() - _EPOCH
            except ValueError:  # 2023-02-29, month 13, ...
                pass
        return self.fail(key, "invalid_date")

    def boolean(self, key, required=False):
        value = self._get(key, required)
        if value is None or isinstance(value, bool):
            return value
        return self.fail(key, "not_a_boolean")

    def choice(self, key, codes, required=False):
        value = self._get(key, required)
        if value is None or (isinstance(value, str) and value in codes):
            return value
        return self.fail(key, "unknown_code", value=value)

    def items(self, key):
        """A list value (a tuple is taken as a list; None when absent)."""
        value = self._get(key, False)
        if value is None or isinstance(value, (list, tuple)):
            return None if value is None else list(value)
        return self.fail(key, "not_a_list")

    def codes(self, key, codes):
        """A list of codes, each one of `codes`; duplicates are dropped."""
        values = self.items(key)
        if values is None:
            return None
        for i, value in enumerate(values):
            if not (isinstance(value, str) and value in codes):
                self.fail(f"{key}[{i}]", "unknown_code", value=value)
        return list(dict.fromkeys(v for v in values if isinstance(v, str) and v in codes))

    def dates(self, key):
        """A list of dates as day numbers; a bad entry is reported as key[i]."""
        values = self.items(key) or []
        return [self.date_value(f"{key}[{i}]", v) for i, v in enumerate(values)]

    def child(self, key, allowed):
        """A Reader over a nested dict whose only keys may be `allowed` (a typo must not skip a rule), or None."""
        value = self._get(key, False)
        if value is None:
            return None
        if not isinstance(value, dict):
            return self.fail(key, "not_an_object")
        for item in value:
            if item not in allowed:
                self.fail(f"{key}.{item}", "unknown_item")
        return Reader(value, key, self.errors, f"{self.prefix}{key}.")

    def blood_pressure(self):
        """(systolic, diastolic) read together: both or neither, diastolic below systolic; None when absent."""
        systolic = self.number("systolic", limits()["systolic"])
        diastolic = self.number("diastolic", limits()["diastolic"])
        given_s, given_d = self.data.get("systolic") is not None, self.data.get("diastolic") is not None
        if given_s != given_d:
            self.fail("diastolic" if given_s else "systolic", "required")
        elif systolic is not None and diastolic is not None:
            if diastolic >= systolic:
                return self.fail("diastolic", "diastolic_not_below_systolic")
            return systolic, diastolic
        return None


def read_person(person, visit_reader, min_age, errors):
    """Sex, visit day and age (completed years) of a screened person; age must be min_age..limit on the visit day."""
    reader = Reader(person, "person", errors)
    sex = reader.choice("sex", ("M", "F"), required=True)
    birth = reader.date("birth_date", required=True)
    visit = visit_reader.date("visit_date", required=True)
    age = None
    if birth is not None and visit is not None:
        if birth > visit:
            reader.fail("birth_date", "after_visit_date")
        else:
            age = age_years(birth, visit)
            if not min_age <= age <= limits()["age_years"]["max"]:
                reader.fail("birth_date", "age_out_of_range", min=min_age, max=limits()["age_years"]["max"])
                age = None
    return sex, visit, age
