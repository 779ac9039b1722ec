"""Immunization on a 360 px phone, offline: the child's card, two vaccines ticked at once (one out of order: the
warning is shown and must be confirmed), the due list by dusun, then one upload that stores each dose once."""
import os
from pathlib import Path

from posyandu_app.models import AppliedOp, Immunization

from .helpers import count, first_page, login, open_person, pending_count, wait_for_worker, wait_until


def _shot(page, tmp_path, name):
    folder = Path("docs/screenshots") if os.environ.get("SCREENSHOTS") == "1" else tmp_path
    page.screenshot(path=str(folder / name), full_page=True)


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_two_vaccines_recorded_offline_upload_exactly_once(live_server, world, phone, tmp_path):
    context = phone()
    page = first_page(context)
    login(page, live_server, world["kader"])
    wait_for_worker(page)
    context.set_offline(True)

    child = world["names"]["child"]  # 420 days old, nothing recorded yet
    open_person(page, child)
    page.get_by_role("link", name="Imunisasi").click()
    page.wait_for_selector("#screen[data-screen=immunization]")
    form = page.get_by_test_id("imm-form")
    assert form.locator('[data-dose="mr_1"] [data-status="overdue"]').count() == 1
    assert "IDL tidak lengkap" in page.get_by_test_id("imm-idl").inner_text()  # 13 months old
    assert _fits(page)
    form.locator('[data-dose="mr_1"] input').check()
    form.locator('[data-dose="dpt_hb_hib_2"] input').check()  # dose 2 without dose 1 (copied from a KIA book)
    form.locator('input[name="place"][value="elsewhere"]').check()
    page.get_by_role("button", name="Simpan imunisasi").click()
    warning = page.get_by_test_id("imm-warnings")
    assert "DPT-HB-Hib 2 dicatat sebelum DPT-HB-Hib 1" in warning.inner_text()  # never accepted silently
    _shot(page, tmp_path, "17-immunization-warning.png")
    assert pending_count(page) == 0
    page.get_by_role("button", name="Simpan imunisasi").click()  # the kader read it and confirms
    wait_until(lambda: pending_count(page) == 2, message="two doses in the outbox")
    page.wait_for_selector('[data-dose="mr_1"] [data-status="done"]')
    assert page.locator('[data-dose="dpt_hb_hib_2"] [data-status="done"]').count() == 1
    _shot(page, tmp_path, "18-immunization-card.png")

    page.goto(page.url.split("#")[0] + "#/imm-due")
    page.wait_for_selector("#screen[data-screen=imm_due]")
    due = page.get_by_test_id("imm-due")
    assert child in due.inner_text() and "Hari posyandu" in due.inner_text()
    assert _fits(page)
    _shot(page, tmp_path, "19-immunization-due.png")
    assert count(Immunization) == 0

    context.set_offline(False)
    wait_until(lambda: pending_count(page) == 0, message="outbox emptied")
    wait_until(lambda: count(Immunization, person_id=world["ids"]["child"]) == 2, message="doses stored")
    assert count(AppliedOp) == 2
    stored = wait_until(lambda: Immunization.query.filter_by(antigen="dpt_hb_hib").one(), message="dose")
    assert stored.dose == 2 and stored.place == "elsewhere" and stored.warned is True
    page.reload()
    page.wait_for_selector("#screen[data-screen]")
    assert count(Immunization) == 2 and count(AppliedOp) == 2  # nothing sent twice
