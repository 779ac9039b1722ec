"""A child moves away, offline: the edit form checks the date, the roster keeps her out of the day's lists but
finds her by name, the duplicate check still warns, and the departure can be undone."""
import re
from datetime import date, timedelta

from posyandu_app.extensions import db
from posyandu_app.models import Person

from .helpers import (fill_person, first_page, login, open_person, pending_count, stored_rows,
                      wait_for_sync_idle, wait_for_worker, wait_until)

def outbox_data(page, person_id):
    """The data of a person's outbox entries (an edit made again before upload keeps one entry)."""
    return [op["data"] for op in stored_rows(page, "outbox") if op["id"] == person_id]


def save(page):
    page.get_by_role("button", name="Simpan", exact=True).click()


def test_a_child_who_moved_leaves_the_lists_but_can_be_found_and_brought_back(live_server, world, phone):
    page = first_page(phone())
    login(page, live_server, world["kader"])
    wait_for_worker(page)
    page.context.set_offline(True)
    child, child_id = world["names"]["child"], world["ids"]["child"]
    birth = date.today() - timedelta(days=420)

    page.get_by_role("link", name="+ Daftar baru").click()
    assert page.get_by_test_id("left").count() == 0  # a new registration has not left anything
    open_person(page, child)
    page.get_by_role("link", name="Ubah data").click()
    left_on = page.get_by_label("Tanggal keluar")
    assert not left_on.is_visible()  # "Masih terdaftar": no date asked
    page.get_by_label("Alasan keluar").select_option(label="Pindah")
    assert left_on.input_value()  # today by default

    left_on.fill((date.today() + timedelta(days=2)).isoformat())
    save(page)
    page.get_by_text("Tanggal keluar tidak boleh di masa depan.").wait_for()
    left_on.fill((birth - timedelta(days=1)).isoformat())
    save(page)
    page.get_by_text("Tanggal keluar tidak boleh sebelum tanggal lahir.").wait_for()
    assert left_on.input_value() == (birth - timedelta(days=1)).isoformat()  # what the kader typed stays
    moved_on = (date.today() - timedelta(days=3)).isoformat()
    left_on.fill(moved_on)
    save(page)
    page.wait_for_selector("#screen[data-screen=detail]")
    assert "Keluar dari register: Pindah" in page.get_by_test_id("left").inner_text()
    assert page.get_by_role("link", name="Timbang & ukur").count() == 0
    assert outbox_data(page, child_id) == [{"left_on": moved_on, "left_reason": "moved"}]

    page.locator("#tabs a[data-tab=roster]").click()
    page.wait_for_selector("#screen[data-screen=roster]")
    page.fill("#q", "")  # the roster remembers the last search
    names = page.locator(".person-name")
    names.first.wait_for()
    assert child not in names.all_inner_texts()  # not among the people of the day
    assert page.get_by_role("button", name=re.compile(r"^Sudah keluar \(1\)$")).is_visible()
    page.fill("#q", child.split()[0])
    found = page.locator(".person").filter(has_text=child)
    assert re.search(r"Keluar · Pindah", found.inner_text())

    fill_person(page, child, "Perempuan", birth.isoformat(), "Rina Wati")  # she came back: already known
    assert child in page.get_by_test_id("duplicates").inner_text()

    open_person(page, child)
    page.get_by_role("link", name="Ubah data").click()
    page.get_by_label("Alasan keluar").select_option(label="Masih terdaftar")
    save(page)
    page.wait_for_selector("#screen[data-screen=detail]")
    assert page.get_by_test_id("left").count() == 0
    page.get_by_role("link", name="Timbang & ukur").wait_for()
    # Undone before upload: the server never heard of the departure, so there is nothing left to send.
    assert outbox_data(page, child_id) == [{}]


def test_the_departure_reaches_the_server_and_stays_on_the_phone(live_server, world, phone):
    page = first_page(phone())
    login(page, live_server, world["kader"])
    child, child_id = world["names"]["child"], world["ids"]["child"]
    open_person(page, child)
    page.get_by_role("link", name="Ubah data").click()
    page.get_by_label("Alasan keluar").select_option(label="Meninggal")
    died_on = date.today() - timedelta(days=1)
    page.get_by_label("Tanggal keluar").fill(died_on.isoformat())
    save(page)
    page.wait_for_selector("#screen[data-screen=detail]")

    def stored():
        person = db.session.get(Person, child_id)
        return person.left_on and (person.left_on, person.left_reason)

    assert wait_until(stored, message="the departure on the server") == (died_on, "died")
    wait_until(lambda: pending_count(page) == 0, message="the outbox emptied")
    wait_for_sync_idle(page)
    page.reload()  # the phone's copy is now the server's record: the departure must still be there
    open_person(page, child)
    assert "Keluar dari register: Meninggal" in page.get_by_test_id("left").inner_text()
