"""The 5-18 year recap of the monthly report, on a hand-built month (February 2026): page, CSV and XLSX agree."""
import csv
import io
from datetime import date

from openpyxl import load_workbook

from posyandu_app.extensions import db
from posyandu_app.services.assess.youth import assess_youth_screening
from posyandu_app.services.reports.periods import Month

from ..factories import login

MONTH = Month(2026, 2)


def _screen(make, person, day, **measured):
    visit = make.youth_screening(person, visit_date=day, **measured)
    assess_youth_screening(visit)
    db.session.commit()
    return visit


def _month(make):
    """Expected (girls / boys): screened 3/2, Hb tested 3/1, anaemia 2/0 of which moderate+ 1/0, TTD target 2 girls
    (12-18) of whom 1 given, BP classed 1/1 (13+), hypertension 0/1 stage 2, KEK 1, smoking or vaping 0/1."""
    pustu = make.pustu()
    here, elsewhere = make.posyandu(pustu), make.posyandu()
    girl_13 = make.person(here, name="Ani", sex="F", birth_date=date(2012, 10, 1))
    girl_16 = make.person(here, name="Bela", sex="F", birth_date=date(2009, 5, 5))
    girl_9 = make.person(here, name="Cici", sex="F", birth_date=date(2016, 8, 8))
    boy_14 = make.person(here, name="Dodi", sex="M", birth_date=date(2011, 7, 7))
    boy_8 = make.person(here, name="Eko", sex="M", birth_date=date(2017, 9, 9))
    _screen(make, girl_13, date(2026, 2, 3), hb_g_dl=9.0)  # superseded by her later screening this month
    _screen(make, girl_13, date(2026, 2, 20), hb_g_dl=11.5, ttd_given=1)  # 12-14: mild anaemia, TTD given
    _screen(make, girl_16, date(2026, 2, 10), hb_g_dl=10.0, muac_cm=22.0, systolic=110, diastolic=70)  # moderate, KEK
    _screen(make, girl_9, date(2026, 2, 11), hb_g_dl=12.0)  # 5-11: normal
    _screen(make, boy_14, date(2026, 2, 12), systolic=145, diastolic=95, vaping=True)  # stage 2
    _screen(make, boy_8, date(2026, 2, 13), systolic=120, diastolic=80)  # under 13: not classed
    _screen(make, boy_14, date(2026, 1, 30), hb_g_dl=7.0)  # last month
    _screen(make, make.person(elsewhere, name="Fani", sex="F", birth_date=date(2012, 1, 1)), date(2026, 2, 5),
            hb_g_dl=7.0)  # another pustu's posyandu
    return pustu, here


def _figures(rows):
    return {row[0]: row[1:] for row in rows}


def test_the_monthly_report_has_the_youth_recap_by_sex(client, make):
    pustu, here = _month(make)
    login(client, make.user("bidan", pustu))
    query = {"month": MONTH.key, "unit": f"posyandu:{here.id}"}
    page = client.get("/reports/monthly", query_string=query).get_data(as_text=True)
    assert "Usia sekolah dan remaja (5–18 tahun)" in page

    text = client.get("/reports/monthly.csv", query_string=query).get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    start = next(i for i, row in enumerate(rows) if row and row[0] == "Usia sekolah & remaja")
    got = _figures(rows[start + 1:start + 20])
    # columns: L, P, L+P, % L, % P
    assert got["Diskrining"][:3] == ["2", "3", "5"]
    assert got["Diperiksa Hb"][:3] == ["0", "3", "3"]
    assert got["Anemia (semua derajat)"][:3] == ["0", "2", "2"]
    assert got["Anemia (semua derajat)"][4] in ("66.7", "66,7")
    assert got["Anemia sedang/berat"][:3] == ["0", "1", "1"]
    assert got["Sasaran TTD (putri 12–18 tahun)"][:3] == ["0", "2", "2"]
    assert got["Diberi TTD"][:3] == ["0", "1", "1"] and got["Diberi TTD"][4] in ("50.0", "50,0")
    assert got["Tekanan darah dinilai (≥ 13 tahun)"][:3] == ["1", "1", "2"]
    assert got["Hipertensi (tahap 1–2)"][:3] == ["1", "0", "1"]
    assert got["Hipertensi tahap 2"][:3] == ["1", "0", "1"]
    assert got["KEK (putri ≥ 15 tahun)"][:3] == ["0", "1", "1"]
    assert got["Merokok atau vape"][:3] == ["1", "0", "1"]

    book = load_workbook(io.BytesIO(client.get("/reports/monthly.xlsx", query_string=query).data))
    sheet = _figures([list(row) for row in book["Usia sekolah & remaja"].iter_rows(values_only=True)])
    assert list(sheet["Anemia sedang/berat"][:3]) == [0, 1, 1]


