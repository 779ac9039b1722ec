"""Load: 200 kader (50 posyandu × 4) syncing at once against gunicorn on 127.0.0.1, a fixed number of requests.

Each kader logs in and downloads the posyandu first, as the app does at first login (sessions last weeks; the first
download is measured by the `pull` section): the timed rounds are steady-state syncs. Then all start together and
each does ROUNDS × (push 10 new growth visits of its own children, pull its posyandu's changes from its cursor). Closed
loop, no think time: the harshest "everyone presses sync at once". A second, paced run has each kader sync every
15 s (start spread over 15 s), ~27 requests/s offered: a busy posyandu morning in a whole kabupaten. Bounded:
every request has a timeout and the whole run a deadline; threads are daemons, so the bench always stops.
"""
import random
import statistics
import threading
import time
import uuid
from datetime import date, datetime, timedelta, timezone

from werkzeug.security import generate_password_hash

from posyandu_app.extensions import db
from posyandu_app.models import Facility, FacilityKind, Person, Role, User

from .common import Client, app_on, database, gunicorn, load_average, row

KADER, POSYANDU, CHILDREN_PER_KADER, OPS_PER_PUSH = 200, 50, 10, 10
PASSWORD = "bench-load-2026"
DEADLINE_S = 600
BUDGET_P95_MS = 300
PAUSE_S = 15  # paced variant: a kader syncs after every few children, not in a tight loop


