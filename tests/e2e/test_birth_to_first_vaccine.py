"""From birth to the first vaccine on a 360 px phone, offline (issue 17): the kader records a pregnant woman's
delivery (the pregnancy closes on the phone, the newborn is registered as a person of her own, linked to her
mother); the next day, the newborn's first home visit (KN1) with a convulsion gives the urgent referral at once; at
the next posyandu day, a week after the birth on the phone's clock, the baby's first vaccine. Back online, one sync
stores each record exactly once."""
import os
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from posyandu_app.extensions import db
from posyandu_app.models import AppliedOp, Delivery, Immunization, NewbornVisit, Person, PregnancyEpisode

from .helpers import count, first_page, login, open_person, pending_count, stored_rows, wait_for_worker, wait_until

TODAY = date.today()
BIRTH_DAY = TODAY - timedelta(days=7)  # the phone's day of the birth; the next posyandu day is today
BABY = "Bayi Ny. Dewi Lestari"


def _noon(day):  # 12:00 WIB (UTC+7, the phone's zone in these tests) on `day`
    return datetime.combine(day, time(5, 0), tzinfo=timezone.utc)


def _shot(page, tmp_path, name):
    folder = Path("docs/screenshots") if os.environ.get("SCREENSHOTS") == "1" else tmp_path
    page.screenshot(path=str(folder / name))  # the phone's screen, 360 x 740


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def record_birth(page, mother, tmp_path):
    """The delivery form, offered while the pregnancy is open: a girl of 2,4 kg at home with a dukun."""
    open_person(page, mother)
    page.get_by_role("link", name="Catat persalinan").click()
    page.wait_for_selector("#screen[data-screen=delivery]")
    assert page.get_by_label("Tanggal persalinan").input_value() == BIRTH_DAY.strftime("%d/%m/%Y")  # the phone's day
    page.get_by_label("Lahir hidup").check()
    page.get_by_label("Tempat bersalin").select_option("home")
    page.get_by_label("Penolong persalinan").select_option("dukun")
    assert page.get_by_label("Nama bayi").input_value() == BABY
    page.get_by_test_id("baby").get_by_label("Perempuan").check()
    page.get_by_label("Berat lahir").fill("2,4")
    page.get_by_label("Panjang lahir").fill("46")
    assert _fits(page)
    page.get_by_role("button", name="Simpan & lihat hasil").click()
    page.wait_for_selector("#screen[data-screen=visit] [data-testid=result]")
    result = page.get_by_test_id("result").inner_text()
    assert "BBLR" in result and "antar ke bidan atau puskesmas hari ini" in result  # what to do, in plain words
    assert _fits(page)
    _shot(page, tmp_path, "22-delivery-result.png")
    open_person(page, mother)  # closed on the phone at once: no more ANC or birth, a new pregnancy can be registered
    actions = page.locator("#screen .actions").inner_text()
    assert "Catat persalinan" not in actions and "Kunjungan ibu hamil" not in actions
    assert "Daftarkan kehamilan" in actions


def record_first_home_visit(page, baby):
    """The day after the birth: KN1 at home, the baby had a convulsion -> the urgent referral, in plain words."""
    open_person(page, baby)
    page.get_by_role("link", name="Kunjungan bayi baru lahir (KN)").click()
    page.wait_for_selector("#screen[data-screen=postnatal]")
    assert "KN1" in page.get_by_test_id("window").inner_text()
    page.get_by_label("Kejang", exact=True).check()
    assert _fits(page)
    page.get_by_role("button", name="Simpan & lihat hasil").click()
    page.wait_for_selector("#screen[data-screen=visit] [data-testid=result]")
    assert page.get_by_role("alert").filter(
        has_text="Ada tanda bahaya pada bayi. Segera bawa bayi ke puskesmas/bidan hari ini.").count() == 1


def record_first_vaccine(page, baby):
    """At the next posyandu day: BCG, the newborn's first dose, through the immunization form."""
    open_person(page, baby)
    assert "Perempuan" in page.locator("#screen").inner_text()
    page.get_by_role("link", name="Imunisasi").click()
    page.wait_for_selector("#screen[data-screen=immunization]")
    page.get_by_test_id("imm-form").locator('[data-dose="bcg_1"] input').check()
    page.get_by_role("button", name="Simpan imunisasi").click()
    page.wait_for_selector('[data-dose="bcg_1"] [data-status="done"]')


def test_a_birth_then_the_first_vaccine_offline_reach_the_server_once(live_server, world, make, phone, tmp_path):
    mother = db.session.get(Person, world["ids"]["mother"])
    episode_id = make.pregnancy_episode(mother, hpht=BIRTH_DAY - timedelta(weeks=39)).id
    db.session.remove()
    context = phone()
    page = first_page(context)
    login(page, live_server, world["kader"])
    wait_for_worker(page)
    page.clock.set_fixed_time(_noon(BIRTH_DAY))  # after login: the session and first sync ran at the real time
    context.set_offline(True)

    record_birth(page, world["names"]["mother"], tmp_path)
    page.clock.set_fixed_time(_noon(BIRTH_DAY + timedelta(days=1)))  # the next day: the first home visit
    record_first_home_visit(page, BABY)
    page.clock.set_fixed_time(_noon(TODAY))  # a week after the birth: the next posyandu day
    record_first_vaccine(page, BABY)
    assert sorted(op["entity"] for op in stored_rows(page, "outbox")) == ["delivery", "immunization",
                                                                          "newborn_visit", "person"]
    assert count(Delivery) == 0

    context.set_offline(False)
    try:
        wait_until(lambda: pending_count(page) == 0, timeout=40, message="outbox emptied")
    except AssertionError:
        raise AssertionError([(op["entity"], op["state"], op.get("errors")) for op in stored_rows(page, "outbox")])
    delivery = wait_until(lambda: Delivery.query.one_or_none(), message="delivery stored")
    baby = Person.query.filter_by(name=BABY).one()
    assert (baby.sex, baby.birth_date, baby.mother_name) == ("F", BIRTH_DAY, world["names"]["mother"])
    assert baby.birth_weight_kg == 2.4 and baby.posyandu_id == world["posyandu_id"]
    assert delivery.baby_id == baby.id and delivery.low_birth_weight is True and delivery.visit_date == BIRTH_DAY
    episode = db.session.get(PregnancyEpisode, episode_id)
    assert (episode.outcome, episode.delivery_date) == ("delivered", BIRTH_DAY)
    dose = Immunization.query.one()
    assert (dose.person_id, dose.antigen, dose.visit_date) == (baby.id, "bcg", TODAY)
    visit = NewbornVisit.query.one()
    assert (visit.person_id, visit.visit_date, visit.window) == (baby.id, BIRTH_DAY + timedelta(days=1), "KN1")
    assert visit.danger and visit.needs_referral and visit.danger_signs == ["convulsions"]
    assert count(AppliedOp) == 4
    page.reload()
    page.wait_for_selector("#screen[data-screen]")
    wait_until(lambda: page.evaluate("document.documentElement.dataset.sync") == "idle", message="sync idle")
    db.session.remove()
    assert (count(Delivery), count(NewbornVisit), count(Immunization), count(Person, name=BABY),
            count(AppliedOp)) == (1, 1, 1, 1, 4)
