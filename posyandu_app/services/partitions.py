"""Range partitions by calendar month or year on PostgreSQL: converting a plain table, upkeep ahead, detaching old.

One `Layout` per partitioned table (services/audit_partitions.py: audit_log by month; services/visit_partitions.py:
the visit tables by year). A table's partitions live in schema `<table>_part`, named y2026m12 (months) or y2026
(years), so schema comparisons (tests/test_migrations.py, autogenerate) see only the parent the models describe.
A DEFAULT partition catches any row no month or year takes, so an insert never fails when upkeep was missed.
The conversion replays the table's own indexes and foreign keys as the catalog has them (pg_get_indexdef,
pg_get_constraintdef) rather than a copy of their DDL, so it fits whatever the earlier migrations made.
SQLite keeps plain tables: every function here is a no-op there.
"""
import re
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import text


@dataclass(frozen=True)
class Layout:
    table: str
    column: str  # the partition key
    unit: str  # "month" or "year"
    primary_key: str  # of the partitioned table: PostgreSQL requires the partition key in it
    plain_key: str  # of the plain table, back after `unpartition`
    ahead: int  # units created after today's
    day_sql: str  # SQL for the calendar day of `column` (a UTC day for a timestamp)
    bound: str = "{}"  # a partition bound from an ISO day ("{} 00:00:00+00" for a timestamptz key)
    history: int | None = None  # at most this many units before today's get a table; older rows stay in DEFAULT

    @property
    def schema(self) -> str:
        return f"{self.table}_part"

    @property
    def default(self) -> str:
        return f"{self.schema}.default_rows"

    def start(self, day: date) -> date:
        return day.replace(month=1, day=1) if self.unit == "year" else day.replace(day=1)

    def next(self, start: date) -> date:
        if self.unit == "year":
            return date(start.year + 1, 1, 1)
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)

    def name(self, start: date) -> str:
        return f"y{start.year:04d}" if self.unit == "year" else f"y{start.year:04d}m{start.month:02d}"

    def parse(self, name: str) -> date | None:
        match = re.fullmatch(r"y(\d{4})" if self.unit == "year" else r"y(\d{4})m(\d{2})", name)
        return date(int(match[1]), int(match[2]) if self.unit == "month" else 1, 1) if match else None

    def oldest(self, today: date) -> date | None:
        """The first unit that gets a table of its own (None: every unit a row needs)."""
        if self.history is None:
            return None
        start = self.start(today)
        for _ in range(self.history):
            start = self.start(date.fromordinal(start.toordinal() - 1))
        return start


@dataclass
class Upkeep:
    created: list[str] = field(default_factory=list)
    moved: int = 0  # rows moved out of DEFAULT into their month or year
    detached: list[str] = field(default_factory=list)
    copied: int = 0  # rows a conversion copied into the new table


def _is_postgresql(connection) -> bool:
    return connection.dialect.name == "postgresql"


def is_partitioned(connection, layout: Layout) -> bool:
    if not _is_postgresql(connection):
        return False
    return connection.execute(text("SELECT EXISTS (SELECT 1 FROM pg_partitioned_table "
                                   "WHERE partrelid = to_regclass(:table))"), {"table": layout.table}).scalar()


