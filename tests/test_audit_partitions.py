"""audit_log partitioned by month on PostgreSQL: the migration keeps every row of an existing database, upkeep
creates months ahead and detaches old ones for archiving, and the audit page's dates read only their months."""
from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from posyandu_app.clock import field_today, utc_now
from posyandu_app.extensions import db
from posyandu_app.models import AuditLog
from posyandu_app.services import audit_partitions
from posyandu_app.services.admin import audit_view

from .conftest import restore_schema_after_migrating

PREVIOUS_HEAD = "c5e2a9d40b17"


def _utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def _read(sql: str, **params):
    # A connection of its own, closed at once: a session left open would hold a lock the DDL under test waits on.
    with db.engine.connect() as connection:
        return connection.execute(sa.text(sql), params).all()


def _where(row_id: int) -> str:
    return _read("SELECT tableoid::regclass::text FROM audit_log WHERE id = :id", id=row_id)[0][0]


def _rows():
    return _read("SELECT id, at, action, record_id, after::text FROM audit_log ORDER BY id")


@pytest.fixture
def fresh_partitions(app, database_url):
    """This test changes the partitions: leave the shared test database's audit_log as create_schema made it."""
    if not database_url:
        pytest.skip("partitioning is PostgreSQL's; SQLite keeps one plain audit_log")
    yield
    db.session.remove()
    with db.engine.begin() as connection:
        detached = connection.execute(sa.text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = :schema AND c.relkind = 'r' AND NOT c.relispartition"),
            {"schema": audit_partitions.SCHEMA})
        for name in detached.scalars():
            connection.execute(sa.text(f"DROP TABLE {audit_partitions.SCHEMA}.{name}"))  # detached by the test
        connection.execute(sa.text("TRUNCATE audit_log"))
        audit_partitions.unpartition(connection)
        audit_partitions.partition(connection, field_today())


def test_sqlite_keeps_one_plain_table_and_the_command_says_so(app, database_url):
    if database_url:
        pytest.skip("the SQLite case")
    with db.engine.begin() as connection:
        assert not audit_partitions.is_partitioned(connection)
        assert audit_partitions.upkeep(connection, field_today()) == audit_partitions.Upkeep()
    result = app.test_cli_runner().invoke(args=["audit-partitions"])
    assert result.exit_code == 0 and "not partitioned" in result.output


def test_migration_partitions_an_existing_audit_log_keeping_every_row(app, database_url):
    if not database_url:
        pytest.skip("partitioning is PostgreSQL's; SQLite keeps one plain audit_log")
    directory = app.extensions["migrate"].directory
    db.session.remove()
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {audit_partitions.SCHEMA} CASCADE"))
    try:
        upgrade(directory=directory, revision=PREVIOUS_HEAD)
        with db.engine.begin() as connection:  # an existing database: rows over three years, at month edges
            for at in (_utc(2024, 3, 15, 10), _utc(2025, 12, 31, 23, 59, 59), _utc(2026, 1, 1),
                       _utc(2026, 1, 1, 0, 0, 1)):
                connection.execute(sa.text("INSERT INTO audit_log (at, action, entity, record_id, after) "
                                           "VALUES (:at, 'create', 'person', :record, CAST(:after AS jsonb))"),
                                   {"at": at, "record": at.isoformat(), "after": f'{{"at": "{at.isoformat()}"}}'})
        before = _rows()
        upgrade(directory=directory)
        assert _rows() == before
        assert [_where(row.id) for row in before] == [
            "audit_log_part.y2024m03", "audit_log_part.y2025m12", "audit_log_part.y2026m01", "audit_log_part.y2026m01"]
        entry = AuditLog(action="update", entity="person", record_id="x", at=utc_now())
        db.session.add(entry)
        db.session.commit()
        entry_id, entry_at = entry.id, entry.at
        db.session.remove()
        assert entry_id == max(row.id for row in before) + 1  # the id sequence goes on
        assert _where(entry_id) == f"audit_log_part.y{entry_at.year:04d}m{entry_at.month:02d}"
        kept = _rows()
        downgrade(directory=directory, revision=PREVIOUS_HEAD)
        assert _rows() == kept and _where(entry_id) == "audit_log"
        with db.engine.connect() as connection:
            assert not audit_partitions.is_partitioned(connection)
        upgrade(directory=directory)
        assert _rows() == kept
    finally:
        restore_schema_after_migrating()


def test_upkeep_creates_months_ahead_moves_default_rows_and_detaches_old_months(app, fresh_partitions):
    this_month = field_today().replace(day=1)
    later = date(this_month.year + 1, this_month.month, 1)  # a year on: upkeep was missed
    stray = AuditLog(action="login", entity="user", record_id="1", at=_utc(later.year, later.month, 10, 3))
    old = AuditLog(action="login", entity="user", record_id="2", at=_utc(this_month.year, this_month.month, 15))
    db.session.add_all([stray, old])
    db.session.commit()
    stray_id, old_id = stray.id, old.id
    db.session.remove()
    assert _where(stray_id) == audit_partitions.DEFAULT  # an insert never fails
    db.session.remove()
    with db.engine.begin() as connection:
        done = audit_partitions.upkeep(connection, later)
    name = f"y{later.year:04d}m{later.month:02d}"
    assert name in done.created and len(done.created) == 4 and done.moved == 1
    assert _where(stray_id) == f"{audit_partitions.SCHEMA}.{name}"
    with db.engine.begin() as connection:  # idempotent
        assert audit_partitions.upkeep(connection, later) == audit_partitions.Upkeep()
    result = app.test_cli_runner().invoke(args=["audit-partitions", "--today", later.isoformat(),
                                                "--detach-before", later.strftime("%Y-%m")])
    assert result.exit_code == 0, result.output
    with db.engine.connect() as connection:
        months = audit_partitions.attached(connection)
    archived = f"{audit_partitions.SCHEMA}.y{this_month.year:04d}m{this_month.month:02d}"
    assert min(months) == later and f"detached {archived}" in result.output
    assert _read("SELECT id FROM audit_log WHERE id = :id", id=old_id) == []  # off the audit page, and
    assert _read(f"SELECT id FROM {archived}") == [(old_id,)]  # kept whole in its own table to archive: not dropped
    refused = app.test_cli_runner().invoke(args=["audit-partitions", "--today", this_month.isoformat(),
                                                 "--detach-before", later.strftime("%Y-%m")])
    assert refused.exit_code != 0 and "after this month" in refused.output


def _explain(query) -> str:
    compiled = query.compile(dialect=db.engine.dialect)
    with db.engine.connect() as connection:
        return "\n".join(connection.exec_driver_sql("EXPLAIN " + str(compiled), compiled.params).scalars())


def test_the_audit_pages_dates_read_only_their_months(app, make, fresh_partitions):
    this_month = field_today().replace(day=1)
    last_month = date(this_month.year - (this_month.month == 1), (this_month.month - 2) % 12 + 1, 1)
    with db.engine.begin() as connection:
        audit_partitions.upkeep(connection, last_month)
    admin = make.user("admin")
    filters = audit_view.AuditFilter(date_from=last_month.replace(day=3), date_to=last_month.replace(day=9),
                                     utc_offset=7)
    plan = _explain(audit_view.page_query(admin, filters))
    last, this = (f"y{month.year:04d}m{month.month:02d}" for month in (last_month, this_month))
    assert last in plan and this not in plan and "default_rows" not in plan, plan
    everything = _explain(audit_view.page_query(admin, audit_view.AuditFilter()))
    assert last in everything and this in everything
