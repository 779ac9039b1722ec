"""Screenshots of the field app's main screens at 360x740 (docs/screenshots/), from the demo data, offline.

Usage: python scripts/field_screenshots.py   (needs Chromium at /usr/bin/chromium and Playwright for Python)
"""
import sys
import tempfile
import threading
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from config import Config  # noqa: E402
from posyandu_app import create_app  # noqa: E402
from posyandu_app.extensions import db  # noqa: E402
from posyandu_app.models import GrowthVisit, Person, SyncCounter, User  # noqa: E402
from posyandu_app.services import demo  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def build_app(workdir):
    class ScreenshotConfig(Config):
        SECRET_KEY = "screenshots"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{workdir}/demo.sqlite3"

    app = create_app(ScreenshotConfig)
    with app.app_context():
        db.create_all()
        db.session.add(SyncCounter(id=1, value=0))
        db.session.commit()
        demo.seed()
        kader = User.query.filter_by(username="kader1").one()
        children = Person.query.filter_by(posyandu_id=kader.facility_id, left_on=None).filter(
            Person.birth_date > date.today() - timedelta(days=1800)).order_by(Person.birth_date.desc()).all()
        moved = Person.query.filter(Person.left_on.is_not(None)).first()
        weighed_children = []
        for child in children:
            visit = GrowthVisit.query.filter_by(person_id=child.id).order_by(GrowthVisit.visit_date.desc()).first()
            if visit is not None and visit.weight_kg and visit.length_cm:
                weighed_children.append((child, visit))
        (child, youngest), (_, returned) = weighed_children[:2]
        returned.status = "returned"
        returned.review_note = "Panjang badan turun 3 cm dari bulan lalu: ukur ulang telentang."
        weighed = {"name": child.name, "id": child.id, "birth_date": child.birth_date.isoformat(),
                   "mother_name": child.mother_name, "weight": round(youngest.weight_kg + 0.3, 1),
                   "length": round(youngest.length_cm + 1.2, 1), "moved_id": moved.id}
        db.session.commit()
    return app, weighed


def main():
    with tempfile.TemporaryDirectory() as workdir:
        app, weighed = build_app(workdir)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                f"{workdir}/profile", executable_path="/usr/bin/chromium", args=ARGS,
                viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, device_scale_factor=2,
                locale="id-ID")
            page = context.pages[0]
            shots = Shots(page, url, weighed)
            shots.run()
            context.close()
        server.shutdown()


