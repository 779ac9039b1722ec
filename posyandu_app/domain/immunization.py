"""Child immunization against the national schedule: per dose done / due / overdue / not yet, IDL, warnings.

Entry point: `assess_immunization(birth_date, doses, today)`.
    birth_date  "YYYY-MM-DD" (required, not after today)
    doses       [{"antigen": code, "dose": 1.., "date": "YYYY-MM-DD"}] the vaccines recorded (any order);
                a date must lie between the birth date and today
    today       "YYYY-MM-DD" (required): the as-of date of the statuses
Result (plain JSON):
    {"age_days", "age_months",
     "doses": {"<antigen>_<n>": {"antigen", "dose", "label", "status": label, "given": date|null,
               "due_date": date|null, "overdue_date": date|null, "latest_date": date|null, "after": code|null}},
     "due": [code], "overdue": [code], "invalid": [code], "next_due_date": date|null,
     "idl": {"status": label, "by": date, "missing": [code]},
     "warnings": [{"code", "id", "en", "dose", "date"}]}  (date: of the record the warning is about)
Statuses: done, invalid (given more than grace_days too early: does not count; its next record is the repeat),
closed (past its latest age),
not_yet (before its due date, or waiting for the dose before it: `after`), due, overdue.
Schedule and words: static/data/immunization_rules.json; sources in docs/rules/immunization.md.
"""
import datetime
import functools

from .data import load
from .inputs import Reader, _EPOCH, completed_months, iso, label, message, raise_if

_PARAM_KEYS = ("dose", "previous", "days")


def _rules():
    return load("immunization_rules")


# Derived from the rule data once per loaded copy of it (a list of 4,000 children runs the twin 4,000 times);
# keyed by the data object itself, so a test that swaps the data gets a schedule of the new one.
_DERIVED = {"rules": None}


def _derived():
    rules = _rules()
    if _DERIVED["rules"] is not rules:
        entries = _schedule(rules)
        _DERIVED.update(rules=rules, schedule=entries,
                        statuses={s["code"]: label(s) for s in rules["statuses"]},
                        counts={a["code"]: len(a["doses"]) for a in rules["antigens"]})
    return _DERIVED


def schedule():
    """Every dose in schedule order: {"code", "antigen", "dose", "label", **its ages} (shared: read, do not change)."""
    return _derived()["schedule"]


def _schedule(rules):
    out = []
    for antigen in rules["antigens"]:
        count = len(antigen["doses"])
        for n, entry in enumerate(antigen["doses"], start=1):
            name = antigen["id"] if count == 1 else f"{antigen['id']} {n}"
            name_en = antigen["en"] if count == 1 else f"{antigen['en']} {n}"
            code = f"{antigen['code']}_{n}"
            out.append({**entry, "code": code, "antigen": antigen["code"], "dose": n,
                        "label": {"code": code, "id": name, "en": name_en}})
    return out


def add_age(day, age):
    """Day number `day` plus an age {"days"|"weeks"|"months": n}; months are calendar months, clamped."""
    if "days" in age:
        return day + age["days"]
    if "weeks" in age:
        return day + 7 * age["weeks"]
    return _plus_months(day, age["months"])


# Cached: the twin adds the same few month spans to the same birth dates for every child of a list (a third of the
# time of a 4,000-child high-risk list went to building dates); bounded, pure.
@functools.lru_cache(maxsize=1 << 16)
def _plus_months(day, months):
    d = datetime.date.fromordinal(day + _EPOCH)
    months = d.year * 12 + d.month - 1 + months
    year, month = divmod(months, 12)
    first_next = datetime.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    last = (first_next - datetime.timedelta(days=1)).day
    return datetime.date(year, month + 1, min(d.day, last)).toordinal() - _EPOCH


def shift(day_iso, age):
    """ISO date `day_iso` plus an age {"days"|"weeks"|"months": n} (the schedule's calendar arithmetic)."""
    return iso(add_age(Reader({"d": day_iso}, "input", {}).date("d"), age))


