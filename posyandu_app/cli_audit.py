"""`flask audit-partitions`: create the coming months' audit_log partitions, detach old ones for archiving."""
from datetime import date, datetime

import click

from .extensions import db


def _parse(value: str | None, pattern: str) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, pattern).date()
    except ValueError:
        raise click.BadParameter(f"expected {pattern.replace('%', '')}: {value}") from None


@click.command("audit-partitions")
@click.option("--detach-before", help="YYYY-MM: detach (never drop) the months wholly before it, to archive.")
@click.option("--today", "today_text", help="YYYY-MM-DD instead of the server's today (clock.field_today).")
@click.option("--ahead", default=3, show_default=True, help="Months to create after this one.")
def audit_partitions_command(detach_before, today_text, ahead):
    """Monthly upkeep of the partitioned audit log (PostgreSQL; run from cron, see docs/DEPLOY.md)."""
    from .clock import field_today
    from .services import audit_partitions
    today = _parse(today_text, "%Y-%m-%d") or field_today()
    with db.engine.begin() as connection:
        if not audit_partitions.is_partitioned(connection):
            click.echo("audit_log is not partitioned (SQLite, or migrations not run): nothing to do.")
            return
        try:
            done = audit_partitions.upkeep(connection, today, ahead, _parse(detach_before, "%Y-%m"))
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"created: {', '.join(done.created) or 'none'}; rows moved out of DEFAULT: {done.moved}")
    for name in done.detached:
        click.echo(f"detached {name}: archive it (pg_dump -t {name}), then DROP TABLE {name}")
