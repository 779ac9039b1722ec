"""Exports: every report downloads as CSV and as XLSX that a spreadsheet opens with the recap's headers."""
import csv
import io

import pytest
from openpyxl import load_workbook

from ..factories import login
from ..report_data import MONTH, build

REPORTS = ("monthly", "pregnancy", "screening", "pws", "late")


@pytest.fixture
def supervisor(client, make):
    data = build(make)
    login(client, make.user("supervisor", data["puskesmas"]))
    return data


def _download(client, name, kind, **params):
    response = client.get(f"/reports/{name}.{kind}", query_string={"month": MONTH.key, **params})
    assert response.status_code == 200, response.status_code
    return response


def _xlsx(client, name, **params):
    response = _download(client, name, "xlsx", **params)
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.data))


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_monthly_xlsx_has_the_f2_headers_and_figures(client, supervisor):
    book = _xlsx(client, "monthly", unit=f"posyandu:{supervisor['a'].id}")
    assert book.sheetnames == ["SKDN F2", "Status gizi", "Vitamin A", "Per posyandu", "Anak BGM-2T", "Keluar dari register",
                               "Nama yang keluar", "Usia sekolah & remaja", "Remaja per umur", "Imunisasi"]
    follow = _rows(book["Anak BGM-2T"])
    assert follow[3][:7] == ["Nama", "Nama ibu", "Posyandu", "Umur (bln)", "KMS", "BGM", "2T"]
    assert follow[4][:7] == ["Anak Tiga", "Rina Wati", "Posyandu A", 25, "T", "BGM", "2T"]
    assert follow[4][7] == "Berat badan sangat kurang"  # label from growth_rules.json
    rows = _rows(book["SKDN F2"])
    assert rows[0][0] == "SKDN F2" and rows[1][0] == "Wilayah: Posyandu A" and rows[2][0] == "Bulan: 2026-02"
    header = rows[3]
    assert header[:11] == ["Umur", "Jenis kelamin", "S", "K", "D", "N", "T", "2T", "O", "B", "BGM"]
    assert header[11:] == ["K/S (%)", "D/S (%)", "D/K (%)", "N/D (%)", "N/D' (%)", "N/S (%)"]
    total = next(row for row in rows if row[0] == "Semua umur (0–59 bln)" and row[1] == "L+P")
    assert total[2:11] == [7, 5, 5, 1, 1, 1, 1, 1, 1] and total[12] == 71.4
    assert book["SKDN F2"].freeze_panes == "A5"


def test_nutrition_and_vitamin_a_sheets(client, supervisor):
    book = _xlsx(client, "monthly", unit=f"posyandu:{supervisor['a'].id}")
    nutrition = _rows(book["Status gizi"])
    assert nutrition[3] == ["Indeks", "Kategori", "L", "P", "L+P", "%"]
    stunting = next(row for row in nutrition if row[1] == "Stunting")
    assert stunting[4:] == [2, 50.0]
    vitamin = _rows(book["Vitamin A"])
    assert vitamin[3] == ["Kapsul", "L", "P", "Diberi", "Sasaran", "%"]
    assert vitamin[4] == ["Biru (6–11 bln)", 0, 1, 1, 1, 100.0]


def test_rollup_sheet_has_a_row_per_posyandu_and_desa(client, supervisor):
    rows = _rows(_xlsx(client, "monthly")["Per posyandu"])
    names = [row[1] for row in rows[4:]]
    assert names == ["Posyandu C", "Pustu Dua", "Posyandu A", "Posyandu B", "Pustu Satu"]  # desa by name
    assert rows[6][2:5] == [7, 5, 5] and rows[8][:5] == ["Desa (pustu)", "Pustu Satu", 8, 6, 6]


def test_every_report_exports_as_csv_and_xlsx(client, supervisor):
    for name in REPORTS:
        csv_response = _download(client, name, "csv")
        assert csv_response.headers["Content-Type"].startswith("text/csv")
        assert f"{name}_" in csv_response.headers["Content-Disposition"]
        text = csv_response.data.decode("utf-8-sig")
        assert len(list(csv.reader(io.StringIO(text)))) > 3
        book = _xlsx(client, name)
        assert all(sheet.max_row > 3 for sheet in book.worksheets)


def test_csv_matches_the_recap(client, supervisor):
    text = _download(client, "pregnancy", "csv", unit=f"posyandu:{supervisor['a'].id}").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[3]
    assert header[:4] == ["Tingkat", "Posyandu / desa", "Ibu hamil", "Dikunjungi bulan ini"]
    posyandu = rows[4]
    assert posyandu[1] == "Posyandu A" and posyandu[2:10] == ["3", "2", "3", "2", "2", "1", "1", "0"]


def test_pws_export_has_twelve_month_columns(client, supervisor):
    rows = _rows(_xlsx(client, "pws")["PWS 12 bulan"])
    assert rows[3][3] == "2025-03" and rows[3][14] == "2026-02" and rows[3][15] == "Status"
    overall_ds = rows[4]
    assert overall_ds[2] == "D/S (partisipasi)" and overall_ds[14] == round(100 * 6 / 9, 1)


def test_unknown_export_and_bad_month_are_refused(client, supervisor):
    assert client.get("/reports/monthly.pdf").status_code == 404
    assert client.get("/reports/secret.csv").status_code == 404
    assert client.get("/reports/monthly.csv?month=2026-99").status_code == 400
