"""Server sections of `python -m bench`: ingest, load, first pull and upload size, reports on the volume seed."""
import gzip
import json
import time
from datetime import date

from . import ingest as ingest_bench
from . import load as load_bench
from . import sqlite_capacity
from .common import app_on, database, psycopg_url, row

MONTHLY_BUDGET_MS = 500
UPLOAD_BUDGET_KB = 30


def ingest(server_url, quick):
    return ingest_bench.run(server_url, quick)


def load(server_url, quick):
    return load_bench.run(server_url, quick)


def sqlite(server_url, quick):
    return sqlite_capacity.run(server_url, quick)


def pull(server_url, quick):
    """One posyandu, 300 persons, 2 years of visits pushed as phones do; then a kader's first pull over HTTP."""
    from .pull_size import first_pull
    from .seed_posyandu import PASSWORD, make_kader, posyandu_ops, push_all
    from posyandu_app.extensions import db

    with database(server_url, "pull") as url:
        app = app_on(url)
        with app.app_context():
            kader = make_kader()
            ops = posyandu_ops(date.today())
            push_all(kader, ops)
            username = kader.username
        growth = [dict(op, recorded_at=op["recorded_at"].isoformat()) for op in ops if op["entity"] == "growth"][:100]
        upload = len(gzip.compress(json.dumps({"device_id": "phone", "ops": growth}).encode(), 6)) / 1024
        client = app.test_client()
        client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
        first_pull(client, 1000)  # warm-up
        timings = []
        for _ in range(2 if quick else 5):
            started = time.perf_counter()
            pages, changes, raw, wire = first_pull(client, 1000)
            timings.append(time.perf_counter() - started)
        compact = []
        for _ in range(2 if quick else 5):
            started = time.perf_counter()
            pages2, changes2, raw2, wire2 = first_pull(client, 2000, version=2)
            compact.append(time.perf_counter() - started)
        with app.app_context():
            db.engine.dispose()
    records = len(changes)
    return [
        row("pull", f"first pull v1: {records} records, gzip on the wire", wire / 1024, "KB",
            note=f"{pages} pages of 1,000; raw {raw / 1024:.0f} KB; {wire / records:.0f} B/record; phones before v2"),
        row("pull", f"first pull v2: {len(changes2)} records, gzip on the wire", wire2 / 1024, "KB", "<= 200 KB",
            wire2 / 1024 <= 200, note=f"{pages2} pages of 2,000 (the phone's); raw {raw2 / 1024:.0f} KB; "
            f"{wire2 / len(changes2):.0f} B/record; a bidan of 5 such posyandu: "
            "`python -m bench.pull_size --posyandu 5`"),
        row("pull", "first pull v1: server time, all pages (test client)", min(timings) * 1000, "ms",
            note=f"best of {len(timings)}; no budget"),
        row("pull", "first pull v2: server time, all pages (test client)", min(compact) * 1000, "ms",
            note=f"best of {len(compact)}; no budget"),
        row("pull", "upload of 100 growth visits (push body, gzip)", upload, "KB", f"<= {UPLOAD_BUDGET_KB} KB",
            upload <= UPLOAD_BUDGET_KB),
    ]


def reports(server_url, quick):
    """The volume seed (15,000 persons, ~100,000 visits), then each report: median of runs, service and HTTP."""
    from .reports import run
    from .seed_volume import seed
    from posyandu_app.services.reports.periods import Month

    with database(server_url, "reports") as url:
        started = time.perf_counter()
        counts = seed(psycopg_url(url))
        seeded = time.perf_counter() - started
        visits = counts["growth_visit"] + counts["pregnancy_visit"] + counts["screening"]
        month = Month.parse(None).shift(-1)
        results = run(url, month, runs=3 if quick else 7)
    rows = [row("reports", f"volume seed: {counts['person']:,} persons, {visits:,} visits", seeded, "s",
                note="bulk Core inserts")]
    for name, median, worst in results:
        monthly = name.startswith("monthly SKDN/F2, puskesmas") or name.startswith("HTTP GET /reports/monthly ")
        rows.append(row("reports", name, median, "ms", f"<= {MONTHLY_BUDGET_MS} ms" if monthly else "",
                        median <= MONTHLY_BUDGET_MS if monthly else None, f"median, max {worst:.0f} ms"))
    return rows
