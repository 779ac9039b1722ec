"""PWS programme tables on hand-built datasets: dose coverage per month (rolling 12 months of counted doses over the
infants, a booster over the children of 12-23 months), IDL by 12 months per month's cohort, anaemia and TTD among
adolescent girls; the page and the CSV export show them; targets fall back to the shipped ones."""
import json
from datetime import date

import pytest

from posyandu_app.services.assess.youth import assess_youth_screening
from posyandu_app.services.reports import pws, pws_programmes, units
from posyandu_app.services.reports.periods import Month, months_ending
from tests.factories import login

MONTHS = months_ending(Month(2026, 3), 3)  # January to March 2026
IDL = (("hb0", 1, 0), ("bcg", 1, 31), ("opv", 1, 31), ("opv", 2, 62), ("opv", 3, 93), ("opv", 4, 124),
       ("dpt_hb_hib", 1, 62), ("dpt_hb_hib", 2, 93), ("dpt_hb_hib", 3, 124), ("ipv", 1, 124), ("mr", 1, 280))


def _tables(ids):
    return pws_programmes.tables(ids, MONTHS, pws.targets(), pws.light)


def _row(rows, key):
    return next(row for row in rows if row["key"] == key)


@pytest.fixture
def world(make):
    puskesmas = make.puskesmas()
    pustu = make.pustu(puskesmas)
    return {"puskesmas": puskesmas, "a": make.posyandu(pustu, name="Posyandu A"),
            "b": make.posyandu(pustu, name="Posyandu B"), "foreign": make.posyandu(name="Posyandu Jauh")}


def test_dose_coverage_is_counted_doses_of_12_months_over_the_infants_or_the_baduta(make, world):
    a, b = world["a"], world["b"]
    i1 = make.person(a, name="I1", birth_date=date(2026, 1, 10))
    i2 = make.person(a, name="I2", birth_date=date(2025, 6, 1))
    i3 = make.person(b, name="I3", birth_date=date(2025, 10, 1))
    i4 = make.person(b, name="I4", birth_date=date(2025, 12, 1), left_on=date(2026, 3, 5), left_reason="moved")
    b1 = make.person(a, name="B1", birth_date=date(2024, 9, 1))  # 12-23 months in January to March 2026
    make.dose(i1, "hb0", 1, date(2026, 1, 10))
    make.dose(i2, "dpt_hb_hib", 1, date(2025, 8, 10))
    make.dose(i3, "dpt_hb_hib", 1, date(2026, 2, 10))
    make.dose(i4, "dpt_hb_hib", 1, date(2026, 2, 10))  # given here before the family moved: still given here
    make.dose(i1, "dpt_hb_hib", 1, date(2026, 2, 10), counted=False)  # too early: to be repeated, not coverage
    make.dose(i3, "hb0", 1, date(2026, 2, 10), is_current=False)  # superseded
    make.dose(b1, "dpt_hb_hib", 3, date(2025, 2, 15))  # 12 months up to January only
    make.dose(b1, "dpt_hb_hib", 4, date(2026, 3, 10))
    stranger = make.person(world["foreign"], name="Jauh", birth_date=date(2025, 9, 1))
    make.dose(stranger, "dpt_hb_hib", 1, date(2026, 3, 10))
    rows = _tables([a.id, b.id])["immunization"]
    dpt1 = _row(rows, "dose:dpt_hb_hib_1")
    # Infants at each month end: I1-I4 in January and February; I4 left in March.
    assert dpt1["denominators"] == [4, 4, 3] and dpt1["numerators"] == [1, 3, 3]
    assert dpt1["values"] == [25.0, 75.0, 100.0] and dpt1["light"] == "ok"
    assert _row(rows, "dose:hb0_1")["values"] == [25.0, 25.0, 33.3]
    dpt3 = _row(rows, "dose:dpt_hb_hib_3")
    assert dpt3["numerators"] == [1, 0, 0] and dpt3["light"] == "bad"
    dpt4 = _row(rows, "dose:dpt_hb_hib_4")  # a booster: over the children of 12-23 months
    assert dpt4["denominators"] == [1, 1, 1] and dpt4["values"] == [0.0, 0.0, 100.0]
    assert _row(_tables([b.id])["immunization"], "dose:dpt_hb_hib_1")["numerators"] == [0, 2, 2]


