"""The set-up pages in a real browser on a 360 px phone: from one district admin on an empty database to a
puskesmas with a pustu, a desa and a posyandu, a kader account with its login slip and an imported roster; the
kader's first login asks for a new password; deactivating her ends her session at once."""
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from posyandu_app.extensions import db
from posyandu_app.models import Person, User
from tests.factories import PASSWORD

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2,
         "locale": "id-ID"}


@pytest.fixture
def site(app, make):
    admin = make.user("admin", username="dinkes", full_name="Admin Dinkes")
    db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", admin
    server.shutdown()
    thread.join()


def _login(page, base, username, password):
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")


def _shot(page, tmp_path, name):
    # SCREENSHOTS=1 refreshes docs/screenshots; otherwise the pictures stay out of the work tree.
    folder = Path("docs/screenshots") if os.environ.get("SCREENSHOTS") == "1" else tmp_path
    page.screenshot(path=str(folder / name), full_page=True)


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]


def _submit(page, fields: dict, button="Simpan"):
    for selector, value in fields.items():
        page.fill(selector, value)
    page.click(f"button:has-text('{button}')")


@pytest.mark.browser_context_args(**PHONE)
def test_a_district_admin_sets_up_a_puskesmas_on_a_phone(page, site, browser, tmp_path):
    base, admin = site
    _login(page, base, "dinkes", PASSWORD)
    page.goto(f"{base}/admin/facilities")
    page.click("text=Tambah puskesmas")
    _submit(page, {"#code": "PKM-SKS", "#name": "Puskesmas Sukasari", "#kecamatan": "Sukasari"})
    page.click("text=+ Tambah pustu")
    _submit(page, {"#code": "PST-SKS", "#name": "Pustu Sukasari"})
    page.click("text=+ Tambah desa/kelurahan")
    _submit(page, {"#region_code": "32.01.01.2001", "#name": "Sukasari"})
    page.click("text=+ Tambah posyandu")
    page.select_option("#desa", label="Sukasari · 32.01.01.2001")
    _submit(page, {"#code": "POS-MLT", "#name": "Posyandu Melati"})
    assert page.locator(".flash-success").is_visible() and _fits(page)
    _shot(page, tmp_path, "40-admin-facilities.png")

    page.goto(f"{base}/admin/users/new")
    page.fill("#username", "kader.sri")
    page.fill("#full_name", "Sri Lestari")
    page.select_option("#role", "kader")
    page.select_option("#facility", label="Posyandu Melati · POS-MLT (posyandu)")
    page.click("button:has-text('Buat akun')")
    password = page.locator(".slip-password").inner_text()
    assert _fits(page)
    _shot(page, tmp_path, "41-admin-login-slip.png")

    page.goto(f"{base}/admin/roster")
    page.set_input_files("#file", files=[{"name": "sasaran.csv", "mimeType": "text/csv", "buffer": (
        "nama,jenis_kelamin,tanggal_lahir,nama_ibu,posyandu\nAni,P,01/02/2024,Rina,POS-MLT\n"
        "Budi,L,03/04/2023,Sari,POS-MLT\nCitra,X,05/06/2024,,POS-MLT\nAni,P,01/02/2024,Rina,POS-MLT\n").encode()}])
    page.click("button:has-text('Periksa berkas')")
    assert "Jenis kelamin harus L atau P." in page.content() and "Mirip dengan #2" in page.content()
    assert _fits(page)
    _shot(page, tmp_path, "42-admin-roster-check.png")
    page.click("button:has-text('Impor 2 sasaran baru')")
    assert "2 sasaran diimpor" in page.content()
    assert sorted(p.name for p in db.session.query(Person)) == ["Ani", "Budi"]
    for path in ("/admin/users", "/admin/audit"):
        page.goto(base + path)
        assert page.locator("h1").first.is_visible() and _fits(page), path
    _shot(page, tmp_path, "43-admin-audit.png")

    # The kader's first login asks for a new password; deactivating her ends that session at once.
    phone = browser.new_context(**PHONE).new_page()
    _login(phone, base, "kader.sri", password)
    phone.wait_for_url("**/password**")
    page.goto(f"{base}/admin/users?q=sri")
    page.click("button:has-text('Nonaktifkan')")
    assert page.locator(".flash-success").is_visible()
    phone.goto(f"{base}/")
    phone.wait_for_url("**/login**")
    db.session.expire_all()
    assert not db.session.query(User).filter_by(username="kader.sri").one().active
