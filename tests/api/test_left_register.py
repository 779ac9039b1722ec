"""Leaving the register (moved, died, other): recorded by a person edit, counted in reports until that day."""
import io
from datetime import date, timedelta

from openpyxl import load_workbook

from posyandu_app.extensions import db
from posyandu_app.models import Person
from posyandu_app.services import high_risk
from posyandu_app.services.reports import pws, skdn, units
from posyandu_app.services.reports.periods import Month
from tests.factories import login

from .sync_helpers import op, push, results

FEB, MAR = Month(2026, 2), Month(2026, 3)


def _edit(person, **data):
    return op("person", data, record_id=person.id, base_version=person.version)


def test_a_kader_records_that_a_child_moved_away_and_can_undo_it(client, make):
    kader = make.user("kader")
    child = make.person(kader.facility, birth_date=date.today() - timedelta(days=400))
    token = login(client, kader)
    moved_on = (date.today() - timedelta(days=3)).isoformat()
    answered = results(push(client, token, [_edit(child, left_on=moved_on, left_reason="moved")]))[0]
    assert answered["status"] == "applied"
    assert (answered["record"]["left_on"], answered["record"]["left_reason"]) == (moved_on, "moved")
    db.session.expire_all()
    assert db.session.get(Person, child.id).left_on == date.fromisoformat(moved_on)
    undone = results(push(client, token, [_edit(db.session.get(Person, child.id), left_on=None, left_reason=None)]))
    assert undone[0]["status"] == "applied" and undone[0]["record"]["left_on"] is None


def test_leaving_needs_a_reason_and_a_plausible_day(client, make):
    kader = make.user("kader")
    child = make.person(kader.facility, birth_date=date.today() - timedelta(days=400))
    token = login(client, kader)
    day = (date.today() - timedelta(days=3)).isoformat()
    answered = results(push(client, token, [
        _edit(child, left_on=day),
        _edit(child, left_reason="died"),
        _edit(child, left_on=(date.today() - timedelta(days=500)).isoformat(), left_reason="died"),
        _edit(child, left_on=(date.today() + timedelta(days=30)).isoformat(), left_reason="died"),
        _edit(child, left_on=day, left_reason="emigrated"),
    ]))
    assert [r["status"] for r in answered] == ["rejected"] * 5
    assert [sorted(r["errors"]) for r in answered] == [["left_reason"], ["left_on"], ["left_on"], ["left_on"],
                                                        ["left_reason"]]
    assert answered[0]["errors"]["left_reason"]["id"].startswith("Pilih alasan keluar")
    assert answered[2]["errors"]["left_on"]["en"] == "The date of leaving is before the birth date."
    db.session.expire_all()
    assert db.session.get(Person, child.id).left_on is None  # nothing of a rejected op is kept


def _weighed_child(make, posyandu, name, **kw):
    child = make.person(posyandu, name=name, sex="M", birth_date=date(2025, 1, 10), **kw)
    make.growth(child, date(2026, 2, 10), age_months=12, kms_code="N")
    make.growth(child, date(2026, 3, 10), age_months=13, kms_code="N")
    return child


def _totals(posyandu, month):
    collected = skdn.collect([posyandu.id], month).get(posyandu.id)
    totals = skdn.figures_for(collected["cells"], skdn.BAND_CODES, skdn.SEXES)
    return totals["S"], totals["D"]


def test_reports_count_a_child_until_the_month_they_left(make):
    posyandu = make.posyandu()
    _weighed_child(make, posyandu, "Anak Tetap")
    _weighed_child(make, posyandu, "Anak Pindah Maret", left_on=date(2026, 3, 20), left_reason="moved")
    _weighed_child(make, posyandu, "Anak Pindah Februari", left_on=date(2026, 2, 20), left_reason="moved")
    _weighed_child(make, posyandu, "Anak Akhir Februari", left_on=date(2026, 2, 28), left_reason="died")
    # February: on the register on 28 Feb are the one who stays and the one who moved in March.
    assert _totals(posyandu, FEB) == (2, 2)
    assert _totals(posyandu, MAR) == (1, 1)
    months, collected = pws.collect([posyandu.id], MAR, count=2)
    by_month = collected[posyandu.id]
    assert (by_month[FEB.key]["S"], by_month[FEB.key]["D"]) == (2, 2)
    assert (by_month[MAR.key]["S"], by_month[MAR.key]["D"]) == (1, 1)


