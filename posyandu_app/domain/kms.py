"""KMS (Buku KIA) monthly weighing codes N/T/O/B with KBM, 2T, BGM/orange line, and vitamin A due."""
from .age import age_in_days, check_dates, completed_months, month_index, parse_date
from .data import load
from .errors import DomainValidationError
from .growth_input import parse_measure, parse_weighings
from .rounding import round_half_away


def _rules():
    return load("growth_rules")


def kbm_g(months):
    """Minimum weight gain (KBM, grams) for completed months at the current weighing; None above 60 months.

    Source: Buku KIA 2023 KMS; months 7 (400) and 11 (300) UNCONFIRMED (growth_rules.json kms.kbm_g).
    """
    for row in _rules()["kms"]["kbm_g"]:
        if row["from"] <= months <= row["to"]:
            return row["g"]
    return None


def _code(birth, date, weight, by_month):
    """(code, gain_g, kbm_g) of a weighing given the earlier weighings {month index: (date, kg)}."""
    month = month_index(date)
    prior = [m for m in by_month if m < month]
    if not prior:
        return "B", None, None  # first weighing ever
    last = max(prior)
    if last != month - 1:
        return "O", None, None  # not weighed at the previous monthly session
    gain = int(round_half_away((weight - by_month[last][1]) * 1000, 0))
    kbm = kbm_g(completed_months(age_in_days(birth, date)))
    if kbm is None:
        return None, gain, None
    return ("N" if gain >= kbm else "T"), gain, kbm


def kms_status(birth, visit, weight_kg, by_month):
    """KMS code of this visit and 2T.

    by_month: earlier weighings {calendar month index: (date, kg)}, the latest of each month (growth_input).
    Returns {code "N"|"T"|"O"|"B"|None (not weighed), gain_g, kbm_g, two_t}. 2T = this T and last month's T;
    a skipped month is O, not T, so it breaks the run. Source: Buku KIA 2023 KMS; DOMAIN.md 2.3.
    """
    if weight_kg is None:
        return {"code": None, "gain_g": None, "kbm_g": None, "two_t": False}
    code, gain, kbm = _code(birth, visit, weight_kg, by_month)
    two_t = False
    if code == "T":
        prev_date, prev_kg = by_month[month_index(visit) - 1]
        two_t = _code(birth, prev_date, prev_kg, by_month)[0] == "T"
    return {"code": code, "gain_g": gain, "kbm_g": kbm, "two_t": two_t}


def kms_code(birth_date, visit_date, weight_kg, previous_weighings=(), today=None):
    """KMS code from ISO dates and raw weighings (validated): the kms_status() of assess_growth on its own.

    Returns {code, gain_g, kbm_g, two_t}. Raises DomainValidationError. Source: Buku KIA 2023 KMS.
    """
    errors = {}
    birth, visit = check_dates(birth_date, visit_date, today, errors)
    weight = parse_measure("weight_kg", weight_kg, errors)
    by_month = parse_weighings(previous_weighings, birth, visit, errors)
    if errors:
        raise DomainValidationError(errors)
    return kms_status(birth, visit, weight, by_month)


def weight_lines(waz, flagged=False):
    """{bgm, above_orange}: BGM = BB/U < -3, above orange = BB/U > +1 (both UNCONFIRMED, growth_rules.json);
    None without a plausible WAZ. Source: Buku KIA 2023 KMS; DOMAIN.md 2.3."""
    if waz is None or flagged:
        return {"bgm": None, "above_orange": None}
    rules = _rules()
    return {"bgm": waz < rules["bgm"]["lt"], "above_orange": waz > rules["orange_line"]["gt"]}


def vitamin_a(months, visit):
    """Vitamin A capsule for completed months (blue 6-11, red 12-59) and whether it is due (February, August).

    visit: a date or an ISO string. Returns {due, capsule "blue"|"red"|None, id, en}.
    Source: DOMAIN.md 2 (Buku KIA 2023).
    """
    visit = parse_date(visit)
    spec = _rules()["vitamin_a"]
    for capsule in spec["capsules"]:
        if capsule["from_months"] <= months <= capsule["to_months"]:
            return {"due": visit.month in spec["months"], "capsule": capsule["code"],
                    "id": capsule["id"], "en": capsule["en"]}
    return {"due": False, "capsule": None, "id": None, "en": None}
