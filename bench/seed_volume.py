"""Volume seed: one puskesmas, 10 pustu, 50 posyandu, 15,000 persons and ~100,000 visits over 2 years.

    python -m bench.seed_volume --database-url postgresql://postgres@127.0.0.1:5432/posyandu_bench_reports --create

Bulk Core inserts (no ORM, no change-log entries). The promoted result columns (age, z-scores, categories, KMS
codes, pregnancy and screening flags) are SYNTHETIC but plausible: drawn from each person's own trajectory with
the PMK 2/2020 cut-offs, not computed by the domain rules (which would take minutes at this volume).
"""
import argparse
import math
import random
import time
import uuid
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa

from posyandu_app.extensions import db
from posyandu_app.models import (Facility, FacilityKind, GrowthVisit, Person, PregnancyEpisode, PregnancyVisit, Role,
                                 Screening, User)
from posyandu_app.services.reports.periods import Month, months_ending
from werkzeug.security import generate_password_hash

PASSWORD = "bench-posyandu-2026"
N_PUSTU, POSYANDU_PER_PUSTU = 10, 5
CHILDREN, WOMEN, ADULTS, ELDERLY = 100, 20, 130, 50  # per posyandu: 300 persons
TARGET_VISITS = 100_000
WFA = ((-3, "severely_underweight"), (-2, "underweight"), (1.0001, "normal"), (99, "risk_overweight"))
HFA = ((-3, "severely_stunted"), (-2, "stunted"), (3.0001, "normal"), (99, "tall"))
WFH = ((-3, "severely_wasted"), (-2, "wasted"), (1.0001, "normal"), (2.0001, "possible_risk_overweight"),
       (3.0001, "overweight"), (99, "obese"))
BP = ("optimal", "normal", "high_normal", "hypertension_1", "hypertension_2", "hypertension_3")
BP_WEIGHTS = (30, 25, 15, 18, 8, 4)


def _median_weight(age_days):
    """Rough WHO median weight (kg) by age: enough for believable numbers, not used by any report figure."""
    months = age_days / 30.4375
    return 3.3 + 0.75 * months if months < 6 else 7.8 + 0.2 * (months - 6) if months < 24 else 11.4 + 0.17 * (months - 24)


def _median_length(age_days):
    months = age_days / 30.4375
    return 49.5 + 2.9 * months if months < 6 else 67 + 1.1 * (months - 6) if months < 24 else 87 + 0.7 * (months - 24)


def _band(z, bands):
    return next(code for limit, code in bands if z < limit)


