"""audit_log partitioned by month of `at` on PostgreSQL: its layout for services/partitions.py, and that module's
functions bound to it (the migration f3a1c9e7b2d4, `flask audit-partitions` and the tests call these).

Why monthly: a province-year writes ~7.4 GB of audit (docs/PERFORMANCE.md), ~600 MB a month: a month is a size
PostgreSQL handles well (vacuum, index builds), and the unit an operator archives (docs/DEPLOY.md). Months are
UTC months (`at` is stored in UTC). The primary key is (at, id): PostgreSQL requires the partition key in it, and
with `at` first its index serves the audit page's "newest first" (ORDER BY at DESC, id DESC LIMIT 50 reads the
newest partition's tail only).
"""
from datetime import date

from . import partitions
from .partitions import Upkeep  # noqa: F401  (what upkeep answers)

AHEAD = 3  # months created ahead of today's: upkeep may be missed for a quarter before rows fall to DEFAULT
LAYOUT = partitions.Layout(table="audit_log", column="at", unit="month", primary_key="at, id", plain_key="id",
                           ahead=AHEAD, day_sql="at AT TIME ZONE 'UTC'", bound="{} 00:00:00+00")
SCHEMA = LAYOUT.schema
DEFAULT = LAYOUT.default


def is_partitioned(connection) -> bool:
    return partitions.is_partitioned(connection, LAYOUT)


def attached(connection) -> dict[date, str]:
    return partitions.attached(connection, LAYOUT)


def partition(connection, today: date) -> Upkeep:
    return partitions.partition(connection, LAYOUT, today)


def unpartition(connection) -> None:
    partitions.unpartition(connection, LAYOUT)


def upkeep(connection, today: date, ahead: int = AHEAD, detach_before: date | None = None) -> Upkeep:
    return partitions.upkeep(connection, LAYOUT, today, ahead, detach_before)
