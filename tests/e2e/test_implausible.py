"""An implausible weighing stops at the form, is never interpreted, and stays editable until it is sent
(issue 14.3)."""
from datetime import date, timedelta

from posyandu_app.extensions import db
from posyandu_app.models import AppliedOp, GrowthVisit

from .helpers import count, first_page, login, open_person, pending_count, stored_rows, wait_for_worker, wait_until


def weigh(page, weight, length=None):
    page.get_by_label("Berat badan (kg)", exact=True).fill(weight)
    if length:
        page.get_by_label("Panjang / tinggi badan (cm)").fill(length)
    page.get_by_role("button", name="Simpan & lihat hasil").click()


def test_an_implausible_weighing_stops_at_the_form_and_stays_editable_until_sent(make, live_server, phone):
    posyandu = make.posyandu(name="Posyandu Melati")
    make.user("kader", posyandu, username="kader_melati", full_name="Kader Melati")
    born = date.today() - timedelta(days=round(43 * 30.4375) + 5)  # 3 years 7 months
    child = make.person(posyandu, name="Rafa Pratama", sex="M", birth_date=born, mother_name="Yuni Astuti")
    make.growth(child, visit_date=date.today() - timedelta(days=30), weight_kg=14.2, length_cm=89.5)
    child_id = child.id
    db.session.remove()

    page = first_page(phone())
    login(page, live_server, "kader_melati")
    wait_for_worker(page)
    page.context.set_offline(True)  # at the posyandu: nothing is sent before the kader has checked it
    open_person(page, "Rafa Pratama")
    page.get_by_role("link", name="Timbang & ukur").click()
    weigh(page, "25", "90")

    # The form stops: the flag, and a choice between measuring again and keeping the value. Nothing is saved yet.
    stop = page.get_by_test_id("implausible")
    stop.wait_for()
    assert "BB/TB tidak wajar: timbang dan ukur ulang" in stop.inner_text()
    assert page.locator("#screen").get_attribute("data-screen") == "growth"
    assert pending_count(page) == 0
    stop.get_by_role("button", name="Ukur ulang").click()
    assert stop.count() == 0
    assert page.evaluate("() => document.activeElement.name") == "weight_kg"
    weigh(page, "25")  # re-weighed, the scale says the same: the kader confirms it
    page.get_by_role("button", name="Nilai sudah benar, simpan").click()
    page.wait_for_selector("#screen[data-screen=visit]")
    assert pending_count(page) == 1

    # The result interprets nothing from a flagged value: no KMS, no categories, no referral.
    result = page.get_by_test_id("result")
    text = result.inner_text()
    assert "Ukur ulang" in text
    for reading in ("KMS", "Naik", "Stunting", "Pendek", "Rujuk ke bidan", "Tidak perlu dirujuk"):
        assert reading not in text, reading
    visit_id = page.url.rsplit("/", 1)[1]
    page.locator("#tabs a[data-tab=roster]").click()
    page.fill("#q", "Rafa")
    assert "Rujukan" not in page.locator(".person-badges").first.inner_text()  # no referral on the roster either
    page.go_back()
    page.wait_for_selector("#screen[data-screen=visit]")

    # Still on the phone, so it can be corrected in place: same record, one outbox entry, the new value.
    page.get_by_role("link", name="Ubah (belum terkirim)").click()
    page.wait_for_selector("#screen[data-screen=fix]")
    assert page.get_by_label("Berat badan (kg)", exact=True).input_value() == "25"
    weigh(page, "15,1")
    page.wait_for_selector("#screen[data-screen=visit]")
    assert page.url.rsplit("/", 1)[1] == visit_id
    assert "KMS" in page.get_by_test_id("result").inner_text()
    [op] = stored_rows(page, "outbox")
    assert (op["id"], op["data"]["weight_kg"], op["entity"]) == (visit_id, 15.1, "growth")

    page.context.set_offline(False)
    wait_until(lambda: pending_count(page) == 0, message="upload")
    stored = wait_until(lambda: GrowthVisit.query.filter_by(id=visit_id).one_or_none(), message="visit stored")
    assert stored.weight_kg == 15.1 and stored.person_id == child_id
    assert count(GrowthVisit, person_id=child_id) == 2 and count(AppliedOp) == 1
    page.reload()
    page.wait_for_selector("#screen[data-screen=visit]")
    assert page.get_by_role("link", name="Ubah (belum terkirim)").count() == 0  # sent: corrections go via the bidan
