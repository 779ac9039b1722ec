"""Parses and validates child growth inputs; collects per-field errors (messages from growth_rules.json)."""
import math

from .age import message, month_index, parse_date
from .data import load

_SEX = {"M": "M", "L": "M", "F": "F", "P": "F"}  # L = laki-laki, P = perempuan
_MEASURED = {"L": "L", "H": "H"}  # L = lying (length), H = standing (height)


def parse_sex(value, errors):
    """'M'/'F' from M, F, L (laki-laki) or P (perempuan), any case; else adds a 'sex' error.

    Source: WHO anthro sex codes m/f; L/P as on Indonesian forms (e-PPGBM, Buku KIA).
    """
    key = value.strip().upper() if isinstance(value, str) else None
    if key not in _SEX:
        errors["sex"] = message("sex") if key else message("required")
        return None
    return _SEX[key]


def parse_measured(value, errors):
    """'L' (lying), 'H' (standing) or None when not given; else adds a 'measured' error. Source: WHO anthro l/h."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    key = value.strip().upper() if isinstance(value, str) else None
    if key not in _MEASURED:
        errors["measured"] = message("measured")
        return None
    return _MEASURED[key]


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def parse_measure(field, value, errors, required=False):
    """A number within growth_rules.json validation.limits[field] (gt/min/max), or None when absent.

    Source: project limits in growth_rules.json `validation` (typing errors only; WHO flags catch the rest).
    """
    if value is None:
        if required:
            errors[field] = message("required")
        return None
    if not _is_number(value):
        errors[field] = message("not_a_number")
        return None
    limits = load("growth_rules")["validation"]["limits"][field]
    too_low = ("gt" in limits and value <= limits["gt"]) or ("min" in limits and value < limits["min"])
    if too_low or ("max" in limits and value > limits["max"]):
        errors[field] = message(field, **limits)
        return None
    return float(value)


def parse_oedema(value, errors):
    """Bilateral oedema as a bool; None counts as no. Source: WHO anthro (missing oedema is treated as 'n')."""
    if value is None:
        return False
    if not isinstance(value, bool):
        errors["oedema"] = message("oedema")
        return False
    return value


def parse_weighings(weighings, birth, visit, errors):
    """Previous weighings [{"date": ISO, "weight_kg": n}] -> {calendar month index: (date, kg)}, keeping the latest
    weighing of each month before the visit month (later ones are ignored). Invalid entries add one error.
    Source: KMS monthly sessions (Buku KIA 2023), DOMAIN.md 2.3."""
    by_month = {}
    if weighings is None:
        return by_month
    limits = load("growth_rules")["validation"]["limits"]["weight_kg"]
    ok = isinstance(weighings, (list, tuple))
    for item in weighings if ok else ():
        date = parse_date(item.get("date")) if isinstance(item, dict) else None
        kg = item.get("weight_kg") if isinstance(item, dict) else None
        if date is None or not _is_number(kg) or kg <= limits["gt"] or kg > limits["max"] or \
                (birth is not None and date < birth):
            ok = False
            break
        month = month_index(date)
        if visit is not None and month >= month_index(visit):
            continue
        if month not in by_month or date >= by_month[month][0]:
            by_month[month] = (date, float(kg))
    if not ok:
        errors["previous_weighings"] = message("previous_weighings")
    return by_month
