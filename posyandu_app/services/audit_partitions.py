"""audit_log partitioned by month of `at` on PostgreSQL: the conversion, the months ahead, detaching old months.

Why monthly: a province-year writes ~7.4 GB of audit (docs/PERFORMANCE.md), ~600 MB a month: a month is a size
PostgreSQL handles well (vacuum, index builds), and the unit an operator archives (docs/DEPLOY.md). Months are
UTC months (`at` is stored in UTC). The partitions live in their own schema, `audit_log_part`, so schema
comparisons (tests/test_migrations.py, autogenerate) see only the parent table the models describe.
The primary key is (at, id): PostgreSQL requires the partition key in it, and with `at` first its index serves the
audit page's "newest first" (ORDER BY at DESC, id DESC LIMIT 50 reads the newest partition's tail only).
A DEFAULT partition catches any row no month takes, so an insert never fails when upkeep was missed.
SQLite keeps the plain table: every function here is a no-op there.
"""
import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import text

SCHEMA = "audit_log_part"
DEFAULT = f"{SCHEMA}.default_rows"
AHEAD = 3  # months created ahead of today's: upkeep may be missed for a quarter before rows fall to DEFAULT
_NAME = re.compile(r"^y(\d{4})m(\d{2})$")


@dataclass
class Upkeep:
    created: list[str] = field(default_factory=list)
    moved: int = 0  # rows moved out of DEFAULT into their month
    detached: list[str] = field(default_factory=list)


def _month(day: date) -> date:
    return day.replace(day=1)


