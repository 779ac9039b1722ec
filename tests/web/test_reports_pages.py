"""Report pages: who may see which unit, what the pages show, and how bad filters are answered."""
import pytest

from ..factories import login
from ..report_data import MONTH, build


@pytest.fixture
def data(make):
    return build(make)


def _get(client, path, **params):
    return client.get(path, query_string={"month": MONTH.key, **params})


def test_bidan_sees_f2_figures_for_a_posyandu(client, make, data):
    login(client, make.user("bidan", data["p1"]))
    response = _get(client, "/reports/monthly", unit=f"posyandu:{data['a'].id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Laporan bulanan (SKDN/F2)" in html and "Posyandu A" in html and "Februari 2026" in html
    assert "71,4%" in html and "71.4%" not in html  # K/S and D/S of posyandu A, with the Indonesian decimal comma
    assert "Posyandu C" not in html  # another pustu's posyandu is not even offered
    # Age bands, capsules and departure groups are named with the ages of growth_rules.json (catalog placeholders).
    for text in ("0–5 bln", "36–59 bln", "Semua umur (0–59 bln)", "Biru (6–11 bln)", "Merah (12–59 bln)",
                 "Bayi (0–11 bulan)", "Anak balita (12–59 bulan)", "Umur 5 tahun ke atas"):
        assert text in html, text


def test_supervisor_rollup_lists_every_posyandu_and_desa(client, make, data):
    login(client, make.user("supervisor", data["puskesmas"]))
    html = _get(client, "/reports/monthly").get_data(as_text=True)
    for name in ("Posyandu A", "Posyandu B", "Posyandu C", "Pustu Satu", "Pustu Dua"):
        assert name in html


def test_posyandu_or_pustu_outside_scope_is_not_found(client, make, data):
    login(client, make.user("bidan", data["p1"]))
    for path in ("/reports/monthly", "/reports/pws", "/reports/monthly.csv"):
        assert _get(client, path, unit=f"posyandu:{data['c'].id}").status_code == 404
    assert _get(client, "/reports/pregnancy", unit=f"pustu:{data['p2'].id}").status_code == 404


def test_kader_and_anonymous_cannot_open_reports(client, make, data):
    assert _get(client, "/reports/monthly").status_code == 302
    login(client, make.user("kader", data["a"]))
    assert _get(client, "/reports/monthly").status_code == 403
    assert _get(client, "/reports/monthly.xlsx").status_code == 403


def test_bad_month_is_explained_and_the_page_still_renders(client, make, data):
    login(client, make.user("supervisor", data["puskesmas"]))
    response = client.get("/reports/monthly?month=2026-13&unit=nonsense")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Bulan tidak valid" in html and "Wilayah tidak dikenal" in html


def test_pregnancy_and_screening_pages_show_the_recap(client, make, data):
    login(client, make.user("bidan", data["p1"]))
    html = _get(client, "/reports/pregnancy", unit=f"posyandu:{data['a'].id}").get_data(as_text=True)
    assert "Rekap ibu hamil" in html and "K6" in html
    html = _get(client, "/reports/screening", unit=f"posyandu:{data['a'].id}").get_data(as_text=True)
    assert "Usia produktif" in html and "PUMA ≥ 6" in html
    # The ages come from the rule data through the catalog's placeholders (adult_rules / elderly_rules).
    assert "Usia produktif = 15–59 tahun, lansia = 60 tahun ke atas" in html


def test_pws_dashboard_draws_escaped_svg_charts(client, make, data):
    data["b"].name = "Posyandu <b>Bold</b>"
    from posyandu_app.extensions import db
    db.session.commit()
    login(client, make.user("supervisor", data["puskesmas"]))
    html = _get(client, "/reports/pws").get_data(as_text=True)
    assert html.count('<svg class="chart"') == 7 and '<svg class="spark"' in html
    assert "<b>Bold</b>" not in html and "Posyandu &lt;b&gt;Bold&lt;/b&gt;" in html
    assert "light-warn" in html or "light-bad" in html


def test_late_uploads_page_names_the_silent_posyandu(client, make, data):
    login(client, make.user("supervisor", data["puskesmas"]))
    html = _get(client, "/reports/late").get_data(as_text=True)
    assert "1 dari 3 posyandu belum mengirim data bulan ini" in html


def test_english_pages(client, make, data):
    login(client, make.user("supervisor", data["puskesmas"]))
    client.set_cookie("lang", "en")
    html = _get(client, "/reports/pws").get_data(as_text=True)
    assert "PWS dashboard" in html and "February 2026" in html


def test_reports_are_in_the_navigation_of_bidan_only(client, make, data):
    login(client, make.user("bidan", data["p1"]))
    assert "/reports" in client.get("/").get_data(as_text=True)
    client.post("/logout")
    kader = make.user("kader", data["a"])
    login(client, kader)
    assert 'href="/reports"' not in client.get("/").get_data(as_text=True)


def test_admin_sees_every_posyandu(client, make, data):
    login(client, make.user("admin"))
    response = _get(client, "/reports/pws")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Semua puskesmas" in html
    assert "Posyandu A" in html and "Posyandu C" in html