def oldest_birth_date(on):
    """The earliest birth date (ISO) of a child who still has a dose open on `on` (ISO): older children are done."""
    day = Reader({"on": on}, "input", {}).date("on")
    back = [add_age(day, {unit: -n for unit, n in entry["latest"].items()}) for entry in schedule() if entry["latest"]]
    return iso(min(back) + 1)


def _status(code):
    return dict(_derived()["statuses"][code])


def _warning(code, dose_code, **params):
    template = _rules()["warnings"][code]
    out = {"code": code}
    for lang in ("id", "en"):
        text = template[lang]
        for key in _PARAM_KEYS:
            value = params.get(key, "")
            text = text.replace("{" + key + "}", value[lang] if isinstance(value, dict) else str(value))
        out[lang] = text
    out["dose"] = dose_code
    return out


def _read(birth_date, doses, today):
    errors = {}
    reader = Reader({"birth_date": birth_date, "today": today, "doses": doses}, "input", errors)
    birth = reader.date("birth_date", required=True)
    as_of = reader.date("today", required=True)
    if birth is not None and as_of is not None and birth > as_of:
        reader.fail("birth_date", "after_as_of")
    counts = _derived()["counts"]
    given = []
    for i, item in enumerate(reader.items("doses") or []):
        row = Reader(item, f"doses[{i}]", errors, f"doses[{i}].")
        antigen = row.choice("antigen", tuple(counts), required=True)
        limit = {"min": 1, "max": counts.get(antigen, 1), "unit": ""}
        dose = row.number("dose", limit, integer=True, required=True)
        day = row.date("date", required=True)
        if day is not None and as_of is not None and day > as_of:
            row.fail("date", "after_as_of")
        elif day is not None and birth is not None and day < birth:
            errors.setdefault(f"doses[{i}].date", message("before_birth"))
        elif None not in (antigen, dose, day):
            given.append((f"{antigen}_{dose}", day))
    raise_if(errors)
    return birth, as_of, given


def _given_dose(entry, day, birth, prev_day, prev_label, warnings):
    """Status code of a recorded dose; its warnings appended (too early, out of order, after the latest age)."""
    me = entry["label"]
    early = 0
    if entry["dose"] > 1 and prev_day is None:
        warnings.append(_warning("out_of_order", entry["code"], dose=me, previous=prev_label))
    elif prev_day is not None and prev_day > day:
        warnings.append(_warning("out_of_order", entry["code"], dose=me, previous=prev_label))
    elif prev_day is not None and entry["min_interval"]:
        short = add_age(prev_day, entry["min_interval"]) - day
        if short > 0:
            early = short
            warnings.append(_warning("too_early_interval", entry["code"], dose=me, previous=prev_label, days=short))
    short = add_age(birth, entry["min_age"]) - day
    if short > 0:
        early = max(early, short)
        warnings.append(_warning("too_early_age", entry["code"], dose=me, days=short))
    if entry["latest"] and day >= add_age(birth, entry["latest"]):
        warnings.append(_warning("after_latest", entry["code"], dose=me))
    if early > _rules()["grace_days"]["value"]:
        warnings.append(_warning("not_counted", entry["code"], dose=me))
        return "invalid"
    return "done"


def _judged(entry, day, birth, prev_day, prev_label, warnings):
    """_given_dose, its warnings dated with the record's date (a repeated dose has two records of one code)."""
    start = len(warnings)
    status = _given_dose(entry, day, birth, prev_day, prev_label, warnings)
    for item in warnings[start:]:
        item["date"] = iso(day)
    return status


