"""Uploads when things go wrong: a 500 mid-push, a rejected record, a returned visit, an expired session."""
import json
from datetime import date, datetime, timedelta, timezone

from posyandu_app.extensions import db
from posyandu_app.models import AppliedOp, GrowthVisit, Person, Screening

from .helpers import (count, first_page, login, open_person, pending_count, record_elderly_screening, record_growth,
                      stored_count, stored_rows, wait_for_worker, wait_until)


def go_online_and_send(page):
    page.context.set_offline(False)
    page.locator("#tabs a[data-tab=outbox]").click()
    page.get_by_role("button", name="Kirim sekarang").click()


def test_a_500_mid_push_is_retried_later_without_loss_or_duplicate(live_server, world, phone):
    page = first_page(phone())
    login(page, live_server, world["kader"])
    wait_for_worker(page)
    page.context.set_offline(True)
    record_growth(page, world["names"]["child"])
    record_elderly_screening(page, world["names"]["elder"])
    # The first push is processed by the server but its answer is lost (500); the next push is refused outright.
    live_server.log.fail_next("POST", "/api/v1/sync/push", mode="after")
    live_server.log.fail_next("POST", "/api/v1/sync/push", mode="before")
    go_online_and_send(page)
    page.get_by_text("Belum berhasil").wait_for()
    assert pending_count(page) == 2  # nothing dropped on a failed push
    wait_until(lambda: pending_count(page) == 0, timeout=30, message="retry with backoff")  # no click: backoff
    assert live_server.log.paths().count("/api/v1/sync/push") >= 3
    assert count(GrowthVisit) == 1 and count(Screening) == 1
    assert count(AppliedOp) == 2


def rejected_elderly_screening(live_server, world, phone):
    """A screening recorded offline for a person the bidan removed meanwhile: the server refuses it on upload.
    -> (page, the 'perlu diperbaiki' items)."""
    page = first_page(phone())
    login(page, live_server, world["kader"])
    wait_for_worker(page)
    page.get_by_role("link", name=world["names"]["elder"]).wait_for()
    # Meanwhile the bidan removed this person on the server: the phone does not know yet.
    person = db.session.get(Person, world["ids"]["elder"])
    person.deleted_at = datetime.now(timezone.utc)
    db.session.commit()
    db.session.remove()
    page.context.set_offline(True)
    record_elderly_screening(page, world["names"]["elder"])
    go_online_and_send(page)
    fix = page.locator("#needs-fix [data-testid=fix-item]")
    fix.first.wait_for()
    return page, fix


def test_a_rejected_record_shows_in_perlu_diperbaiki_and_is_kept(live_server, world, phone, app):
    page, fix = rejected_elderly_screening(live_server, world, phone)
    assert "Perlu diperbaiki" in fix.first.inner_text()
    assert pending_count(page) == 1  # kept on the phone, never dropped
    assert count(Screening) == 0
    # The bidan restores the person; the kader sends the kept record again as it is.
    person = db.session.get(Person, world["ids"]["elder"])
    person.deleted_at = None
    db.session.commit()
    db.session.remove()
    fix.first.get_by_role("button", name="Kirim ulang apa adanya").click()
    wait_until(lambda: count(Screening, person_id=world["ids"]["elder"]) == 1, message="resent screening stored")
    wait_until(lambda: pending_count(page) == 0, message="outbox emptied")


def test_a_returned_visit_reaches_the_kader_and_its_correction_syncs(live_server, world, phone, make):
    child = db.session.get(Person, world["ids"]["child"])
    returned = make.growth(child, visit_date=date.today() - timedelta(days=3), weight_kg=17.5, length_cm=74.0,
                           status="returned", review_note="Berat tidak masuk akal, timbang ulang")
    returned_id = returned.id
    db.session.remove()
    page = first_page(phone())
    login(page, live_server, world["kader"])
    page.locator("#tabs a[data-tab=outbox]").click()
    item = page.locator("#needs-fix [data-testid=fix-item]")
    item.first.wait_for()
    assert "timbang ulang" in item.first.inner_text()
    item.first.get_by_role("link").click()
    page.get_by_text("Dikembalikan bidan:").wait_for()
    weight = page.get_by_label("Berat badan (kg)", exact=True)
    assert weight.input_value() == "17,5"  # as the kader types it, not the browser's 17.5
    weight.fill("8.9")
    page.get_by_role("button", name="Simpan & lihat hasil").click()
    page.wait_for_selector("#screen[data-screen=visit]")
    wait_until(lambda: count(GrowthVisit, supersedes_id=returned_id) == 1, message="correction stored")
    db.session.remove()
    new = GrowthVisit.query.filter_by(supersedes_id=returned_id).one()
    assert new.weight_kg == 8.9 and new.status == "submitted"
    assert db.session.get(GrowthVisit, returned_id).is_current is False
    db.session.remove()
    page.locator("#tabs a[data-tab=outbox]").click()
    page.get_by_text("Tidak ada yang perlu diperbaiki.").wait_for()


