"""A person changed on the phone and on the server: both copies are kept and shown; the kader decides."""
from posyandu_app.extensions import db
from posyandu_app.models import Person

from .helpers import (count, first_page, login, open_person, pending_count, stored_rows, wait_for_worker,
                      wait_until)


def conflicting_phone_edit(live_server, world, phone):
    """The bidan changes the elder's address on the server while the phone, offline, changes the phone number;
    the upload answers a conflict, shown on the outbox screen. Returns the page and the conflict's list item."""
    page = first_page(phone())
    login(page, live_server, world["kader"])
    wait_for_worker(page)
    page.get_by_role("link", name=world["names"]["elder"]).wait_for()
    person = db.session.get(Person, world["ids"]["elder"])
    person.address, person.version = "Jl. Kenanga 5 (dari bidan)", 2  # the bidan edits the same person meanwhile
    db.session.commit()
    db.session.remove()

    page.context.set_offline(True)
    open_person(page, world["names"]["elder"])
    page.get_by_role("link", name="Ubah data").click()
    page.get_by_label("No. HP").fill("081234567890")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_selector("#screen[data-screen=detail]")
    page.context.set_offline(False)
    page.locator("#tabs a[data-tab=outbox]").click()
    page.get_by_role("button", name="Kirim sekarang").click()
    conflict = page.locator("li.conflict")
    conflict.wait_for()
    return page, conflict


def test_conflict_keeps_both_and_the_kader_choice_syncs(live_server, world, phone):
    page, conflict = conflicting_phone_edit(live_server, world, phone)
    assert "081234567890" in conflict.inner_text()  # the phone's copy
    assert pending_count(page) == 1
    db.session.remove()
    assert db.session.get(Person, world["ids"]["elder"]).phone is None  # nothing overwritten silently
    db.session.remove()

    conflict.get_by_role("button", name="Pakai data di HP").click()
    wait_until(lambda: db.session.get(Person, world["ids"]["elder"]).phone == "081234567890", message="kader's copy")
    wait_until(lambda: pending_count(page) == 0, message="outbox emptied")
    assert count(Person, id=world["ids"]["elder"], version=3) == 1
    assert count(Person, id=world["ids"]["elder"], address="Jl. Kenanga 5 (dari bidan)") == 1  # the bidan's edit stays


def test_keeping_the_server_copy_drops_the_phone_edit(live_server, world, phone):
    page, conflict = conflicting_phone_edit(live_server, world, phone)
    conflict.get_by_role("button", name="Pakai data server").click()
    page.locator("li.conflict").wait_for(state="detached")
    assert pending_count(page) == 0  # nothing left to send: the phone's edit is dropped, not uploaded later
    [elder] = [p for p in stored_rows(page, "roster") if p["id"] == world["ids"]["elder"]]
    assert elder["address"] == "Jl. Kenanga 5 (dari bidan)" and not elder.get("phone")  # the phone holds the server's
    db.session.remove()
    assert db.session.get(Person, world["ids"]["elder"]).phone is None
