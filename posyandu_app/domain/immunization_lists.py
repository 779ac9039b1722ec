"""The immunization twin for lists of thousands of children (the high-risk list): its lists without its words."""
import datetime

from .immunization import _derived, _rules, add_age, assess_immunization, statuses
from .inputs import _EPOCH

# Per loaded copy of the rule data (as immunization._derived): the screen's ages per dose and its dates per birth day.
_PREPARED = {"rules": None}
_BIRTH_DAYS_KEPT = 20_000  # ~55 years of birth days; a 60-month schedule needs ~1,830 at a time


def _prepared():
    rules = _rules()
    if _PREPARED["rules"] is not rules:
        previous, entries = {}, []
        for entry in _derived()["schedule"]:
            entries.append((entry, previous.get(entry["antigen"])))
            previous[entry["antigen"]] = entry["code"]
        _PREPARED.update(rules=rules, entries=entries, by_birth={}, grace=rules["grace_days"]["value"],
                         codes={(entry["antigen"], entry["dose"]): entry["code"] for entry, _ in entries},
                         intervals=[(entry["code"], previous, entry["min_interval"]) for entry, previous in entries
                                    if previous and entry["min_interval"]])
    return _PREPARED


def _plain(start, as_of, doses):
    """[(code, day number)] of doses the full twin takes as they are, or None (anything it would refuse or read)."""
    codes, given = _prepared()["codes"], []
    if start > as_of:
        return None
    for antigen, dose, day in doses:
        if type(antigen) is not str or type(dose) is not int or type(day) is not datetime.date:
            return None
        number, code = day.toordinal() - _EPOCH, codes.get((antigen, dose))
        if code is None or not start <= number <= as_of:
            return None
        given.append((code, number))
    return given


def _full(birth, doses, today):
    """open_doses from the full twin (for input that is not plain: it refuses what it refuses)."""
    return _open_of(assess_immunization(birth.isoformat(), [
        {"antigen": a, "dose": n, "date": d.isoformat()} for a, n, d in doses], today.isoformat()))


def overdue_or_invalid(birth, doses, today):
    """open_doses when it lists a dose overdue or one that does not count (and some dose is recorded), else None;
    most children with neither are ruled out by the screen (may_be_listed) without running the twin."""
    start, as_of = birth.toordinal() - _EPOCH, today.toordinal() - _EPOCH
    given = _plain(start, as_of, doses)
    if given is None:
        result = _full(birth, doses, today)
    elif not _screen(start, as_of, given):
        return None
    else:
        result = _open(start, as_of, given)
    return result if result["given"] and (result["overdue"] or result["invalid"]) else None


def open_doses(birth, doses, today):
    """assess_immunization's "due", "overdue" and "invalid" lists without its words, dates as text or IDL:
    {"due", "overdue", "invalid", "given": any dose recorded, "first_overdue": the earliest overdue_date of the
    overdue doses (datetime.date) or None}. birth, today: datetime.date; doses: [(antigen, dose number,
    datetime.date)]. Same rules (immunization.statuses); input that is not plain goes to the full twin, so its
    errors are the full twin's."""
    start, as_of = birth.toordinal() - _EPOCH, today.toordinal() - _EPOCH
    given = _plain(start, as_of, doses)
    return _full(birth, doses, today) if given is None else _open(start, as_of, given)


def _open(start, as_of, given):
    out, first = {"due": [], "overdue": [], "invalid": [], "given": bool(given), "first_overdue": None}, None
    for entry, status, _, dates in statuses(start, as_of, given, []):
        if status in ("due", "overdue", "invalid"):
            out[status].append(entry["code"])
        if status == "overdue" and (first is None or dates["overdue_date"] < first):
            first = dates["overdue_date"]
    out["first_overdue"] = None if first is None else datetime.date.fromordinal(first + _EPOCH)
    return out


def _open_of(result):
    overdue = [result["doses"][code]["overdue_date"] for code in result["overdue"]]
    return {"due": result["due"], "overdue": result["overdue"], "invalid": result["invalid"],
            "given": any(dose["given"] for dose in result["doses"].values()),
            "first_overdue": datetime.date.fromisoformat(min(overdue)) if overdue else None}


def _by_birth(start):
    """Per dose, from the birth day: (code, earliest day it can be overdue, its latest day or None), and the first
    day a record of it counts for its age."""
    prepared = _prepared()
    dates = prepared["by_birth"].get(start)
    if dates is None:
        catch_up, opens, counts_from = _rules()["catch_up_late_after"], [], {}
        for entry, _ in prepared["entries"]:
            # overdue_date is birth + overdue_from when the dose is due at its recommended age, else due + catch_up
            # with due after the recommended age (only when its minimum age is later, or it waits an interval after
            # the dose before): add_age never moves a later day before an earlier one, so the smaller of the two is
            # a floor of every overdue_date the dose can get.
            on_time, floor = add_age(start, entry["recommended"]), add_age(start, entry["overdue_from"])
            if entry["min_interval"] or add_age(start, entry["min_age"]) > on_time:
                floor = min(floor, add_age(on_time, catch_up))
            opens.append((entry["code"], floor, add_age(start, entry["latest"]) if entry["latest"] else None))
            counts_from[entry["code"]] = add_age(start, entry["min_age"]) - prepared["grace"]
        if len(prepared["by_birth"]) >= _BIRTH_DAYS_KEPT:  # a long-running process meets new birth days for years
            prepared["by_birth"].clear()
        dates = prepared["by_birth"][start] = (opens, counts_from)
    return dates


def may_be_listed(birth, doses, today):
    """False only when open_doses would list nothing overdue and nothing not counted (a conservative screen: True
    may still find nothing). Same arguments as open_doses. A dose is overdue only while open (not recorded), not past
    its latest day and on or after its overdue_date; a record does not count only when it is more than the grace
    days before its minimum age or before the minimum interval after a record of the dose before it."""
    start, as_of = birth.toordinal() - _EPOCH, today.toordinal() - _EPOCH
    given = _plain(start, as_of, doses)
    return given is None or _screen(start, as_of, given)  # not plain: the full twin decides (and refuses)


def _screen(start, as_of, given):
    prepared = _prepared()
    opens, counts_from = _by_birth(start)
    span = {}  # code -> (first record, last record)
    for code, day in given:
        if day < counts_from[code]:
            return True
        seen = span.get(code)
        span[code] = (day, day) if seen is None else (min(seen[0], day), max(seen[1], day))
    for code, previous, interval in prepared["intervals"]:
        mine, before = span.get(code), span.get(previous)
        if mine and before and mine[0] < add_age(before[1], interval) - prepared["grace"]:
            return True
    return any(floor <= as_of and code not in span and (latest is None or as_of < latest)
               for code, floor, latest in opens)
