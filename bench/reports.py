"""Time the reports on the volume seed (bench/seed_volume.py): service calls and full HTTP pages, median of runs.

    python -m bench.reports --database-url postgresql://postgres@127.0.0.1:5432/posyandu_bench_reports [--explain]
"""
import argparse
import statistics
import time

import sqlalchemy as sa

from config import TestConfig
from posyandu_app import create_app
from posyandu_app.extensions import db
from posyandu_app.models import Facility, FacilityKind, User
from posyandu_app.services.reports import pregnancy, pws, screening, skdn, units
from posyandu_app.services.reports.periods import Month

from .seed_volume import PASSWORD


def median_and_max(function, runs: int) -> tuple[float, float]:
    function()  # warm-up: connection, plans, caches
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), max(samples)


def run(database_url: str, month: Month, runs: int = 7, explain: bool = False) -> list[tuple[str, float, float]]:
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url.replace("postgresql://", "postgresql+psycopg://", 1)
        WTF_CSRF_ENABLED = False

    app = create_app(Config)
    results = []
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "bench_supervisor"))
        scope_unit = units.resolve(user)
        one = units.resolve(user, posyandu_id=scope_unit.posyandu_ids[0])
        desa = db.session.scalar(sa.select(Facility).where(Facility.kind == FacilityKind.PUSTU).order_by(Facility.id))
        desa_unit = units.resolve(user, pustu_id=desa.id)
        cases = [
            ("monthly SKDN/F2, puskesmas (50 posyandu)", lambda: skdn.monthly_report(scope_unit, month)),
            ("monthly SKDN/F2, one desa (5 posyandu)", lambda: skdn.monthly_report(desa_unit, month)),
            ("monthly SKDN/F2, one posyandu", lambda: skdn.monthly_report(one, month)),
            ("pregnancy recap, puskesmas", lambda: pregnancy.monthly_report(scope_unit, month)),
            ("screening recap, puskesmas", lambda: screening.monthly_report(scope_unit, month)),
            ("PWS dashboard 12 months, puskesmas", lambda: pws.dashboard(scope_unit, month)),
            ("late uploads, puskesmas", lambda: pws.late_uploads(scope_unit, month)),
        ]
        for name, function in cases:
            results.append((name, *median_and_max(function, runs)))
        if explain:
            _explain(scope_unit, month)
    client = app.test_client()
    client.post("/api/v1/auth/login", json={"username": "bench_supervisor", "password": PASSWORD})
    for path in ("/reports/monthly", "/reports/pws", "/reports/pregnancy", "/reports/screening",
                 "/reports/monthly.xlsx", "/reports/pws.csv"):
        def fetch(path=path):
            assert client.get(path, query_string={"month": month.key}).status_code == 200
        results.append((f"HTTP GET {path} (render included)", *median_and_max(fetch, max(3, runs // 2))))
    with app.app_context():
        db.engine.dispose()
    return results


def _explain(unit, month):
    """Print PostgreSQL's plan of the main SKDN query (to check the indexes are used)."""
    weighed = skdn.weighed_visits(unit.posyandu_ids, month)
    query = skdn._weighed_query(weighed)
    compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
    for row in db.session.execute(sa.text(f"EXPLAIN (ANALYZE, BUFFERS) {compiled}")):
        print(row[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--month", help="YYYY-MM (default: last month, the last complete one)")
    args = parser.parse_args()
    month = Month.parse(args.month, default=Month.parse(None).shift(-1))
    print(f"month {month.key}")
    for name, median, worst in run(args.database_url, month, args.runs, args.explain):
        print(f"{name:<55} median {median:7.1f} ms   max {worst:7.1f} ms")


if __name__ == "__main__":
    main()
