"""Time what users do on the province-year volume (bench/seed_province.py), and what the data weighs on disk.

    python -m bench.province --database-url postgresql://postgres@127.0.0.1:5432/posyandu_province [--runs 5]

Service calls (no HTTP, no rendering: bench/reports.py times those on one puskesmas), median and max of runs after a
warm-up, for a posyandu, a puskesmas (50 posyandu), a kabupaten (its 10 puskesmas) and, for the reports a district
or province admin opens, everything. Then table and index sizes and how long VACUUM ANALYZE takes.
"""
import argparse
import time
from datetime import date

import sqlalchemy as sa

from config import TestConfig
from posyandu_app import create_app
from posyandu_app.extensions import db
from posyandu_app.models import ChangeLog, Facility, FacilityKind, User
from posyandu_app.services import high_risk, review, sync_pull
from posyandu_app.services.changes import current_sequence
from posyandu_app.services.reports import immunization, pregnancy, pws, screening, skdn, units, youth
from posyandu_app.services.reports.periods import Month

from .common import psycopg_url
from .reports import median_and_max

TABLES = ("growth_visit", "pregnancy_visit", "screening", "immunization", "person", "pregnancy_episode",
          "change_log", "audit_log", "review")


def _user(name):
    return db.session.scalar(sa.select(User).where(User.username == name))


def _kabupaten(name: str) -> units.Unit:
    """The posyandu of a kabupaten's puskesmas, as a district admin's report would cover them."""
    posyandu = list(db.session.scalars(sa.select(Facility).where(
        Facility.kind == FacilityKind.POSYANDU, Facility.kabupaten == name).order_by(Facility.id)))
    return units.Unit("scope", name, None, posyandu, units._group_by_pustu(posyandu))


def _first_download(kader):
    cursor, records = 0, 0
    while True:
        page = sync_pull.pull(kader, cursor, version=2)
        records += sum(table["n"] for table in page["tables"].values())
        if not page["more"]:
            return records
        cursor = page["next_cursor"]


def cases(month: Month):
    kader, bidan, supervisor = _user("kader001011"), _user("bidan00101"), _user("spv001")
    puskesmas = units.resolve(supervisor)
    posyandu = units.resolve(supervisor, posyandu_id=puskesmas.posyandu_ids[0])
    kabupaten = _kabupaten("Kabupaten 01")
    everything = _everything()
    high = current_sequence()
    late_cursor = db.session.scalar(sa.select(sa.func.max(ChangeLog.seq)).where(
        ChangeLog.posyandu_id == puskesmas.posyandu_ids[0])) - 20
    return [
        ("kader: first download, one posyandu (pull v2, all pages)", lambda: _first_download(kader)),
        ("kader: pull of the last 20 changes", lambda: sync_pull.pull(kader, late_cursor, version=2)),
        ("kader: pull with nothing new", lambda: sync_pull.pull(kader, high, version=2)),
        ("bidan: review queue, one pustu", lambda: review.queue(bidan, review.QueueFilter())),
        ("bidan: high-risk list, one pustu", lambda: high_risk.risk_list(bidan)),
        ("supervisor: high-risk list, puskesmas", lambda: high_risk.risk_list(supervisor)),
        ("SKDN monthly, one posyandu", lambda: skdn.monthly_report(posyandu, month)),
        ("SKDN monthly, puskesmas", lambda: skdn.monthly_report(puskesmas, month)),
        ("SKDN monthly, kabupaten", lambda: skdn.monthly_report(kabupaten, month)),
        ("SKDN monthly, province", lambda: skdn.monthly_report(everything, month)),
        ("pregnancy recap, puskesmas", lambda: pregnancy.monthly_report(puskesmas, month)),
        ("screening recap, puskesmas", lambda: screening.monthly_report(puskesmas, month)),
        ("immunization recap, puskesmas", lambda: immunization.monthly_report(puskesmas, month)),
        ("youth recap, puskesmas", lambda: youth.recap(puskesmas, month)),
        ("pregnancy recap, kabupaten", lambda: pregnancy.monthly_report(kabupaten, month)),
        ("immunization recap, kabupaten", lambda: immunization.monthly_report(kabupaten, month)),
        ("PWS 12 months, one posyandu", lambda: pws.dashboard(posyandu, month)),
        ("PWS 12 months, puskesmas", lambda: pws.dashboard(puskesmas, month)),
        ("PWS 12 months, kabupaten", lambda: pws.dashboard(kabupaten, month)),
    ]


def _everything() -> units.Unit:
    posyandu = list(db.session.scalars(sa.select(Facility).where(Facility.kind == FacilityKind.POSYANDU)))
    return units.Unit("scope", "", None, posyandu, units._group_by_pustu(posyandu))


def sizes() -> list[tuple[str, float, float, int]]:
    """(table, MB of rows, MB of indexes, rows estimated) per table, and the database in all."""
    out = []
    for table in TABLES:
        # A partitioned table holds nothing itself: its partitions' sizes are summed (a plain one has no tree).
        rows = db.session.execute(sa.text(
            "SELECT coalesce(sum(pg_table_size(p.relid)), pg_table_size(CAST(:t AS regclass))) / 1e6, "
            "coalesce(sum(pg_indexes_size(p.relid)), pg_indexes_size(CAST(:t AS regclass))) / 1e6, "
            "coalesce(sum(c.reltuples), (SELECT reltuples FROM pg_class WHERE oid = CAST(:t AS regclass)))::bigint "
            "FROM pg_partition_tree(CAST(:t AS regclass)) AS p JOIN pg_class c ON c.oid = p.relid "
            "WHERE p.isleaf"), {"t": table}).one()
        out.append((table, *rows))
    total = db.session.scalar(sa.text("SELECT pg_database_size(current_database()) / 1e6"))
    out.append(("database", total, 0.0, 0))
    return out


def run(database_url: str, runs: int, month: Month, jit: str = "off"):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = psycopg_url(database_url)
        POSTGRESQL_SETTINGS = {**TestConfig.POSTGRESQL_SETTINGS, "jit": jit}

    app = create_app(Config)
    with app.app_context():
        for name, function in cases(month):
            median, worst = median_and_max(function, runs)
            print(f"| {name} | {median:,.0f} | {worst:,.0f} |", flush=True)
        for table, data_mb, index_mb, rows in sizes():
            print(f"| {table} | {rows:,} rows | {data_mb:,.0f} MB | indexes {index_mb:,.0f} MB |")
        db.session.commit()
        started = time.perf_counter()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE"))
        print(f"| VACUUM ANALYZE (after the seed's own) | {time.perf_counter() - started:,.1f} s |")
        db.engine.dispose()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--month", help="YYYY-MM (default: last month)")
    parser.add_argument("--jit", choices=("on", "off"), default="off",
                        help="PostgreSQL JIT for the app's connections (the app sets off: config.POSTGRESQL_SETTINGS)")
    args = parser.parse_args()
    month = Month.parse(args.month) if args.month else Month.of(date.today()).shift(-1)
    run(args.database_url, args.runs, month, args.jit)


if __name__ == "__main__":
    main()
