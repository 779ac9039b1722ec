"""Sync ingest on PostgreSQL: growth batches of 100 and 500 through the real endpoint, next to a raw bulk INSERT.

In-process (Flask test client: JSON, schemas, service, one commit) and through gunicorn on loopback (HTTP, cookies,
CSRF, gzip), one request at a time; the raw INSERT of the same rows runs in the same database in the same run.
"""
import statistics
import time
from datetime import date, timedelta

from sqlalchemy import delete, insert, select

from posyandu_app.extensions import db
from posyandu_app.models import AppliedOp, AuditLog, ChangeLog, GrowthVisit, User
from posyandu_app.services.serialize import serialize

from .common import Client, app_on, database, gunicorn, load_average, row
from .push_speed import children, growth_batch, raw_insert
from .seed_posyandu import PASSWORD, make_kader

BUDGET_OPS = 2000
BUDGET_RATIO = 1 / 3


class Dates:
    """Every batch of every phase weighs the children on a later day than the one before (a normal month)."""

    def __init__(self):
        self.day = date.today() - timedelta(days=290)

    def next(self):
        self.day += timedelta(days=7)
        return self.day


def _rounds(person_ids, size, rounds, dates):
    """`rounds` × 500 ops as batches of `size`: each round weighs all 500 children on one day."""
    for _ in range(rounds):
        day = dates.next()
        ops = growth_batch(person_ids, day)
        for start in range(0, len(ops), size):
            yield ops[start:start + size]


def _check(status, body):
    if status != 200:
        raise RuntimeError(f"push answered HTTP {status}: {str(body)[:300]}")
    statuses = {result["status"] for result in body["results"]}
    if statuses != {"applied"}:
        raise RuntimeError(f"push results {statuses}")


def _measure(send, person_ids, size, rounds, dates) -> float:
    total, elapsed = 0, 0.0
    for ops in _rounds(person_ids, size, rounds, dates):
        started = time.perf_counter()
        _check(*send(ops))
        elapsed += time.perf_counter() - started
        total += len(ops)
    return total / elapsed


def _raw(kader, person_ids, size, repeats=9) -> float:
    """Median rows/s of a raw multi-row INSERT of `size` growth rows (inserted, timed, deleted)."""
    samples = []
    for n in range(repeats + 1):
        ops = growth_batch(person_ids[:size], date.today() - timedelta(days=295))
        started = time.perf_counter()
        raw_insert(kader, ops)
        seconds = time.perf_counter() - started
        db.session.execute(delete(GrowthVisit).where(GrowthVisit.id.in_([op["id"] for op in ops])))
        db.session.commit()
        if n:  # the first one warms the connection and the statement
            samples.append(size / seconds)
    return statistics.median(samples)


def _raw_all(kader, person_ids, size, repeats=9) -> float:
    """Median ops/s of writing, with raw multi-row INSERTs in one transaction, every row ingest writes per op:
    the visit (with a real results JSON), its applied-op answer, its audit row and its change-log row."""
    template = serialize("growth", db.session.scalars(select(GrowthVisit).limit(1)).one())
    samples = []
    for n in range(repeats + 1):
        ops = growth_batch(person_ids[:size], date.today() - timedelta(days=295))
        visits, applied, audits, changes = [], [], [], []
        for k, op in enumerate(ops):
            record = {**template, "id": op["id"], "person_id": op["data"]["person_id"]}
            visits.append({"id": op["id"], "person_id": record["person_id"], "posyandu_id": kader.facility_id,
                           "visit_date": date.fromisoformat(op["data"]["visit_date"]), "weight_kg": 9.1,
                           "length_cm": 74.2, "measured": "L", "muac_cm": 14.1, "status": "submitted", "version": 1,
                           "is_current": True, "results": template["results"],
                           "tb_symptoms": []})
            applied.append({"op_id": op["op_id"], "device_id": "raw", "user_id": kader.id, "entity": "growth",
                            "record_id": op["id"], "status": "applied",
                            "result": {"op_id": op["op_id"], "status": "applied", "record": record}})
            audits.append({"user_id": kader.id, "action": "create", "entity": "growth", "record_id": op["id"],
                           "before": None, "after": record})
            changes.append({"seq": 10**12 + n * 1000 + k, "posyandu_id": kader.facility_id, "entity": "growth",
                            "record_id": op["id"], "deleted": False, "day": visits[-1]["visit_date"]})
        started = time.perf_counter()
        for model, rows in ((GrowthVisit, visits), (AppliedOp, applied), (AuditLog, audits), (ChangeLog, changes)):
            db.session.execute(insert(model), rows)
        db.session.commit()
        seconds = time.perf_counter() - started
        ids = [op["id"] for op in ops]
        db.session.execute(delete(ChangeLog).where(ChangeLog.record_id.in_(ids)))
        db.session.execute(delete(AuditLog).where(AuditLog.record_id.in_(ids)))
        db.session.execute(delete(AppliedOp).where(AppliedOp.record_id.in_(ids)))
        db.session.execute(delete(GrowthVisit).where(GrowthVisit.id.in_(ids)))
        db.session.commit()
        if n:
            samples.append(size / seconds)
    return statistics.median(samples)


