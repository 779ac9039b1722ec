"""Screenshots of the immunization programme pages on a demo-seeded app (docs/screenshots/): the bidan's due list
on a phone (360x740) and the PWS immunization table on a laptop (1280x800).

    .venv/bin/python scripts/programme_screenshots.py [--out docs/screenshots]
Uses Debian's Chromium (/usr/bin/chromium) through Playwright; a throwaway SQLite database in a temp directory.
"""
import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from report_screenshots import CHROMIUM_ARGS, serve  # noqa: E402
from posyandu_app.services import demo  # noqa: E402

SHOTS = [  # (file, user, path, viewport, element to frame or None for the full page)
    ("immunization-due-phone.png", "bidan1", "/immunization/due", {"width": 360, "height": 740}, None),
    ("report_pws_immunization_desktop.png", "supervisor", "/reports/pws", {"width": 1280, "height": 800},
     "[data-programme=immunization]"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="docs/screenshots")
    out = Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server = serve(Path(tmp) / "shots.sqlite3")
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for name, user, path, viewport, element in SHOTS:
                phone = viewport["width"] < 600
                context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone,
                                              device_scale_factor=2 if phone else 1)
                page = context.new_page()
                page.goto(f"{base}/login")
                page.fill("#username", user)
                page.fill("#password", demo.DEMO_PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_url(f"{base}/")
                page.goto(f"{base}{path}")
                target = page.locator(element) if element else page
                target.screenshot(path=str(out / name), **({} if element else {"full_page": True}))
                print("saved", out / name)
                context.close()
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
