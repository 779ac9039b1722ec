"""A school-age/adolescent screening on a 360 px phone: offered by age, recorded offline with its result and the
kader's actions, kept across a browser restart, uploaded exactly once."""
import os
from datetime import date, timedelta
from pathlib import Path

from posyandu_app.extensions import db
from posyandu_app.models import AppliedOp, Facility, YouthScreening

from .conftest import PHONE
from .helpers import count, first_page, login, open_app, open_person, pending_count, wait_for_worker, wait_until

ACTION = "Skrining usia sekolah & remaja"


def _shot(page, tmp_path, name):
    # SCREENSHOTS=1 refreshes docs/screenshots; otherwise the pictures stay out of the work tree.
    folder = Path("docs/screenshots") if os.environ.get("SCREENSHOTS") == "1" else tmp_path
    page.screenshot(path=str(folder / name), full_page=True)


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]


def test_a_youth_screening_recorded_offline_arrives_exactly_once(live_server, world, make, phone, tmp_path):
    posyandu = db.session.get(Facility, world["posyandu_id"])
    teen = make.person(posyandu, name="Citra Remaja", sex="F", birth_date=date.today() - timedelta(days=16 * 365 + 40))
    teen_id = teen.id
    db.session.remove()  # the browser's server thread writes next
    context = phone()
    page = first_page(context)
    login(page, live_server, world["kader"])
    wait_for_worker(page)

    # Offered from 5 to 18 years only: not to a toddler, not to an elder.
    for name in (world["names"]["child"], world["names"]["elder"]):
        open_person(page, name)
        assert page.get_by_role("link", name=ACTION).count() == 0, name

    context.set_offline(True)
    open_person(page, "Citra Remaja")
    page.get_by_role("link", name=ACTION).click()
    page.wait_for_selector("#screen[data-screen=youth]")
    page.get_by_label("Hb (g/dL)").fill("9,5")
    page.get_by_label("LiLA (remaja putri 15 tahun ke atas) (cm)").fill("22")
    page.get_by_label("Tekanan darah sistolik (mmHg)").fill("145")
    page.get_by_label("Tekanan darah diastolik (mmHg)").fill("92")
    page.locator("fieldset[data-field=smoking]").get_by_label("Tidak").check()
    page.locator("fieldset[data-field=vaping]").get_by_label("Ya").check()
    assert _fits(page)
    _shot(page, tmp_path, "17-youth-form.png")
    page.get_by_role("button", name="Simpan & lihat hasil").click()
    page.wait_for_selector("#screen[data-screen=visit]")
    result = page.get_by_test_id("result").inner_text()
    assert "dihitung di HP" in result
    for words in ("Anemia sedang", "Hipertensi tahap 2", "Belum diberi TTD", "Beri TTD: 1 tablet setiap minggu",
                  "Anemia sedang: rujuk ke puskesmas", "Hipertensi tahap 2: rujuk ke puskesmas minggu ini",
                  "Risiko KEK (LiLA < 23,5 cm): rujuk ke puskesmas untuk konseling gizi",
                  "Memakai rokok elektronik (vape): beri konseling berhenti"):
        assert words in result, words
    assert _fits(page)
    _shot(page, tmp_path, "18-youth-result.png")
    assert pending_count(page) == 1
    context.close()  # the phone sleeps: nothing may be lost

    context = phone(offline=True)
    page = first_page(context)
    open_app(page, live_server)
    assert pending_count(page) == 1
    assert count(YouthScreening) == 0
    context.set_offline(False)  # signal: the upload starts by itself
    wait_until(lambda: pending_count(page) == 0, message="outbox emptied")
    wait_until(lambda: count(YouthScreening, person_id=teen_id) == 1, message="youth screening stored")
    assert count(AppliedOp) == 1
    stored = wait_until(lambda: YouthScreening.query.one(), message="stored visit")
    assert (stored.hb_g_dl, stored.muac_cm, stored.systolic, stored.diastolic) == (9.5, 22.0, 145, 92)
    assert (stored.anaemia_class, stored.bp_class, stored.kek, stored.ttd_due) == ("anaemia_moderate", "stage_2",
                                                                                   True, True)
