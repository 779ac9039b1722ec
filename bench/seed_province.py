"""Province-year volume (issue 20): ~10 million visits in 100 puskesmas (5,000 posyandu) of 10 kabupaten.

    python -m bench.seed_province --database-url postgresql://postgres@127.0.0.1:5432/posyandu_province --create
    python -m bench.seed_province ... --puskesmas 2     # a quick look: ~200,000 visits

Each puskesmas is the one of bench/seed_volume.py (10 pustu x 5 posyandu, 15,000 persons, ~100,000 growth, ANC and
screening visits over 2 years) plus the doses of its children's vaccination schedule, with everything a real
history carries beside the visits: a kader per posyandu and a bidan per pustu, a review row for each verified visit,
a change-log row per record (the pull index) and an audit row per create. Rows go in through the app's bulk path
(services/bulk.insert_rows: COPY on PostgreSQL), one transaction per puskesmas, so memory stays flat. Promoted
result columns are synthetic (seed_volume.py's docstring says how).
"""
import argparse
import random
import time
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from posyandu_app.domain.data import load
from posyandu_app.extensions import db
from posyandu_app.models import (AuditLog, ChangeLog, Facility, FacilityKind, GrowthVisit, Immunization, Person,
                                 PregnancyEpisode, PregnancyVisit, Review, Role, Screening, SyncCounter, User)
from posyandu_app.services.bulk import insert_rows, new_row

from .common import app_on
from .seed_volume import N_PUSTU, PASSWORD, POSYANDU_PER_PUSTU, Seeder, _attendance_for, recreate_database

PUSKESMAS_PER_KABUPATEN = 10
MODELS = {"person": Person, "pregnancy_episode": PregnancyEpisode, "growth_visit": GrowthVisit,
          "pregnancy_visit": PregnancyVisit, "screening": Screening, "immunization": Immunization}
ENTITY = {"person": "person", "pregnancy_episode": "pregnancy", "growth_visit": "growth",
          "pregnancy_visit": "pregnancy_visit", "screening": "screening", "immunization": "immunization"}
# The schedule's recommended ages (days), from the rule data: a dose is given around it, sometimes late or missed.
_UNIT_DAYS = {"days": 1, "weeks": 7, "months": 30.4375, "years": 365.25}
_days = lambda span: round(sum(_UNIT_DAYS[unit] * n for unit, n in (span or {}).items()))  # noqa: E731
SCHEDULE = [(antigen["code"], number, _days(dose["recommended"]), _days(dose["min_interval"]))
            for antigen in load("immunization_rules")["antigens"] for number, dose in enumerate(antigen["doses"], 1)]


