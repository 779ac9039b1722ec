"""Child age: ISO dates, age in days and months (WHO anthro conventions), date validation."""
import datetime as dt
import math
import re

from ..clock import field_today
from .data import load
from .errors import DomainValidationError

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _rules():
    return load("growth_rules")


def message(key, **params):
    """Return {"id", "en"} for a validation message key of growth_rules.json, with {placeholders} filled."""
    template = _rules()["validation"]["messages"][key]
    out = {}
    for lang in ("id", "en"):
        text = template[lang]
        for name, value in params.items():
            text = text.replace("{" + name + "}", str(value))
        out[lang] = text
    return out


def parse_date(value):
    """Parse an ISO 'YYYY-MM-DD' string (or a datetime.date) into a date; None if invalid.

    Source: project convention: dates travel as ISO strings, read as calendar dates (UTC in the JS twin).
    """
    if isinstance(value, dt.datetime):
        return None  # a timestamp is not a calendar date; callers send the date part
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def age_in_days(birth_date, visit_date):
    """Age in whole days = visit date - birth date. Source: WHO anthro (age in days), DOMAIN.md 2.1."""
    return (visit_date - birth_date).days


def age_in_months(age_days):
    """Age in months = days / 30.4375, unrounded. Source: WHO anthro (ANTHRO_DAYS_OF_MONTH)."""
    return age_days / _rules()["age"]["days_per_month"]


def completed_months(age_days):
    """Completed months = floor(days / 30.4375): used for KBM, vitamin A and MUAC age bands. Source: DOMAIN.md 2.3."""
    return math.floor(age_in_months(age_days))


def month_index(date):
    """Calendar month as one integer (year*12 + month-1), so 'previous session' is index - 1. Source: KMS monthly."""
    return date.year * 12 + date.month - 1


def check_dates(birth_date, visit_date, today=None, errors=None):
    """Validate birth and visit dates; return (birth, visit) as dates or raise DomainValidationError.

    Rules: both ISO dates; birth on or before visit; neither later than today + 1 day (slack for WIB/WITA/WIT vs
    a UTC clock). `today` default: clock.field_today() (services pass it in; the default serves direct callers). With `errors` (a dict) the messages are added there instead of raising, and (None, None) may
    be returned. Source: growth_rules.json validation; DOMAIN.md 2.1.
    """
    own = errors is None
    errors = {} if own else errors
    today = parse_date(today) if today is not None else field_today()
    latest = today + dt.timedelta(days=_rules()["age"]["future_date_slack_days"])
    parsed = {}
    for field, value in (("birth_date", birth_date), ("visit_date", visit_date)):
        if value is None or value == "":
            errors[field] = message("required")
            continue
        date = parse_date(value)
        if date is None:
            errors[field] = message("date_invalid")
        elif date > latest:
            errors[field] = message("future_date")
        else:
            parsed[field] = date
    birth, visit = parsed.get("birth_date"), parsed.get("visit_date")
    if birth and visit and birth > visit:
        errors["birth_date"] = message("birth_after_visit")
        birth = visit = None
    if own and errors:
        raise DomainValidationError(errors)
    return birth, visit
