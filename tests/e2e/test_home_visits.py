"""A newborn's home visit (KN1) on a 360 px phone, offline: the roster's "Kunjungan rumah minggu ini" lists the
baby, a convulsion ticked gives the urgent referral in plain Bahasa Indonesia at once, and after sync the visit is
on the server exactly once, assessed the same way."""
import os
from datetime import timedelta
from pathlib import Path

from posyandu_app.clock import field_today
from posyandu_app.extensions import db
from posyandu_app.models import AppliedOp, Facility, NewbornVisit

from .conftest import PHONE
from .helpers import count, first_page, login, open_person, pending_count, wait_for_worker, wait_until

ACTION = "Kunjungan bayi baru lahir (KN)"


def _shot(page, tmp_path, name):
    # SCREENSHOTS=1 refreshes docs/screenshots; otherwise the pictures stay out of the work tree.
    folder = Path("docs/screenshots") if os.environ.get("SCREENSHOTS") == "1" else tmp_path
    page.screenshot(path=str(folder / name))  # the phone's screen: 360 x 740


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]


def test_a_newborn_with_a_convulsion_is_referred_at_once_and_arrives_exactly_once(live_server, world, make, phone,
                                                                                    tmp_path):
    posyandu = db.session.get(Facility, world["posyandu_id"])
    baby = make.person(posyandu, name="Bayi Ny. Rahma", sex="M", birth_date=field_today() - timedelta(days=1))
    baby_id = baby.id
    db.session.remove()  # the browser's server thread writes next
    context = phone()
    page = first_page(context)
    login(page, live_server, world["kader"])
    wait_for_worker(page)

    # Offered to a baby of 0-28 days only.
    open_person(page, world["names"]["child"])
    assert page.get_by_role("link", name=ACTION).count() == 0

    context.set_offline(True)
    page.locator("#tabs a[data-tab=roster]").click()
    due = page.get_by_test_id("home-visits")
    assert "Kunjungan rumah minggu ini" in due.inner_text() and "Bayi Ny. Rahma" in due.inner_text()
    assert "KN1" in due.inner_text()
    open_person(page, "Bayi Ny. Rahma")
    page.get_by_role("link", name=ACTION).click()
    page.wait_for_selector("#screen[data-screen=postnatal]")
    assert "KN1" in page.get_by_test_id("window").inner_text()
    page.get_by_label("Kejang", exact=True).check()
    page.get_by_label("Suhu badan (°C)").fill("36,9")
    page.locator("fieldset[data-field=breastfeeding]").get_by_label("ASI saja (eksklusif)").check()
    assert _fits(page)
    page.get_by_role("button", name="Simpan & lihat hasil").click()
    page.wait_for_selector("#screen[data-screen=visit]")
    result = page.get_by_test_id("result")
    text = result.inner_text()
    assert "dihitung di HP" in text
    for words in ("KN1 (6–48 jam)", "Kejang", "Ada tanda bahaya pada bayi. Segera bawa bayi ke puskesmas/bidan hari ini.",
                  "ASI saja (eksklusif)"):
        assert words in text, words
    assert page.get_by_role("alert").filter(has_text="Segera bawa bayi").count() == 1
    assert _fits(page)
    # the result card from its heading, below the app bar
    page.evaluate("window.scrollTo(0, document.querySelector('[data-testid=result]').getBoundingClientRect().top"
                  " + window.scrollY - 64)")
    _shot(page, tmp_path, "23-newborn-danger-referral.png")
    assert pending_count(page) == 1
    assert count(NewbornVisit) == 0

    context.set_offline(False)  # signal: the upload starts by itself
    wait_until(lambda: pending_count(page) == 0, message="outbox emptied")
    wait_until(lambda: count(NewbornVisit, person_id=baby_id) == 1, message="newborn visit stored")
    assert count(AppliedOp) == 1
    stored = wait_until(lambda: NewbornVisit.query.one(), message="stored visit")
    assert (stored.window, stored.danger, stored.needs_referral, stored.danger_signs) == ("KN1", True, True,
                                                                                          ["convulsions"])
    assert stored.temperature_c == 36.9 and stored.breastfeeding == "exclusive"
    # the baby's window is done: the due list no longer names KN1 for it
    page.locator("#tabs a[data-tab=roster]").click()
    page.wait_for_selector("#screen[data-screen=roster]")
    assert "KN1" not in page.get_by_test_id("home-visits").inner_text()
