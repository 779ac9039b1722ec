"""Bytes of a first pull: one posyandu (a kader) or several (a bidan), 300 persons and two years of visits each;
pull v1 (full records) and v2 (compact, docs/SYNC.md §4.3), raw and gzip, over HTTP.

Usage: python -m bench.pull_size [--database-url postgresql://postgres@127.0.0.1:5432/test] [--limit 1000]
                                 [--posyandu 5] [--versions 1 2]
"""
import argparse
import gzip
import json
from datetime import date

from sqlalchemy import func, select

from posyandu_app.extensions import db
from posyandu_app.models import GrowthVisit

from posyandu_app.models import Facility, FacilityKind, Role, User
from posyandu_app.services.sync_compact import expand

from .seed_posyandu import PASSWORD, make_app, make_kader, posyandu_ops, push_all


def make_bidan(kader, count):
    """A bidan of the kader's pustu, with `count` posyandu in it (the kader's and count - 1 more, one kader each);
    returns the bidan and the kaders, one per posyandu."""
    pustu = kader.facility.parent
    kaders = [kader]
    for n in range(2, count + 1):
        posyandu = Facility(kind=FacilityKind.POSYANDU, code=f"POS-B{n}", name=f"Posyandu Bench {n}", parent=pustu)
        other = User(username=f"kader-bench-{n}", full_name=f"Kader Bench {n}", role=Role.KADER, facility=posyandu)
        other.set_password(PASSWORD)
        db.session.add_all([posyandu, other])
        kaders.append(other)
    bidan = User(username="bidan-bench", full_name="Bidan Bench", role=Role.BIDAN, facility=pustu)
    bidan.set_password(PASSWORD)
    db.session.add(bidan)
    db.session.commit()
    return bidan, kaders


def first_pull(client, limit, version=1):
    """Pull until `more` is false, as the phone does; returns (pages, changes, raw bytes, gzip bytes on the wire)."""
    cursor, pages, changes, raw, wire = 0, 0, [], 0, 0
    while True:
        response = client.get(f"/api/v1/sync/pull?cursor={cursor}&limit={limit}&v={version}",
                              headers={"Accept-Encoding": "gzip"})
        body = response.get_data()
        wire += len(body)
        text = gzip.decompress(body) if response.headers.get("Content-Encoding") == "gzip" else body
        raw += len(text)
        page = json.loads(text)
        pages += 1
        changes += expand(page) if page.get("v") == 2 else page["changes"]
        cursor = page["next_cursor"]
        if not page["more"]:
            return pages, changes, raw, wire


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL server URL (a throwaway database is created)")
    parser.add_argument("--limit", type=int, default=1000, help="page size of v1 (v2 takes the phone's 2,000)")
    parser.add_argument("--posyandu", type=int, default=1, help="posyandu of 300 persons; over 1 a bidan pulls")
    parser.add_argument("--versions", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    app = make_app(args.database_url)
    with app.app_context():
        kader = make_kader()
        puller, kaders = (make_bidan(kader, args.posyandu) if args.posyandu > 1 else (kader, [kader]))
        counts = {}
        for n, each in enumerate(kaders):
            for status, count in push_all(each, posyandu_ops(date.today(), seed=7 + n)).items():
                counts[status] = counts.get(status, 0) + count
        with_results = db.session.scalar(select(func.count()).select_from(GrowthVisit).where(
            GrowthVisit.waz.is_not(None)))
        username = puller.username
    client = app.test_client()
    client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    print(f"seeded ops: {counts} in {args.posyandu} posyandu, pulled by {username}")
    print(f"growth visits with server z-scores: {with_results} (0 = assessment not wired yet: results empty)")
    for version in args.versions:
        limit = args.limit if version == 1 else 2000
        pages, changes, raw, wire = first_pull(client, limit, version)
        by_entity = {}
        for change in changes:
            entity = change["entity"]
            by_entity[entity] = by_entity.get(entity, 0) + 1
        print(f"v{version}: {len(changes)} records {by_entity} in {pages} pages of up to {limit}")
        print(f"v{version} first pull: raw {raw / 1024:.0f} KB, gzip on the wire {wire / 1024:.0f} KB "
              f"({wire / max(len(changes), 1):.0f} bytes per record, "
              f"{wire / 1024 / args.posyandu:.0f} KB per posyandu)")


if __name__ == "__main__":
    main()