class Shots:
    def __init__(self, page, url, weighed):
        self.page, self.url, self.weighed = page, url, weighed

    def snap(self, name, scroll_to=None):
        """A 360x740 screenshot, optionally scrolled so `scroll_to` sits at the top (under the bar)."""
        if scroll_to:
            self.page.locator(scroll_to).first.evaluate(
                "el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 60)")
        self.page.wait_for_timeout(300)
        self.page.screenshot(path=str(OUT / f"{name}.png"))
        print("saved", name)

    def run(self):
        page = self.page
        page.goto(f"{self.url}/app")
        page.wait_for_selector("#screen[data-screen=login]")
        self.snap("01-login")
        page.get_by_label("Nama pengguna").fill("kader1")
        page.get_by_label("Kata sandi").fill(demo.DEMO_PASSWORD)
        page.get_by_role("button", name="Masuk", exact=True).click()
        page.wait_for_selector(".person")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        page.context.set_offline(True)
        page.reload()
        page.wait_for_selector(".person")
        self.snap("02-roster-offline")
        page.goto(f"{self.url}/app#/person/{self.weighed['id']}")
        page.wait_for_selector("#screen[data-screen=detail]")
        self.snap("03-person")
        page.get_by_role("link", name="Timbang & ukur").click()
        page.get_by_label("Berat badan (kg)", exact=True).fill(str(self.weighed["weight"]).replace(".", ","))
        page.get_by_label("Panjang / tinggi badan (cm)").fill(str(self.weighed["length"]).replace(".", ","))
        self.snap("04-growth-form")
        page.get_by_role("button", name="Simpan & lihat hasil").click()
        page.wait_for_selector("[data-testid=result]")
        self.snap("05-growth-result", scroll_to="[data-testid=result]")
        self.snap("06-growth-chart", scroll_to="svg.chart")
        page.locator("#tabs a[data-tab=roster]").click()
        page.fill("#q", "")
        page.get_by_role("button", name="Ibu hamil").click()
        page.locator(".person").first.click()
        page.get_by_role("link", name="Kunjungan hamil").click()
        page.get_by_label("Gerakan janin berkurang / tidak terasa").check()
        self.snap("07-anc-danger-sign", scroll_to="fieldset[data-field=danger_signs]")
        page.get_by_label("Tekanan darah sistolik (mmHg)").fill("145")
        page.get_by_label("Tekanan darah diastolik (mmHg)").fill("95")
        page.get_by_label("Hb (g/dL)").fill("10,2")
        page.get_by_label("LiLA (cm)").fill("22,8")
        page.get_by_role("button", name="Simpan & lihat hasil").click()
        page.wait_for_selector("[data-testid=result]")
        self.snap("08-anc-result", scroll_to="[data-testid=result]")
        page.locator("#tabs a[data-tab=roster]").click()
        page.fill("#q", "")
        page.get_by_role("button", name="Lansia").click()
        page.locator(".person").first.click()
        page.get_by_role("link", name="Skrining lansia").click()
        self.snap("09-elderly-form", scroll_to="[data-field=smoker]")  # SKILAS and ADL folded under their titles
        page.get_by_label("Berat badan (kg)", exact=True).fill("52")
        page.get_by_label("Tinggi badan (cm)").fill("158")
        page.get_by_label("Lingkar perut (cm)").fill("92")
        page.get_by_label("Tekanan darah sistolik (mmHg)").fill("162")
        page.get_by_label("Tekanan darah diastolik (mmHg)").fill("96")
        page.get_by_label("Gula darah (mg/dL)").fill("215")
        page.locator("fieldset[data-field=smoker]").get_by_label("Tidak").check()
        page.locator("details[data-section=skilas] > summary").click()
        self.snap("09b-elderly-form-skilas-open", scroll_to="details[data-section=skilas]")
        page.locator("details[data-section=adl] > summary").click()
        page.get_by_label("Tidak bisa berdiri dari kursi 5 kali tanpa tangan dalam 14 detik").check()
        for select in page.locator("fieldset[data-field=adl] select").all():
            select.select_option(index=select.locator("option").count() - 1)
        page.get_by_label("Berjalan", exact=True).select_option("2")
        page.get_by_role("button", name="Simpan & lihat hasil").click()
        page.wait_for_selector("[data-testid=result]")
        self.snap("10-elderly-result", scroll_to="[data-testid=result]")
        page.locator("#tabs a[data-tab=roster]").click()
        page.get_by_role("link", name="+ Daftar baru").click()
        page.get_by_label("Nama lengkap").fill(self.weighed["name"].upper())
        page.get_by_label("Perempuan").check()
        page.get_by_label("Tanggal lahir").fill(date.fromisoformat(self.weighed["birth_date"]).strftime("%d/%m/%Y"))
        page.get_by_label("Nama ibu kandung").fill(f"Ibu {self.weighed['mother_name']}")
        page.get_by_role("button", name="Simpan", exact=True).click()
        page.get_by_test_id("duplicates").wait_for()
        self.snap("11-register-duplicate-check", scroll_to="[data-field=phone]")
        page.locator("#tabs a[data-tab=outbox]").click()
        page.wait_for_selector("#send-now")
        self.snap("12-outbox-offline")
        self.snap("13-needs-correction", scroll_to="#needs-fix")
        page.locator("#tabs a[data-tab=settings]").click()
        page.wait_for_selector("#export")
        self.snap("14-settings")
        page.goto(f"{self.url}/app#/person/{self.weighed['moved_id']}")
        page.wait_for_selector("#screen[data-screen=detail]")
        self.snap("15-left-register")
        page.get_by_role("link", name="Ubah data").click()
        page.get_by_label("Alasan keluar").wait_for()
        self.snap("16-left-register-form", scroll_to="fieldset[data-testid=left]")


if __name__ == "__main__":
    main()
