"""In the real browser: an XSS payload synced to the field app and shown on the server pages never runs (no
dialog, no injected element), and no page triggers a Content-Security-Policy violation (which fails silently)."""
import pytest

from posyandu_app.extensions import db
from tests.security.world import PAYLOAD, build

from .helpers import first_page, login

SERVER_PAGES = ["/", "/review", "/people", "/people/duplicates", "/high-risk", "/reports/monthly", "/reports/pws",
                "/reports/late", "/account/password"]


def _watch(page):
    """Everything a successful injection or a CSP block leaves behind in the browser."""
    seen = {"dialogs": [], "csp": []}

    def on_dialog(dialog):
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()
    page.on("dialog", on_dialog)
    page.on("console", lambda message: "Content Security Policy" in message.text and seen["csp"].append(message.text))
    return seen


@pytest.fixture
def xss_world(make, app):
    world = build(make)
    kader = make.user("kader", world.posyandu, username="kader_xss")
    info = {"kader": kader.username, "bidan": world.users["bidan"].username, "person": world.person.id,
            "name": world.person.name}
    db.session.remove()
    return info


def test_payload_synced_to_the_field_app_is_shown_as_text(live_server, xss_world, phone):
    page = first_page(phone())
    seen = _watch(page)
    login(page, live_server, xss_world["kader"])
    page.locator("#tabs a[data-tab=roster]").click()
    page.fill("#q", "name<script")  # the helper's exact-name regex cannot carry this payload
    page.locator(".person-name", has_text="name<script>").first.click()
    page.wait_for_selector("#screen[data-screen=detail]")
    assert PAYLOAD in page.locator("#screen").inner_text()
    assert page.locator("#screen img[src=x], #screen script").count() == 0
    assert seen == {"dialogs": [], "csp": []}


def test_server_pages_run_no_payload_and_break_no_csp_rule(live_server, xss_world, phone):
    from tests.factories import PASSWORD
    page = first_page(phone())
    seen = _watch(page)
    page.goto(f"{live_server.url}/login")
    page.fill("input[name=username]", xss_world["bidan"])
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    for path in SERVER_PAGES + [f"/people/{xss_world['person']}"]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status < 500, path
        page.wait_for_load_state("load")
        assert page.locator("img[src=x]").count() == 0, path
    assert seen == {"dialogs": [], "csp": []}