def test_a_child_who_left_is_not_on_the_high_risk_list(make):
    posyandu = make.posyandu()
    bidan = make.user("bidan", posyandu.parent)
    today = date.today()
    for name, left in (("Anak Di Sini", None), ("Anak Meninggal", today - timedelta(days=2))):
        child = make.person(posyandu, name=name, sex="M", birth_date=today - timedelta(days=600),
                            left_on=left, left_reason="died" if left else None)
        make.growth(child, today - timedelta(days=10), whz=-3.4, wasted=True, wfh_category="severely_wasted")
    listed = {row.person.name for row in high_risk.risk_list(bidan)}
    assert "Anak Di Sini" in listed and "Anak Meninggal" not in listed


def test_the_person_page_shows_the_departure(client, make):
    posyandu = make.posyandu()
    bidan = make.user("bidan", posyandu.parent)
    child = make.person(posyandu, name="Anak Pindah", left_on=date(2026, 3, 20), left_reason="moved")
    login(client, bidan)
    page = client.get(f"/people/{child.id}").get_data(as_text=True)
    assert "Keluar dari register: Pindah, 20 Mar 2026" in page  # the date as every page shows it


def test_the_monthly_report_counts_who_left_by_age_and_reason_and_names_them(client, make):
    posyandu = make.posyandu(name="Posyandu Melati")
    make.person(posyandu, name="Bayi Meninggal", birth_date=date(2025, 11, 1), left_on=date(2026, 2, 3),
                left_reason="died")  # 3 months old
    make.person(posyandu, name="Anak Pindah", birth_date=date(2023, 1, 1), left_on=date(2026, 2, 14),
                left_reason="moved")  # 37 months
    make.person(posyandu, name="Nenek Pindah", birth_date=date(1950, 1, 1), left_on=date(2026, 2, 28),
                left_reason="moved")
    make.person(posyandu, name="Anak Pindah Maret", birth_date=date(2023, 1, 1), left_on=date(2026, 3, 1),
                left_reason="moved")  # next month
    original = make.person(posyandu, name="Anak Ganda")
    make.person(posyandu, name="Anak Ganda", left_on=date(2026, 2, 5), left_reason="other",
                merged_into_id=original.id)  # a merged duplicate is not a second departure
    supervisor = make.user("supervisor", posyandu.parent.parent)
    report = skdn.monthly_report(units.resolve(supervisor), FEB)["departures"]
    assert [(row["group"], row["moved"], row["died"], row["other"], row["total"]) for row in report["table"]] == [
        ("baby", 0, 1, 0, 1), ("child", 1, 0, 0, 1), ("older", 1, 0, 0, 1)]
    assert [person["name"] for person in report["people"]] == ["Bayi Meninggal", "Anak Pindah", "Nenek Pindah"]

    login(client, supervisor)
    page = client.get("/reports/monthly?month=2026-02").get_data(as_text=True)
    assert "Keluar dari register bulan ini" in page and "Bayi (0–11 bulan)" in page and "Nenek Pindah" in page
    book = load_workbook(io.BytesIO(client.get("/reports/monthly.xlsx?month=2026-02").data))
    names = [list(row) for row in book["Nama yang keluar"].iter_rows(values_only=True)]
    assert names[4] == ["Bayi Meninggal", "Rina Wati", "Posyandu Melati", "Bayi (0–11 bulan)", "Meninggal", "2026-02-03"]
