"""The installable shell: manifest and service worker as Chromium sees them, offline reload, the offline canary."""
from .helpers import first_page, login, open_app, requests_of_the_app, wait_for_worker


def test_installable_in_a_persistent_profile(live_server, phone):
    page = first_page(phone())
    open_app(page, live_server)
    wait_for_worker(page)
    cdp = page.context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []
    assert '"display": "standalone"' in manifest["data"]
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []


def test_set_offline_also_cuts_the_service_worker_own_fetches(live_server, phone):
    """Canary: a request the SW passes on to the network must fail offline (else offline tests prove nothing)."""
    page = first_page(phone())
    open_app(page, live_server)
    wait_for_worker(page)
    probe = "/static/css/app.css"  # under /static/ but not precached: the SW fetches it from the network
    assert page.evaluate("url => fetch(url).then(r => r.status)", probe) == 200
    page.context.set_offline(True)
    before = len(live_server.log)
    outcome = page.evaluate("url => fetch(url + '?canary').then(r => 'status ' + r.status, e => 'failed')", probe)
    assert outcome == "failed"
    assert probe not in live_server.log.paths(before)


def test_offline_reload_is_served_by_the_service_worker(live_server, world, phone):
    page = first_page(phone())
    login(page, live_server, world["kader"])
    wait_for_worker(page)
    page.get_by_role("link", name=world["names"]["child"]).wait_for()
    page.context.set_offline(True)
    before = len(live_server.log)
    page.reload()
    page.wait_for_selector("#screen[data-screen=roster]")
    page.get_by_role("link", name=world["names"]["child"]).wait_for()
    assert page.locator("#net").inner_text() == "Tanpa sinyal"
    assert requests_of_the_app(live_server, before) == []  # the server saw nothing: shell, modules and data came from the SW
