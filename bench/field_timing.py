"""Field app timings on a throttled phone (Chromium, 360x740, CPU slowed 4x), offline, 2,000 people on the roster.

Prints: opening the growth form (tap to painted form), saving a growth check to its result, and roster search per
keystroke. Budgets (DESIGN.md §7): growth form <= 300 ms; search <= 50 ms per keystroke. Not a test: numbers only.
Usage: python bench/field_timing.py
"""
import statistics
import sys
import tempfile
import threading
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from config import Config  # noqa: E402
from posyandu_app import create_app  # noqa: E402
from posyandu_app.extensions import db  # noqa: E402
from posyandu_app.models import Facility, FacilityKind, Person, Role, SyncCounter, User  # noqa: E402
from posyandu_app.services.registry import normalize_name  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FIRST = ["Siti", "Aisyah", "Nur", "Dewi", "Putri", "Budi", "Agus", "Rizky", "Dimas", "Fajar", "Andi", "Yusuf"]
LAST = ["Rahmawati", "Saputra", "Hidayat", "Susanto", "Wijaya", "Pratama", "Lestari", "Nugroho", "Kurniawan"]
PEOPLE = 2000


def build(workdir):
    class BenchConfig(Config):
        SECRET_KEY = "bench"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{workdir}/bench.sqlite3"

    app = create_app(BenchConfig)
    with app.app_context():
        db.create_all()
        db.session.add(SyncCounter(id=1, value=0))
        pkm = Facility(kind=FacilityKind.PUSKESMAS, code="PKM", name="Puskesmas")
        pst = Facility(kind=FacilityKind.PUSTU, code="PST", name="Pustu", parent=pkm)
        pos = Facility(kind=FacilityKind.POSYANDU, code="POS", name="Posyandu Mawar", parent=pst)
        kader = User(username="kader", full_name="Kader", role=Role.KADER, facility=pos)
        kader.set_password("rahasia-123")
        db.session.add_all([pkm, pst, pos, kader])
        db.session.flush()
        today = date.today()
        for i in range(PEOPLE):
            name = f"{FIRST[i % 12]} {LAST[(i // 12) % 9]} {i}"
            mother = f"{FIRST[(i + 3) % 5]} {LAST[i % 9]}"
            db.session.add(Person(posyandu_id=pos.id, name=name, name_normalized=normalize_name(name),
                                  sex="MF"[i % 2], birth_date=today - timedelta(days=30 + (i * 37) % 30000),
                                  mother_name=mother, mother_name_normalized=normalize_name(mother)))
        db.session.commit()
        child = Person.query.filter(Person.birth_date > today - timedelta(days=700)).first().id
    return app, child


def main():
    with tempfile.TemporaryDirectory() as workdir:
        app, child = build(workdir)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                f"{workdir}/profile", executable_path="/usr/bin/chromium", args=ARGS,
                viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, device_scale_factor=2)
            page = context.pages[0]
            page.goto(f"{url}/app#/login")
            page.get_by_label("Nama pengguna").fill("kader")
            page.get_by_label("Kata sandi").fill("rahasia-123")
            page.get_by_role("button", name="Masuk", exact=True).click()
            page.wait_for_function("() => navigator.serviceWorker.controller !== null")
            page.wait_for_function(f"() => document.querySelector('#roster-count')?.textContent.includes('{PEOPLE}')",
                                   timeout=60000)
            context.set_offline(True)
            page.reload()
            page.wait_for_selector(".person")
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            report(page, child)
            context.close()
        server.shutdown()


def report(page, child):
    opens, saves = [], []
    for weight in ("8.1", "8.2", "8.3", "8.4", "8.5"):
        page.goto(page.url.split("#")[0] + f"#/person/{child}")
        page.wait_for_selector("#screen[data-screen=detail]")
        opens.append(page.evaluate("""() => new Promise((resolve) => {
            const start = performance.now();
            location.hash = location.hash + '/growth';
            const check = () => {
              if (document.querySelector('#screen[data-screen=growth] input[name=weight_kg]')) {
                requestAnimationFrame(() => resolve(performance.now() - start));
              } else requestAnimationFrame(check);
            };
            check();
        })"""))
        page.get_by_label("Berat badan (kg)", exact=True).fill(weight)
        page.get_by_label("Panjang / tinggi badan (cm)").fill("72")
        saves.append(page.evaluate("""() => new Promise((resolve) => {
            const start = performance.now();
            document.querySelector('#screen form button[type=submit]').click();
            const check = () => {
              if (document.querySelector('[data-testid=result]')) {
                requestAnimationFrame(() => resolve(performance.now() - start));
              } else requestAnimationFrame(check);
            };
            check();
        })"""))
    page.goto(page.url.split("#")[0] + "#/")
    page.wait_for_selector(".person")
    keys = page.evaluate("""() => {
        const input = document.getElementById('q');
        const times = [];
        for (const text of ['s', 'si', 'sit', 'siti', 'siti r', 'siti ra', '3', 'ani', 'budi', '']) {
          const start = performance.now();
          input.value = text;
          input.dispatchEvent(new Event('input'));
          document.body.offsetHeight; // include the layout of the new list
          times.push(performance.now() - start);
        }
        return times;
    }""")
    fmt = lambda xs: f"median {statistics.median(xs):.0f} ms, max {max(xs):.0f} ms (n={len(xs)})"  # noqa: E731
    print(f"CPU 4x slower, offline, {PEOPLE} people on the phone")
    print(f"open the growth form (tap -> painted):   {fmt(opens)}   budget 300 ms")
    print(f"save a growth check -> result shown:     {fmt(saves)}")
    print(f"roster search per keystroke (+ layout):  {fmt(keys)}   budget 50 ms")


if __name__ == "__main__":
    main()
