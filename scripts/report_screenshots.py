"""Screenshots of the report pages on a demo-seeded app (docs/screenshots/), at 1280x800 and 360x740.

    /work/venv/bin/python scripts/report_screenshots.py [--out docs/screenshots]
Uses Debian's Chromium (/usr/bin/chromium) through Playwright; a throwaway SQLite database in a temp directory.
"""
import argparse
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from config import Config  # noqa: E402
from posyandu_app import create_app  # noqa: E402
from posyandu_app.services import demo  # noqa: E402
from posyandu_app.services.reports.periods import Month  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# (file name, path, months back): the demo screens adults every third month, two months ago being the latest.
PAGES = [("reports_index", "/reports", 0), ("report_monthly", "/reports/monthly", 0), ("report_pws", "/reports/pws", 0),
         ("report_pregnancy", "/reports/pregnancy", 0), ("report_screening", "/reports/screening", 2),
         ("report_late", "/reports/late", 0), ("report_monthly_posyandu", "/reports/monthly", 0)]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}


def serve(database: Path):
    class ShotConfig(Config):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{database}"
        SECRET_KEY = "screenshots-only"

    app = create_app(ShotConfig)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        demo.seed()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--user", default="supervisor")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server = serve(Path(tmp) / "shots.sqlite3")
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for label, viewport in VIEWPORTS.items():
                phone = label == "phone"
                context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone,
                                              device_scale_factor=2 if phone else 1)
                page = context.new_page()
                page.goto(f"{base}/login")
                page.fill("#username", args.user)
                page.fill("#password", demo.DEMO_PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_url(f"{base}/")
                for name, path, back in PAGES:
                    month = Month.parse(None).shift(-back).key
                    page.goto(f"{base}{path}?month={month}")
                    if name.endswith("_posyandu"):  # one posyandu: the first under the first desa in the picker
                        page.select_option("#unit", index=2)
                        page.click(".report-filters button[type=submit]")
                        page.wait_for_load_state()
                    page.screenshot(path=str(out / f"{name}_{label}.png"), full_page=True)
                    print("saved", out / f"{name}_{label}.png")
                context.close()
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
