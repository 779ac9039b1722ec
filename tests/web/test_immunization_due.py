"""Immunization due lists on a hand-built dataset, at several dates: who to call on the next posyandu day (grouped
by dusun, only the bidan's posyandu), and overdue vaccines on the high-risk list."""
import calendar
from datetime import date

from posyandu_app.clock import field_today
from posyandu_app.services import high_risk, immunization_due
from tests.factories import login
from tests.instants import QUICK, at_instants


def months_before(day, n):
    months = day.year * 12 + day.month - 1 - n
    year, month = divmod(months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def expected_day(today, posyandu_day=10):
    if today.day <= posyandu_day:
        return today.replace(day=posyandu_day)
    return date(today.year + today.month // 12, today.month % 12 + 1, posyandu_day)


def world(make):
    pustu = make.pustu()
    pos = make.posyandu(pustu, posyandu_day=10, name="Posyandu Mawar")
    other = make.posyandu(make.pustu(), posyandu_day=10, name="Posyandu Lain")
    day = expected_day(field_today())
    due = make.person(pos, name="Ani Due", sex="F", birth_date=months_before(day, 2), dusun="Krajan")
    late = make.person(pos, name="Budi Late", sex="M", birth_date=months_before(day, 5), dusun="Krajan")
    ahead = make.person(pos, name="Citra Ahead", sex="F", birth_date=date.fromordinal(
        months_before(day, 1).toordinal() + 1), dusun="Sukamaju")
    hill = make.person(pos, name="Dewi Hill", sex="F", birth_date=months_before(day, 9), dusun="Bukit")
    old = make.person(pos, name="Eko Old", sex="M", birth_date=months_before(day, 61), dusun="Krajan")
    elsewhere = make.person(other, name="Fajar Elsewhere", sex="M", birth_date=months_before(day, 5))
    for child in (due, late, elsewhere):
        make.dose(child, "hb0", 1, child.birth_date)
        make.dose(child, "bcg", 1, months_before(day, 1) if child is due else child.birth_date)
        make.dose(child, "opv", 1, months_before(day, 1) if child is due else child.birth_date)
    make.dose(ahead, "hb0", 1, ahead.birth_date)
    # Dewi had everything on time up to 4 months: on the day she is due MR 1 and IPV 2 only.
    born = hill.birth_date
    for antigen, dose, months in (("hb0", 1, 0), ("bcg", 1, 1), ("opv", 1, 1), ("opv", 2, 2), ("opv", 3, 3),
                                  ("opv", 4, 4), ("dpt_hb_hib", 1, 2), ("dpt_hb_hib", 2, 3), ("dpt_hb_hib", 3, 4),
                                  ("pcv", 1, 2), ("pcv", 2, 3), ("rv", 1, 2), ("rv", 2, 3), ("rv", 3, 4),
                                  ("ipv", 1, 4)):
        make.dose(hill, antigen, dose, months_before(day, 9 - months) if months else born)
    return {"pustu": pustu, "pos": pos, "day": day, "due": due, "late": late, "hill": hill}


@at_instants(*QUICK, "10th-0300Z", "31st-1200Z")
def test_due_list_for_the_next_posyandu_day_grouped_by_dusun(app, make, instant):
    w = world(make)
    bidan = make.user("bidan", w["pustu"])
    (group,) = immunization_due.due_lists(bidan, field_today())
    assert group.posyandu.id == w["pos"].id and group.day == w["day"] and group.day_set
    names = {dusun: [c.person.name for c in rows] for dusun, rows in group.by_dusun.items()}
    # Citra is one day short of a month (BCG not yet), Eko is past five, Fajar is another pustu's.
    assert names == {"Bukit": ["Dewi Hill"], "Krajan": ["Ani Due", "Budi Late"]}
    ani, budi = group.by_dusun["Krajan"]
    assert "dpt_hb_hib_1" in ani.due and ani.overdue == []
    assert "dpt_hb_hib_1" in budi.overdue and budi.due == []
    (dewi,) = group.by_dusun["Bukit"]
    assert dewi.due == ["ipv_2", "mr_1"] and dewi.overdue == []


@at_instants("9th-1200Z", "31st-1200Z")
def test_bidan_page_and_high_risk_list_show_overdue_vaccines_in_scope_only(app, client, make, instant):
    w = world(make)
    bidan = make.user("bidan", w["pustu"])
    rows = high_risk.risk_list(bidan, reason="overdue_vaccine")
    assert [row.person.name for row in rows] == ["Budi Late"]  # Ani is not late yet; Fajar is not hers
    assert "dpt_hb_hib_1" in [label["code"] for label in rows[0].facts["labels"]] and rows[0].visit is not None
    token = login(client, bidan)
    page = client.get("/immunization/due").get_data(as_text=True)
    assert "Ani Due" in page and "Budi Late" in page and "Dewi Hill" in page
    assert "Fajar Elsewhere" not in page and "Eko Old" not in page and "Citra Ahead" not in page
    assert page.index("Bukit") < page.index("Krajan")
    risk = client.get("/high-risk?reason=overdue_vaccine").get_data(as_text=True)
    assert "Budi Late" in risk and "Imunisasi terlambat" in risk and "DPT-HB-Hib 1" in risk
    other_bidan = make.user("bidan", make.pustu())
    client.post("/api/v1/auth/logout", headers={"X-CSRFToken": token})
    login(client, other_bidan)
    assert "Budi Late" not in client.get("/immunization/due").get_data(as_text=True)


def test_next_posyandu_day_rolls_into_the_next_month_and_clamps(make):
    pos = make.posyandu(posyandu_day=31)
    assert immunization_due.next_posyandu_day(pos, date(2027, 2, 1)) == date(2027, 2, 28)
    assert immunization_due.next_posyandu_day(pos, date(2026, 12, 31)) == date(2026, 12, 31)
    pos.posyandu_day = 5
    assert immunization_due.next_posyandu_day(pos, date(2026, 12, 6)) == date(2027, 1, 5)
    pos.posyandu_day = None
    assert immunization_due.next_posyandu_day(pos, date(2026, 12, 6)) is None


def test_the_follow_up_is_marked_on_each_childs_latest_current_dose(make):
    pos = make.posyandu()
    ani = make.person(pos, name="Ani", sex="F", birth_date=date(2026, 1, 5))
    budi = make.person(pos, name="Budi", sex="M", birth_date=date(2026, 2, 5))
    make.dose(ani, "hb0", 1, date(2026, 1, 5))
    ani_latest = make.dose(ani, "bcg", 1, date(2026, 2, 9))
    make.dose(ani, "opv", 1, date(2026, 3, 1), is_current=False)  # replaced by a correction: not where to mark
    budi_latest = make.dose(budi, "bcg", 1, date(2026, 3, 9))
    make.dose(budi, "hb0", 1, date(2026, 2, 5))
    latest = immunization_due.latest_doses([ani.id, budi.id])
    assert {person: record.id for person, record in latest.items()} == {ani.id: ani_latest.id, budi.id: budi_latest.id}
    assert immunization_due.latest_doses([]) == {}


def _before(allowed, today):
    """The list as the full twin gave it for every child (before the screen and the lean twin): who, which doses,
    since when."""
    out = []
    for person, result in immunization_due.assessed_children(allowed, today):
        child = immunization_due._child(person, result)
        if any(dose["given"] for dose in result["doses"].values()) and child and (child.overdue or child.invalid):
            out.append((person.name, child.overdue, child.invalid, child.first_overdue,
                        [child.labels[code] for code in child.overdue + child.invalid]))
    return out


def test_overdue_children_are_exactly_those_of_the_full_twin_at_many_days(make):
    from tests.unit.test_immunization_open_doses import _children
    pos, other = make.posyandu(), make.posyandu()
    for i, (birth, doses, _) in enumerate(_children(11, 80)):
        child = make.person(pos if i % 9 else other, name=f"Anak {i:03d}", birth_date=birth,
                            deleted_at=field_today() if i % 23 == 5 else None, left_on=birth if i % 31 == 7 else None)
        for antigen, number, given in doses:
            make.dose(child, antigen, number, given, is_current=i % 17 != 3)
    make.person(pos, name="Tanpa Dosis", birth_date=date(2026, 1, 31))  # no dose on record: not listed
    for today in (date(2024, 2, 29), date(2024, 12, 31), date(2025, 3, 1), date(2026, 5, 31), date(2027, 1, 1)):
        now = [(c.person.name, c.overdue, c.invalid, c.first_overdue,
                [c.labels[code] for code in c.overdue + c.invalid])
               for c in immunization_due.overdue_children([pos.id], today)]
        assert now == _before([pos.id], today) and len(now) > 3


def test_overdue_children_read_each_childs_doses_back_from_one_text_row(make):
    """The query hands a child's doses over as one text (services/immunization_due._doses_by_child): every dose,
    its number and its date come back, on SQLite and PostgreSQL alike."""
    pos = make.posyandu()
    child = make.person(pos, name="Anak Tanggal", birth_date=date(2025, 12, 31))
    for antigen, number, given in (("hb0", 1, date(2025, 12, 31)), ("opv", 1, date(2026, 1, 30)),
                                   ("opv", 2, date(2026, 2, 28)), ("dpt_hb_hib", 1, date(2026, 1, 28))):
        make.dose(child, antigen, number, given)
    (listed,) = immunization_due.overdue_children([pos.id], date(2026, 3, 30))
    # BCG is overdue from 28 February (two calendar months, clamped; PCV 1 and RV 1 only from 31 March);
    # DPT-HB-Hib 1 at four weeks is 14 days before its minimum age: it does not count.
    assert listed.overdue == ["bcg_1"] and listed.first_overdue == date(2026, 2, 28)
    assert listed.invalid == ["dpt_hb_hib_1"] and "opv_2" not in listed.overdue + listed.due
