"""Demo programme data: vaccine doses for the demo children (the schedule, on posyandu days, some late, some
children dropping out) and youth screenings for a few school-age children and teenagers, so the due lists, the
IDL figures, the coverage and the PWS programme tables show something."""
from datetime import date, timedelta

from ..domain import immunization as schedule_rules
from ..extensions import db
from ..models import Immunization, YouthScreening
from .assess.immunization import apply
from .assess.youth import assess_youth_screening

SCHEDULE = schedule_rules.schedule()


def _posyandu_day_on_or_after(day: date, posyandu_day: int) -> date:
    """The first posyandu day on or after `day` (the demo posyandu all meet on a day <= 28)."""
    this_month = day.replace(day=posyandu_day)
    if this_month >= day:
        return this_month
    return date(day.year + day.month // 12, day.month % 12 + 1, posyandu_day)


def child_doses(rng, child, kader, today: date, posyandu_day: int) -> list[Immunization]:
    """The doses a demo child had up to today: most on the first posyandu day after the recommended age; one child
    in ten stops coming after a few months, one dose in eight is a month or two late, HB0 is given at birth
    elsewhere (the bidan or the hospital, read from the KIA book)."""
    stops_after = rng.choice([3, 4, 6]) if rng.random() < 0.1 else None
    records, latest_by_antigen = [], {}
    for entry in SCHEDULE:
        recommended = schedule_rules.shift(child.birth_date.isoformat(), entry["recommended"])
        due = date.fromisoformat(recommended)
        if entry["code"] == "hb0_1":
            given, place = child.birth_date + timedelta(days=rng.choice([0, 0, 1, 2])), "elsewhere"
        else:
            if stops_after is not None and due > child.birth_date + timedelta(days=30 * stops_after):
                break
            delay = timedelta(days=rng.choice([30, 45, 60])) if rng.random() < 0.125 else timedelta()
            previous = latest_by_antigen.get(entry["antigen"])
            earliest = due + delay
            if previous is not None and entry["min_interval"]:
                earliest = max(earliest, date.fromisoformat(schedule_rules.shift(previous.isoformat(),
                                                                                entry["min_interval"])))
            given, place = _posyandu_day_on_or_after(earliest, posyandu_day), "posyandu"
            if previous is not None and entry["min_interval"] and rng.random() < 0.03:  # too soon: warned
                given = date.fromisoformat(schedule_rules.shift(previous.isoformat(), entry["min_interval"])) \
                    - timedelta(days=rng.choice([2, 3]))  # within the grace days: warned, counted
                place = "elsewhere"
        latest = entry["latest"] and date.fromisoformat(schedule_rules.shift(child.birth_date.isoformat(),
                                                                              entry["latest"]))
        if given > today or (latest and given >= latest):
            continue
        latest_by_antigen[entry["antigen"]] = given
        records.append(Immunization(person=child, posyandu_id=child.posyandu_id, antigen=entry["antigen"],
                                    dose=entry["dose"], visit_date=given, place=place, created_by_id=kader.id,
                                    status="verified" if (today - given).days > 60 else "submitted"))
    if records:
        db.session.add_all(records)
        # One twin call for the child's doses (what the server's assessment of each upload would store).
        result = schedule_rules.assess_immunization(
            child.birth_date, [{"antigen": r.antigen, "dose": r.dose, "date": r.visit_date.isoformat()}
                               for r in records], max(today, records[-1].visit_date))
        for record in records:
            apply(record, result, child.birth_date)
    return records


def youth_screenings(rng, person, kader, today: date, posyandu_days) -> None:
    """A screening every three months for a school-age child or teenager: Hb (girls sometimes anaemic), TTD for
    girls 12-18, blood pressure."""
    for visit_date in posyandu_days[rng.randrange(3)::3]:
        age = (visit_date - person.birth_date).days / 365.25
        girl_ttd = person.sex == "F" and age >= 12
        visit = YouthScreening(person=person, posyandu_id=person.posyandu_id, visit_date=visit_date,
                               hb_g_dl=round(rng.uniform(10.3, 14.2), 1),
                               ttd_given=(4 if rng.random() < 0.6 else 0) if girl_ttd else None,
                               systolic=rng.choice([100, 108, 115, 122, 132]), diastolic=rng.choice([62, 70, 76, 82]),
                               smoking=person.sex == "M" and age >= 15 and rng.random() < 0.3, vaping=False,
                               created_by_id=kader.id, status="verified")
        db.session.add(visit)
        db.session.flush()
        assess_youth_screening(visit)
