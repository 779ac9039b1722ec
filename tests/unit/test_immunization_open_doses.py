"""The twin's lean entry for long lists (open_doses) gives exactly the lists of the full twin (assess_immunization),
and its screen (may_be_listed) never rules out a child the full twin lists, for thousands of generated children at
many as-of days: month and year ends, the leap day, each dose's due, overdue and latest edges; doses on time, late,
missed, too early (not counted; a day either side of the grace days) and repeated, duplicated, out of order."""
import copy
import random
from datetime import date, timedelta

import pytest

from posyandu_app.domain import immunization, immunization_lists
from posyandu_app.domain.errors import DomainValidationError
from posyandu_app.domain.inputs import _EPOCH

EDGE_DAYS = [date(2024, 2, 29), date(2024, 3, 1), date(2024, 2, 28), date(2023, 12, 31), date(2024, 1, 1),
             date(2024, 1, 31), date(2025, 2, 28), date(2025, 3, 1), date(2026, 4, 30), date(2026, 5, 31),
             date(2026, 12, 6), date(2027, 2, 28), date(2028, 2, 29)]


def _plus(day, age):
    return date.fromordinal(immunization.add_age(day.toordinal() - _EPOCH, age) + _EPOCH)


def _reference(birth, doses, today):
    """What the high-risk list took from the full twin before open_doses (services/immunization_due.py _child)."""
    result = immunization.assess_immunization(
        birth.isoformat(), [{"antigen": a, "dose": n, "date": d.isoformat()} for a, n, d in doses], today.isoformat())
    overdue = [result["doses"][code]["overdue_date"] for code in result["overdue"]]
    return {"due": result["due"], "overdue": result["overdue"], "invalid": result["invalid"],
            "given": any(dose["given"] for dose in result["doses"].values()),
            "first_overdue": date.fromisoformat(min(overdue)) if overdue else None}


def _doses(rng, birth, today):
    """A tidy record (half the children: on time, now and then a little late) or a messy one: each dose missed, on
    time, late, too early, repeated, duplicated or before the dose it follows."""
    out, last = [], {}
    weights = rng.choice(((0, 95, 5, 0, 0, 0, 0), (18, 40, 14, 10, 7, 5, 6)))
    for entry in immunization.schedule():
        antigen, n = entry["antigen"], entry["dose"]
        mode = rng.choices(("missed", "on_time", "late", "early", "repeat", "duplicate", "out_of_order"),
                           weights)[0]
        if mode == "missed":
            continue
        jitter = rng.randint(-3, 12) if weights[0] else rng.randint(0, 12)  # a tidy child is never early
        day = _plus(birth, entry["recommended"]) + timedelta(days=jitter)
        if entry["min_interval"] and antigen in last and mode != "out_of_order":
            day = max(day, _plus(last[antigen], entry["min_interval"]) + timedelta(days=rng.randint(-8, 6)))
        if mode == "late":
            day += timedelta(days=rng.randint(20, 400))
        elif mode in ("early", "repeat"):
            day = _plus(birth, entry["min_age"]) - timedelta(days=rng.randint(1, 40))
        elif mode == "out_of_order":
            day -= timedelta(days=rng.randint(30, 120))
        days = [day]
        if mode == "repeat":
            days.append(day + timedelta(days=rng.randint(10, 90)))
        elif mode == "duplicate":
            days.append(day + timedelta(days=rng.randint(0, 30)))
        for one in days:
            one = max(birth, one)
            if one <= today:  # a dose after the as-of day is not on the record yet (the list's query)
                out.append((antigen, n, one))
                last[antigen] = one
    rng.shuffle(out)
    return out


def _edge_child(rng):
    """An on-time record but for one dose at an edge: given a day either side of the grace days before its minimum
    age or interval, or missing with the as-of day a day around the earliest day it can be overdue or its latest."""
    grace = immunization._rules()["grace_days"]["value"]
    birth = rng.choice(EDGE_DAYS) - timedelta(days=rng.choice((0, 366, 365 * 3)))
    days, last = {}, {}
    for entry in immunization.schedule():
        day = _plus(birth, entry["recommended"])
        if entry["min_interval"] and entry["antigen"] in last:
            day = max(day, _plus(last[entry["antigen"]], entry["min_interval"]))
        days[entry["code"]] = last[entry["antigen"]] = day
    entry = rng.choice(immunization.schedule())
    code, kind = entry["code"], rng.choice(("age", "interval", "missing"))
    today = birth + timedelta(days=rng.randint(0, 62 * 31))
    if kind == "age":
        days[code] = max(birth, _plus(birth, entry["min_age"]) - timedelta(days=grace + rng.randint(-1, 2)))
    elif kind == "interval" and entry["min_interval"] and entry["dose"] > 1:
        previous = days[f"{entry['antigen']}_{entry['dose'] - 1}"]
        days[code] = max(birth, _plus(previous, entry["min_interval"]) - timedelta(days=grace + rng.randint(-1, 2)))
    else:
        del days[code]
        edge = rng.choice([_plus(birth, entry["overdue_from"])] + ([_plus(birth, entry["latest"])] * 2
                                                                     if entry["latest"] else []))
        today = edge + timedelta(days=rng.randint(-1, 1))
    today = max(today, birth)
    return birth, [(c.rsplit("_", 1)[0], int(c.rsplit("_", 1)[1]), d) for c, d in days.items() if d <= today], today


