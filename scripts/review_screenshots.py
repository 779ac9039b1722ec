"""Screenshots of the review pages (docs/screenshots/) on a demo-seeded app, at phone and laptop sizes.

Run: /work/venv/bin/python scripts/review_screenshots.py   (needs Debian's /usr/bin/chromium and Playwright)
The demo gets a few extra records so every page has something to show: a probable duplicate, a returned visit
with its correction, and a follow-up mark.
"""
import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("POSYANDU_INSTANCE", tempfile.mkdtemp(prefix="posyandu-shots-"))

from playwright.sync_api import sync_playwright  # noqa: E402
from sqlalchemy import select  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from posyandu_app import create_app  # noqa: E402
from posyandu_app.extensions import db  # noqa: E402
from posyandu_app.models import GrowthVisit, Person, User  # noqa: E402
from posyandu_app.services import assessment, demo, review  # noqa: E402
from posyandu_app.services.registry import normalize_name  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZES = {"phone": {"width": 360, "height": 740}, "laptop": {"width": 1280, "height": 800}}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def prepare(app):
    """Seed the demo and add the records the review pages are about; returns ids used in the page list."""
    with app.app_context():
        from flask_migrate import upgrade
        upgrade(directory=app.extensions["migrate"].directory)
        demo.seed()
        bidan = db.session.scalar(select(User).where(User.username == "bidan1"))
        child = db.session.scalar(select(Person).join(GrowthVisit, GrowthVisit.person_id == Person.id)
                                  .where(GrowthVisit.status == "submitted", Person.posyandu_id.in_(
                                      review.scope.posyandu_ids(bidan))).order_by(Person.name).limit(1))
        twin = Person(posyandu_id=child.posyandu_id, name=child.name.upper(),
                      name_normalized=normalize_name(child.name),
                      sex=child.sex, birth_date=child.birth_date, mother_name=child.mother_name,
                      mother_name_normalized=child.mother_name_normalized, phone="081234567890",
                      duplicate_of_id=child.id, duplicate_reason="name_birth_mother")
        db.session.add(twin)
        db.session.commit()
        visit = db.session.scalar(select(GrowthVisit).where(GrowthVisit.person_id == child.id,
                                                            GrowthVisit.status == "submitted")
                                  .order_by(GrowthVisit.visit_date.desc()).limit(1))
        review.return_visit(bidan, "growth", visit.id, "Perlu diperbaiki: ukur ulang panjang badan")
        data = {c.key: getattr(visit, c.key) for c in GrowthVisit.__table__.columns
                if c.key not in ("id", "version", "is_current", "supersedes_id", "status", "review_note",
                                 "reviewed_at", "reviewed_by_id", "created_at")}
        visit.is_current = False
        correction = GrowthVisit(**{**data, "length_cm": round((visit.length_cm or 70) + 1.2, 1)},
                                 version=2, supersedes_id=visit.id, status="submitted", is_current=True)
        db.session.add(correction)
        db.session.flush()
        assessment.assess_growth(correction)
        db.session.commit()
        flagged, _ = review.queue(bidan, review.QueueFilter(flagged_only=True), limit=1)
        entity, visit = flagged[0] if flagged else ("growth", correction)
        return {"child": child.id, "twin": twin.id, "correction": correction.id, "flagged": f"{entity}/{visit.id}"}


def main():
    app = create_app()
    ids = prepare(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    pages = [("bidan1", "review-queue", "/review"),
             ("bidan1", "review-visit", f"/review/growth/{ids['correction']}"),
             ("bidan1", "review-flagged", f"/review/{ids['flagged']}"),
             ("supervisor", "high-risk", "/high-risk"),
             ("supervisor", "person", f"/people/{ids['child']}"),
             ("bidan1", "duplicate", f"/people/{ids['twin']}/duplicate"),
             ("bidan1", "people", "/people?q=a")]
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for size, viewport in SIZES.items():
            context = browser.new_context(viewport=viewport, device_scale_factor=1, is_mobile=size == "phone",
                                          locale="id-ID")
            page = context.new_page()
            logged_in = None
            for user, name, path in pages:
                if user != logged_in:
                    context.clear_cookies()
                    page.goto(f"{base}/login")
                    page.fill("#username", user)
                    page.fill("#password", demo.DEMO_PASSWORD)
                    page.click("button[type=submit]")
                    logged_in = user
                page.goto(base + path)
                page.screenshot(path=str(OUT / f"{name}-{size}.png"))
            context.close()
        browser.close()
    server.shutdown()
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main()