def seed(app, kader_count=KADER):
    """kader_count / 4 posyandu (50 by default), 4 kader each, 10 children per kader (pushed by the ORM, so pull has
    their change-log rows)."""
    password_hash = generate_password_hash(PASSWORD)  # one hash for all: 200 scrypt runs would take minutes
    kader = []
    with app.app_context():
        puskesmas = Facility(kind=FacilityKind.PUSKESMAS, code="PKM-L", name="Puskesmas Load")
        db.session.add(puskesmas)
        for p in range(kader_count * POSYANDU // KADER):
            if p % 5 == 0:
                pustu = Facility(kind=FacilityKind.PUSTU, code=f"PST-L{p // 5}", name=f"Pustu {p // 5}",
                                 parent=puskesmas)
            posyandu = Facility(kind=FacilityKind.POSYANDU, code=f"POS-L{p}", name=f"Posyandu {p}", parent=pustu)
            db.session.add(posyandu)
            db.session.flush()
            for k in range(KADER // POSYANDU):
                user = User(username=f"kader-{p}-{k}", full_name=f"Kader {p} {k}", role=Role.KADER,
                            facility=posyandu, password_hash=password_hash)
                children = [Person(id=str(uuid.uuid4()), posyandu_id=posyandu.id, name=f"Anak {p} {k} {n}",
                                   name_normalized=f"anak {p} {k} {n}", sex="MF"[n % 2],
                                   birth_date=date.today() - timedelta(days=400 + 30 * n), mother_name=f"Ibu {n}",
                                   mother_name_normalized=f"ibu {n}") for n in range(CHILDREN_PER_KADER)]
                db.session.add(user)
                db.session.add_all(children)
                kader.append((user.username, [child.id for child in children]))
        db.session.commit()
        db.engine.dispose()
    return [(username, ids) for username, ids in kader]


def kader_session(port, username, children, rounds, start, latencies, errors, delay=0.0, day_offset=0, pause=0.0):
    client = Client(port, timeout=60)
    try:
        client.login(username, PASSWORD)
    except Exception as exc:
        errors.append(f"login {username}: {exc}")
        start.wait()  # the others must not wait for this kader until the deadline; its requests count unfinished
        return
    cursor = 0
    try:  # the phone's first download after login, not timed (the `pull` section measures it): rounds are steady
        while True:
            _, answer = client.request("GET", f"/api/v1/sync/pull?cursor={cursor}&limit=500", None)
            cursor = answer["next_cursor"]
            if not answer["more"]:
                break
    except Exception as exc:
        errors.append(f"first pull {username}: {exc}")
        start.wait()
        return
    start.wait()
    time.sleep(delay)
    for n in range(rounds):
        if n:
            time.sleep(pause)
        visit_date = (date.today() - timedelta(days=day_offset + 7 * (rounds - n))).isoformat()
        ops = [{"op_id": str(uuid.uuid4()), "entity": "growth", "id": str(uuid.uuid4()), "base_version": None,
                "recorded_at": datetime.now(timezone.utc).isoformat(),
                "data": {"person_id": child, "visit_date": visit_date, "weight_kg": 9.4, "length_cm": 76.0,
                         "measured": "L", "muac_cm": 14.2}} for child in children[:OPS_PER_PUSH]]
        for kind, method, path, body in (("push", "POST", "/api/v1/sync/push", {"device_id": username, "ops": ops}),
                                         ("pull", "GET", None, None)):
            path = path or f"/api/v1/sync/pull?cursor={cursor}&limit=500"
            started = time.perf_counter()
            try:
                status, answer = client.request(method, path, body)
            except Exception as exc:
                errors.append(f"{kind} {username}: {exc.__class__.__name__}")
                client.close()
                client = Client(port, timeout=60)
                client.login(username, PASSWORD)
                continue
            latencies[kind].append((time.perf_counter() - started) * 1000)
            if status != 200:
                errors.append(f"{kind} {username}: HTTP {status}")
            elif kind == "push" and {r["status"] for r in answer["results"]} != {"applied"}:
                errors.append(f"push {username}: {[r['status'] for r in answer['results']]}")
            elif kind == "pull":
                cursor = answer["next_cursor"]
    client.close()


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def burst(port, kader, rounds, spread_s=0.0, day_offset=0, pause=0.0):
    """All kader at once (spread_s = 0) or starting at random moments within spread_s, `pause` s between rounds."""
    rng = random.Random(5)
    latencies, errors = {"push": [], "pull": []}, []
    start = threading.Barrier(len(kader) + 1)
    threads = [threading.Thread(target=kader_session, daemon=True,
                                args=(port, username, children, rounds, start, latencies, errors,
                                      rng.uniform(0, spread_s), day_offset, pause))
               for username, children in kader]
    for thread in threads:
        thread.start()
    start.wait(timeout=DEADLINE_S)  # everyone logged in
    began, cpu = time.perf_counter(), time.process_time()
    deadline = time.monotonic() + DEADLINE_S
    for thread in threads:
        thread.join(timeout=max(0.1, deadline - time.monotonic()))
    wall = time.perf_counter() - began
    client_cpu = time.process_time() - cpu
    done = len(latencies["push"]) + len(latencies["pull"])
    missing = len(kader) * rounds * 2 - done - len(errors)  # requests never made: threads past the deadline
    errors += ["unfinished"] * max(0, missing)
    return latencies, errors, (wall, client_cpu), load_average()


def run(server_url, quick=False):
    rounds = 2 if quick else 5
    with database(server_url, "load") as url:
        kader = seed(app_on(url))
        with gunicorn(url) as port:
            # Each phase weighs on later days than the one before, as a posyandu does month after month: a visit
            # dated before a child's stored ones would re-assess all of them (KMS depends on the previous weight).
            calm, _, _, calm_load = burst(port, kader[:1], 10, day_offset=200)  # one kader alone: the service time
            latencies, errors, wall, load = burst(port, kader, rounds, day_offset=100)
            paced = None if quick else burst(port, kader, rounds, spread_s=PAUSE_S, day_offset=0, pause=PAUSE_S)
    rows = [row("load", "1 kader alone: push 10 + pull, p50", statistics.median(calm["push"] + calm["pull"]), "ms",
                note=f"push p50 {statistics.median(calm['push']):.0f} ms, pull p50 {statistics.median(calm['pull']):.0f} ms")]
    rows[0].load = calm_load
    rows += _rows(f"{len(kader)} kader at the same instant", latencies, errors, wall, load, rounds, len(kader))
    if paced:
        rows += _rows(f"{len(kader)} kader, each syncing every {PAUSE_S} s", *paced, rounds, len(kader))
    return rows


def _rows(label, latencies, errors, wall, load, rounds, kader):
    both = latencies["push"] + latencies["pull"]
    wall, client_cpu = wall
    note = (f"{kader} × {rounds} × (push {OPS_PER_PUSH} visits + pull) = {kader * rounds * 2} requests in "
            f"{wall:.1f} s = {len(both) / wall:.0f} req/s; gunicorn -w 2 --threads 4; the load generator itself "
            f"used {client_cpu:.0f} CPU-s of the 2 cores")
    if errors:
        note += f"; first error: {errors[0]}"
    p95 = percentile(both, 95)
    rows = [row("load", f"{label}: errors", len(errors), "", "0", not errors, note),
            row("load", f"{label}: p50", statistics.median(both), "ms"),
            row("load", f"{label}: p95", p95, "ms", f"<= {BUDGET_P95_MS} ms", p95 <= BUDGET_P95_MS),
            row("load", f"{label}: p99", percentile(both, 99), "ms",
                note=f"push p95 {percentile(latencies['push'], 95):.0f} ms, "
                     f"pull p95 {percentile(latencies['pull'], 95):.0f} ms")]
    for r in rows:
        r.load = load
    return rows
