"""Client sections of `python -m bench`: transfer sizes and compression, Lighthouse mobile, throttled field timings."""
import gzip
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .common import PYTHON, ROOT, Client, app_on, database, gunicorn, row
from .seed_posyandu import PASSWORD, make_kader

BENCH = Path(__file__).resolve().parent
SHELL_BUDGET_KB, RULES_BUDGET_KB = 60, 120
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
                "--disable-component-update --disable-sync")


def _gz(data: bytes) -> float:
    return len(gzip.compress(data, 6)) / 1024


def _br(data: bytes) -> float:
    import brotli  # Flask-Compress's dependency: the server's own encoder, at its level (assets.py)
    return len(brotli.compress(data, quality=5)) / 1024


def _precache(client) -> list[str]:
    """The field app's precache list from /sw.js (the PWA), or [] before the PWA exists."""
    response = client.get("/sw.js")
    source = response.get_data(as_text=True)
    if response.status_code != 200 or "const PRECACHE = " not in source:
        return []
    return json.loads(source.split("const PRECACHE = ", 1)[1].split(";\n", 1)[0]) + ["/sw.js"]


def sizes(server_url, quick):
    """gzip transfer of the app shell and the rule data, and that responses really are compressed and cached."""
    with tempfile.TemporaryDirectory() as workdir:
        app = app_on(f"sqlite:///{workdir}/bench.sqlite3")
        client = app.test_client()
        urls = _precache(client)
        rows = []
        twins = []
        if urls:
            twins = [u for u in urls if u.startswith("/static/js/rules/")]
            shell = [u for u in urls if not u.startswith(("/static/data/", "/static/i18n/", "/static/icons/",
                                                           "/static/js/rules/")) and not u.endswith(".webmanifest")]
            rules = [u for u in urls if u.startswith("/static/data/")]
            catalogs = [u for u in urls if u.startswith("/static/i18n/")]
            what = f"field app shell: {len(shell)} files (HTML + CSS + JS of every screen, sw.js)"
        else:
            page = client.get("/login")
            html = page.get_data(as_text=True)
            shell = ["/login"] + re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js)[^"]*)"', html)
            rules = [f"/static/data/{p.name}" for p in sorted((ROOT / "posyandu_app/static/data").glob("*.json"))]
            catalogs = []
            what = f"login page shell: {len(shell)} files (no PWA on this branch yet)"

        def total(group, size=_gz):
            return sum(size(client.get(u).data) for u in group)

        shell_kb, rules_kb, twins_kb = total(shell), total(rules), total(twins)
        rows.append(row("client", what, shell_kb, "KB", f"<= {SHELL_BUDGET_KB} KB gzip", shell_kb <= SHELL_BUDGET_KB,
                        f"gzip -6 per file; brotli -5 as the server sends it: {total(shell, _br):.1f} KB"))
        if twins:
            both = shell_kb + twins_kb
            rows.append(row("client", f"  the same + the {len(twins)} rule twins (static/js/rules)", both, "KB",
                            note=f"brotli {total(shell + twins, _br):.1f} KB; over 60 KB if the twins count as shell "
                                 "(they load when a form opens, cached once with the rule data)"))
        rows.append(row("client", f"rule data: {len(rules)} JSON files incl. WHO tables", rules_kb, "KB",
                        f"<= {RULES_BUDGET_KB} KB gzip", rules_kb <= RULES_BUDGET_KB))
        if twins:
            rows.append(row("client", "rule twins + rule data (all rule code and data, cached once)",
                            rules_kb + twins_kb, "KB", f"<= {RULES_BUDGET_KB} KB gzip",
                            rules_kb + twins_kb <= RULES_BUDGET_KB))
        if catalogs:
            rows.append(row("client", f"catalogs: {len(catalogs)} i18n JSON files", total(catalogs), "KB",
                            note="precached; not in either budget"))
        rows.append(_compression(client, shell + twins + rules + catalogs))
    return rows


def _compression(client, urls):
    """Every text response above the minimum size comes back brotli/gzip; hashed static URLs are immutable."""
    compressed, plain, immutable, hashed = 0, [], 0, 0
    for url in urls:
        response = client.get(url, headers={"Accept-Encoding": "br, gzip"})
        if len(response.data) >= 512 or response.headers.get("Content-Encoding"):
            if response.headers.get("Content-Encoding") in ("br", "gzip"):
                compressed += 1
            else:
                plain.append(url)
        if "v=" in url:
            hashed += 1
            immutable += "immutable" in response.headers.get("Cache-Control", "")
    ok = not plain and immutable == hashed
    note = f"{immutable}/{hashed} hashed URLs immutable for a year" + (f"; NOT compressed: {plain}" if plain else "")
    return row("client", "responses compressed (br/gzip)", compressed, f"of {compressed + len(plain)}",
               "all", ok, note)


def _lighthouse_binary():
    """bench/node_modules/.bin/lighthouse, installed from bench/package-lock.json on first use; None without npm."""
    binary = BENCH / "node_modules" / ".bin" / "lighthouse"
    if binary.exists():
        return binary
    npm = shutil.which("npm")
    if not npm:
        return None
    command = [npm, "ci" if (BENCH / "package-lock.json").exists() else "install", "--no-audit", "--no-fund"]
    subprocess.run(command, cwd=BENCH, check=True, timeout=600)
    return binary if binary.exists() else None


def lighthouse(server_url, quick):
    binary = _lighthouse_binary()
    if binary is None:
        return [row("lighthouse", "Lighthouse skipped", None, "", note="npm not found: install Node 20 + npm")]
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    rows = []
    with database(server_url, "lighthouse") as url:
        app = app_on(url)
        with app.app_context():
            username = make_kader().username
        with gunicorn(url) as port:
            client = Client(port)
            client.login(username, PASSWORD)
            pages = [("login page", "/login", None)]
            if client.request("GET", "/app")[0] == 200:
                pages.append(("field app shell /app", "/app", client.cookie))
            for label, path, cookie in pages:
                rows += _lighthouse_page(binary, chromium, port, label, path, cookie)
            client.close()
    return rows


def _lighthouse_page(binary, chromium, port, label, path, cookie):
    with tempfile.TemporaryDirectory() as workdir:
        output = Path(workdir) / "report.json"
        command = [str(binary), f"http://127.0.0.1:{port}{path}", f"--chrome-flags={CHROME_FLAGS}", "--output=json",
                   f"--output-path={output}", "--quiet", "--only-categories=performance,accessibility"]
        if cookie:
            command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
        subprocess.run(command, check=True, timeout=240, env={"CHROME_PATH": chromium, "PATH": "/usr/bin:/bin"})
        report = json.loads(output.read_text())
    audits, categories = report["audits"], report["categories"]
    performance = round(categories["performance"]["score"] * 100)
    accessibility = round(categories["accessibility"]["score"] * 100)
    lcp, tbt = audits["largest-contentful-paint"]["numericValue"], audits["total-blocking-time"]["numericValue"]
    total_kb = audits["total-byte-weight"]["numericValue"] / 1024
    return [row("lighthouse", f"{label}: performance", performance, "", ">= 95", performance >= 95,
                "mobile, simulated slow 4G, 4x CPU"),
            row("lighthouse", f"{label}: accessibility", accessibility, "", ">= 95", accessibility >= 95),
            row("lighthouse", f"{label}: LCP", lcp / 1000, "s", "<= 1.5 s", lcp <= 1500),
            row("lighthouse", f"{label}: TBT", tbt, "ms"),
            row("lighthouse", f"{label}: total bytes", total_kb, "KB", note="transferred, first visit")]


def field(server_url, quick):
    """bench/field_timing.py (from the PWA): growth form and roster search at 4x CPU throttle, 2,000 persons."""
    script = BENCH / "field_timing.py"
    if not script.exists():
        return [row("field", "field timings skipped", None, "", note="bench/field_timing.py arrives with the PWA")]
    done = subprocess.run([PYTHON, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    if done.returncode:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "field_timing failed")
    figures = {}
    for line in done.stdout.splitlines():
        found = re.search(r"median (\d+) ms, max (\d+) ms", line)
        if found:
            figures[line.split(":", 1)[0].strip()] = (int(found[1]), int(found[2]))
    rows = []
    for key, label, budget in (("open the growth form", "open the growth form offline, 4x CPU", 300),
                               ("save a growth check", "save a growth check -> result, 4x CPU", None),
                               ("roster search per keystroke", "roster search, 2,000 persons, 4x CPU", 50)):
        match = next((value for name, value in figures.items() if name.startswith(key)), None)
        if match:
            rows.append(row("field", label, match[0], "ms", f"<= {budget} ms" if budget else "",
                            match[0] <= budget if budget else None, f"median, max {match[1]} ms"))
    return rows
