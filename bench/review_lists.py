"""Benchmark: the supervisor's high-risk list and review queue on a puskesmas with ~100,000 visits (prints ms).

Run against PostgreSQL:  BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test python bench/review_lists.py
It creates and drops a database of its own. Rows are bulk-inserted with plausible promoted columns (about 8% of
children stunted, 3% wasted, ...); the numbers measure the queries, not the domain rules.
"""
import os
import random
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import TestConfig  # noqa: E402
from posyandu_app import create_app  # noqa: E402
from posyandu_app.extensions import db  # noqa: E402
from posyandu_app.models import (Facility, FacilityKind, GrowthVisit, Person, Role, Screening,  # noqa: E402
                                 SyncCounter, User)
from posyandu_app.services import high_risk, review  # noqa: E402

POSYANDU, CHILDREN, ADULTS, MONTHS = 16, 450, 250, 12


def _database():
    base = sa.make_url(os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
                       .replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"posyandu_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    return admin, name, base.set(database=name).render_as_string(hide_password=False)


def _populate(rng):
    today = date.today()
    puskesmas = Facility(kind=FacilityKind.PUSKESMAS, code="B-PKM", name="Puskesmas Bench")
    pustus = [Facility(kind=FacilityKind.PUSTU, code=f"B-PST{i}", name=f"Pustu {i}", parent=puskesmas) for i in range(4)]
    posyandus = [Facility(kind=FacilityKind.POSYANDU, code=f"B-POS{i}", name=f"Posyandu {i}", parent=pustus[i % 4])
                 for i in range(POSYANDU)]
    supervisor = User(username="bench-supervisor", full_name="Supervisor", role=Role.SUPERVISOR, facility=puskesmas,
                      password_hash="x")
    db.session.add_all([puskesmas, supervisor, SyncCounter(id=1, value=0)])
    db.session.commit()
    people, growth, screenings = [], [], []
    for posyandu in posyandus:
        for _ in range(CHILDREN):
            pid = str(uuid.uuid4())
            people.append({"id": pid, "posyandu_id": posyandu.id, "name": "Anak", "name_normalized": "anak",
                           "sex": rng.choice("MF"), "birth_date": today - timedelta(days=rng.randint(400, 1700))})
            stunted, wasted = rng.random() < 0.08, rng.random() < 0.03
            for month in range(MONTHS):
                growth.append({"id": str(uuid.uuid4()), "person_id": pid, "posyandu_id": posyandu.id,
                               "visit_date": today - timedelta(days=30 * month), "status": "verified" if month else
                               "submitted", "is_current": True, "version": 1, "results": {}, "weight_kg": 10.0,
                               "stunted": stunted, "wasted": wasted, "whz": -2.5 if wasted else 0.1,
                               "bgm": rng.random() < 0.02, "two_t": rng.random() < 0.01,
                               "flagged": rng.random() < 0.05})
        for _ in range(ADULTS):
            pid = str(uuid.uuid4())
            people.append({"id": pid, "posyandu_id": posyandu.id, "name": "Dewasa", "name_normalized": "dewasa",
                           "sex": rng.choice("MF"), "birth_date": date(1960, 1, 1)})
            for quarter in range(4):
                screenings.append({"id": str(uuid.uuid4()), "person_id": pid, "posyandu_id": posyandu.id,
                                   "visit_date": today - timedelta(days=90 * quarter), "status": "submitted",
                                   "is_current": True, "version": 1, "results": {},
                                   "bp_class": rng.choice(["normal"] * 8 + ["hypertension_2"]),
                                   "glucose_mg_dl": rng.choice([100.0] * 9 + [230.0]), "puma_score": 2})
    for model, rows in ((Person, people), (GrowthVisit, growth), (Screening, screenings)):
        for start in range(0, len(rows), 5000):
            db.session.execute(sa.insert(model), rows[start:start + 5000])
    db.session.commit()
    return supervisor, len(growth) + len(screenings)


def _best_of(fn, runs=3):
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        timings.append((time.perf_counter() - started) * 1000)
        db.session.expire_all()
    return min(timings), result


def main():
    admin, name, url = _database()

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(Config)
    try:
        with app.app_context():
            db.create_all()
            supervisor, visits = _populate(random.Random(7))
            db.session.execute(sa.text("ANALYZE"))
            ms, rows = _best_of(lambda: high_risk.risk_list(supervisor))
            print(f"{visits} visits; high-risk list for the puskesmas: {len(rows)} rows in {ms:.0f} ms")
            ms, (items, more) = _best_of(lambda: review.queue(supervisor, review.QueueFilter()))
            print(f"review queue (first {len(items)} of the submissions, more={more}): {ms:.0f} ms")
            db.session.remove()
            db.engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