def _next(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _name(month: date) -> str:
    return f"y{month.year:04d}m{month.month:02d}"


def _is_postgresql(connection) -> bool:
    return connection.dialect.name == "postgresql"


def is_partitioned(connection) -> bool:
    if not _is_postgresql(connection):
        return False
    return connection.execute(text("SELECT EXISTS (SELECT 1 FROM pg_partitioned_table p JOIN pg_class c "
                                   "ON c.oid = p.partrelid WHERE c.oid = to_regclass('audit_log'))")).scalar()


def attached(connection) -> dict[date, str]:
    """The month partitions attached to audit_log, by first day of the month."""
    names = connection.execute(text(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = to_regclass('audit_log')")).scalars()
    found = {}
    for name in names:
        match = _NAME.match(name)
        if match:
            found[date(int(match[1]), int(match[2]), 1)] = name
    return found


def _create_month(connection, month: date) -> str:
    name = _name(month)
    connection.execute(text(
        f"CREATE TABLE {SCHEMA}.{name} PARTITION OF audit_log "
        f"FOR VALUES FROM ('{month.isoformat()} 00:00:00+00') TO ('{_next(month).isoformat()} 00:00:00+00')"))
    return name


def partition(connection, today: date, ahead: int = AHEAD) -> Upkeep:
    """Turn a plain audit_log into the partitioned one, keeping every row and the id sequence (idempotent)."""
    if not _is_postgresql(connection) or is_partitioned(connection):
        return Upkeep()
    sequence = connection.execute(text("SELECT pg_get_serial_sequence('audit_log', 'id')")).scalar()
    connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
    connection.execute(text("LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE"))
    _set_aside(connection, "audit_log_unpartitioned")
    connection.execute(text("CREATE TABLE audit_log (LIKE audit_log_unpartitioned INCLUDING DEFAULTS) "
                            "PARTITION BY RANGE (at)"))
    _add_keys(connection, "at, id")
    _add_indexes(connection)
    connection.execute(text(f"ALTER SEQUENCE {sequence} OWNED BY audit_log.id"))
    connection.execute(text(f"CREATE TABLE {DEFAULT} PARTITION OF audit_log DEFAULT"))
    oldest = connection.execute(text("SELECT min(at AT TIME ZONE 'UTC') FROM audit_log_unpartitioned")).scalar()
    upkeep = Upkeep()
    month, last = _month(min(oldest.date(), today) if oldest else today), _month(today)
    for _ in range(ahead):
        last = _next(last)
    while month <= last:
        upkeep.created.append(_create_month(connection, month))
        month = _next(month)
    connection.execute(text("INSERT INTO audit_log SELECT * FROM audit_log_unpartitioned"))
    connection.execute(text("DROP TABLE audit_log_unpartitioned"))
    return upkeep


def _set_aside(connection, name: str) -> None:
    """Rename audit_log to `name` and free its key and index names for the table that replaces it."""
    connection.execute(text(f"ALTER TABLE audit_log RENAME TO {name}"))
    connection.execute(text(f"ALTER TABLE {name} DROP CONSTRAINT fk_audit_log_user_id_user_account"))
    connection.execute(text(f"ALTER TABLE {name} DROP CONSTRAINT pk_audit_log"))
    connection.execute(text("DROP INDEX ix_audit_log_entity_record, ix_audit_log_user_id"))


def _add_keys(connection, primary_key: str) -> None:
    connection.execute(text(f"ALTER TABLE audit_log ADD CONSTRAINT pk_audit_log PRIMARY KEY ({primary_key})"))
    connection.execute(text("ALTER TABLE audit_log ADD CONSTRAINT fk_audit_log_user_id_user_account "
                            "FOREIGN KEY (user_id) REFERENCES user_account (id)"))


def _add_indexes(connection) -> None:
    connection.execute(text("CREATE INDEX ix_audit_log_entity_record ON audit_log (entity, record_id)"))
    connection.execute(text("CREATE INDEX ix_audit_log_user_id ON audit_log (user_id)"))


def unpartition(connection) -> None:
    """Back to one plain table with every attached row (detached months stay where the operator left them)."""
    if not is_partitioned(connection):
        return
    sequence = connection.execute(text("SELECT pg_get_serial_sequence('audit_log', 'id')")).scalar()
    _set_aside(connection, "audit_log_partitioned")
    connection.execute(text("CREATE TABLE audit_log (LIKE audit_log_partitioned INCLUDING DEFAULTS)"))
    _add_keys(connection, "id")
    connection.execute(text("INSERT INTO audit_log SELECT * FROM audit_log_partitioned"))
    _add_indexes(connection)
    connection.execute(text(f"ALTER SEQUENCE {sequence} OWNED BY audit_log.id"))
    connection.execute(text("DROP TABLE audit_log_partitioned"))  # its attached partitions with it
    left = connection.execute(text("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                   "WHERE n.nspname = :schema"), {"schema": SCHEMA}).scalar()
    if not left:  # detached months are archives: the schema stays while it holds one
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA}"))


def upkeep(connection, today: date, ahead: int = AHEAD, detach_before: date | None = None) -> Upkeep:
    """Create this month and `ahead` more, move DEFAULT's rows into their months, detach months wholly before
    `detach_before` (never later than this month). Idempotent: a second run changes nothing."""
    done = Upkeep()
    if not is_partitioned(connection):
        return done
    this_month = _month(today)
    if detach_before is not None and _month(detach_before) > this_month:
        raise ValueError("detach_before is after this month")
    have = attached(connection)
    wanted = {this_month}
    for _ in range(ahead):
        wanted.add(_next(max(wanted)))
    in_default = connection.execute(text(
        f"SELECT DISTINCT date_trunc('month', at AT TIME ZONE 'UTC')::date FROM {DEFAULT}")).scalars()
    wanted |= {month for month in in_default if detach_before is None or month >= _month(detach_before)}
    missing = sorted(month for month in wanted - set(have) if not _exists(connection, _name(month)))
    if missing:
        # A month cannot be attached while DEFAULT holds its rows: park them, create the month, put them back.
        connection.execute(text("CREATE TEMPORARY TABLE audit_log_parked (LIKE audit_log) ON COMMIT DROP"))
        for month in missing:
            moved = connection.execute(text(
                f"WITH moved AS (DELETE FROM {DEFAULT} WHERE at >= :start AND at < :end RETURNING *) "
                "INSERT INTO audit_log_parked SELECT * FROM moved"),
                {"start": f"{month.isoformat()} 00:00:00+00", "end": f"{_next(month).isoformat()} 00:00:00+00"})
            done.moved += moved.rowcount
            done.created.append(_create_month(connection, month))
        connection.execute(text("INSERT INTO audit_log SELECT * FROM audit_log_parked"))
        connection.execute(text("DROP TABLE audit_log_parked"))
    if detach_before is not None:
        for month, name in sorted(attached(connection).items()):
            if _next(month) <= _month(detach_before):
                connection.execute(text(f"ALTER TABLE audit_log DETACH PARTITION {SCHEMA}.{name}"))
                done.detached.append(f"{SCHEMA}.{name}")
    return done


def _exists(connection, name: str) -> bool:
    """A month's table exists but is not attached: an operator detached it to archive; it is not recreated."""
    return connection.execute(text("SELECT to_regclass(:name) IS NOT NULL"), {"name": f"{SCHEMA}.{name}"}).scalar()
