"""A new app version never reloads the page while a form is open, and never touches stored records."""
from .helpers import (first_page, login, open_person, pending_count, record_growth, stored_count,
                      wait_for_sync_idle, wait_for_worker, wait_until)


def worker_version(page):
    return page.evaluate("""() => new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (e) => resolve(e.data.version);
        navigator.serviceWorker.controller.postMessage({ type: 'version' }, [channel.port2]);
    })""")


def test_new_version_waits_while_a_form_is_open(live_server, world, phone):
    page = first_page(phone())
    login(page, live_server, world["kader"])
    wait_for_worker(page)
    page.context.set_offline(True)
    record_growth(page, world["names"]["child"])  # a record still on the phone when the update lands
    page.context.set_offline(False)
    # Back online the app uploads it; let that sync end so it cannot re-render a screen under the steps below.
    wait_until(lambda: pending_count(page) == 0, message="the offline record uploaded")
    wait_for_sync_idle(page)
    old_version = worker_version(page)
    visits_before = stored_count(page, "visits")
    assert visits_before >= 1
    open_person(page, world["names"]["child"])
    page.get_by_role("link", name="Timbang & ukur").click()
    page.get_by_label("Berat badan (kg)", exact=True).fill("9.1")
    page.evaluate("() => { window.sameDocument = true; }")

    live_server.app.config["PWA_VERSION_SALT"] = "release-2"  # the server now ships a new version
    page.evaluate("() => navigator.serviceWorker.getRegistration().then((r) => r.update())")
    page.get_by_text("Versi baru aplikasi siap").wait_for()
    page.wait_for_timeout(1000)  # give a wrong implementation the chance to reload
    assert page.evaluate("() => window.sameDocument === true")
    assert page.get_by_label("Berat badan (kg)", exact=True).input_value() == "9.1"

    with page.expect_event("load"):  # leaving the form applies the update: one reload
        page.get_by_role("link", name="Batal").click()
    page.wait_for_selector("#screen[data-screen]")
    assert page.evaluate("() => window.sameDocument === undefined")
    assert worker_version(page) != old_version
    assert stored_count(page, "visits") == visits_before  # the update never touches the records on the phone