def attached(connection, layout: Layout) -> dict[date, str]:
    """The month or year partitions attached to the table, by their first day."""
    names = connection.execute(text(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = to_regclass(:table)"), {"table": layout.table}).scalars()
    return {start: name for name in names if (start := layout.parse(name)) is not None}


def _create(connection, layout: Layout, start: date) -> str:
    name, low, high = layout.name(start), layout.bound.format(start), layout.bound.format(layout.next(start))
    connection.execute(text(f"CREATE TABLE {layout.schema}.{name} PARTITION OF {layout.table} "
                            f"FOR VALUES FROM ('{low}') TO ('{high}')"))
    return name


def _wanted(layout: Layout, today: date) -> set[date]:
    """Today's unit and `ahead` more."""
    wanted = {layout.start(today)}
    for _ in range(layout.ahead):
        wanted.add(layout.next(max(wanted)))
    return wanted


def partition(connection, layout: Layout, today: date) -> Upkeep:
    """Turn the plain table into the partitioned one, keeping every row, index, foreign key and sequence
    (idempotent). A foreign key of the table to itself cannot follow (its `id` is no longer unique without the
    partition key): it is not recreated; the caller has dropped it knowingly (visit_partitions.partition)."""
    if not _is_postgresql(connection) or is_partitioned(connection, layout):
        return Upkeep()
    table, aside = layout.table, f"{layout.table}_unpartitioned"
    connection.execute(text(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
    shape = _shape(connection, table)
    connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {layout.schema}"))
    _set_aside(connection, table, aside, shape)
    connection.execute(text(f"CREATE TABLE {table} (LIKE {aside} INCLUDING DEFAULTS) "
                            f"PARTITION BY RANGE ({layout.column})"))
    _own_sequences(connection, table, shape)
    connection.execute(text(f"CREATE TABLE {layout.default} PARTITION OF {table} DEFAULT"))
    floor = layout.oldest(today)
    oldest = connection.execute(text(f"SELECT min(({layout.day_sql})::date) FROM {aside}"
                                     + (f" WHERE {layout.column} >= :floor" if floor else "")),
                                {"floor": floor} if floor else {}).scalar()
    done = Upkeep()
    start, last = layout.start(min(oldest, today) if oldest else today), max(_wanted(layout, today))
    while start <= last:
        done.created.append(_create(connection, layout, start))
        start = layout.next(start)
    # Rows first, keys and indexes after: building an index once is faster than keeping it up row by row.
    done.copied = connection.execute(text(f"INSERT INTO {table} SELECT * FROM {aside}")).rowcount
    connection.execute(text(f"DROP TABLE {aside}"))
    _rebuild(connection, table, shape, layout.primary_key, keep_self_references=False)
    connection.execute(text(f"ANALYZE {table}"))  # autovacuum never analyzes a partitioned parent
    return done


def unpartition(connection, layout: Layout) -> None:
    """Back to one plain table with every attached row (detached units stay where the operator left them)."""
    if not is_partitioned(connection, layout):
        return
    table, aside = layout.table, f"{layout.table}_partitioned"
    shape = _shape(connection, table)
    _set_aside(connection, table, aside, shape)
    connection.execute(text(f"CREATE TABLE {table} (LIKE {aside} INCLUDING DEFAULTS)"))
    _own_sequences(connection, table, shape)
    connection.execute(text(f"INSERT INTO {table} SELECT * FROM {aside}"))
    connection.execute(text(f"DROP TABLE {aside}"))  # its attached partitions with it
    _rebuild(connection, table, shape, layout.plain_key, keep_self_references=True)
    left = connection.execute(text("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                   "WHERE n.nspname = :schema"), {"schema": layout.schema}).scalar()
    if not left:  # detached units are archives: the schema stays while it holds one
        connection.execute(text(f"DROP SCHEMA IF EXISTS {layout.schema}"))


@dataclass
class _Shape:
    """What the catalog says of a table beyond its columns: replayed on the table that replaces it."""
    primary_key: str
    foreign_keys: list[tuple[str, str, bool]]  # (name, definition, references the table itself)
    indexes: list[tuple[str, str]]  # (name, CREATE INDEX statement)
    sequences: list[tuple[str, str]]  # (column, sequence it owns)


def _shape(connection, table: str) -> _Shape:
    params = {"table": table}
    referencing = connection.execute(text(
        "SELECT conname FROM pg_constraint WHERE contype = 'f' AND confrelid = to_regclass(:table) "
        "AND conrelid <> confrelid"), params).scalars().all()
    if referencing:
        raise ValueError(f"{table} is referenced by {', '.join(referencing)}: a partitioned table cannot be")
    primary_key = connection.execute(text("SELECT conname FROM pg_constraint WHERE contype = 'p' "
                                          "AND conrelid = to_regclass(:table)"), params).scalar()
    foreign_keys = connection.execute(text(
        "SELECT conname, pg_get_constraintdef(oid), confrelid = conrelid FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid = to_regclass(:table) ORDER BY conname"), params).all()
    indexes = connection.execute(text(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE i.indrelid = to_regclass(:table) AND NOT i.indisprimary ORDER BY c.relname"), params).all()
    sequences = connection.execute(text(
        "SELECT attname, pg_get_serial_sequence(:table, attname) FROM pg_attribute "
        "WHERE attrelid = to_regclass(:table) AND attnum > 0 AND NOT attisdropped "
        "AND pg_get_serial_sequence(:table, attname) IS NOT NULL"), params).all()
    # A partitioned table's index reads "ON ONLY t": replayed on a plain table it must cover the rows.
    indexes = [(name, sql.replace(" ON ONLY ", " ON ")) for name, sql in indexes]
    return _Shape(primary_key, [tuple(row) for row in foreign_keys], indexes, [tuple(row) for row in sequences])


def _set_aside(connection, table: str, aside: str, shape: _Shape) -> None:
    """Rename `table` to `aside` and free its key and index names for the table that replaces it."""
    connection.execute(text(f"ALTER TABLE {table} RENAME TO {aside}"))
    for name, _, _ in shape.foreign_keys:
        connection.execute(text(f"ALTER TABLE {aside} DROP CONSTRAINT {name}"))
    connection.execute(text(f"ALTER TABLE {aside} DROP CONSTRAINT {shape.primary_key}"))
    if shape.indexes:
        connection.execute(text("DROP INDEX " + ", ".join(name for name, _ in shape.indexes)))


def _rebuild(connection, table: str, shape: _Shape, primary_key: str, keep_self_references: bool) -> None:
    connection.execute(text(f"ALTER TABLE {table} ADD CONSTRAINT {shape.primary_key} PRIMARY KEY ({primary_key})"))
    for name, definition, self_reference in shape.foreign_keys:
        if keep_self_references or not self_reference:
            connection.execute(text(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"))
    for _, statement in shape.indexes:
        connection.execute(text(statement))


def _own_sequences(connection, table: str, shape: _Shape) -> None:
    """The new table's defaults use the old one's sequences: it owns them before the old one is dropped."""
    for column, sequence in shape.sequences:
        connection.execute(text(f"ALTER SEQUENCE {sequence} OWNED BY {table}.{column}"))


def upkeep(connection, layout: Layout, today: date, ahead: int | None = None,
           detach_before: date | None = None) -> Upkeep:
    """Create today's unit and `ahead` more, move DEFAULT's rows into their units, detach units wholly before
    `detach_before` (never later than today's). Idempotent: a second run changes nothing."""
    done = Upkeep()
    if not is_partitioned(connection, layout):
        return done
    if ahead is not None:
        layout = replace(layout, ahead=ahead)
    this = layout.start(today)
    if detach_before is not None and layout.start(detach_before) > this:
        raise ValueError(f"detach_before is after this {layout.unit}")
    have, wanted = attached(connection, layout), _wanted(layout, today)
    in_default = connection.execute(text(
        f"SELECT DISTINCT date_trunc('{layout.unit}', {layout.day_sql})::date FROM {layout.default}")).scalars()
    floor = max(filter(None, (layout.oldest(today), detach_before and layout.start(detach_before))), default=None)
    wanted |= {start for start in in_default if floor is None or start >= floor}
    missing = sorted(start for start in wanted - set(have) if not _exists(connection, layout, start))
    if missing:
        # A unit cannot be attached while DEFAULT holds its rows: park them, create the unit, put them back.
        parked = f"{layout.table}_parked"
        connection.execute(text(f"CREATE TEMPORARY TABLE {parked} (LIKE {layout.table}) ON COMMIT DROP"))
        for start in missing:
            moved = connection.execute(text(
                f"WITH moved AS (DELETE FROM {layout.default} WHERE {layout.column} >= :start "
                f"AND {layout.column} < :end RETURNING *) INSERT INTO {parked} SELECT * FROM moved"),
                {"start": layout.bound.format(start),
                 "end": layout.bound.format(layout.next(start))})
            done.moved += moved.rowcount
            done.created.append(_create(connection, layout, start))
        connection.execute(text(f"INSERT INTO {layout.table} SELECT * FROM {parked}"))
        connection.execute(text(f"DROP TABLE {parked}"))
    if detach_before is not None:
        for start, name in sorted(attached(connection, layout).items()):
            if layout.next(start) <= layout.start(detach_before):
                connection.execute(text(f"ALTER TABLE {layout.table} DETACH PARTITION {layout.schema}.{name}"))
                done.detached.append(f"{layout.schema}.{name}")
    return done


def _exists(connection, layout: Layout, start: date) -> bool:
    """A unit's table exists but is not attached: an operator detached it to archive; it is not recreated."""
    return connection.execute(text("SELECT to_regclass(:name) IS NOT NULL"),
                              {"name": f"{layout.schema}.{layout.name(start)}"}).scalar()
