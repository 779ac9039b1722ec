"""The births recap (issue 17) on a hand-built month (February 2026): figures per posyandu, desa and total, BBLR among
live births weighed, and the page, CSV and XLSX agree (docs/REPORTS.md)."""
import csv
import io
from datetime import date

from openpyxl import load_workbook

from posyandu_app.services.reports import births, pws, units
from posyandu_app.services.reports.periods import Month

from ..factories import login

MONTH = Month(2026, 2)
NOW = date(2026, 3, 1)


def _birth(make, posyandu, name, day, **flags):
    mother = make.person(posyandu, name=name, sex="F", birth_date=date(1996, 1, 1), deleted_at=flags.pop("gone", None))
    episode = make.pregnancy_episode(mother, hpht=date(2025, 5, 1), outcome="delivered", delivery_date=day)
    return make.delivery(episode, day, **flags)


def _month(make):
    """Posyandu A and B in desa Satu, C in desa Dua. Expected (A / B / C): births 4 / 1 / 1, live 3 / 1 / 0, stillbirth
    1 / 0 / 1, at a facility 2 / 0 / 1, by a health worker 3 / 0 / 1, weighed live births 2 / 1 / 0, BBLR 1 / 1 / 0."""
    puskesmas = make.puskesmas(name="Puskesmas Uji")
    p1, p2 = make.pustu(puskesmas, name="Pustu Satu", desa="Satu"), make.pustu(puskesmas, name="Pustu Dua", desa="Dua")
    a, b, c = make.posyandu(p1, name="Posyandu A"), make.posyandu(p1, name="Posyandu B"), make.posyandu(p2, name="C")
    feb = date(2026, 2, 14)
    _birth(make, a, "Ibu Satu", feb, facility_birth=True, skilled_attendant=True, birth_weight_kg=3.2,
           low_birth_weight=False)
    _birth(make, a, "Ibu Dua", date(2026, 2, 1), facility_birth=True, skilled_attendant=True, birth_weight_kg=2.3,
           low_birth_weight=True)
    _birth(make, a, "Ibu Tiga", date(2026, 2, 28), facility_birth=False, skilled_attendant=True)  # not weighed
    _birth(make, a, "Ibu Empat", feb, live_birth=False, facility_birth=False, skilled_attendant=False,
           birth_weight_kg=1.1)  # stillbirth: not in BBLR, not weighed live
    _birth(make, a, "Ibu Lima", feb, facility_birth=True, is_current=False)  # superseded by a correction: not counted
    _birth(make, a, "Ibu Enam", date(2026, 1, 31), facility_birth=True)  # January
    _birth(make, a, "Ibu Tujuh", date(2026, 3, 1), facility_birth=True)  # March
    _birth(make, a, "Ibu Dihapus", feb, gone=NOW)  # a deleted mother's record is no birth
    _birth(make, b, "Ibu Delapan", feb, facility_birth=False, skilled_attendant=False, birth_weight_kg=2.49,
           low_birth_weight=True)
    _birth(make, c, "Ibu Sembilan", feb, live_birth=False, facility_birth=True, skilled_attendant=True)
    return {"puskesmas": puskesmas, "p1": p1, "a": a, "b": b, "c": c}


def test_births_are_counted_per_posyandu_desa_and_total(make):
    world = _month(make)
    got = births.collect([world[k].id for k in "abc"], MONTH)
    assert got[world["a"].id] == {"deliveries": 4, "live_births": 3, "stillbirths": 1, "at_facility": 2,
                                  "not_at_facility": 2, "place_unknown": 0, "by_health_worker": 3,
                                  "not_by_health_worker": 1, "attendant_unknown": 0, "weighed": 2,
                                  "low_birth_weight": 1}
    assert got[world["b"].id]["low_birth_weight"] == 1 and got[world["c"].id]["stillbirths"] == 1
    supervisor = make.user("supervisor", world["puskesmas"])
    report = births.monthly_report(units.resolve(supervisor), MONTH)
    assert report["totals"]["deliveries"] == 6 and report["totals"]["live_births"] == 4
    assert report["totals"]["weighed"] == 3 and report["totals"]["low_birth_weight"] == 2
    assert report["shares"]["low_birth_weight"] == 66.7 and report["shares"]["at_facility"] == 50.0
    desa = {row["facility"].name: row for row in report["rollup"] if row["level"] == "desa"}
    assert desa["Pustu Satu"]["figures"]["deliveries"] == 5 and desa["Pustu Satu"]["shares"]["low_birth_weight"] == 66.7
    assert desa["Pustu Dua"]["figures"]["deliveries"] == 1 and desa["Pustu Dua"]["shares"]["low_birth_weight"] is None


def test_the_births_page_csv_and_xlsx_agree(client, make):
    world = _month(make)
    login(client, make.user("bidan", world["p1"]))
    query = {"month": MONTH.key}
    page = client.get("/reports/births", query_string=query)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Rekap kelahiran" in html and 'data-figure="deliveries">5<' in html
    assert 'data-figure="low_birth_weight">2<' in html and 'data-share="low_birth_weight">66,7' in html
    assert "Posyandu C" not in html and "Ibu Sembilan" not in html  # another desa: out of the bidan's scope

    text = client.get("/reports/births.csv", query_string=query).get_data(as_text=True)
    rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) if row}
    assert rows["Persalinan"][:1] == ["5"] and rows["Lahir hidup"][:1] == ["4"]
    low = rows["BBLR (berat lahir < 2.500 g)"]
    assert low[0] == "2" and low[1] in ("66.7", "66,7")
    assert rows["Di fasilitas kesehatan"][0] == "2" and rows["Ditolong tenaga kesehatan"][0] == "3"

    book = load_workbook(io.BytesIO(client.get("/reports/births.xlsx", query_string=query).data))
    sheet = {row[0]: row[1:] for row in book["Kelahiran"].iter_rows(values_only=True)}
    assert sheet["Lahir mati"][:2] == (1, 20.0) and sheet["Lahir hidup yang ditimbang"][0] == 3
    rollup = list(book.worksheets[1].iter_rows(values_only=True))
    assert any(row[1] == "Posyandu B" and row[-1] == 100.0 for row in rollup)  # 1 BBLR of 1 weighed


def test_the_pws_dashboard_trends_low_birth_weight(client, make):
    world = _month(make)
    supervisor = make.user("supervisor", world["puskesmas"])
    board = pws.dashboard(units.resolve(supervisor), MONTH)
    assert board["overall"]["latest"]["bblr"] == 66.7 and board["overall"]["lights"]["bblr"] == "bad"
    january = board["overall"]["counts"][-2]
    assert january.get("births") == 1 and january.get("births_weighed", 0) == 0  # a birth, not weighed
    login(client, supervisor)
    html = client.get("/reports/pws", query_string={"month": MONTH.key}).get_data(as_text=True)
    assert "BBLR (%)" in html
