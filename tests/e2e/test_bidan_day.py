"""A bidan of several posyandu on a 360 px phone: she picks where she is today, registers and records there offline
(with the haemoglobin a kader does not measure), switches posyandu, and after the upload every record is in the
posyandu it was made in. A first download cut halfway resumes at its stored page, not from the start; and the visits
it brings without the server's results (pull v2) are assessed on the phone, in agreement with the server."""
import re
from datetime import date, datetime, timedelta, timezone

from posyandu_app.api.sync_schemas import load_data
from posyandu_app.extensions import db
from posyandu_app.models import GrowthVisit, Person, PregnancyVisit, User
from posyandu_app.services import sync_push
from posyandu_app.models.base import new_uuid
from posyandu_app.services.registry import normalize_name
from tests.factories import PASSWORD

from .helpers import (fill_person, first_page, open_app, pending_count, record_anc, register_pregnancy,
                      stored_count, stored_rows, wait_for_sync_idle, wait_for_worker, wait_until)

TODAY = date.today()


def bidan_world(make):
    pustu = make.pustu(name="Pustu Sukamaju")
    mawar, melati = make.posyandu(pustu, name="Posyandu Mawar"), make.posyandu(pustu, name="Posyandu Melati")
    make.person(mawar, name="Ani Mawar", sex="F", birth_date=TODAY - timedelta(days=500))
    make.person(melati, name="Budi Melati", sex="M", birth_date=TODAY - timedelta(days=600))
    bidan = make.user("bidan", pustu, username="bidan_sukamaju", full_name="Bidan Ani")
    world = {"mawar": mawar.id, "melati": melati.id, "bidan": bidan.username, "bidan_id": bidan.id}
    db.session.remove()
    return world


def log_in(page, server, username):
    open_app(page, server, "login")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()


def pick(page, name):
    page.locator("#place").click()
    page.wait_for_selector("#screen[data-screen=posyandu]")
    page.get_by_role("button", name=name).click()
    page.wait_for_selector("#screen[data-screen=roster]")
    assert page.locator("#place").inner_text() == name
    assert page.locator("#screen h1").inner_text() == name


def test_a_bidan_picks_her_posyandu_records_there_offline_and_each_record_lands_in_its_posyandu(
        live_server, make, phone):
    world = bidan_world(make)
    context = phone()
    page = first_page(context)
    log_in(page, live_server, world["bidan"])
    # several posyandu: she is asked where she is before the roster; the header says she has not chosen yet
    page.wait_for_selector("#screen[data-screen=posyandu]")
    assert page.locator("#place").inner_text() == "Pilih posyandu"
    page.get_by_role("button", name="Posyandu Melati").click()
    page.wait_for_selector("#screen[data-screen=roster]")
    assert page.locator("#place").inner_text() == "Posyandu Melati"
    page.get_by_role("link", name="Budi Melati").wait_for()
    assert page.get_by_role("link", name="Ani Mawar").count() == 0  # another posyandu's people: not on today's list
    page.fill("#q", "Ani")  # ... but a search reaches every posyandu of hers, and says where the person is
    found = page.locator(".person").filter(has_text="Ani Mawar")
    found.wait_for()
    assert "Posyandu Mawar" in found.inner_text()
    page.fill("#q", "")
    wait_for_sync_idle(page)
    wait_for_worker(page)
    context.set_offline(True)

    fill_person(page, "Siti Rahmawati", "Perempuan", (TODAY - timedelta(days=26 * 365)).isoformat(), "Ibu Siti")
    page.wait_for_selector("#screen[data-screen=detail]")
    register_pregnancy(page, "Siti Rahmawati", hpht=(TODAY - timedelta(weeks=24)).isoformat())
    page.get_by_label("Tinggi fundus (cm)").fill("22")
    page.get_by_label("Denyut jantung janin (/min)").fill("140")
    record_anc(page, hb="9.5")  # the bidan's form has haemoglobin
    result = page.get_by_test_id("result")
    assert "Anemia" in result.inner_text()

    pick(page, "Posyandu Mawar")  # one tap in the header, still offline
    page.fill("#q", "")  # the last search (Siti) stays typed until cleared
    page.get_by_role("link", name="Ani Mawar").wait_for()
    assert page.get_by_role("link", name="Budi Melati").count() == 0
    fill_person(page, "Rudi Hartono", "Laki-laki", (TODAY - timedelta(days=3 * 365)).isoformat(), "Ibu Rudi")
    page.wait_for_selector("#screen[data-screen=detail]")
    assert pending_count(page) == 4

    context.set_offline(False)
    page.evaluate("dispatchEvent(new Event('online'))")
    wait_until(lambda: pending_count(page) == 0, message="outbox emptied")
    siti = wait_until(lambda: Person.query.filter_by(name="Siti Rahmawati").one_or_none(), message="Siti stored")
    rudi = wait_until(lambda: Person.query.filter_by(name="Rudi Hartono").one_or_none(), message="Rudi stored")
    assert siti.posyandu_id == world["melati"] and rudi.posyandu_id == world["mawar"]
    anc = wait_until(lambda: PregnancyVisit.query.filter_by(person_id=siti.id).one_or_none(), message="ANC")
    assert anc.posyandu_id == world["melati"] and anc.hb_g_dl == 9.5 and anc.anaemia is True
    assert anc.fundal_height_cm == 22 and anc.fetal_heart_rate == 140 and anc.created_by_id == world["bidan_id"]