def test_idl_by_12_months_per_month_cohort(make, world):
    a, b = world["a"], world["b"]
    # Turning one: Fitri in February (complete), Gani in March (no MR 1), Hana in March (complete, at B).
    fitri = make.person(a, name="Fitri", birth_date=date(2025, 2, 10))
    gani = make.person(a, name="Gani", sex="M", birth_date=date(2025, 3, 5))
    hana = make.person(b, name="Hana", birth_date=date(2025, 3, 20))
    for child in (fitri, gani, hana):
        for antigen, dose, day in IDL:
            if not (child is gani and antigen == "mr"):
                make.dose(child, antigen, dose, date.fromordinal(child.birth_date.toordinal() + day))
    idl = _row(_tables([a.id, b.id])["immunization"], "idl")
    assert idl["denominators"] == [0, 1, 2] and idl["numerators"] == [0, 1, 1]
    assert idl["values"] == [None, 100.0, 50.0] and idl["light"] == "bad"


def test_anaemia_and_ttd_among_the_girls_screened_each_month(make, world):
    a = world["a"]
    g1 = make.person(a, name="Gita", birth_date=date(2011, 6, 1))  # 14
    g2 = make.person(a, name="Gadis", birth_date=date(2015, 6, 1))  # 10: no TTD age
    g3 = make.person(a, name="Galuh", birth_date=date(2009, 6, 1))  # 16
    boy = make.person(a, name="Bagus", sex="M", birth_date=date(2011, 6, 1))
    screened = [make.youth_screening(g1, date(2026, 2, 10), hb_g_dl=10.0, ttd_given=0),
                make.youth_screening(g1, date(2026, 2, 20), hb_g_dl=12.5, ttd_given=4),  # her latest of February
                make.youth_screening(g2, date(2026, 3, 10), hb_g_dl=11.0),
                make.youth_screening(g3, date(2026, 3, 10), hb_g_dl=13.0, ttd_given=0),
                make.youth_screening(boy, date(2026, 3, 10), hb_g_dl=9.0)]
    for visit in screened:
        assess_youth_screening(visit)
    assert screened[2].anaemia and not screened[1].anaemia and not screened[3].anaemia
    rows = _tables([a.id])["youth"]
    anaemia, ttd = _row(rows, "youth_anaemia_girls"), _row(rows, "youth_ttd")
    assert anaemia["numerators"] == [0, 0, 1] and anaemia["denominators"] == [0, 1, 2]
    assert anaemia["values"] == [None, 0.0, 50.0] and anaemia["light"] == "bad"  # 50% > 40%
    assert ttd["numerators"] == [0, 1, 0] and ttd["denominators"] == [0, 1, 1] and ttd["values"] == [None, 100.0, 0.0]


def test_the_dashboard_page_and_csv_show_the_programme_tables(client, make, world):
    child = make.person(world["a"], name="I1", birth_date=date(2025, 12, 1))
    make.dose(child, "dpt_hb_hib", 1, date(2026, 2, 10))
    login(client, make.user("supervisor", world["puskesmas"]))
    page = client.get("/reports/pws?month=2026-03").get_data(as_text=True)
    assert 'data-programme="immunization"' in page and 'data-programme="youth"' in page
    row = page[page.index('data-row="dose:dpt_hb_hib_1"'):page.index('data-row="dose:dpt_hb_hib_2"')]
    assert "DPT-HB-Hib 1" in row and "100,0%" in row and "1 dari 1" in row
    assert "Anemia (remaja putri diperiksa Hb)" in page and "IDL sebelum usia 12 bulan" in page
    text = client.get("/reports/pws.csv?month=2026-03").get_data(as_text=True)
    line = next(line for line in text.splitlines() if ",DPT-HB-Hib 1," in line)
    assert line.endswith(",100.0,1,1,Tercapai") and "PWS program" in text


def test_a_deployment_targets_file_keeps_the_shipped_targets_it_does_not_name(tmp_path):
    path = tmp_path / "targets.json"
    path.write_text(json.dumps({"indicators": {"ds": {"direction": "higher", "good": 50, "warn": 40}}}))
    mine = pws.targets(path)
    assert mine["ds"]["good"] == 50 and mine["idl"] == pws.targets()["idl"]
    assert {"imm_dose", "idl", "youth_anaemia_girls", "youth_ttd"} <= set(pws.targets())
    assert all(entry.get("source") for entry in pws.targets().values())
