"""A phone shared by two kader: the next account never sees the previous posyandu, and never takes unsent work."""
import threading
from datetime import date, timedelta

import pytest

from posyandu_app.extensions import db

from tests.factories import PASSWORD

from .helpers import first_page, login, open_app, stored_count

INJECT_REJECTED_OP = """async () => {
    const db = await new Promise((ok, ko) => {
        const r = indexedDB.open('posyandu-ilp');
        r.onsuccess = () => ok(r.result);
        r.onerror = ko;
    });
    await new Promise((ok, ko) => {
        const t = db.transaction('outbox', 'readwrite');
        t.objectStore('outbox').put({op_id: crypto.randomUUID(), entity: 'person', id: crypto.randomUUID(),
            seq: Date.now() * 1000, state: 'rejected', data: {name: 'Belum Terkirim'}, errors: {}});
        t.oncomplete = ok;
        t.onerror = ko;
    });
    db.close();
}"""


@pytest.fixture
def two_posyandu(make):
    today = date.today()
    mawar, melati = make.posyandu(name="Posyandu Mawar"), make.posyandu(name="Posyandu Melati")
    make.user("kader", mawar, username="kader_mawar", full_name="Kader Mawar")
    make.user("kader", melati, username="kader_melati", full_name="Kader Melati")
    make.person(mawar, name="Anak Mawar", birth_date=today - timedelta(days=300))
    make.person(melati, name="Anak Melati", birth_date=today - timedelta(days=300))
    db.session.remove()


def log_out(page):
    page.locator("#tabs a[data-tab=settings]").click()
    page.get_by_role("button", name="Keluar", exact=True).click()
    page.wait_for_selector("#screen[data-screen=login]")


def test_next_kader_sees_only_her_own_posyandu(live_server, two_posyandu, phone):
    page = first_page(phone())
    login(page, live_server, "kader_mawar")
    page.get_by_role("link", name="Anak Mawar").wait_for()
    log_out(page)
    login(page, live_server, "kader_melati")
    page.get_by_role("link", name="Anak Melati").wait_for()
    assert page.get_by_role("link", name="Anak Mawar").count() == 0
    assert stored_count(page, "roster") == 1


def test_unsent_records_keep_the_phone_for_their_author(live_server, two_posyandu, phone):
    page = first_page(phone())
    login(page, live_server, "kader_mawar")
    page.evaluate(INJECT_REJECTED_OP)  # a record the bidan's rules refused, waiting for the kader to fix it
    page.locator("#tabs a[data-tab=settings]").click()
    page.get_by_role("button", name="Keluar", exact=True).click()
    question = page.get_by_role("alertdialog")
    assert "Masih ada 1 catatan belum terkirim" in question.inner_text()
    question.get_by_role("button", name="Batal").click()  # she changes her mind: still signed in, nothing ended
    assert question.is_hidden() and page.locator("#screen[data-screen=settings]").is_visible()
    assert page.evaluate("() => fetch('/api/v1/auth/session').then(r => r.status)") == 200
    page.get_by_role("button", name="Keluar", exact=True).click()
    question.get_by_role("button", name="Tetap keluar").click()
    page.wait_for_selector("#screen[data-screen=login]")
    open_app(page, live_server, "login")
    page.get_by_label("Nama pengguna").fill("kader_melati")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "1 catatan milik Kader Mawar" in alert.inner_text()
    assert stored_count(page, "outbox") == 1
    assert stored_count(page, "roster") == 1  # Mawar's roster is still there for Mawar, not shown to Melati
    status = page.evaluate("() => fetch('/api/v1/auth/session').then(r => r.status)")
    assert status == 401  # the refused account's server session was ended


def test_a_stalled_logout_still_signs_the_phone_out(app, live_server, two_posyandu, phone):
    """A signal that hangs mid-request (no answer, no error) must not keep the kader on the settings screen."""
    reached, release = threading.Event(), threading.Event()
    serve = app.wsgi_app

    def stall_logout(environ, start_response):  # in front of the app: no request, session or database is touched
        if environ["PATH_INFO"] == "/api/v1/auth/logout":
            reached.set()
            release.wait(60)
        return serve(environ, start_response)

    app.wsgi_app = stall_logout
    try:
        page = first_page(phone())
        login(page, live_server, "kader_mawar")
        log_out(page)
        assert reached.is_set()  # the phone did try to end its server session first
        login(page, live_server, "kader_melati")
        page.get_by_role("link", name="Anak Melati").wait_for()
        assert page.get_by_role("link", name="Anak Mawar").count() == 0
    finally:
        release.set()