def seed_persons(posyandu_id, count):
    """`count` persons of one posyandu in one commit (a big register for the first download)."""
    for n in range(count):
        name = f"Warga {n:04d}"
        db.session.add(Person(id=new_uuid(), posyandu_id=posyandu_id, name=name, name_normalized=normalize_name(name),
                              sex="F", birth_date=TODAY - timedelta(days=9000 + n)))
    db.session.commit()
    db.session.remove()


def test_a_first_download_cut_at_half_resumes_at_its_stored_page(live_server, make, phone):
    posyandu = make.posyandu(name="Posyandu Besar")
    kader = make.user("kader", posyandu, username="kader_besar")
    posyandu_id, username = posyandu.id, kader.username
    seed_persons(posyandu_id, 4000)  # two pages of 2,000
    context = phone()
    pulls, cut = [], []

    def pull(route):
        cursor = int(route.request.url.split("cursor=")[1].split("&")[0])
        pulls.append(cursor)
        if cursor and not cut:  # the second page: the signal goes at half the download
            cut.append(cursor)
            route.abort("connectionreset")
            return
        route.continue_()

    context.route(re.compile(r"/api/v1/sync/pull\?"), pull)
    page = first_page(context)
    log_in(page, live_server, username)
    page.wait_for_selector("#screen[data-screen=roster]")
    # the cut page left the first half on the phone, and the roster says how far the download got
    # (route handlers run while the test talks to the browser: the condition asks the page something)
    wait_until(lambda: stored_count(page, "roster") >= 0 and cut, message="second page cut")
    context.set_offline(True)  # no signal for a while: the roster keeps saying how far it got
    wait_until(lambda: stored_count(page, "roster") >= 2000, message="first page stored")
    page.locator("#tabs a[data-tab=settings]").click()  # back to the roster: drawn from what the phone stored
    page.wait_for_selector("#screen[data-screen=settings]")
    page.locator("#tabs a[data-tab=roster]").click()
    page.wait_for_selector("#screen[data-screen=roster]")
    progress = page.locator("#download-progress")
    progress.wait_for()
    assert "2.000 dari 4.000 catatan" in progress.inner_text()
    # the signal comes back: the download goes on from the stored cursor, the first page is not fetched again
    context.set_offline(False)
    page.evaluate("dispatchEvent(new Event('online'))")
    wait_until(lambda: stored_count(page, "roster") == 4000, timeout=30, message="whole register stored")
    assert pulls[0] == 0 and cut == [pulls[1]] and 0 not in pulls[2:] and pulls[2] == cut[0]
    meta = page.evaluate("""async () => new Promise((ok) => {
        const r = indexedDB.open('posyandu-ilp');
        r.onsuccess = () => { const g = r.result.transaction('meta').objectStore('meta').get('pull_progress');
                              g.onsuccess = () => ok(g.result ?? null); };
    })""")
    assert meta is None  # the download is complete: nothing left to resume
    assert len({p["id"] for p in stored_rows(page, "roster")}) == 4000


def test_visits_downloaded_without_results_are_assessed_on_the_phone_and_agree_with_the_server(
        live_server, make, phone):
    posyandu = make.posyandu(name="Posyandu Dahlia")
    kader = make.user("kader", posyandu, username="kader_dahlia")
    kader_id, username = kader.id, kader.username
    child_id = new_uuid()
    ops = [sync_push.PushOp(op_id=new_uuid(), entity="person", id=child_id, recorded_at=datetime.now(timezone.utc),
                            data={"name": "Nadia Putri", "sex": "F", "mother_name": "Ibu Nadia",
                                  "birth_date": (TODAY - timedelta(days=400)).isoformat()})]
    for months_ago, kg in ((2, 8.9), (1, 8.7)):  # a weight loss: KMS T, which needs the earlier weighing
        ops.append(sync_push.PushOp(op_id=new_uuid(), entity="growth", id=new_uuid(),
                                    recorded_at=datetime.now(timezone.utc),
                                    data={"person_id": child_id, "weight_kg": kg, "length_cm": 74.0, "measured": "L",
                                          "visit_date": (TODAY - timedelta(days=30 * months_ago)).isoformat()}))
    answers = sync_push.push(db.session.get(User, kader_id), "another-phone", ops, load_data)["results"]
    assert {a["status"] for a in answers} == {"applied"}
    latest = db.session.query(GrowthVisit).filter_by(weight_kg=8.7).one()
    server_waz, server_kms, latest_id = latest.waz, latest.kms_code, latest.id
    db.session.remove()

    page = first_page(phone())
    log_in(page, live_server, username)
    page.get_by_role("link", name="Nadia Putri").wait_for()
    wait_for_sync_idle(page)
    stored = wait_until(lambda: next((v for v in stored_rows(page, "visits")
                                      if v["id"] == latest_id and v.get("local_results")), None),
                        message="phone's own result")
    assert not stored.get("results")  # pull v2 brought no server results...
    assert abs(stored["local_results"]["z"]["waz"] - server_waz) < 0.005  # ...the twin's agree with its columns
    assert stored["local_results"]["kms"]["code"] == server_kms == "T"
    open_app(page, live_server, f"visit/{latest_id}")
    page.wait_for_selector("#screen[data-screen=visit]")
    assert "dihitung di HP" in page.get_by_test_id("result").inner_text()
    page.locator("#tabs a[data-tab=settings]").click()
    page.wait_for_selector("#screen[data-screen=settings]")
    assert page.get_by_test_id("result-differences").count() == 0  # nothing to report
