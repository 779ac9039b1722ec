"""SQLite capacity: how many kader, each syncing every 15 s (push 10 visits + pull), one SQLite file serves through
the README's gunicorn (-w 2 --threads 4) with p95 within the 300 ms budget and no error.

A ladder of kader counts on one file database (WAL, busy timeout, write requests take the lock up front), each step
a paced run as in the `load` section (start spread over 15 s, 2 syncs per kader): the answer is the last step that
passes. Every write waits for the one before it, so capacity is set by the write path, not by the cores.
"""
import statistics
import tempfile
from pathlib import Path

from . import load
from .common import app_on, gunicorn, load_average, row

LADDER = (10, 25, 50, 100, 150, 200, 300)
QUICK_LADDER = (10, 25, 50)
ROUNDS = 2
SATURATION = 30


def run(_server_url, quick=False):
    ladder = QUICK_LADDER if quick else LADDER
    rows, passed = [], None
    with tempfile.TemporaryDirectory(prefix="posyandu-bench-sqlite-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'posyandu.sqlite3'}"
        kader = load.seed(app_on(url), max(ladder))
        with gunicorn(url) as port:
            # One kader alone first: the service time on this machine at this moment, without queueing.
            calm, _, _, calm_load = load.burst(port, kader[:1], 5, day_offset=330)
            calm_row = row("sqlite", "1 kader alone on SQLite: push 10 + pull, p50",
                           statistics.median(calm["push"] + calm["pull"]), "ms",
                           note=f"push p50 {statistics.median(calm['push']):.0f} ms, "
                                f"pull p50 {statistics.median(calm['pull']):.0f} ms")
            calm_row.load = calm_load
            rows.append(calm_row)
            # The write path flat out: SATURATION kader syncing back to back, no pause. Its rate × 15 s is the
            # ceiling the paced ladder approaches; errors here would be refused writes ("database is locked").
            flat, flat_errors, (flat_wall, _), flat_load = load.burst(port, kader[:SATURATION], 3, day_offset=315)
            syncs_per_s = len(flat["push"]) / flat_wall
            flat_row = row("sqlite", f"{SATURATION} kader syncing back to back on SQLite: syncs/s", syncs_per_s,
                           "syncs/s", note=f"{len(flat_errors)} errors; push p95 "
                                           f"{load.percentile(flat['push'], 95):.0f} ms; × {load.PAUSE_S} s = a "
                                           f"ceiling of {syncs_per_s * load.PAUSE_S:.0f} kader syncing every "
                                           f"{load.PAUSE_S} s at this load")
            flat_row.load = flat_load
            rows.append(flat_row)
            for step, count in enumerate(ladder):
                # Later steps weigh on later days (visits are never dated before a child's stored ones).
                latencies, errors, _wall, step_load = load.burst(
                    port, kader[:count], ROUNDS, spread_s=load.PAUSE_S, day_offset=300 - 20 * step, pause=load.PAUSE_S)
                both = latencies["push"] + latencies["pull"]
                p95 = load.percentile(both, 95) if both else float("inf")
                ok = not errors and p95 <= load.BUDGET_P95_MS
                note = (f"push p95 {load.percentile(latencies['push'], 95):.0f} ms, pull p95 "
                        f"{load.percentile(latencies['pull'], 95):.0f} ms, p50 {statistics.median(both):.0f} ms, "
                        f"{len(errors)} errors" + (f" (first: {errors[0]})" if errors else "")) if both else \
                    f"no answers; {errors[:1]}"
                step_row = row("sqlite", f"{count} kader every {load.PAUSE_S} s on SQLite: p95", p95, "ms",
                               f"<= {load.BUDGET_P95_MS} ms, 0 errors", ok, note)
                step_row.load = step_load
                rows.append(step_row)
                if not ok:
                    break
                passed = count
    found = "" if passed else f"fewer than {ladder[0]}: "
    rows.append(row("sqlite", f"kader syncing every {load.PAUSE_S} s one SQLite file serves", passed, "kader",
                    note=f"{found}largest step of {list(ladder)} with p95 <= {load.BUDGET_P95_MS} ms and 0 errors; "
                         f"gunicorn -w 2 --threads 4; load average {load_average():.1f} at the end"))
    return rows
