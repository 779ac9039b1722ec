"""Steps a kader takes in the field app, and waits on what the server stored."""
import re
import time

from posyandu_app.extensions import db
from tests.factories import PASSWORD


def first_page(context):
    return context.pages[0] if context.pages else context.new_page()


def open_app(page, server, path=""):
    page.goto(f"{server.url}/app#/{path}")
    page.wait_for_selector("#screen[data-screen]")


def login(page, server, username, password=PASSWORD, synced=True):
    """Log in; with `synced`, also wait until the first sync has put the posyandu's people on the phone and ended
    (a run still in flight could otherwise pull a change the test makes on the server next, or fail offline)."""
    open_app(page, server, "login")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_selector("#screen[data-screen=roster]")
    if synced:
        page.wait_for_selector(".person")
        wait_for_sync_idle(page)


def requests_of_the_app(server, since):
    """The paths the server received since `since`, leaving out the browser's own update check of the worker
    script: Chromium 156 does not always hold it to Playwright's emulated offline state (a phone with no signal
    cannot send it), and the app has no say over it."""
    return [path for path in server.log.paths(since) if path != "/sw.js"]


def wait_for_worker(page):
    """Until the service worker controls the page (its precache is complete once it is active)."""
    page.wait_for_function("() => !!navigator.serviceWorker && navigator.serviceWorker.controller !== null")


def wait_for_sync_idle(page):
    """Until no sync run is in flight (a run started before going offline may still reach the server)."""
    page.wait_for_selector("html[data-sync=idle]", state="attached")


def wait_for_roster(page, name):
    page.get_by_role("link", name=name).first.wait_for()


def open_person(page, name):
    page.locator("#tabs a[data-tab=roster]").click()
    page.wait_for_selector("#screen[data-screen=roster]")
    page.fill("#q", name)
    page.locator(".person-name").filter(has_text=re.compile(f"^{re.escape(name)}$")).first.click()
    page.wait_for_selector("#screen[data-screen=detail]")


# count() or getAll() of one IndexedDB store of the app, read straight from the browser.
READ_STORE = """async ([store, method]) => {
    const db = await new Promise((ok, ko) => {
        const r = indexedDB.open('posyandu-ilp');
        r.onsuccess = () => ok(r.result);
        r.onerror = ko;
    });
    const value = await new Promise((ok) => {
        const r = db.transaction(store).objectStore(store)[method]();
        r.onsuccess = () => ok(r.result);
    });
    db.close();
    return value;
}"""


def stored_count(page, store):
    """How many records an IndexedDB store of the app holds."""
    return page.evaluate(READ_STORE, [store, "count"])


def stored_rows(page, store):
    """Every record an IndexedDB store of the app holds."""
    return page.evaluate(READ_STORE, [store, "getAll"])


def pending_count(page):
    return stored_count(page, "outbox")


def wait_until(condition, timeout=20.0, message="condition"):
    """Poll the server's database (or anything) until condition() is truthy; no timing is asserted."""
    deadline = time.monotonic() + timeout
    while True:
        db.session.remove()
        value = condition()
        db.session.remove()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {message}")
        time.sleep(0.2)


def count(model, **filters):
    db.session.remove()
    try:
        return db.session.query(model).filter_by(**filters).count()
    finally:
        db.session.remove()


def record_growth(page, name, weight="7.0", length="72.0"):
    open_person(page, name)
    page.get_by_role("link", name="Timbang & ukur").click()
    page.get_by_label("Berat badan (kg)", exact=True).fill(weight)
    page.get_by_label("Panjang / tinggi badan (cm)").fill(length)
    page.get_by_label("Telentang (panjang badan)").check()
    page.get_by_role("button", name="Simpan & lihat hasil").click()
    page.wait_for_selector("#screen[data-screen=visit]")


def register_pregnancy(page, name, hpht, gravida="2", para="1", abortus="0"):
    open_person(page, name)
    page.get_by_role("link", name="Daftarkan kehamilan").click()
    page.get_by_label("HPHT (hari pertama haid terakhir)").fill(hpht)
    page.get_by_label("Hamil ke- (G)").fill(gravida)
    page.get_by_label("Melahirkan (P)").fill(para)
    page.get_by_label("Keguguran (A)").fill(abortus)
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_selector("#screen[data-screen=pregnancy] >> text=Kunjungan ibu hamil")


def record_anc(page, danger_sign=None, systolic="120", diastolic="80", hb=None, muac="25"):
    """An ANC visit; `hb` only on a bidan's form (a kader's has no haemoglobin field: visit_kinds field_roles)."""
    if danger_sign:
        page.get_by_label(danger_sign).check()
    page.get_by_label("LiLA (cm)").fill(muac)
    page.get_by_label("Tekanan darah sistolik (mmHg)").fill(systolic)
    page.get_by_label("Tekanan darah diastolik (mmHg)").fill(diastolic)
    if hb is not None:
        page.get_by_label("Hb (g/dL)").fill(hb)
    page.get_by_role("button", name="Simpan & lihat hasil").click()
    page.wait_for_selector("#screen[data-screen=visit]")


def record_elderly_screening(page, name, systolic="150", diastolic="95"):
    open_person(page, name)
    page.get_by_role("link", name="Skrining lansia").click()
    page.get_by_label("Berat badan (kg)", exact=True).fill("60")
    page.get_by_label("Tinggi badan (cm)").fill("165")
    page.get_by_label("Lingkar perut (cm)").fill("95")
    page.get_by_label("Tekanan darah sistolik (mmHg)").fill(systolic)
    page.get_by_label("Tekanan darah diastolik (mmHg)").fill(diastolic)
    page.locator("fieldset[data-field=smoker]").get_by_label("Tidak").check()
    open_sections(page)
    page.get_by_label("Tidak dapat mengingat 3 kata").check()
    for select in page.locator("fieldset[data-field=adl] select").all():
        select.select_option(index=select.locator("option").count() - 1)  # fully independent
    page.get_by_role("button", name="Simpan & lihat hasil").click()
    page.wait_for_selector("#screen[data-screen=visit]")


def open_sections(page):
    """Unfold every folded section of the form on screen (the elderly screening's SKILAS and ADL)."""
    folded = page.locator("#screen details:not([open]) > summary")
    while folded.count():
        folded.first.click()


def fill_person(page, name, sex_label, birth_date, mother):
    page.locator("#tabs a[data-tab=roster]").click()
    page.get_by_role("link", name="+ Daftar baru").click()
    page.get_by_label("Nama lengkap").fill(name)
    page.get_by_label(sex_label, exact=True).check()
    page.get_by_label("Tanggal lahir").fill(birth_date)
    page.get_by_label("Nama ibu kandung").fill(mother)
    page.get_by_role("button", name="Simpan", exact=True).click()
