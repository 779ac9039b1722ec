"""Date-sensitive behaviour at every instant of the date matrix (tests/instants.py): 'not in the future' in the
three zones, ages at the 730/731 and 1826/1827-day edges, the month a visit counts in (monthly report and PWS),
the ANC windows of the high-risk list and the KF windows."""
from collections import Counter
from datetime import timedelta

from posyandu_app.extensions import db
from posyandu_app.models import GrowthVisit
from posyandu_app.services import assessment, high_risk
from posyandu_app.services.reports import pws, skdn
from posyandu_app.services.reports.periods import Month
from tests.factories import login

from ..instants import at_instants
from .sync_helpers import growth_op, person_op, push, results

ZONES = {"WIB": 7, "WITA": 8, "WIT": 9}  # hours east of UTC


def _local_today(instant, hours):
    return (instant + timedelta(hours=hours)).date()


def _d_by_month(posyandu_id, months):
    """D (children weighed) per month key, from the monthly report and from the PWS trend of the same months."""
    monthly = {m.key: sum(cell["D"] for cell in skdn.collect([posyandu_id], m).get(posyandu_id, {"cells": {}})
                          ["cells"].values()) for m in months}
    _, by_month = pws.collect([posyandu_id], max(months))
    trend = {m.key: by_month[posyandu_id][m.key]["D"] for m in months}
    return monthly, trend


@at_instants()
def test_each_zones_today_is_accepted_and_counts_in_the_month_the_kader_saw(instant, client, make):
    kader = make.user("kader")
    token = login(client, kader)
    papua_today = _local_today(instant, ZONES["WIT"])
    ops, seen = [], Counter()
    for zone, hours in ZONES.items():
        phone_today = _local_today(instant, hours)
        child = person_op(name=f"Anak {zone}", birth_date=(phone_today - timedelta(days=400)).isoformat())
        ops += [child, growth_op(child["id"], visit_date=phone_today.isoformat())]
        seen[Month.of(phone_today)] += 1
    tomorrow = person_op(name="Anak Besok", birth_date=(papua_today - timedelta(days=400)).isoformat())
    ops += [tomorrow, growth_op(tomorrow["id"], visit_date=(papua_today + timedelta(days=1)).isoformat())]
    answered = results(push(client, token, ops))
    assert [r["status"] for r in answered] == ["applied"] * 7 + ["rejected"], answered
    assert answered[-1]["errors"]["visit_date"]["en"] == "The date cannot be in the future."
    # The report opens on the month of the latest Indonesian day; each visit counts in the month of its own date.
    assert Month.parse(None) == Month.of(papua_today)
    months = sorted(set(seen) | {Month.of(papua_today).shift(-1), Month.of(papua_today)})
    monthly, trend = _d_by_month(kader.facility_id, months)
    expected = {m.key: seen.get(m, 0) for m in months}
    assert monthly == expected and trend == expected


@at_instants()
def test_ages_at_the_two_and_five_year_edges(instant, client, make):
    kader = make.user("kader")
    token = login(client, kader)
    today = _local_today(instant, ZONES["WIT"])
    ops, visits = [], {}
    for days in (730, 731, 1826, 1827):
        child = person_op(name=f"Anak {days}", birth_date=(today - timedelta(days=days)).isoformat())
        visit = growth_op(child["id"], visit_date=today.isoformat(), measured="L" if days < 731 else "H",
                          weight_kg=12.0, length_cm=86.0)
        ops += [child, visit]
        visits[days] = visit["id"]
    answered = results(push(client, token, ops))
    assert {r["status"] for r in answered} == {"applied"}, answered
    stored = {days: db.session.get(GrowthVisit, visit_id) for days, visit_id in visits.items()}
    # WHO months = days / 30.4375: 730 days is 23 completed months, 731 is 24; 1826 is 59, still a balita;
    # 1827 is 60 months: past the WHO 2006 standards, scored by the WHO 2007 reference (no weight-for-height, no
    # KMS code) and no longer counted among the under-fives.
    assert {days: (v.age_days, v.age_months) for days, v in stored.items()} == {
        730: (730, 23), 731: (731, 24), 1826: (1826, 59), 1827: (1827, 60)}
    assert stored[1826].whz is not None and stored[1827].whz is None
    assert stored[1827].waz is not None and stored[1827].baz is not None and stored[1827].kms_code is None
    cells = skdn.collect([kader.facility_id], Month.of(today))[kader.facility_id]["cells"]
    weighed = Counter()
    for (band, _), cell in cells.items():
        weighed[band] += cell["D"]
    assert +weighed == Counter({"12-23": 1, "24-35": 1, "36-59": 1})
    _, trend = pws.collect([kader.facility_id], Month.of(today))
    assert trend[kader.facility_id][Month.of(today).key]["D"] == 3


@at_instants()
def test_missed_anc_trimester_one_shows_the_week_after_it_ends(instant, make):
    posyandu = make.posyandu()
    kader = make.user("kader", posyandu)
    today = _local_today(instant, ZONES["WIT"])
    # Trimester I ends after completed week 12 with one ANC contact due; none was made.
    in_week_12 = make.pregnancy_episode(make.person(posyandu, name="Ibu Dua Belas", birth_date=today - timedelta(
        days=25 * 365)), hpht=today - timedelta(weeks=12, days=6))
    in_week_13 = make.pregnancy_episode(make.person(posyandu, name="Ibu Tiga Belas", birth_date=today - timedelta(
        days=25 * 365)), hpht=today - timedelta(weeks=13))
    db.session.commit()
    listed = {row.person.id for row in high_risk.risk_list(kader, reason="missed_anc")}
    assert in_week_13.person_id in listed and in_week_12.person_id not in listed
    # The episode's own assessment counts the weeks to the same today (trimester II from week 13).
    weeks = {episode.id: assessment.assess_episode(episode) for episode in (in_week_12, in_week_13)}
    assert [(r["gestational_age"]["weeks"], r["trimester"]["code"]) for r in weeks.values()] == [(12, "tm1"), (13, "tm2")]


@at_instants()
def test_kf_windows_move_with_the_day(instant, make):
    today = _local_today(instant, ZONES["WIT"])
    statuses = {}
    for days_ago in (2, 3, 42, 43):
        mother = make.person(name=f"Ibu {days_ago}", birth_date=today - timedelta(days=25 * 365))
        episode = make.pregnancy_episode(mother, hpht=today - timedelta(days=days_ago + 270), outcome="delivered",
                                         delivery_date=today - timedelta(days=days_ago))
        result = assessment.assess_episode(episode)
        statuses[days_ago] = {row["code"]: row["status"]["code"] for row in result["postnatal"]}
    # KF1 is days 0-2 after the delivery, KF2 days 3-7, KF4 days 29-42.
    assert statuses[2]["KF1"] == "open" and statuses[2]["KF2"] == "upcoming"
    assert statuses[3]["KF1"] == "missed" and statuses[3]["KF2"] == "open"
    assert statuses[42]["KF4"] == "open" and statuses[43]["KF4"] == "missed"
