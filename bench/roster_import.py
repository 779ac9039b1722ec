"""Benchmark: checking and importing a 20,000-row roster (CSV) into one posyandu holding 2,000 persons (prints s).

Run against PostgreSQL:  BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test python bench/roster_import.py
It creates and drops a database of its own. The services are called directly: the 1 MB request limit
(MAX_CONTENT_LENGTH) caps what the web page accepts, so 20,000 full rows need the limit raised for that route.
"""
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import TestConfig  # noqa: E402
from posyandu_app import create_app  # noqa: E402
from posyandu_app.extensions import db  # noqa: E402
from posyandu_app.models import Facility, FacilityKind, Person, Role, SyncCounter, User  # noqa: E402
from posyandu_app.services.admin import roster  # noqa: E402
from posyandu_app.services.registry import normalize_name  # noqa: E402

from bench.review_lists import _database  # noqa: E402

ROWS, EXISTING = 20_000, 2_000


def _csv(rng) -> bytes:
    lines = ["nama,jenis_kelamin,tanggal_lahir,nik,nama_ibu,alamat,rt,rw,dusun,telepon"]
    for n in range(ROWS):
        born = date(2020, 1, 1) + timedelta(days=rng.randrange(1800))
        lines.append(f"Anak {n},{'LP'[n % 2]},{born:%d/%m/%Y},,Ibu {n},Jl. Mawar {n},001,002,Sukamaju,0812{n:07d}")
    return ("\n".join(lines) + "\n").encode()


def main():
    admin, name, url = _database()

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(Config)
    try:
        with app.app_context():
            db.create_all()
            db.session.add(SyncCounter(id=1, value=0))
            pkm = Facility(kind=FacilityKind.PUSKESMAS, code="PKM", name="Puskesmas")
            pustu = Facility(kind=FacilityKind.PUSTU, code="PST", name="Pustu", parent=pkm)
            posyandu = Facility(kind=FacilityKind.POSYANDU, code="POS", name="Posyandu", parent=pustu)
            supervisor = User(username="spv", full_name="Supervisor", role=Role.SUPERVISOR, facility=pkm,
                              password_hash="x")
            db.session.add_all([pkm, pustu, posyandu, supervisor])
            db.session.flush()
            db.session.add_all(Person(posyandu_id=posyandu.id, name=f"Lama {n}", name_normalized=f"lama {n}",
                                      sex="F", birth_date=date(2019, 1, 1), mother_name=f"Ibu {n}",
                                      mother_name_normalized=normalize_name(f"Ibu {n}")) for n in range(EXISTING))
            db.session.commit()
            data = _csv(random.Random(7))
            start = time.perf_counter()
            preview = roster.check(supervisor, data, "roster.csv", posyandu.id)
            checked = time.perf_counter() - start
            start = time.perf_counter()
            roster.run(supervisor, data, "roster.csv", posyandu.id)
            imported = time.perf_counter() - start
            print(f"{ROWS} rows ({len(data) / 1e6:.1f} MB), {EXISTING} persons already there: "
                  f"check {checked:.1f} s ({preview.count('new')} new), check + import {imported:.1f} s")
            db.session.remove()
            db.engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