def _children(seed, count):
    rng, ages = random.Random(seed), [age for entry in immunization.schedule()
                                      for key in ("recommended", "overdue_from", "latest", "min_age")
                                      if (age := entry[key])]
    for i in range(count):
        if i % 3 == 2:
            yield _edge_child(rng)
            continue
        if i % 2:  # an as-of day on an edge, any child under the schedule's age limit
            today = rng.choice(EDGE_DAYS)
            birth = today - timedelta(days=rng.randint(0, 62 * 31))
        else:  # a birth on an edge, the as-of day on (or a day around) one of the schedule's ages
            birth = rng.choice(EDGE_DAYS) - timedelta(days=rng.choice((0, 0, 366, 365 * 3)))
            today = _plus(birth, rng.choice(ages)) + timedelta(days=rng.randint(-1, 1))
            today = max(today, birth)
        yield birth, _doses(rng, birth, today), today


@pytest.mark.parametrize("seed", range(4))
def test_open_doses_gives_the_full_twins_lists_for_generated_children(seed):
    checked = listed = ruled_out = 0
    for birth, doses, today in _children(seed, 1500):
        full = _reference(birth, doses, today)
        assert immunization_lists.open_doses(birth, doses, today) == full, (birth, doses, today)
        screened = immunization_lists.may_be_listed(birth, doses, today)
        wanted = full if full["given"] and (full["overdue"] or full["invalid"]) else None
        assert immunization_lists.overdue_or_invalid(birth, doses, today) == wanted
        if full["overdue"] or full["invalid"]:
            assert screened, (birth, doses, today)  # the screen never rules out a child the twin lists
        else:
            ruled_out += not screened
        checked += 1
        listed += bool(full["overdue"] or full["invalid"])
    # The generated children are a mix: many with an overdue or a not-counted dose, many without.
    assert checked == 1500 and 0.2 * checked < listed < 0.9 * checked
    assert ruled_out > 0.8 * (checked - listed)  # and it rules out most of the others (why it is there)


def test_open_doses_refuses_what_the_full_twin_refuses_with_its_errors():
    birth, today = date(2026, 1, 31), date(2026, 6, 1)
    for doses in ([("hb0", 1, date(2026, 6, 2))], [("bcg", 1, date(2026, 1, 30))], [("opv", 5, date(2026, 3, 1))],
                  [("xyz", 1, date(2026, 3, 1))]):
        with pytest.raises(DomainValidationError) as lean:
            immunization_lists.open_doses(birth, doses, today)
        with pytest.raises(DomainValidationError) as full:
            _reference(birth, doses, today)
        assert lean.value.field_errors == full.value.field_errors
        assert immunization_lists.may_be_listed(birth, doses, today)  # left to the full twin, which refuses it
    with pytest.raises(DomainValidationError):
        immunization_lists.open_doses(today + timedelta(days=1), [], today)


def test_open_doses_lists_an_overdue_and_a_not_counted_dose_with_the_first_overdue_day():
    # Born 31 Dec 2025: BCG 1 is overdue from 28 Feb 2026 (two calendar months, clamped); OPV 1 on day 3 is given
    # but counts; DPT-HB-Hib 1 at 4 weeks is 14 days before its minimum age of 6 weeks: not counted.
    birth = date(2025, 12, 31)
    doses = [("hb0", 1, birth), ("opv", 1, date(2026, 1, 3)), ("dpt_hb_hib", 1, date(2026, 1, 28))]
    lean = immunization_lists.open_doses(birth, doses, date(2026, 2, 28))
    assert lean["overdue"] == ["bcg_1"] and lean["invalid"] == ["dpt_hb_hib_1"] and lean["given"]
    assert lean["first_overdue"] == date(2026, 2, 28)
    assert immunization_lists.open_doses(birth, doses, date(2026, 2, 27))["overdue"] == []


def test_the_screen_and_the_lean_entry_follow_the_rule_data(monkeypatch):
    """Their ages, grace days and per-birth-day dates come from the loaded rule data, not a copy made once."""
    original = immunization.load("immunization_rules")
    edited = copy.deepcopy(original)
    edited["grace_days"]["value"] = 0
    bcg = next(antigen for antigen in edited["antigens"] if antigen["code"] == "bcg")["doses"][0]
    bcg["overdue_from"] = {"months": 3}
    birth, today = date(2026, 1, 10), date(2026, 3, 20)
    base = [("hb0", 1, birth), ("opv", 1, date(2026, 2, 10))]
    doses = base + [("dpt_hb_hib", 1, date(2026, 2, 19))]  # 2 days before 6 weeks: within the 4 grace days
    assert not immunization_lists.may_be_listed(birth, base, date(2026, 3, 9))  # BCG overdue from 10 March
    assert immunization_lists.overdue_or_invalid(birth, doses, today)["overdue"] == ["bcg_1"]
    monkeypatch.setattr(immunization, "load", lambda name: edited if name == "immunization_rules" else original)
    assert not immunization_lists.may_be_listed(birth, base, today)  # BCG now overdue from 10 April
    listed = immunization_lists.overdue_or_invalid(birth, doses, today)
    assert listed["overdue"] == [] and listed["invalid"] == ["dpt_hb_hib_1"]  # no grace: the early dose does not count
    assert listed == _reference(birth, doses, today)
