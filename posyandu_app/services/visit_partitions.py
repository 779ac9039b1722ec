"""The visit tables partitioned by year of `visit_date` on PostgreSQL, and the id check that replaces their unique key.

Why yearly: a province-year is ~4 M weighings and ~5 M vaccine doses (~1.9 GB each with indexes,
docs/PERFORMANCE.md), a year per table is a size PostgreSQL handles well, and it is the unit reports read and an
archive would keep; months would be 8 tables x 12 a year of small tables, each probed by every query that names
no date (a person's history, the high-risk lists). Partitions cover the last HISTORY years and the next AHEAD;
older visits (a KIA book typed in late, a mistyped year: the sync schema bounds `visit_date` only by the birth
date and today) go to the DEFAULT partition, which a query naming recent dates never reads.

The primary key becomes (id, visit_date): PostgreSQL requires the partition key in it, and `id` first keeps every
lookup by id one index probe per year. The database no longer refuses the same id in two years, so
`claim_ids` does, for the one writer of visits with ids it did not make (a push: services/sync_writes.py).
The self-reference `supersedes_id` cannot stay a foreign key (it would need (id, visit_date) on both sides); the
correction path checks it (sync_ops.apply_correction loads the superseded visit, in scope and current, before it
writes the new one) and visits are never deleted. docs/ARCHITECTURE.md "Decisions".
"""
from datetime import date

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from . import partitions

# The visit tables at migration a9d4e1b7c3f0; a kind added later is partitioned by its own migration
# (tests/test_visit_partitions.py checks this list against the registry).
TABLES = ("growth_visit", "pregnancy_visit", "screening", "youth_screening", "immunization", "delivery",
          "postnatal_visit", "newborn_visit")
HISTORY = 10  # years before this one with a table of their own; older rows stay in DEFAULT
AHEAD = 1  # next year's table exists all this year, so a missed upkeep costs nothing until next year's end
LAYOUTS = {table: partitions.Layout(table=table, column="visit_date", unit="year", primary_key="id, visit_date",
                                    plain_key="id", ahead=AHEAD, day_sql="visit_date::timestamp", history=HISTORY)
           for table in TABLES}


def supersedes_key(table: str) -> str:
    """The name the self-referencing foreign key had (naming convention fk_<table>_<column>_<referred table>)."""
    return f"fk_{table}_supersedes_id_{table}"


def partition(connection, table: str, today: date) -> partitions.Upkeep:
    """Convert one plain visit table (idempotent); its supersedes foreign key is dropped (the module docstring)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {supersedes_key(table)}"))
    return partitions.partition(connection, LAYOUTS[table], today)


def unpartition(connection, table: str) -> None:
    partitions.unpartition(connection, LAYOUTS[table])


def is_partitioned(connection, table: str) -> bool:
    return partitions.is_partitioned(connection, LAYOUTS[table])


def upkeep(connection, today: date) -> dict[str, partitions.Upkeep]:
    return {table: partitions.upkeep(connection, LAYOUTS[table], today) for table in TABLES}


def claim_ids(connection, visits) -> None:
    """Refuse new visits whose id another row of their table already has (IntegrityError, as a duplicate key
    would be), on PostgreSQL, after they were inserted and before commit. The caller looked the ids up before
    inserting (sync_push prefetch); this closes the window where two requests insert the same id in different
    years at once: each takes a transaction lock per id (sorted, so two requests never wait on each other in a
    circle), then counts the rows with that id; the later one sees the earlier one's committed row."""
    if connection.dialect.name != "postgresql":
        return  # SQLite's tables keep `id` as their primary key
    by_table = {}
    for visit in visits:
        by_table.setdefault(visit.__tablename__, []).append(visit.id)
    if not by_table:
        return
    keys = [f"{table}:{visit_id}" for table, ids in by_table.items() for visit_id in ids]
    connection.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(key, 0)) "
                            "FROM (SELECT unnest(CAST(:keys AS text[])) AS key ORDER BY 1) AS claimed"),
                       {"keys": keys})
    for table, ids in by_table.items():
        taken = connection.execute(text(f"SELECT id FROM {table} WHERE id = ANY(CAST(:ids AS text[])) "
                                        "GROUP BY id HAVING count(*) > 1"), {"ids": ids}).scalars().all()
        if taken:
            raise IntegrityError(f"{table}: id already held", {"ids": taken},
                                 Exception(f"duplicate visit id in {table}: {', '.join(taken)}"))