def _section(rows, start):
    """The rows of a CSV section from `start` up to the blank line that ends it."""
    end = next((i for i in range(start, len(rows)) if not rows[i]), len(rows))
    return rows[start + 1:end]


def _weigh(make, person, day, weight, height=None):
    from posyandu_app.services.assessment import assess_growth
    visit = make.growth(person, visit_date=day, weight_kg=weight, length_cm=height, measured="H" if height else None)
    assess_growth(visit)
    db.session.commit()
    return visit


def test_the_youth_recap_by_age_band_with_bmi_for_age_and_stunting(client, make):
    from posyandu_app.models import Person
    from sqlalchemy import select
    pustu, here = _month(make)
    people = {p.name: p for p in db.session.scalars(select(Person))}
    _weigh(make, people["Eko"], date(2026, 2, 14), 19.0, 128.0)  # 8 y, boy: IMT/U gizi buruk
    _weigh(make, people["Bela"], date(2026, 2, 14), 42.0, 143.0)  # 16 y: gizi baik, pendek (stunted)
    _weigh(make, people["Ani"], date(2026, 2, 14), 60.0, 150.0)  # 13 y: gizi lebih
    _weigh(make, people["Cici"], date(2026, 2, 2), 20.0, 132.0)  # 9 y: thin, but her later weighing counts
    _weigh(make, people["Cici"], date(2026, 2, 14), 27.0, 132.0)  # gizi baik
    _weigh(make, people["Dodi"], date(2026, 2, 14), 45.0)  # 14 y, no height: weighed, not classed
    _weigh(make, make.person(here, name="Balita", birth_date=date(2022, 1, 1)), date(2026, 2, 14), 15.0, 100.0)
    login(client, make.user("bidan", pustu))
    query = {"month": MONTH.key, "unit": f"posyandu:{here.id}"}
    text = client.get("/reports/monthly.csv", query_string=query).get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    start = next(i for i, row in enumerate(rows) if row and row[0] == "Usia sekolah & remaja")
    got = _figures(_section(rows, start))
    assert got["Ditimbang (5–18 tahun)"][:3] == ["2", "3", "5"]
    assert got["IMT/U dinilai"][:3] == ["1", "3", "4"]
    assert got["Gizi buruk"][:3] == ["1", "0", "1"] and got["Gizi buruk"][3] in ("100.0", "100,0")
    assert got["Gizi kurang"][:3] == ["0", "0", "0"] and got["Gizi lebih"][:3] == ["0", "1", "1"]
    assert got["Gizi baik"][:3] == ["0", "2", "2"]
    assert got["Pendek (stunting, TB/U < −2 SD)"][:3] == ["0", "1", "1"]
    assert got["Pendek (stunting, TB/U < −2 SD)"][4] in ("33.3", "33,3")
    start = next(i for i, row in enumerate(rows) if row and row[0] == "Remaja per umur")
    header = rows[start + 3]
    assert header[1:] == ["5–9 tahun L", "5–9 tahun P", "10–14 tahun L", "10–14 tahun P", "15–18 tahun L",
                          "15–18 tahun P"]
    bands = _figures(_section(rows, start + 3))
    assert bands["Diskrining"] == ["1", "1", "1", "1", "0", "1"]
    assert bands["Anemia (semua derajat)"] == ["0", "0", "0", "1", "0", "1"]
    assert bands["Gizi buruk"] == ["1", "0", "0", "0", "0", "0"]
    assert bands["Pendek (stunting, TB/U < −2 SD)"] == ["0", "0", "0", "0", "0", "1"]
    page = client.get("/reports/monthly", query_string=query).get_data(as_text=True)
    assert 'data-testid="youth-by-band"' in page and "10–14 tahun" in page and "Gizi lebih" in page