def _open_dose(entry, birth, as_of, prev_day, prev_code):
    """Status and dates of a dose not given yet; catch-up: due after the previous dose plus the minimum interval."""
    latest = add_age(birth, entry["latest"]) if entry["latest"] else None
    out = {"latest_date": latest, "due_date": None, "overdue_date": None, "after": None}
    if latest is not None and as_of >= latest:
        return "closed", out
    if entry["dose"] > 1 and prev_day is None:
        return "not_yet", {**out, "after": prev_code}
    on_time = add_age(birth, entry["recommended"])
    earliest = add_age(birth, entry["min_age"])
    if prev_day is not None and entry["min_interval"]:
        earliest = max(earliest, add_age(prev_day, entry["min_interval"]))
    due = max(on_time, earliest)
    overdue = add_age(birth, entry["overdue_from"]) if due == on_time else add_age(due, _rules()["catch_up_late_after"])
    out.update(due_date=due, overdue_date=overdue)
    return ("not_yet" if as_of < due else "due" if as_of < overdue else "overdue"), out


def statuses(birth, as_of, given, warnings):
    """(schedule entry, status code, counted date or None, dates) of every dose in schedule order; warnings appended.
    `given`: [(code, day)] read and checked (_read); days are day numbers. The core of assess_immunization and of
    immunization_lists (the high-risk list's lean entry): one copy of the rules."""
    recorded = {}
    for code, day in sorted(given, key=lambda pair: pair[1]):
        recorded.setdefault(code, []).append(day)
    prev = {}
    for entry in schedule():
        code, antigen = entry["code"], entry["antigen"]
        prev_day, prev_label, prev_code = prev.get(antigen, (None, None, None))
        days = recorded.get(code, [])
        day = days[0] if days else None
        if day is not None:
            status = _judged(entry, day, birth, prev_day, prev_label, warnings)
            # A dose that does not count is given again: its next record is the repeat, judged like any dose;
            # a record after a counted one is a duplicate (warned, the counted date stays).
            for later in days[1:]:
                if status == "invalid":
                    day = later
                    status = _judged(entry, day, birth, prev_day, prev_label, warnings)
                else:
                    warnings.append({**_warning("duplicate", code, dose=entry["label"]), "date": iso(later)})
            dates = {"latest_date": add_age(birth, entry["latest"]) if entry["latest"] else None,
                     "due_date": None, "overdue_date": None, "after": None}
        else:
            status, dates = _open_dose(entry, birth, as_of, prev_day, prev_code)
        yield entry, status, day, dates
        # The next dose waits for this one to count: after a dose that does not count, it is 'not yet' (after it).
        prev[antigen] = (None if status == "invalid" else day, entry["label"], code)


def assess_immunization(birth_date, doses, today):
    birth, as_of, given = _read(birth_date, doses, today)
    warnings, result = [], {}
    for entry, status, day, dates in statuses(birth, as_of, given, warnings):
        result[entry["code"]] = {"antigen": entry["antigen"], "dose": entry["dose"], "label": dict(entry["label"]),
                                 "status": _status(status), "given": iso(day) if day is not None else None,
                                 **{key: iso(v) if isinstance(v, int) else v for key, v in dates.items()}}
    return {"age_days": as_of - birth, "age_months": completed_months(birth, as_of), "doses": result,
            **_lists(result), "idl": _idl(result, birth, as_of), "warnings": warnings}


def _lists(result):
    by_status = lambda code: [key for key, dose in result.items() if dose["status"]["code"] == code]  # noqa: E731
    upcoming = sorted(d["due_date"] for d in result.values() if d["status"]["code"] == "not_yet" and d["due_date"])
    return {"due": by_status("due"), "overdue": by_status("overdue"), "invalid": by_status("invalid"),
            "next_due_date": upcoming[0] if upcoming else None}


def _idl(result, birth, as_of):
    """Imunisasi Dasar Lengkap: every IDL dose given (and counted) before the age in idl.by_age."""
    idl = _rules()["idl"]
    by = add_age(birth, idl["by_age"])
    missing = [code for code in idl["doses"] if result[code]["status"]["code"] != "done"]
    if not missing:
        in_time = all(result[code]["given"] < iso(by) for code in idl["doses"])
        code = "complete" if in_time else "late"
    elif as_of < by and not any(result[c]["status"]["code"] == "closed" for c in missing):
        code = "in_progress"
    else:
        code = "incomplete"
    status = label(next(s for s in idl["statuses"] if s["code"] == code))
    return {"status": status, "by": iso(by), "missing": missing}
