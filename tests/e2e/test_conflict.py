"""A person changed on the phone and on the server: both copies are kept and shown; the kader decides."""
from posyandu_app.extensions import db
from posyandu_app.models import Person

from .helpers import count, first_page, login, open_person, pending_count, wait_for_worker, wait_until


def test_conflict_keeps_both_and_the_kader_choice_syncs(live_server, world, phone):
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
