"""Time the PWS dashboard (12 months, the whole puskesmas) on the demo data: the board as served, its programme
tables alone, and the same programme figures computed month by month (the naive way), median of N runs.
Usage: PYTHONPATH=. python scripts/time_pws.py [DATABASE_URL] [--runs N]; docs/PERFORMANCE.md."""
import argparse
import statistics
import time

from config import TestConfig
from posyandu_app import create_app
from posyandu_app.extensions import db


def _median_ms(call, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url", nargs="?", default="sqlite:////tmp/posyandu_pws_timing.db")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = args.url.replace("postgresql://", "postgresql+psycopg://", 1)

    app = create_app(Config)
    with app.app_context():
        from posyandu_app.clock import field_today
        from posyandu_app.models import User
        from posyandu_app.services import demo
        from posyandu_app.services.reports import immunization, pws, pws_programmes, units, youth
        from posyandu_app.services.reports.periods import Month, months_ending
        db.drop_all()
        db.create_all()
        demo.seed(2026)
        supervisor = db.session.query(User).filter_by(username="supervisor").one()
        unit = units.resolve(supervisor)
        month = Month.of(field_today())
        months = months_ending(month, 12)
        targets = pws.targets()

        def per_month():  # what the tables would cost built from the monthly recaps, one month at a time
            for m in months:
                immunization.collect(unit.posyandu_ids, m)
                youth.collect(unit.posyandu_ids, m)

        def before():  # the board as it was before the programme tables
            tables, pws_programmes.tables = pws_programmes.tables, lambda *a: {}
            try:
                pws.dashboard(unit, month, targets)
            finally:
                pws_programmes.tables = tables

        rows = {
            "PWS dashboard without programme tables (before)": before,
            "PWS dashboard, 12 months (as served)": lambda: pws.dashboard(unit, month, targets),
            "programme tables alone, per range": lambda: pws_programmes.tables(unit.posyandu_ids, months, targets,
                                                                                pws.light),
            "monthly recaps x 12 (naive, fewer figures)": per_month,
        }
        print(f"{db.engine.dialect.name}: {len(unit.posyandu_ids)} posyandu, median of {args.runs}")
        for name, call in rows.items():
            median, worst = _median_ms(call, args.runs)
            print(f"  {name}: {median:.1f} ms (max {worst:.1f})")


if __name__ == "__main__":
    main()
