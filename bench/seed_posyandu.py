"""Bench helper: a fresh database with one posyandu of 300 persons and two years of visits, pushed as phones do."""
import atexit
import random
import tempfile
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlalchemy as sa

from posyandu_app.api.sync_schemas import load_data
from posyandu_app.extensions import db
from posyandu_app.models import Facility, FacilityKind, Role, User
from posyandu_app.services import sync_push
from posyandu_app.services.demo import MEDIAN_LENGTH, MEDIAN_WEIGHT, median_for_age

from .common import app_on

PASSWORD = "bench-password-1"


def make_app(database_url=None):
    """An app on `database_url` (PostgreSQL: a new throwaway database is created) or on a temporary SQLite file."""
    if database_url:
        admin = sa.create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1),
                                 isolation_level="AUTOCOMMIT")
        name = f"posyandu_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = admin.url.set(database=name).render_as_string(hide_password=False)
        atexit.register(_drop_database, admin, name)
    else:
        url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    return app_on(url)


def _drop_database(admin, name):
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def make_kader():
    puskesmas = Facility(kind=FacilityKind.PUSKESMAS, code="PKM-B", name="Puskesmas Bench")
    pustu = Facility(kind=FacilityKind.PUSTU, code="PST-B", name="Pustu Bench", parent=puskesmas)
    posyandu = Facility(kind=FacilityKind.POSYANDU, code="POS-B", name="Posyandu Bench", parent=pustu)
    kader = User(username="kader-bench", full_name="Kader Bench", role=Role.KADER, facility=posyandu)
    kader.set_password(PASSWORD)
    db.session.add_all([puskesmas, pustu, posyandu, kader])
    db.session.commit()
    return kader


def _op(entity, data, record_id=None):
    return {"op_id": str(uuid.uuid4()), "entity": entity, "id": record_id or str(uuid.uuid4()),
            "base_version": None, "recorded_at": datetime.now(timezone.utc), "data": data}


def posyandu_ops(today, children=100, mothers=15, adults=185, seed=7):
    """Persons first, then their visits in date order: 2 years of monthly weighings, ANC visits, quarterly PTM."""
    rng = random.Random(seed)
    start = today - timedelta(days=730)
    persons, visits = [], []
    for n in range(children):
        birth = today - timedelta(days=rng.randint(20, 1800))
        person = _op("person", {"name": f"Anak {n}", "sex": rng.choice("LP"), "birth_date": birth.isoformat(),
                                "mother_name": f"Ibu {n}", "rt": f"{rng.randint(1, 9):03d}", "rw": "002",
                                "birth_weight_kg": round(rng.uniform(2.6, 3.8), 1)})
        persons.append(person)
        offset = rng.uniform(-1.2, 0.8)
        day = max(birth + timedelta(days=14), start)
        while day <= today:
            months = (day - birth).days / 30.4375
            if months < 60 and rng.random() > 0.1:
                weight = median_for_age(MEDIAN_WEIGHT, months) * (1 + 0.08 * offset) + rng.uniform(-0.2, 0.2)
                length = median_for_age(MEDIAN_LENGTH, months) * (1 + 0.03 * offset)
                visits.append(_op("growth", {"person_id": person["id"], "visit_date": day.isoformat(),
                                             "weight_kg": round(weight, 1), "length_cm": round(length, 1),
                                             "measured": "L" if months < 24 else "H",
                                             "muac_cm": round(rng.uniform(12.0, 16.0), 1) if months >= 6 else None}))
            day += timedelta(days=30)
    for n in range(mothers):
        person = _op("person", {"name": f"Ibu Hamil {n}", "sex": "P", "birth_date": f"{rng.randint(1988, 2004)}-05-01",
                                "nik": None, "rt": "003", "rw": "002"})
        persons.append(person)
        hpht = today - timedelta(days=rng.randint(60, 260))
        episode = _op("pregnancy", {"person_id": person["id"], "hpht": hpht.isoformat(), "gravida": rng.randint(1, 4),
                                    "para": 0, "abortus": 0, "height_cm": 152.0, "pre_pregnancy_weight_kg": 50.0})
        persons.append(episode)
        day = hpht + timedelta(days=56)
        while day <= today:
            visits.append(_op("pregnancy_visit", {"person_id": person["id"], "episode_id": episode["id"],
                                                  "visit_date": day.isoformat(), "weight_kg": 52.0, "muac_cm": 24.5,
                                                  "systolic": 115, "diastolic": 75, "ttd_given": 30}))
            day += timedelta(days=30)
    for n in range(adults):
        elderly = n % 3 == 0
        person = _op("person", {"name": f"Warga {n}", "sex": rng.choice("LP"),
                                "birth_date": f"{rng.randint(1940, 1960) if elderly else rng.randint(1965, 2005)}-01-15",
                                "nik": None, "rt": "004", "rw": "001"})
        persons.append(person)
        for quarter in range(8):
            day = start + timedelta(days=91 * quarter + rng.randint(0, 20))
            visits.append(_op("screening", {"person_id": person["id"], "visit_date": day.isoformat(),
                                            "weight_kg": round(rng.uniform(45, 80), 1), "height_cm": 158.0,
                                            "waist_cm": round(rng.uniform(70, 100)), "systolic": rng.randint(105, 170),
                                            "diastolic": rng.randint(65, 100), "glucose_mg_dl": rng.randint(80, 220),
                                            "glucose_type": "random", "smoker": False}))
    visits.sort(key=lambda item: item["data"]["visit_date"])
    for visit in visits:  # as a phone stamps it: the morning of the posyandu day, to the millisecond
        day = datetime.fromisoformat(visit["data"]["visit_date"]).replace(tzinfo=timezone.utc)
        visit["recorded_at"] = day + timedelta(hours=1, seconds=rng.randint(0, 14400), milliseconds=rng.randint(0, 999))
    return persons + visits


def push_all(kader, ops, batch_size=500):
    """Apply `ops` through the real ingest, in phone-sized batches; returns the per-status counts."""
    counts = {}
    wrapped = [sync_push.PushOp(op_id=o["op_id"], entity=o["entity"], data=o["data"], id=o["id"],
                                recorded_at=o["recorded_at"]) for o in ops]
    for start in range(0, len(wrapped), batch_size):
        for result in sync_push.push(kader, "bench-device", wrapped[start:start + batch_size], load_data)["results"]:
            counts[result["status"]] = counts.get(result["status"], 0) + 1
            if result["status"] == "rejected" and counts["rejected"] <= 3:
                print("rejected:", result["errors"])
    return counts
