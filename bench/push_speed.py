"""Ingest speed: 500-op growth batches through the push service, against a raw bulk INSERT of the same rows.

Usage: python -m bench.push_speed --database-url postgresql://postgres@127.0.0.1:5432/test [--batches 6] [--http]
--http goes through the Flask test client (JSON parsing and the envelope schemas included).
"""
import argparse
import time
import uuid
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import delete, insert

from posyandu_app.api.sync_schemas import load_data
from posyandu_app.extensions import db
from posyandu_app.models import GrowthVisit, Person
from posyandu_app.services import sync_push
from posyandu_app.services.registry import normalize_name

from .seed_posyandu import PASSWORD, make_app, make_kader


def children(kader, count=500):
    people = []
    for n in range(count):
        person = Person(id=str(uuid.uuid4()), posyandu_id=kader.facility_id, name=f"Anak {n}",
                        name_normalized=f"anak {n}", sex="F", birth_date=date.today() - timedelta(days=300 + n),
                        mother_name="Ibu", mother_name_normalized=normalize_name("Ibu"))
        people.append(person)
    db.session.add_all(people)
    db.session.commit()
    return [person.id for person in people]


def growth_batch(person_ids, visit_date):
    return [{"op_id": str(uuid.uuid4()), "entity": "growth", "id": str(uuid.uuid4()), "base_version": None,
             "recorded_at": datetime.now(timezone.utc).isoformat(),
             "data": {"person_id": person_id, "visit_date": visit_date.isoformat(), "weight_kg": 9.1,
                      "length_cm": 74.2, "measured": "L", "muac_cm": 14.1}} for person_id in person_ids]


def service_push(kader, ops):
    wrapped = [sync_push.PushOp(op_id=o["op_id"], entity=o["entity"], data=o["data"], id=o["id"],
                                recorded_at=datetime.now(timezone.utc)) for o in ops]
    return sync_push.push(kader, "bench", wrapped, load_data)["results"]


def raw_insert(kader, ops):
    """The floor: one multi-row INSERT of the visit rows, nothing else (no checks, no log, no audit)."""
    rows = [{"id": o["id"], "person_id": o["data"]["person_id"], "posyandu_id": kader.facility_id,
             "visit_date": date.fromisoformat(o["data"]["visit_date"]), "weight_kg": 9.1, "length_cm": 74.2,
             "measured": "L", "muac_cm": 14.1, "status": "submitted", "version": 1, "is_current": True,
             "results": {}, "tb_symptoms": []} for o in ops]
    db.session.execute(insert(GrowthVisit), rows)
    db.session.commit()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL server URL (a throwaway database is created)")
    parser.add_argument("--batches", type=int, default=6)
    parser.add_argument("--http", action="store_true")
    args = parser.parse_args()
    app = make_app(args.database_url)
    with app.app_context():
        kader = make_kader()
        person_ids = children(kader)
        months = [date.today() - timedelta(days=30 * (args.batches + 1 - n)) for n in range(args.batches + 1)]
        raw_ops = growth_batch(person_ids, months[0] - timedelta(days=400))
        started = time.perf_counter()
        raw_insert(kader, raw_ops)
        raw_seconds = time.perf_counter() - started
        db.session.execute(delete(GrowthVisit))
        db.session.commit()
        client = app.test_client()
        if args.http:
            client.post("/api/v1/auth/login", json={"username": kader.username, "password": PASSWORD})
        service_push(kader, growth_batch(person_ids, months[0]))  # warm-up: caches, prepared statements
        total, elapsed = 0, 0.0
        for visit_date in months[1:]:
            ops = growth_batch(person_ids, visit_date)
            started = time.perf_counter()
            if args.http:
                response = client.post("/api/v1/sync/push", json={"device_id": "bench", "ops": ops})
                statuses = {r["status"] for r in response.get_json()["results"]}
            else:
                statuses = {r["status"] for r in service_push(kader, ops)}
            elapsed += time.perf_counter() - started
            total += len(ops)
            assert statuses == {"applied"}, statuses
    via = "HTTP (test client)" if args.http else "service"
    print(f"{'postgresql' if args.database_url else 'sqlite'}: "
          f"{total} growth ops in {args.batches} batches of 500 via {via}: {total / elapsed:,.0f} ops/s")
    print(f"raw bulk INSERT of 500 rows: {500 / raw_seconds:,.0f} rows/s; ingest = "
          f"{(total / elapsed) / (500 / raw_seconds):.0%} of it")


if __name__ == "__main__":
    main()
