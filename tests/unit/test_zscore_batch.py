"""Batch z-score CSV: computed rows, per-row errors with line numbers, kept columns, separators, header errors."""
import csv
import io

import pytest

from posyandu_app.domain.errors import DomainValidationError
from posyandu_app.domain.growth import zscores
from posyandu_app.services.zscore_batch import OUTPUT_COLUMNS, process_csv

ROWS = """id,nama,sex,age_days,birth_date,visit_date,weight_kg,length_cm,measured,head_cm,muac_cm,oedema
1,Ani,F,1522,,,17,,,,,
2,Budi,L,987,,,,72.86,L,,,n
3,Citra,P,,2023-02-15,2024-02-19,9.0,75.0,L,45,14.5,
4,Dedi,M,0,,,0,50,L,,,
5,Eka,X,100,,,6,,,,,
6,Fajar,M,,,,7,,,,,

7,Gita,F,,2024-06-11,2024-06-10,7,,,,,
8,Hadi,M,200,,,abc,,,,,
9,"Indah
(kembar)",F,1,,,10.37,,,,,
10,Joko,M,100,,,7,60,L,,,maybe
11,Kiki,M,100,,,7,60,L,,,y,extra
12,Lia,F,400,,,9.5,76,H,45,13.1,tidak
"""


def run(text, **kwargs):
    out = io.StringIO()
    report = process_csv(io.StringIO(text), out, today="2024-06-30", **kwargs)
    return report, list(csv.DictReader(io.StringIO(out.getvalue()), delimiter=kwargs.get("delimiter", ",")))


def test_good_rows_get_z_flags_and_categories():
    report, rows = run(ROWS)
    assert report["rows"] == 12 and report["ok"] == 5
    ani, budi, citra = rows[0], rows[1], rows[2]
    assert (ani["waz"], ani["fwaz"], ani["cat_waz"]) == ("0.24", "0", "Berat badan normal")
    assert (budi["haz"], budi["fhaz"], budi["cat_haz"]) == ("-6.09", "1", "")  # flagged: no category
    expected = zscores("F", 369, weight_kg=9.0, length_cm=75.0, measured="L", head_cm=45, muac_cm=14.5)["z"]
    assert {k: float(citra[k]) for k in expected} == expected
    assert citra["cat_muac"] == "Normal (LiLA >= 12,5 cm)" and citra["error"] == ""
    assert rows[-1]["oedema"] == "tidak" and rows[-1]["waz"] != ""


def test_other_columns_are_kept_and_output_columns_added():
    _, rows = run(ROWS)
    assert list(rows[0])[:12] == ["id", "nama", "sex", "age_days", "birth_date", "visit_date", "weight_kg",
                                  "length_cm", "measured", "head_cm", "muac_cm", "oedema"]
    assert list(rows[0])[12:] == OUTPUT_COLUMNS
    assert rows[8]["nama"] == "Indah\n(kembar)"


def test_bad_rows_are_reported_with_line_numbers_without_stopping():
    report, rows = run(ROWS)
    lines = {e["line"]: e["reason"] for e in report["errors"]}
    assert set(lines) == {5, 6, 7, 9, 10, 13, 14}  # physical lines: blank line 8 skipped, row 9 spans 11-12
    assert lines[5].startswith("weight_kg: Berat badan harus lebih dari 0")
    assert lines[6].startswith("sex: ")
    assert lines[7].startswith("age_days: Isi umur")
    assert lines[9].startswith("birth_date: Tanggal lahir sesudah")
    assert lines[10] == "weight_kg: Harus berupa angka"
    assert lines[13].startswith("oedema: ")
    assert lines[14].startswith("row: 1 sel lebih")
    assert [r["id"] for r in rows if r["error"]] == ["4", "5", "6", "7", "8", "10", "11"]
    assert all(r["waz"] == "" for r in rows if r["error"])


def test_row_with_multiline_cell_keeps_its_own_line_number():
    report, rows = run(ROWS)
    assert rows[8]["fwaz"] == "1"  # girl 1 day, 10.37 kg: WHO flag
    assert not {11, 12} & {e["line"] for e in report["errors"]}


def test_semicolon_file_with_decimal_commas_and_english_labels():
    text = "sex;age_days;weight_kg;length_cm;measured\nF;1522;17,0;;\nM;400;9,5;76,5;L\n"
    out = io.StringIO()
    report = process_csv(io.StringIO(text), out, lang="en")
    rows = list(csv.DictReader(io.StringIO(out.getvalue()), delimiter=";"))
    assert report == {"rows": 2, "ok": 2, "errors": []}
    assert rows[0]["waz"] == "0.24" and rows[0]["cat_waz"] == "Normal weight"
    assert rows[1]["whz"] == f"{zscores('M', 400, weight_kg=9.5, length_cm=76.5, measured='L')['z']['whz']:.2f}"


def test_paths_and_bom(tmp_path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_bytes("\ufeffSex,Age_Days,Weight_kg\nf,1522,17\n".encode("utf-8"))
    assert process_csv(source, target)["ok"] == 1
    assert target.read_text(encoding="utf-8").splitlines()[1].startswith("f,1522,17,0.24,")


def test_missing_required_columns_raise():
    with pytest.raises(DomainValidationError) as info:
        process_csv(io.StringIO("sex,weight_kg\nM,7\n"), io.StringIO())
    assert "age_days" in info.value.field_errors["columns"]["en"]


def test_school_age_rows_get_who_2007_z_flags_and_pmk_categories():
    """From 1,827 days the batch fills waz/haz/baz from the WHO 2007 reference (anthroplus test-zscores.R: a girl of
    60.32 months, 113.8 cm, 18.7 kg -> WAZ 0.21, HAZ 0.96, BAZ -0.58), WAZ only to 120 months, nothing past 228."""
    text = ("id,sex,age_days,weight_kg,length_cm,measured,oedema\n"
            f"1,F,{60.32 * 30.4375},18.7,113.8,H,n\n"
            "2,M,1827,19.2,111.0,,n\n"
            "3,L,4400,28,150,H,n\n"
            "4,P,5000,62,141,H,n\n"
            "5,M,3000,25,125,H,y\n"
            "6,F,6940,55,160,H,n\n")
    report, rows = run(text)
    assert report["ok"] == 6 and not report["errors"]
    girl, boy, thin, obese, oedema, adult = rows
    assert (girl["waz"], girl["haz"], girl["baz"], girl["fwaz"], girl["fhaz"], girl["fbaz"]) == \
        ("0.21", "0.96", "-0.58", "0", "0", "0")
    assert boy["waz"] and boy["haz"] and boy["baz"] and boy["whz"] == ""  # the first day past 60 months: scored
    assert (thin["waz"], thin["cat_baz"], thin["cat_haz"]) == ("", "Gizi buruk", "Normal")  # 12 y: no WAZ
    assert (obese["cat_baz"], obese["cat_haz"]) == ("Obesitas", "Pendek")
    assert (oedema["waz"], oedema["baz"], oedema["fbaz"]) == ("", "", "") and oedema["haz"] != ""
    assert all(adult[k] == "" for k in ("waz", "haz", "baz", "fwaz", "fhaz", "fbaz", "cat_baz"))