class PuskesmasSeeder(Seeder):
    """seed_volume's puskesmas, numbered, with users and vaccine doses; rows kept for one puskesmas at a time."""

    def __init__(self, engine, rng, today, number, password_hash):
        super().__init__(engine, rng, today)
        self.number, self.password_hash = number, password_hash
        self.rows["immunization"] = []
        self.kader, self.bidan = {}, {}  # posyandu id -> kader id, pustu id -> bidan id

    def facilities(self):
        n, kabupaten = self.number, f"Kabupaten {1 + (self.number - 1) // PUSKESMAS_PER_KABUPATEN:02d}"
        table, users = Facility.__table__, User.__table__
        add = lambda conn, values: conn.execute(sa.insert(table).returning(table.c.id), values).scalar()  # noqa: E731
        user = lambda conn, name, role, facility: conn.execute(sa.insert(users).returning(users.c.id), {  # noqa: E731
            "username": name, "full_name": name, "role": role, "facility_id": facility, "language": "id",
            "password_hash": self.password_hash, "must_change_password": False, "active": True}).scalar()
        posyandu = []
        with self.engine.begin() as conn:
            top = add(conn, {"kind": FacilityKind.PUSKESMAS, "code": f"PKM{n:03d}", "name": f"Puskesmas {n:03d}",
                             "kabupaten": kabupaten})
            user(conn, f"spv{n:03d}", Role.SUPERVISOR, top)
            for p in range(1, N_PUSTU + 1):
                pustu = add(conn, {"kind": FacilityKind.PUSTU, "code": f"PKM{n:03d}-{p:02d}", "parent_id": top,
                                   "name": f"Pustu {n:03d}-{p:02d}", "desa": f"Desa {n:03d}-{p:02d}",
                                   "kabupaten": kabupaten})
                bidan = user(conn, f"bidan{n:03d}{p:02d}", Role.BIDAN, pustu)
                for q in range(1, POSYANDU_PER_PUSTU + 1):
                    one = add(conn, {"kind": FacilityKind.POSYANDU, "code": f"PKM{n:03d}-{p:02d}-{q}",
                                     "name": f"Posyandu {n:03d}-{p:02d}-{q}", "desa": f"Desa {n:03d}-{p:02d}",
                                     "parent_id": pustu, "target_population": 300, "kabupaten": kabupaten,
                                     "posyandu_day": 5 + 3 * q})
                    self.kader[one] = user(conn, f"kader{n:03d}{p:02d}{q}", Role.KADER, one)
                    self.bidan[one] = bidan
                    posyandu.append(one)
        return posyandu

    def doses(self):
        """Each child's schedule: given a few days after the recommended age (some weeks late, one in 40 missed).
        Doses before the two years of visits are there too (copied from the KIA book): a child is overdue for what
        she missed, not for what happened before the window."""
        rng = self.rng
        for child in [row for row in self.rows["person"] if row["birth_date"] > self.today - timedelta(days=6 * 365)]:
            given = {}  # antigen -> day of its last dose: the next waits its minimum interval, as a bidan would
            for antigen, number, age, interval in SCHEDULE:
                day = child["birth_date"] + timedelta(days=age + int(rng.expovariate(1 / 10)))
                if antigen in given:
                    day = max(day, given[antigen] + timedelta(days=interval))
                if day > self.today or rng.random() < 1 / 40:
                    continue
                given[antigen] = day
                row = self.visit_base(child, day)
                row.update(antigen=antigen, dose=number, place="posyandu" if rng.random() < 0.8 else "elsewhere",
                           age_days=(day - child["birth_date"]).days, counted=True, warned=False)
                self.rows["immunization"].append(row)

    def write(self, first_seq: int) -> dict:
        """Insert this puskesmas' rows with their reviews, change log and audit (one transaction); -> counts."""
        now, counts, seq = self.now, {}, first_seq
        changes, audits, reviews = [], [], []
        for table, rows in self.rows.items():
            model, entity = MODELS[table], ENTITY[table]
            insert_rows(model.__table__, [new_row(model, row) for row in rows])
            counts[table] = len(rows)
            for row in rows:
                posyandu = row["posyandu_id"]
                changes.append({"seq": seq, "posyandu_id": posyandu, "entity": entity, "record_id": row["id"],
                                "deleted": False, "changed_at": row.get("created_at") or now,
                                "day": row.get("visit_date")})  # the visit's year: pull's partition hint
                seq += 1
                audits.append({"user_id": self.kader[posyandu], "at": row.get("created_at") or now,
                               "action": "create", "entity": entity, "record_id": row["id"], "before": None,
                               "after": _audited(row)})
                if row.get("status") == "verified":
                    reviews.append({"entity": entity, "record_id": row["id"], "decision": "verified", "note": None,
                                    "reviewer_id": self.bidan[posyandu], "created_at": row["created_at"]})
        for model, rows in ((ChangeLog, changes), (AuditLog, audits), (Review, reviews)):
            insert_rows(model.__table__, rows)
        counts.update(change_log=len(changes), audit_log=len(audits), review=len(reviews))
        return counts


def _audited(row) -> dict:
    """What the audit keeps of a created record: its fields as JSON (dates as ISO text), like serialize()."""
    return {key: value.isoformat() if isinstance(value, (date, datetime)) else value
            for key, value in row.items() if value is not None}


def _visits(counts) -> int:
    return sum(counts.get(table, 0) for table in MODELS if table not in ("person", "pregnancy_episode"))


def seed(app, puskesmas: int, random_seed: int = 7, today: date | None = None, report=print) -> dict:
    """Seed `puskesmas` puskesmas into the app's database (bench.common.app_on); -> total row counts."""
    today = today or date.today()
    totals, password_hash = {}, generate_password_hash(PASSWORD)
    with app.app_context():
        counter = db.session.get(SyncCounter, 1) or SyncCounter(id=1, value=0)
        db.session.add(counter)
        engine, seq = db.engine, counter.value + 1
        for number in range(1, puskesmas + 1):
            started = time.perf_counter()
            seeder = PuskesmasSeeder(engine, random.Random(random_seed * 1000 + number), today, number, password_hash)
            posyandu = seeder.facilities()
            for posyandu_id in posyandu:
                seeder.pregnancies(posyandu_id)
                seeder.screenings(posyandu_id, per_person=(1, 2, 2, 3))
            attendance = _attendance_for(seeder, 100_000 - len(seeder.rows["pregnancy_visit"])
                                         - len(seeder.rows["screening"]))
            for posyandu_id in posyandu:
                seeder.children(posyandu_id, attendance)
            seeder.doses()
            counts = seeder.write(seq)
            seq += counts["change_log"]
            counter.value = seq - 1
            db.session.commit()
            for key, value in counts.items():
                totals[key] = totals.get(key, 0) + value
            report(f"puskesmas {number}/{puskesmas}: {_visits(counts):,} visits "
                   f"in {time.perf_counter() - started:.1f} s")
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(sa.text("VACUUM ANALYZE"))
    return totals


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--create", action="store_true", help="drop and create the database first (PostgreSQL)")
    parser.add_argument("--puskesmas", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.create:
        recreate_database(args.database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    started = time.perf_counter()
    totals = seed(app_on(args.database_url), args.puskesmas, args.seed)
    print(f"seeded in {time.perf_counter() - started:.0f} s: {_visits(totals):,} visits; {totals}")


if __name__ == "__main__":
    main()
