"""A district rolls out a puskesmas from the browser alone: from an empty database with one admin to two pustu,
three posyandu, a bidan, two kader and a register of 300 persons (bad and repeated rows reported, not imported);
a kader then logs in on a 360 px phone and holds exactly her posyandu's persons, offline; deactivating her ends
that session at once."""
from datetime import date, timedelta

import pytest

from posyandu_app.extensions import db
from posyandu_app.models import Person, User
from tests.factories import PASSWORD

from .helpers import READ_STORE, first_page, login, wait_for_worker

LAPTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "id-ID"}
POSYANDU = {"POS-A1": 150, "POS-A2": 100, "POS-B1": 47}  # good rows per posyandu code
NEW_PASSWORD = "Melati-2026-kuat"


def _submit(page, fields: dict, button="Simpan"):
    for selector, value in fields.items():
        page.fill(selector, value)
    page.click(f"button:has-text('{button}')")
    page.wait_for_selector(".flash-success")


def _pustu_link(page, pustu_name, text):
    page.locator("ul.facility-list > li", has=page.locator("h3", has_text=pustu_name)).get_by_role(
        "link", name=text).click()


def _set_up_facilities(page, base):
    page.goto(f"{base}/admin/facilities")
    page.click("text=Tambah puskesmas")
    _submit(page, {"#code": "PKM-SKS", "#name": "Puskesmas Sukasari", "#kecamatan": "Sukasari"})
    for code, name in (("PST-A", "Pustu Cempaka"), ("PST-B", "Pustu Dahlia")):
        page.click("text=+ Tambah pustu")
        _submit(page, {"#code": code, "#name": name})
    for pustu, region, desa in (("Pustu Cempaka", "32.01.01.2001", "Cempaka"),
                                ("Pustu Dahlia", "32.01.01.2002", "Dahlia")):
        _pustu_link(page, pustu, "+ Tambah desa/kelurahan")
        _submit(page, {"#region_code": region, "#name": desa})
    for pustu, desa, code, name in (("Pustu Cempaka", "Cempaka · 32.01.01.2001", "POS-A1", "Posyandu Melati"),
                                    ("Pustu Cempaka", "Cempaka · 32.01.01.2001", "POS-A2", "Posyandu Mawar"),
                                    ("Pustu Dahlia", "Dahlia · 32.01.01.2002", "POS-B1", "Posyandu Anggrek")):
        _pustu_link(page, pustu, "+ Tambah posyandu")
        page.select_option("#desa", label=desa)
        _submit(page, {"#code": code, "#name": name})


def _create_account(page, base, username, full_name, role, facility_label) -> str:
    page.goto(f"{base}/admin/users/new")
    page.fill("#username", username)
    page.fill("#full_name", full_name)
    page.select_option("#role", role)
    page.select_option("#facility", label=facility_label)
    page.click("button:has-text('Buat akun')")
    return page.locator(".slip-password").inner_text()


def _roster_csv() -> bytes:
    lines = ["nama,jenis_kelamin,tanggal_lahir,nik,nama_ibu,alamat,rt,rw,dusun,telepon,posyandu"]
    first = date(2021, 1, 1)
    for code, count in POSYANDU.items():
        for n in range(count):
            born = first + timedelta(days=7 * n + len(code) * 3)
            lines.append(f"Anak {code[-2:]} {n},{'LP'[n % 2]},{born:%d/%m/%Y},,Ibu {code[-2:]} {n},Jl. Kenanga {n},"
                         f"001,002,Dusun {n % 4 + 1},,{code}")
    lines += [
        "Salah Kelamin,X,01/02/2024,,Ibu Satu,,,,,,POS-A1",      # invalid sex
        "Tanggal Aneh,P,31/02/2024,,Ibu Dua,,,,,,POS-A1",        # no such day
        "Posyandu Asing,L,01/02/2024,,Ibu Tiga,,,,,,POS-ZZ",      # unknown posyandu
        lines[4].upper().replace("POS-", "pos-"),                 # a row above again, typed in capitals
        lines[-1].replace("Anak", "anak "),                       # the last good row again, spaced differently
    ]
    assert len(lines) - 1 == 302
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.browser_context_args(**LAPTOP)
def test_a_district_rolls_out_a_puskesmas_and_a_kader_works_offline(page, live_server, make, phone):
    base = live_server.url
    make.user("admin", username="dinkes", full_name="Admin Dinkes")
    db.session.commit()
    db.session.remove()
    page.goto(f"{base}/login")
    page.fill("#username", "dinkes")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    _set_up_facilities(page, base)

    _create_account(page, base, "bidan.cempaka", "Bidan Cempaka", "bidan", "Pustu Cempaka · PST-A (pustu)")
    password = _create_account(page, base, "kader.melati", "Kader Melati", "kader",
                               "Posyandu Melati · POS-A1 (posyandu)")
    _create_account(page, base, "kader.anggrek", "Kader Anggrek", "kader", "Posyandu Anggrek · POS-B1 (posyandu)")

    page.goto(f"{base}/admin/roster")
    page.set_input_files("#file", files=[{"name": "sasaran.csv", "mimeType": "text/csv", "buffer": _roster_csv()}])
    page.click("button:has-text('Periksa berkas')")
    content = page.locator("main").inner_text()
    assert "297 baru" in content and "3 tidak valid" in content and "2 kemungkinan ganda" in content
    for reason in ("Jenis kelamin harus L atau P.", "Tanggal itu tidak ada di kalender",
                   'Posyandu dengan kode "POS-ZZ" tidak ada di wilayah Anda.'):
        assert reason in content, reason
    page.click("button:has-text('Impor 297 sasaran baru')")
    assert "297 sasaran diimpor" in page.content()
    assert db.session.query(Person).count() == 297

    # The kader's first login asks for her own password; then the field app holds her posyandu, offline.
    context = phone()
    field = first_page(context)
    field.goto(f"{base}/login")
    field.fill("#username", "kader.melati")
    field.fill("#password", password)
    field.click("button[type=submit]")
    field.wait_for_url("**/password**")
    field.fill("#current_password", password)
    field.fill("#new_password", NEW_PASSWORD)
    field.fill("#confirm_password", NEW_PASSWORD)
    field.click("form:has(#new_password) button[type=submit]")
    field.wait_for_url(lambda url: "/password" not in url)
    login(field, live_server, "kader.melati", NEW_PASSWORD)
    wait_for_worker(field)
    context.set_offline(True)
    field.reload()
    field.wait_for_selector("#screen[data-screen=roster]")
    assert field.locator("#roster-count").inner_text() == f"{POSYANDU['POS-A1']} dari {POSYANDU['POS-A1']} orang"
    held = field.evaluate(READ_STORE, ["roster", "getAll"])
    melati = db.session.query(User).filter_by(username="kader.melati").one().facility_id
    assert len(held) == POSYANDU["POS-A1"] and {person["posyandu_id"] for person in held} == {melati}
    assert field.evaluate("document.documentElement.scrollWidth") <= 360
    context.set_offline(False)

    # Deactivating her ends that session at once: the next request of the phone is refused.
    page.goto(f"{base}/admin/users?q=melati")
    page.click("button:has-text('Nonaktifkan')")
    page.wait_for_selector(".flash-success")
    assert field.evaluate("fetch('/api/v1/auth/session', {credentials: 'same-origin'}).then(r => r.status)") == 401
