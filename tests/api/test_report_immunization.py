"""Immunization coverage of a month on a hand-built dataset: doses per antigen dose, counted or not, where given,
and IDL by 12 months for the children who turn one in the month; the page and the CSV/XLSX exports show them."""
from datetime import date

import pytest

from posyandu_app.services.reports import immunization, units
from posyandu_app.services.reports.periods import Month
from tests.factories import login

MONTH = Month(2026, 3)
IDL = (("hb0", 1, 0), ("bcg", 1, 31), ("opv", 1, 31), ("opv", 2, 62), ("opv", 3, 93), ("opv", 4, 124),
       ("dpt_hb_hib", 1, 62), ("dpt_hb_hib", 2, 93), ("dpt_hb_hib", 3, 124), ("ipv", 1, 124), ("mr", 1, 280))


def _days(born, n):
    return date.fromordinal(born.toordinal() + n)


@pytest.fixture
def data(make):
    puskesmas = make.puskesmas()
    pustu = make.pustu(puskesmas)
    a, b = make.posyandu(pustu, name="Posyandu A"), make.posyandu(pustu, name="Posyandu B")
    # Turning one in March 2026: Ani (IDL complete), Budi (MR 1 missing), Citra (MR 1 on her birthday: too late),
    # Dewi (complete, but her DPT-HB-Hib 1 came 10 days before 6 weeks: does not count). Eko turns one in April.
    ani = make.person(a, name="Ani", birth_date=date(2025, 3, 1))
    budi = make.person(a, name="Budi", sex="M", birth_date=date(2025, 3, 31))
    citra = make.person(b, name="Citra", birth_date=date(2025, 3, 15))
    dewi = make.person(b, name="Dewi", birth_date=date(2025, 3, 20))
    eko = make.person(a, name="Eko", sex="M", birth_date=date(2025, 4, 1))
    for child in (ani, citra, dewi, eko):
        for antigen, dose, day in IDL:
            given = date(2026, 3, 15) if child is citra and antigen == "mr" else _days(child.birth_date, day)
            if child is dewi and antigen == "dpt_hb_hib" and dose == 1:
                given = _days(child.birth_date, 32)
            make.dose(child, antigen, dose, given, counted=not (child is dewi and antigen == "dpt_hb_hib" and dose == 1))
    for antigen, dose, day in IDL[:-1]:
        make.dose(budi, antigen, dose, _days(budi.birth_date, day))
    # Doses given in March 2026 (besides Citra's MR 1 at B): a baby at A gets HB0, BCG and polio 1 in March,
    # one from the KIA book (elsewhere); a superseded record does not count.
    baby = make.person(a, name="Bayi", birth_date=date(2026, 2, 27))
    make.dose(baby, "hb0", 1, date(2026, 2, 27))
    make.dose(baby, "bcg", 1, date(2026, 3, 27))
    make.dose(baby, "opv", 1, date(2026, 3, 27), place="elsewhere")
    make.dose(baby, "opv", 1, date(2026, 3, 20), is_current=False)
    return {"puskesmas": puskesmas, "a": a, "b": b}


def test_coverage_per_antigen_and_idl_by_12_months(make, data):
    collected = immunization.collect([data["a"].id, data["b"].id], MONTH)
    a, b = collected[data["a"].id], collected[data["b"].id]
    assert {k: v for k, v in a.items() if v} == {"dose:bcg_1": 1, "dose:opv_1": 1, "doses": 2, "at_posyandu": 1,
                                                   "idl_cohort": 2, "idl_complete": 1}
    # Citra's MR 1 in March counts as a dose; Dewi's early dose was in 2025.
    assert b["dose:mr_1"] == 1 and b["doses"] == 1 and b["idl_cohort"] == 2 and b["idl_complete"] == 0
    report = immunization.monthly_report(units.resolve(make.user("supervisor", data["puskesmas"])), MONTH)
    assert report["totals"]["idl_cohort"] == 4 and report["totals"]["idl_complete"] == 1 and report["idl_pct"] == 25.0
    assert report["doses"][0] == "hb0_1"


def test_the_report_page_and_exports(client, make, data):
    login(client, make.user("supervisor", data["puskesmas"]))
    page = client.get("/reports/immunization?month=2026-03").get_data(as_text=True)
    assert 'data-figure="idl_pct">25,0' in page and 'data-figure="dose:mr_1">1<' in page
    assert "Posyandu A" in page and "Imunisasi Dasar Lengkap" in page
    csv = client.get("/reports/immunization.csv?month=2026-03")
    assert csv.status_code == 200 and "attachment" in csv.headers["Content-Disposition"]
    text = csv.get_data(as_text=True)
    assert "Campak-Rubela (MR) 1" in text and "IDL (%)" in text
    xlsx = client.get("/reports/immunization.xlsx?month=2026-03")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


def test_the_monthly_report_carries_the_immunization_recap(client, make, data):
    from openpyxl import load_workbook
    import io
    login(client, make.user("supervisor", data["puskesmas"]))
    page = client.get("/reports/monthly?month=2026-03").get_data(as_text=True)
    card = page[page.index('data-testid="immunization-recap"'):]
    assert 'data-figure="idl_pct">25,0' in card and "/reports/immunization?month=2026-03" in card
    book = load_workbook(io.BytesIO(client.get("/reports/monthly.xlsx?month=2026-03").data))
    rows = {row[0]: row[1] for row in book["Imunisasi"].iter_rows(values_only=True) if row and row[0]}
    assert rows["Campak-Rubela (MR) 1"] == 1 and rows["IDL (%)"] == 25.0
    text = client.get("/reports/monthly.csv?month=2026-03").get_data(as_text=True)
    assert "Campak-Rubela (MR) 1,1" in text