def _uuid(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


class Seeder:
    def __init__(self, engine, rng, today):
        self.engine, self.rng, self.today = engine, rng, today
        self.months = months_ending(Month.of(today), 24)
        self.now = datetime.now(timezone.utc)
        self.rows = {"person": [], "growth_visit": [], "pregnancy_episode": [], "pregnancy_visit": [], "screening": []}

    def facilities(self):
        with self.engine.begin() as conn:
            top = conn.execute(sa.insert(Facility.__table__).returning(Facility.__table__.c.id),
                               {"kind": FacilityKind.PUSKESMAS, "code": "BENCH-PKM", "name": "Puskesmas Bench"}).scalar()
            posyandu = []
            for p in range(1, N_PUSTU + 1):
                pustu = conn.execute(sa.insert(Facility.__table__).returning(Facility.__table__.c.id),
                                     {"kind": FacilityKind.PUSTU, "code": f"BENCH-PST{p:02d}", "name": f"Pustu Desa {p:02d}",
                                      "desa": f"Desa {p:02d}", "parent_id": top}).scalar()
                for q in range(1, POSYANDU_PER_PUSTU + 1):
                    posyandu.append(conn.execute(
                        sa.insert(Facility.__table__).returning(Facility.__table__.c.id),
                        {"kind": FacilityKind.POSYANDU, "code": f"BENCH-PST{p:02d}-{q}", "name": f"Posyandu {p:02d}-{q}",
                         "desa": f"Desa {p:02d}", "parent_id": pustu, "target_population": 300}).scalar())
            conn.execute(sa.insert(User.__table__), [
                {"username": "bench_supervisor", "full_name": "Supervisor Bench", "role": Role.SUPERVISOR,
                 "facility_id": top, "password_hash": generate_password_hash(PASSWORD), "language": "id",
                 "must_change_password": False, "active": True}])
        return posyandu

    def person(self, posyandu_id, sex, birth_date, **extra):
        rng = self.rng
        row = {"id": _uuid(rng), "posyandu_id": posyandu_id, "nik": None, "name": f"Bench {sex} {len(self.rows['person'])}",
               "sex": sex, "birth_date": birth_date, "has_kia_book": rng.random() < 0.9, "version": 1,
               "created_at": self.now, "updated_at": self.now,
               "deleted_at": self.now if rng.random() < 0.01 else None, **extra}
        row["name_normalized"] = row["name"].lower()
        self.rows["person"].append(row)
        return row

    def visit_base(self, person, visit_date):
        created = datetime.combine(visit_date, datetime.min.time(), timezone.utc) + timedelta(hours=self.rng.randint(8, 40))
        return {"id": _uuid(self.rng), "person_id": person["id"], "posyandu_id": person["posyandu_id"],
                "visit_date": visit_date, "status": "verified" if visit_date < self.today - timedelta(days=30)
                else "submitted", "version": 1, "is_current": True, "results": {}, "needs_referral": False,
                "flagged": False, "referred": False, "created_at": min(created, self.now)}

    def children(self, posyandu_id, attendance):
        rng, first = self.rng, self.months[0].first
        for _ in range(CHILDREN):
            born = self.today - timedelta(days=rng.randint(0, 6 * 365))
            child = self.person(posyandu_id, rng.choice("MF"), born)
            offset, haz_offset = rng.gauss(-0.5, 1.0), rng.gauss(-1.0, 1.1)
            previous_month, previous_code = None, None
            for index, month in enumerate(self.months):
                visit_date = month.first + timedelta(days=rng.randint(4, 24))
                age_days = (visit_date - born).days
                if age_days < 0 or age_days >= 1827 or visit_date > self.today or rng.random() > attendance:
                    continue
                code = ("B" if previous_month is None else "O" if previous_month != index - 1
                        else "N" if rng.random() < 0.72 else "T")
                waz, haz = offset + rng.gauss(0, 0.3), haz_offset + rng.gauss(0, 0.2)
                whz = (waz - 0.5 * haz) + rng.gauss(0, 0.3)
                row = self.visit_base(child, visit_date)
                row.update(weight_kg=round(_median_weight(age_days) * (1 + 0.11 * waz), 1),
                           length_cm=round(_median_length(age_days) * (1 + 0.035 * haz), 1), measured="L" if age_days < 731 else "H",
                           age_days=age_days, age_months=math.floor(age_days / 30.4375), waz=round(waz, 2),
                           haz=round(haz, 2), whz=round(whz, 2), kms_code=code,
                           two_t=code == "T" and previous_code == "T", bgm=waz < -3,
                           wfa_category=_band(waz, WFA), hfa_category=_band(haz, HFA), wfh_category=_band(whz, WFH),
                           stunted=haz < -2, wasted=whz < -2, underweight=waz < -2,
                           vitamin_a=("blue" if age_days < 365 else "red") if month.month in (2, 8) and age_days >= 183
                           else None)
                row["needs_referral"] = code == "T" or row["bgm"] or row["stunted"] or row["wasted"]
                if rng.random() < 0.02:  # a correction: the earlier version stays, not current
                    old = dict(row, id=_uuid(rng), is_current=False, kms_code="T")
                    row["supersedes_id"], row["version"] = old["id"], 2
                    self.rows["growth_visit"].append(old)
                self.rows["growth_visit"].append(row)
                previous_month, previous_code = index, code

    def pregnancies(self, posyandu_id):
        rng = self.rng
        for _ in range(WOMEN):
            woman = self.person(posyandu_id, "F", self.today - timedelta(days=rng.randint(18 * 365, 40 * 365)))
            hpht = self.months[0].first + timedelta(days=rng.randint(-150, 690))
            delivery = hpht + timedelta(days=rng.randint(259, 290))
            delivered = delivery <= self.today
            episode = {"id": _uuid(rng), "person_id": woman["id"], "posyandu_id": posyandu_id, "hpht": hpht,
                       "edd": hpht + timedelta(days=280), "gravida": rng.randint(1, 5), "para": 0, "abortus": 0,
                       "outcome": "delivered" if delivered else "ongoing", "delivery_date": delivery if delivered else None,
                       "results": {}, "high_risk": rng.random() < 0.15, "version": 1, "created_at": self.now,
                       "updated_at": self.now}
            self.rows["pregnancy_episode"].append(episode)
            contact, visit_date = 0, hpht + timedelta(days=rng.randint(42, 84))
            while visit_date < min(delivery, self.today) and visit_date >= self.months[0].first - timedelta(days=300):
                contact += 1
                weeks = (visit_date - hpht).days // 7
                row = self.visit_base(woman, visit_date)
                row.update(episode_id=episode["id"], weight_kg=round(rng.uniform(45, 75), 1),
                           muac_cm=round(rng.uniform(21, 29), 1), systolic=rng.choice((105, 115, 125, 145)),
                           diastolic=rng.choice((70, 80, 85, 95)), gestational_weeks=weeks,
                           trimester=1 if weeks <= 12 else 2 if weeks <= 24 else 3, anc_contact=contact,
                           kek=rng.random() < 0.12, anaemia=rng.random() < 0.15, hypertension=rng.random() < 0.06,
                           danger=rng.random() < 0.03, danger_signs=[], tb_symptoms=[])
                row["needs_referral"] = row["kek"] or row["anaemia"] or row["hypertension"] or row["danger"]
                if visit_date >= self.months[0].first:
                    self.rows["pregnancy_visit"].append(row)
                visit_date += timedelta(days=rng.randint(26, 40))

    def screenings(self, posyandu_id, per_person):
        rng = self.rng
        for elderly, count in ((False, ADULTS), (True, ELDERLY)):
            for _ in range(count):
                years = rng.randint(60, 85) if elderly else rng.randint(15, 59)
                person = self.person(posyandu_id, rng.choice("MF"), self.today - timedelta(days=years * 365 + rng.randint(0, 364)))
                for _ in range(rng.choice(per_person)):
                    visit_date = self.months[0].first + timedelta(days=rng.randint(0, (self.today - self.months[0].first).days))
                    row = self.visit_base(person, visit_date)
                    bp = rng.choices(BP, BP_WEIGHTS)[0]
                    glucose = rng.choices(("normal", "prediabetes", "diabetes"), (70, 20, 10))[0]
                    skilas = {"recall_fail": rng.random() < 0.15, "chair_stand_fail": rng.random() < 0.2,
                              "whisper_fail": rng.random() < 0.1} if elderly else None
                    row.update(age_years=years, bp_class=bp, glucose_class=glucose, glucose_type="random",
                               bmi_class=rng.choice(("underweight", "normal", "at_risk", "obese_1", "obese_2")),
                               central_obesity=rng.random() < 0.3, puma_score=rng.randint(0, 9) if years >= 40 else None,
                               skilas=skilas, skilas_positive=bool(skilas and any(skilas.values())),
                               adl_level=rng.choices("ABC", (80, 15, 5))[0] if elderly else None)
                    row["needs_referral"] = bp.startswith("hypertension") or glucose == "diabetes" or row["skilas_positive"]
                    self.rows["screening"].append(row)

    def insert(self):
        tables = {"person": Person, "growth_visit": GrowthVisit, "pregnancy_episode": PregnancyEpisode,
                  "pregnancy_visit": PregnancyVisit, "screening": Screening}
        with self.engine.begin() as conn:
            for name, model in tables.items():
                rows = self.rows[name]
                columns = set().union(*(row.keys() for row in rows)) if rows else set()
                rows = [{column: row.get(column) for column in columns} for row in rows]
                for start in range(0, len(rows), 2000):
                    conn.execute(sa.insert(model.__table__), rows[start:start + 2000])
        return {name: len(rows) for name, rows in self.rows.items()}


def seed(database_url: str, random_seed: int = 7, today: date | None = None) -> dict:
    engine = sa.create_engine(database_url)
    db.metadata.create_all(engine)
    seeder = Seeder(engine, random.Random(random_seed), today or date.today())
    posyandu = seeder.facilities()
    for posyandu_id in posyandu:
        seeder.pregnancies(posyandu_id)
        seeder.screenings(posyandu_id, per_person=(1, 2, 2, 3))
    other = len(seeder.rows["pregnancy_visit"]) + len(seeder.rows["screening"])
    attendance = _attendance_for(seeder, TARGET_VISITS - other)
    for posyandu_id in posyandu:
        seeder.children(posyandu_id, attendance)
    counts = seeder.insert()
    with engine.begin() as conn:
        conn.execute(sa.text("ANALYZE")) if engine.dialect.name == "postgresql" else None
    engine.dispose()
    return counts


def _attendance_for(seeder, wanted: int) -> float:
    """Share of eligible months a child is weighed, chosen so the visit total lands near TARGET_VISITS."""
    eligible = _eligible_child_months(seeder)
    return max(0.3, min(0.95, wanted / eligible / 1.02))


def _eligible_child_months(seeder) -> int:
    """Expected child-months aged 0-59 in the window for children born uniformly over 6 years."""
    total_children = CHILDREN * N_PUSTU * POSYANDU_PER_PUSTU
    probe = random.Random(1)
    sample = 2000
    hits = 0
    for _ in range(sample):
        born = seeder.today - timedelta(days=probe.randint(0, 6 * 365))
        for month in seeder.months:
            visit = month.first + timedelta(days=14)
            if 0 <= (visit - born).days < 1827 and visit <= seeder.today:
                hits += 1
    return hits * total_children // sample


def recreate_database(url: str) -> None:
    """Drop and create the (PostgreSQL) database `url` names: a seed starts from nothing."""
    if not url.startswith("postgresql"):
        return
    target = sa.make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--create", action="store_true", help="create the database first (PostgreSQL)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    url = args.database_url.replace("postgresql://", "postgresql+psycopg://", 1)
    if args.create:
        recreate_database(url)
    started = time.perf_counter()
    counts = seed(url, args.seed)
    print(f"seeded in {time.perf_counter() - started:.1f} s: {counts}; "
          f"visits {counts['growth_visit'] + counts['pregnancy_visit'] + counts['screening']}; "
          f"supervisor login bench_supervisor / {PASSWORD}")


if __name__ == "__main__":
    main()