def test_session_expiry_while_offline_loses_nothing(live_server, world, phone):
    page = first_page(phone())
    login(page, live_server, world["kader"])
    wait_for_worker(page)
    page.get_by_role("link", name=world["names"]["child"]).wait_for()
    page.context.set_offline(True)
    live_server.app.secret_key = "rotated"  # every session the server gave out ends while the kader is offline
    record_growth(page, world["names"]["child"])
    page.context.set_offline(False)
    page.get_by_role("button", name="Masuk lagi untuk mengirim").wait_for()  # banner: log in again to upload
    assert pending_count(page) == 1
    assert count(GrowthVisit) == 0
    open_person(page, world["names"]["elder"])  # offline work goes on meanwhile
    page.get_by_role("button", name="Masuk lagi untuk mengirim").click()
    page.get_by_role("heading", name="Masuk lagi untuk mengirim").wait_for()
    page.get_by_label("Kata sandi").fill("rahasia-123")
    page.get_by_role("button", name="Masuk", exact=True).click()
    wait_until(lambda: count(GrowthVisit, person_id=world["ids"]["child"]) == 1, message="upload after re-login")
    wait_until(lambda: pending_count(page) == 0, message="outbox emptied")


def test_a_required_password_change_holds_uploads_and_says_why(live_server, world, phone):
    from posyandu_app.models import User
    user = db.session.get(User, world["kader_id"])
    user.must_change_password = True
    db.session.commit()
    db.session.remove()
    page = first_page(phone())
    login(page, live_server, world["kader"], synced=False)  # nothing arrives before the password is changed
    page.get_by_role("button", name="Ganti kata sandi").click()
    page.wait_for_url("**/account/password")
    page.get_by_label("Kata sandi sekarang").fill("rahasia-123")
    page.get_by_label("Kata sandi baru", exact=True).fill("mawar-merah-2026")
    page.get_by_label("Ulangi kata sandi baru").fill("mawar-merah-2026")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url("**/app")  # a kader's home is the field app again
    page.get_by_role("link", name=world["names"]["child"]).wait_for()  # the roster arrives: uploads flow again
    assert page.get_by_role("button", name="Ganti kata sandi").count() == 0


def test_a_rejected_record_can_be_deleted_after_a_confirm(live_server, world, phone):
    page, fix = rejected_elderly_screening(live_server, world, phone)
    page.once("dialog", lambda dialog: dialog.dismiss())  # "Batal": nothing is deleted
    fix.first.get_by_role("button", name="Hapus").click()
    assert pending_count(page) == 1
    page.once("dialog", lambda dialog: dialog.accept())
    fix.first.get_by_role("button", name="Hapus").click()
    wait_until(lambda: pending_count(page) == 0, message="entry deleted")
    page.get_by_text("Tidak ada yang perlu diperbaiki.").wait_for()
    assert stored_count(page, "visits") == 0  # the screening the server never took is gone from the phone too
    assert count(Screening) == 0


def test_a_probable_duplicate_in_another_posyandu_is_told_without_naming_it(live_server, world, phone, make):
    from posyandu_app.models import Facility
    mawar = db.session.get(Facility, world["posyandu_id"])
    elsewhere = make.person(make.posyandu(mawar.parent), name="Nama Di Posyandu Lain", nik="3201014506210001")
    child = db.session.get(Person, world["ids"]["child"])
    child.duplicate_of_id, child.duplicate_reason = elsewhere.id, "nik"
    db.session.commit()
    db.session.remove()
    page = first_page(phone())
    login(page, live_server, world["kader"])
    open_person(page, world["names"]["child"])
    note = page.locator("[data-testid=duplicate-elsewhere]")
    note.wait_for()
    assert "posyandu lain" in note.inner_text()
    assert "Nama Di Posyandu Lain" not in page.content()


def test_a_person_merged_into_another_posyandu_leaves_the_roster_and_her_unsent_visit_is_refused_clearly(
        live_server, world, phone, make):
    from posyandu_app.models import Facility, User
    from posyandu_app.services import merge
    mawar = db.session.get(Facility, world["posyandu_id"])
    child = db.session.get(Person, world["ids"]["child"])
    sent = make.growth(child, visit_date=date.today() - timedelta(days=30))  # on the phone after its first pull
    sent_id = sent.id
    elsewhere = make.person(make.posyandu(mawar.parent), name="Nama Di Posyandu Lain", birth_date=child.birth_date)
    elsewhere_id = elsewhere.id
    bidan_id = make.user("bidan", mawar.parent).id
    db.session.remove()
    page = first_page(phone())
    login(page, live_server, world["kader"])
    wait_for_worker(page)
    page.get_by_role("link", name=world["names"]["child"]).wait_for()
    wait_until(lambda: sent_id in {row["id"] for row in stored_rows(page, "visits")}, message="first pull")
    page.context.set_offline(True)
    record_growth(page, world["names"]["child"])
    # Meanwhile the bidan merges the child into the same child registered at a sibling posyandu.
    child = db.session.get(Person, world["ids"]["child"])
    child.duplicate_of_id, child.duplicate_reason = elsewhere_id, "name_birth_mother"
    db.session.commit()
    merge.merge(db.session.get(User, bidan_id), child.id, elsewhere_id)
    db.session.remove()
    go_online_and_send(page)
    fix = page.locator("#needs-fix [data-testid=fix-item]")
    fix.first.wait_for()
    assert "Orang: Bidan sudah menggabungkan orang ini dengan data di posyandu lain" in fix.first.inner_text()
    assert pending_count(page) == 1  # the unsent weighing is kept until the kader deletes it
    wait_until(lambda: sent_id not in {row["id"] for row in stored_rows(page, "visits")},
               message="the merged child's sent visits leave the phone")
    assert world["ids"]["child"] not in {row["id"] for row in stored_rows(page, "roster")}  # gone from the roster
    page.locator("#tabs a[data-tab=roster]").click()
    page.get_by_text("Semua (2)").wait_for()
    content = page.content() + json.dumps(stored_rows(page, "visits")) + json.dumps(stored_rows(page, "roster"))
    assert elsewhere_id not in content and "Nama Di Posyandu Lain" not in content
