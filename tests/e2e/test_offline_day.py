"""A whole posyandu day offline on a phone: results on the spot, a browser restart, then one upload."""
from datetime import date, timedelta

from posyandu_app.models import AppliedOp, GrowthVisit, Person, PregnancyEpisode, PregnancyVisit, Screening

from .helpers import (count, fill_person, first_page, login, open_app, open_person, pending_count, record_anc,
                      record_elderly_screening, record_growth, register_pregnancy, wait_for_worker, wait_until)


def test_offline_day_survives_a_restart_and_arrives_exactly_once(live_server, world, phone):
    context = phone()
    page = first_page(context)
    login(page, live_server, world["kader"])
    wait_for_worker(page)
    page.get_by_role("link", name=world["names"]["elder"]).wait_for()
    context.set_offline(True)

    # The same child again (name typed differently, same birth date and mother): the phone warns before saving.
    fill_person(page, "aisyah putri", "Perempuan", (date.today() - timedelta(days=420)).isoformat(), "Ibu Rina Wati")
    warning = page.get_by_test_id("duplicates")
    assert world["names"]["child"] in warning.inner_text()
    # A newborn nobody registered yet: saved on the phone, then weighed.
    fill_person(page, "Bayi Nur Hidayah", "Perempuan", (date.today() - timedelta(days=20)).isoformat(), "Dewi Lestari")
    page.wait_for_selector("#screen[data-screen=detail]")
    record_growth(page, "Bayi Nur Hidayah", weight="3.6", length="52.0")

    record_growth(page, world["names"]["child"], weight="7.0", length="72.0")
    result = page.get_by_test_id("result")
    assert "dihitung di HP" in result.inner_text()
    assert result.locator("table.ztable").get_by_text("BB/U").is_visible()
    assert result.get_by_text("KMS").is_visible()
    page.locator("svg.chart").first.wait_for()  # the KMS chart is drawn offline

    register_pregnancy(page, world["names"]["mother"], hpht=(date.today() - timedelta(weeks=20)).isoformat())
    assert page.get_by_label("Hb (g/dL)").count() == 0  # a bidan's measurement (tests/e2e/test_bidan_day.py)
    record_anc(page, danger_sign="Perdarahan dari jalan lahir")
    result = page.get_by_test_id("result")
    assert "20 minggu" in result.inner_text()
    assert "RUJUK SEGERA" in result.inner_text()

    record_elderly_screening(page, world["names"]["elder"])
    result = page.get_by_test_id("result")
    assert "IMT" in result.inner_text() and "ADL" in result.inner_text()
    assert "Tekanan darah" in result.inner_text()
    assert pending_count(page) == 6
    context.close()  # the kader closes the browser: the phone sleeps, nothing must be lost

    context = phone(offline=True)
    page = first_page(context)
    open_app(page, live_server)
    assert pending_count(page) == 6
    open_person(page, world["names"]["elder"])
    assert page.get_by_text("Tersimpan di HP").count() >= 1
    assert count(Screening) == 0

    context.set_offline(False)  # signal comes back: the `online` event starts the upload
    wait_until(lambda: pending_count(page) == 0, message="outbox emptied")
    wait_until(lambda: count(Screening, person_id=world["ids"]["elder"]) == 1, message="screening stored")
    assert count(GrowthVisit, person_id=world["ids"]["child"]) == 1
    assert count(PregnancyEpisode, person_id=world["ids"]["mother"]) == 1
    assert count(PregnancyVisit, person_id=world["ids"]["mother"]) == 1
    assert count(Person, name="Bayi Nur Hidayah") == 1
    baby = wait_until(lambda: Person.query.filter_by(name="Bayi Nur Hidayah").one().id, message="newborn")
    assert count(GrowthVisit, person_id=baby) == 1
    assert count(Person) == 4  # the duplicate was never saved
    assert count(AppliedOp) == 6
    visit = wait_until(lambda: PregnancyVisit.query.one(), message="pregnancy visit")
    assert visit.danger is True and visit.results["referrals"]
