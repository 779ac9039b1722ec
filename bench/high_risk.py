"""The supervisor's and the bidan's high-risk lists with the overdue-vaccine reason as it is and as it was before
(the full immunization twin for every child), on the same data in the same run: median of runs, rows compared.

    python -m bench.high_risk --database-url postgresql://postgres@127.0.0.1:5432/posyandu_hirisk --seed [--runs 7]

--seed drops and creates the database and seeds one puskesmas of bench/seed_province.py (50 posyandu, ~4,100
children under the schedule's age limit, ~90,000 doses); without it the database must hold such a seed (spv001,
bidan00101). Runs alternate before/after so machine load hits both alike. Prints ms and the rows' identity.
`--twin-only`: the Python twin alone, full and lean, on 4,000 generated children (no database needed).
"""
import argparse
import random
import statistics
import time
from datetime import date, timedelta

import sqlalchemy as sa

from config import TestConfig
from posyandu_app import create_app
from posyandu_app.clock import field_today
from posyandu_app.domain import immunization, immunization_lists
from posyandu_app.extensions import db
from posyandu_app.models import User
from posyandu_app.services import high_risk, immunization_due, scope

from .common import app_on, load_average, psycopg_url
from .seed_province import SCHEDULE, seed
from .seed_volume import recreate_database


def full_twin_overdue(allowed, today: date):
    """overdue_children before the screen and the lean twin: the full twin for every child of the scope."""
    for person, result in immunization_due.assessed_children(allowed, today):
        if not any(dose["given"] for dose in result["doses"].values()):
            continue
        child = immunization_due._child(person, result)
        if child is not None and (child.overdue or child.invalid):
            yield child


def identity(rows) -> list:
    """What each row shows and links to, sorted as the list sorts them (its ties, which the database orders as it
    likes, broken by person id)."""
    keys = [(row.reason, row.first_seen, row.person.name_normalized, row.person.id, row.entity,
             getattr(row.visit, "id", None), row.last_seen, repr(row.facts), row.urgent) for row in rows]
    return sorted(keys, key=lambda key: (high_risk.REASON_CODES.index(key[0]), *key[1:4]))


def timed(function):
    """(wall ms, this process's CPU ms, rows): CPU shows the Python side apart from the machine's load."""
    db.session.remove()  # a fresh session each run: nothing cached in the identity map
    started, cpu = time.perf_counter(), time.process_time()
    rows = function()
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000, rows


def compare(user_name: str, runs: int, today: date) -> dict:
    user = lambda: db.session.scalar(sa.select(User).where(User.username == user_name))  # noqa: E731
    after = lambda: high_risk.risk_list(user(), today=today)  # noqa: E731
    reason = lambda: high_risk.risk_list(user(), reason="overdue_vaccine", today=today)  # noqa: E731
    current = immunization_due.overdue_children

    def before(function):
        immunization_due.overdue_children = full_twin_overdue
        try:
            return function()
        finally:
            immunization_due.overdue_children = current

    samples = {"before": [], "after": [], "reason before": [], "reason after": []}
    same = True
    for _ in range(runs + 1):  # the first round warms connections, plans and caches: not counted
        for name, function in (("before", lambda: before(after)), ("after", after),
                               ("reason before", lambda: before(reason)), ("reason after", reason)):
            ms, cpu, rows = timed(function)
            samples[name].append((ms, cpu, identity(rows)))
        same &= samples["before"][-1][2] == samples["after"][-1][2]
        same &= samples["reason before"][-1][2] == samples["reason after"][-1][2]
    with_scope = scope.posyandu_ids(user())
    children = sum(1 for _ in immunization_due.assessed_children(with_scope, today))
    out = {name: statistics.median(ms for ms, _, _ in values[1:]) for name, values in samples.items()}
    out.update({f"{name} cpu": statistics.median(cpu for _, cpu, _ in values[1:]) for name, values in samples.items()})
    out.update(rows=len(samples["after"][-1][2]), overdue=len(samples["reason after"][-1][2]), same=same,
               children=children)
    return out


def twin_only(count: int = 4000, runs: int = 5, today: date = date(2026, 12, 6)) -> dict:
    """CPU ms (median) of the full twin, the lean path and its screen over `count` children drawn as the province
    seed draws them (doses a few days after their age, one in 40 missed); no database."""
    rng, children = random.Random(1), []
    for _ in range(count):
        birth, last, doses = today - timedelta(days=rng.randint(0, 5 * 365)), {}, []
        for antigen, number, age, interval in SCHEDULE:
            day = birth + timedelta(days=age + int(rng.expovariate(1 / 10)))
            day = max(day, last[antigen] + timedelta(days=interval)) if antigen in last else day
            if day <= today and rng.random() >= 1 / 40:
                last[antigen] = day
                doses.append((antigen, number, day))
        children.append((birth, doses))
    as_text = [(b.isoformat(), [{"antigen": a, "dose": n, "date": d.isoformat()} for a, n, d in doses])
               for b, doses in children]
    cases = {"full twin": lambda: [immunization.assess_immunization(b, d, today.isoformat()) for b, d in as_text],
             "lean path (screen + lean twin)": lambda: [immunization_lists.overdue_or_invalid(b, d, today)
                                                        for b, d in children],
             "screen alone": lambda: [immunization_lists.may_be_listed(b, d, today) for b, d in children]}
    out = {}
    for name, function in cases.items():
        function()  # warm-up: the month cache and the per-birth-day dates
        samples = []
        for _ in range(runs):
            started = time.process_time()
            function()
            samples.append((time.process_time() - started) * 1000)
        out[name] = statistics.median(samples)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=False)
    parser.add_argument("--seed", action="store_true", help="drop, create and seed one puskesmas first")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--twin-only", action="store_true", help="only the twin on 4,000 generated children (no DB)")
    args = parser.parse_args()
    if args.twin_only:
        for name, ms in twin_only().items():
            print(f"| {name}, 4,000 children | {ms:,.0f} ms CPU |")
        return
    if not args.database_url:
        parser.error("--database-url is required (unless --twin-only)")
    if args.seed:
        recreate_database(psycopg_url(args.database_url))
        app = app_on(args.database_url)
        seed(app, 1)
    else:
        class Config(TestConfig):
            SQLALCHEMY_DATABASE_URI = psycopg_url(args.database_url)

        app = create_app(Config)
    with app.app_context():
        today = field_today()
        print(f"as of {today}, load average {load_average():.1f}, {args.runs} runs after a warm-up (median ms)")
        print("| list | children | rows (overdue vaccine) | before | after | overdue reason before / after "
              "| CPU of this process, list before / after | same rows |")
        for label, user_name in (("supervisor, puskesmas (50 posyandu)", "spv001"), ("bidan, one pustu", "bidan00101")):
            r = compare(user_name, args.runs, today)
            print(f"| {label} | {r['children']:,} | {r['rows']:,} ({r['overdue']:,}) | {r['before']:,.0f} | "
                  f"{r['after']:,.0f} | {r['reason before']:,.0f} / {r['reason after']:,.0f} | "
                  f"{r['before cpu']:,.0f} / {r['after cpu']:,.0f} | {'yes' if r['same'] else 'NO'} |", flush=True)
        print(f"load average after: {load_average():.1f}")
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
