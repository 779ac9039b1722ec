"""A dose given too early does not count and must be given again: on a 360 px phone, offline, the kader records
DPT-HB-Hib 1, then dose 2 eighteen days short of the interval (warned, confirmed, 'does not count'), then ticks
dose 2 again a month later: the repeat is saved at the first tap (no old warning asked again) and counts; the
server stores the early record uncounted and the repeat counted."""
from datetime import date, timedelta

from posyandu_app.models import Immunization

from .helpers import count, first_page, login, open_person, pending_count, wait_for_worker, wait_until


def _record(page, code, day):
    form = page.get_by_test_id("imm-form")
    form.locator(f'[data-dose="{code}"] input').check()
    form.locator('input[name="visit_date"]').fill(day.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Simpan imunisasi").click()


def test_a_dose_that_did_not_count_is_given_again_offline(live_server, world, phone):
    context = phone()
    page = first_page(context)
    login(page, live_server, world["kader"])
    wait_for_worker(page)
    context.set_offline(True)
    today = date.today()
    open_person(page, world["names"]["child"])  # 420 days old, nothing recorded yet
    page.get_by_role("link", name="Imunisasi").click()
    page.wait_for_selector("#screen[data-screen=immunization]")

    _record(page, "dpt_hb_hib_1", today - timedelta(days=100))
    wait_until(lambda: pending_count(page) == 1, message="dose 1 in the outbox")
    page.wait_for_selector('[data-dose="dpt_hb_hib_1"] [data-status="done"]')
    _record(page, "dpt_hb_hib_2", today - timedelta(days=90))  # 10 days after dose 1: 18 days short
    assert "tidak dihitung" in page.get_by_test_id("imm-warnings").inner_text()
    page.get_by_role("button", name="Simpan imunisasi").click()  # read and confirmed
    wait_until(lambda: pending_count(page) == 2, message="early dose 2 in the outbox")
    page.wait_for_selector('[data-dose="dpt_hb_hib_2"] [data-status="invalid"]')
    assert page.locator('[data-dose="dpt_hb_hib_3"] [data-status="not_yet"]').count() == 1  # waits for dose 2

    _record(page, "dpt_hb_hib_2", today - timedelta(days=60))  # 40 days after dose 1: the repeat
    wait_until(lambda: pending_count(page) == 3, message="the repeat saved at the first tap")
    page.wait_for_selector('[data-dose="dpt_hb_hib_2"] [data-status="done"]')

    context.set_offline(False)
    wait_until(lambda: count(Immunization, person_id=world["ids"]["child"]) == 3, message="doses stored")
    early, repeat = wait_until(lambda: Immunization.query.filter_by(dose=2).order_by(Immunization.visit_date).all()
                               if count(Immunization, dose=2) == 2 else None, message="both records of dose 2")
    assert early.counted is False and early.warned is True
    assert repeat.counted is True and repeat.warned is False
