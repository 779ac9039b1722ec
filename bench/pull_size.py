"""Bytes of a kader's first pull: one posyandu, 300 persons, two years of visits (raw and gzip, over HTTP).

Usage: python -m bench.pull_size [--database-url postgresql://postgres@127.0.0.1:5432/test] [--limit 1000]
"""
import argparse
import gzip
import json
from datetime import date

from sqlalchemy import func, select

from posyandu_app.extensions import db
from posyandu_app.models import GrowthVisit

from .seed_posyandu import PASSWORD, make_app, make_kader, posyandu_ops, push_all


def first_pull(client, limit):
    """Pull until `more` is false, as the phone does; returns (pages, changes, raw bytes, gzip bytes on the wire)."""
    cursor, pages, changes, raw, wire = 0, 0, [], 0, 0
    while True:
        response = client.get(f"/api/v1/sync/pull?cursor={cursor}&limit={limit}",
                              headers={"Accept-Encoding": "gzip"})
        body = response.get_data()
        wire += len(body)
        text = gzip.decompress(body) if response.headers.get("Content-Encoding") == "gzip" else body
        raw += len(text)
        page = json.loads(text)
        pages += 1
        changes += page["changes"]
        cursor = page["next_cursor"]
        if not page["more"]:
            return pages, changes, raw, wire


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL server URL (a throwaway database is created)")
    parser.add_argument("--limit", type=int, default=1000)
    args = parser.parse_args()
    app = make_app(args.database_url)
    with app.app_context():
        kader = make_kader()
        counts = push_all(kader, posyandu_ops(date.today()))
        with_results = db.session.scalar(select(func.count()).select_from(GrowthVisit).where(
            GrowthVisit.waz.is_not(None)))
        username = kader.username
    client = app.test_client()
    client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    pages, changes, raw, wire = first_pull(client, args.limit)
    by_entity = {}
    for change in changes:
        by_entity[change["entity"]] = by_entity.get(change["entity"], 0) + 1
    print(f"seeded ops: {counts}")
    print(f"changes pulled: {len(changes)} {by_entity} in {pages} pages of up to {args.limit}")
    print(f"growth visits with server z-scores: {with_results} (0 = assessment not wired yet: results empty)")
    print(f"first pull: raw {raw / 1024:.0f} KB, gzip on the wire {wire / 1024:.0f} KB "
          f"({wire / max(len(changes), 1):.0f} bytes per record)")


if __name__ == "__main__":
    main()
