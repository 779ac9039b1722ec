"""The review pages in a real browser (Debian Chromium) on a 360 px phone: nothing overflows sideways and a
bidan can verify, return and mark a follow-up with taps alone (no JavaScript on these pages)."""
import threading
from datetime import date, timedelta

import pytest
from werkzeug.serving import make_server

from posyandu_app.extensions import db
from posyandu_app.models import GrowthVisit
from posyandu_app.services import assessment
from tests.factories import PASSWORD

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2,
         "locale": "id-ID"}


@pytest.fixture
def review_site(app, make):
    """A live server on a puskesmas with real (assessed) visits; yields (base url, ids)."""
    from tests.web.review_helpers import build_world
    world = build_world(make)
    today = date.today()
    ids = {}
    for name, length in (("Rizky Pratama Saputra Wijaya", 70.0), ("Dewi Lestari", 79.0)):
        child = make.person(world.posyandu, name=name, sex="M", birth_date=today - timedelta(days=640))
        for months_back in (2, 1, 0):
            visit = make.growth(child, visit_date=today - timedelta(days=30 * months_back), weight_kg=9.0,
                                length_cm=length + 0.5 * (2 - months_back), measured="L",
                                status="verified" if months_back else "submitted")
            assessment.assess_growth(visit)
        ids[name] = (child.id, visit.id)
    twin = make.person(world.posyandu, name="Dewi Lestari", sex="M", birth_date=today - timedelta(days=640),
                       duplicate_of_id=ids["Dewi Lestari"][0], duplicate_reason="name_birth_mother")
    ids["twin"] = twin.id
    db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", world, ids
    server.shutdown()
    thread.join()


def _login(page, base, user):
    page.goto(f"{base}/login")
    page.fill("#username", user.username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def _no_sideways_scroll(page):
    # Compared with the device width: a mobile browser widens innerWidth to fit overflowing content.
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]


@pytest.mark.browser_context_args(**PHONE)
def test_review_pages_fit_a_phone_and_work_with_taps(page, review_site):
    base, world, ids = review_site
    _login(page, base, world.bidan)
    child_id, visit_id = ids["Rizky Pratama Saputra Wijaya"]
    for path in ("/review", f"/review/growth/{visit_id}", "/high-risk", f"/people/{child_id}", "/people?q=dewi",
                 "/people/duplicates", f"/people/{ids['twin']}/duplicate"):
        page.goto(base + path)
        assert page.locator("h1").first.is_visible(), path
        assert _no_sideways_scroll(page), path

    # Return one submission with a note, verify the other from its queue card.
    page.goto(f"{base}/review/growth/{visit_id}")
    page.fill("#note", "perlu diperbaiki: ukur ulang panjang badan")
    page.click("text=Kembalikan ke kader")
    assert page.locator(".flash-success").is_visible()
    page.goto(f"{base}/review")
    assert page.locator(".queue-item").count() == 1
    page.locator(".queue-item button", has_text="Verifikasi").click()
    assert "Tidak ada kiriman baru" in page.content()

    # The stunted child is on the high-risk list; mark the follow-up.
    page.goto(f"{base}/high-risk?reason=stunting")
    row = page.locator("tr", has_text="Rizky Pratama Saputra Wijaya")
    row.locator("input[name=note]").fill("dirujuk ke puskesmas")
    row.locator("button").click()
    assert page.locator("tr", has_text="Rizky Pratama Saputra Wijaya").locator(".badge-ok").is_visible()

    db.session.expire_all()
    statuses = {db.session.get(GrowthVisit, vid).status for _, vid in (ids["Rizky Pratama Saputra Wijaya"],
                                                                       ids["Dewi Lestari"])}
    assert statuses == {"returned", "verified"}
