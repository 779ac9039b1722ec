"""`flask partitions`: upkeep of every partitioned table (cron), and converting plain ones outside the migrations."""
import time

import click

from .cli_audit import _parse
from .extensions import db

def _tables(chosen):
    from .services import visit_partitions
    names = ["audit_log", *visit_partitions.TABLES]
    if not chosen:
        return names
    picked = []
    for name in chosen:
        picked += visit_partitions.TABLES if name == "visits" else [name]
    unknown = [name for name in picked if name not in names]
    if unknown:
        raise click.BadParameter(f"unknown table {', '.join(unknown)}; choose from visits, {', '.join(names)}")
    return list(dict.fromkeys(picked))


def _convert_one(connection, table, today):
    from .services import audit_partitions, visit_partitions
    if table == "audit_log":
        return audit_partitions.partition(connection, today)
    return visit_partitions.partition(connection, table, today)


@click.group("partitions")
def partitions_group():
    """Partitioned tables on PostgreSQL: audit_log by month, the visit tables by year (docs/DEPLOY.md)."""


@partitions_group.command("upkeep")
@click.option("--today", "today_text", help="YYYY-MM-DD instead of the server's today (clock.field_today).")
def upkeep_command(today_text):
    """Create the coming months and years, move rows out of DEFAULT (monthly from cron; idempotent)."""
    from .clock import field_today
    from .services import audit_partitions, visit_partitions
    today = _parse(today_text, "%Y-%m-%d") or field_today()
    with db.engine.begin() as connection:
        done = {"audit_log": audit_partitions.upkeep(connection, today), **visit_partitions.upkeep(connection, today)}
        partitioned = [table for table in done if _is_partitioned(connection, table)]
    if not partitioned:
        click.echo("no table is partitioned (SQLite, or migrations not run): nothing to do.")
    for table in partitioned:
        click.echo(f"{table}: created {', '.join(done[table].created) or 'none'}; "
                   f"rows moved out of DEFAULT: {done[table].moved}")


def _is_partitioned(connection, table):
    from .services import audit_partitions, visit_partitions
    if table == "audit_log":
        return audit_partitions.is_partitioned(connection)
    return visit_partitions.is_partitioned(connection, table)


@partitions_group.command("convert")
@click.option("--table", "chosen", multiple=True, help="A table, or 'visits' for all eight (default: all).")
@click.option("--today", "today_text", help="YYYY-MM-DD instead of the server's today (clock.field_today).")
def convert_command(chosen, today_text):
    """Partition plain tables now, one transaction each, and report the time each took: what migrations
    f3a1c9e7b2d4 and a9d4e1b7c3f0 do, for a database made without them (create_all, bench seeds). Idempotent; the
    table is locked while it is rewritten (docs/DEPLOY.md)."""
    from .clock import field_today
    today = _parse(today_text, "%Y-%m-%d") or field_today()
    tables = _tables(chosen)
    if db.engine.dialect.name != "postgresql":
        click.echo("not PostgreSQL: tables stay plain.")
        return
    total = time.perf_counter()
    for table in tables:
        started = time.perf_counter()
        with db.engine.begin() as connection:
            done = _convert_one(connection, table, today)
        if not done.created:
            click.echo(f"{table}: already partitioned")
            continue
        click.echo(f"{table}: {done.copied:,} rows into {len(done.created)} partitions "
                   f"({done.created[0]} .. {done.created[-1]}, and default_rows) "
                   f"in {time.perf_counter() - started:.1f} s")
    click.echo(f"total {time.perf_counter() - total:.1f} s")