def run(server_url: str, quick: bool = False) -> list:
    rounds = 2 if quick else 4
    rows = []
    with database(server_url, "ingest") as url:
        app = app_on(url)
        with app.app_context():
            kader = make_kader()
            person_ids = children(kader)
            username, kader_id = kader.username, kader.id
            raw = {size: _raw(kader, person_ids, size) for size in (100, 500)}
        dates = Dates()
        client = app.test_client()
        client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})

        def in_process(ops):
            response = client.post("/api/v1/sync/push", json={"device_id": "bench", "ops": ops})
            return response.status_code, response.get_json()

        in_process(next(_rounds(person_ids, 500, 1, dates)))  # warm-up: imports, plans, caches
        measured = {}
        for size in (500, 100):
            measured[("test client", size)] = _measure(in_process, person_ids, size, rounds, dates), load_average()
        with app.app_context():
            kader = db.session.get(User, kader_id)
            raw_all = {size: _raw_all(kader, person_ids, size) for size in (100, 500)}
            db.engine.dispose()
        with gunicorn(url) as port:
            http = Client(port, timeout=120)
            http.login(username, PASSWORD)

            def over_http(ops):
                return http.request("POST", "/api/v1/sync/push", {"device_id": "bench-http", "ops": ops})

            over_http(next(_rounds(person_ids, 500, 1, dates)))  # warm-up of both workers' first request
            over_http(next(_rounds(person_ids, 500, 1, dates)))
            for size in (500, 100):
                measured[("gunicorn", size)] = _measure(over_http, person_ids, size, rounds, dates), load_average()
            http.close()
    for size in (100, 500):
        rows.append(row("ingest", f"raw bulk INSERT, {size} growth rows (baseline)", raw[size], "rows/s",
                        note="one multi-row INSERT, no checks, no log, no audit"))
        rows.append(row("ingest", f"raw INSERTs of all 4 rows per op, {size} ops (floor)", raw_all[size], "ops/s",
                        note="visit + applied op + audit + change log, JSON included, one transaction"))
    for (via, size), (ops_per_second, load) in measured.items():
        ratio = ops_per_second / raw[size]
        rows.append(row("ingest", f"push {size}-op growth batches, {via}", ops_per_second, "ops/s",
                        f">= {BUDGET_OPS:,} ops/s", ops_per_second >= BUDGET_OPS,
                        f"{rounds * 500} ops, one request at a time; "
                        f"{ops_per_second / raw_all[size]:.0%} of the 4-row floor"))
        rows.append(row("ingest", f"push {size}-op batches, {via} / raw INSERT", ratio, "%", ">= 33%",
                        ratio >= BUDGET_RATIO))
        rows[-2].load = rows[-1].load = load
    return rows
