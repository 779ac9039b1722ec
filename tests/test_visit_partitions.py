"""Visit tables partitioned by year on PostgreSQL: the migration keeps every row of an existing database, a visit id
is still held once whatever the year, a correction crosses years, upkeep, and a month's report reads one year."""
from datetime import date

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy.orm import Session

from posyandu_app.clock import field_today
from posyandu_app.extensions import db
from posyandu_app.models import GrowthVisit
from posyandu_app.services import visit_partitions
from posyandu_app.services.reports import skdn
from posyandu_app.services.reports.periods import Month
from posyandu_app.services.sync_writes import JournalledWrites
from posyandu_app.visit_kinds import visit_models
from tests.factories import login

from .api.sync_helpers import force_op_by_op, growth_op, op, push, results
from .conftest import restore_schema_after_migrating

PREVIOUS_HEAD = "f3a1c9e7b2d4"
THIS_YEAR = field_today().year
PART = "growth_visit_part"


def _read(sql: str, **params):
    # A connection of its own, closed at once: a session left open would hold a lock the DDL under test waits on.
    with db.engine.connect() as connection:
        return connection.execute(sa.text(sql), params).all()


def _where(visit_id: str) -> list[str]:
    return [row[0] for row in _read("SELECT tableoid::regclass::text FROM growth_visit WHERE id = :id", id=visit_id)]


def _rows():
    return _read("SELECT id, visit_date, supersedes_id, weight_kg, is_current FROM growth_visit ORDER BY id")


def _change_log_day(change: str) -> None:
    with db.engine.begin() as connection:
        connection.execute(sa.text(f"ALTER TABLE change_log {change}"))


def _pg_only(database_url):
    if not database_url:
        pytest.skip("partitioning is PostgreSQL's; SQLite keeps plain visit tables")


@pytest.fixture
def fresh_growth_partitions(app, database_url):
    """This test changes growth_visit's partitions: leave them as create_schema made them."""
    _pg_only(database_url)
    yield
    db.session.remove()
    with db.engine.begin() as connection:
        connection.execute(sa.text("TRUNCATE growth_visit"))
        visit_partitions.unpartition(connection, "growth_visit")
        visit_partitions.partition(connection, "growth_visit", field_today())


@pytest.fixture(params=["one flush", "op by op"])
def ingest_path(request, monkeypatch):
    if request.param == "op by op":
        force_op_by_op(monkeypatch)
    return request.param


def _child(make, kader):
    return make.person(kader.facility, birth_date=date(THIS_YEAR - 2, 1, 1))


def test_the_partitioned_tables_are_the_registrys_visit_tables(app):
    assert set(visit_partitions.TABLES) == {model.__tablename__ for model in visit_models().values()}


def test_sqlite_keeps_plain_tables_and_the_commands_say_so(app, database_url):
    if database_url:
        pytest.skip("the SQLite case")
    with db.engine.begin() as connection:
        assert not visit_partitions.is_partitioned(connection, "growth_visit")
    runner = app.test_cli_runner()
    assert "nothing to do" in runner.invoke(args=["partitions", "upkeep"]).output
    assert "not PostgreSQL" in runner.invoke(args=["partitions", "convert"]).output


def test_migration_partitions_existing_visit_tables_keeping_every_row(app, make, database_url):
    _pg_only(database_url)
    directory = app.extensions["migrate"].directory
    db.session.remove()
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        for table in visit_partitions.TABLES:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {table}_part CASCADE"))
    try:
        upgrade(directory=directory, revision=PREVIOUS_HEAD)
        # today's models log change_log.day, a column of a later migration (d4b7e2c9a1f5): there for the factories
        _change_log_day("ADD COLUMN day DATE")
        kader = make.user("kader")
        child = _child(make, kader)
        old = make.growth(child, visit_date=date(THIS_YEAR - 1, 12, 31), weight_kg=9.0)
        new = make.correction(old, visit_date=date(THIS_YEAR, 1, 1), weight_kg=9.2)
        typo = make.growth(make.person(kader.facility, birth_date=date(1950, 1, 1)), visit_date=date(1990, 6, 1))
        db.session.commit()
        ids = old.id, new.id, typo.id
        db.session.remove()
        _change_log_day("DROP COLUMN day")
        before = _rows()
        upgrade(directory=directory)
        assert _rows() == before
        assert [_where(i) for i in ids] == [[f"{PART}.y{THIS_YEAR - 1}"], [f"{PART}.y{THIS_YEAR}"],
                                            [f"{PART}.default_rows"]]  # before HISTORY years: DEFAULT
        with db.engine.connect() as connection:
            years = visit_partitions.partitions.attached(connection, visit_partitions.LAYOUTS["growth_visit"])
            assert sorted(start.year for start in years) == [THIS_YEAR - 1, THIS_YEAR, THIS_YEAR + 1]
            assert all(visit_partitions.is_partitioned(connection, table) for table in visit_partitions.TABLES)
        assert _read("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'pk_growth_visit'") \
            == [("PRIMARY KEY (id, visit_date)",)]
        downgrade(directory=directory, revision=PREVIOUS_HEAD)
        assert _rows() == before and _where(new.id) == ["growth_visit"]
        assert _read("SELECT conname FROM pg_constraint WHERE conname = :name",
                     name=visit_partitions.supersedes_key("growth_visit"))  # the foreign key is back
        assert _read("SELECT nspname FROM pg_namespace WHERE nspname = :name", name=PART) == []
        upgrade(directory=directory)
        assert _rows() == before
    finally:
        restore_schema_after_migrating()


def test_an_id_already_held_in_another_year_is_answered_as_before(client, make, ingest_path):
    kader = make.user("kader")
    child, other_child = _child(make, kader), _child(make, kader)
    token = login(client, kader)
    first = growth_op(child.id, weight_kg=8.4)
    assert results(push(client, token, [first]))[0]["status"] == "applied"
    last_year = date(THIS_YEAR - 1, 6, 1).isoformat()
    again = growth_op(child.id, record_id=first["id"], weight_kg=9.9, visit_date=last_year)  # another op_id
    answered = results(push(client, token, [again]))[0]
    assert answered["status"] == "duplicate" and answered["record"]["weight_kg"] == 8.4
    foreign = growth_op(other_child.id, record_id=first["id"], visit_date=last_year)
    assert results(push(client, token, [foreign]))[0]["code"] == "id_taken"
    assert len(_read("SELECT 1 FROM growth_visit WHERE id = :id", id=first["id"])) == 1


def test_the_same_id_committed_meanwhile_in_another_year_is_refused(client, make, monkeypatch, database_url,
                                                                     ingest_path):
    """Another request commits the id after this push looked it up: the database no longer refuses it (the year
    differs), visit_partitions.claim_ids does, and the push answers as for an id held before."""
    _pg_only(database_url)
    kader = make.user("kader")
    child = _child(make, kader)
    child_id, posyandu_id = child.id, child.posyandu_id
    token = login(client, kader)
    pushed = growth_op(child_id, weight_kg=8.4)

    def commit_elsewhere():
        with Session(db.engine) as other:
            other.add(GrowthVisit(id=pushed["id"], person_id=child_id, posyandu_id=posyandu_id,
                                  visit_date=date(THIS_YEAR - 1, 6, 1), weight_kg=7.7))
            other.commit()

    writing = "write" if ingest_path == "one flush" else "claim_visit_ids"
    original = getattr(JournalledWrites, writing)

    def racing(self):
        if not any(_read("SELECT 1 FROM growth_visit WHERE id = :id", id=pushed["id"])):
            commit_elsewhere()
        return original(self)

    monkeypatch.setattr(JournalledWrites, writing, racing)
    answered = results(push(client, token, [pushed]))[0]
    assert answered["status"] == "duplicate" and answered["record"]["weight_kg"] == 7.7
    assert _read("SELECT weight_kg FROM growth_visit WHERE id = :id", id=pushed["id"]) == [(7.7,)]


def test_a_correction_into_another_year_and_a_date_moved_across_years(client, make, fresh_growth_partitions):
    kader = make.user("kader")
    old = make.growth(_child(make, kader), visit_date=date(THIS_YEAR - 1, 12, 31), status="returned")
    db.session.commit()
    with db.engine.begin() as connection:  # last year gets its table (the test database starts this year)
        visit_partitions.upkeep(connection, field_today())
    token = login(client, kader)
    fix = op("correction", {"supersedes": old.id, "visit_date": field_today().isoformat(), "weight_kg": 8.1,
                            "length_cm": 70.0, "measured": "L"})
    answered = results(push(client, token, [fix]))[0]
    assert answered["status"] == "applied" and answered["record"]["supersedes_id"] == old.id
    assert _where(old.id) == [f"{PART}.y{THIS_YEAR - 1}"] and _where(fix["id"]) == [f"{PART}.y{THIS_YEAR}"]
    assert _read("SELECT is_current FROM growth_visit WHERE id = :id", id=old.id) == [(False,)]
    db.session.remove()
    with db.engine.begin() as connection:  # an UPDATE of the key moves the row (PostgreSQL 11+)
        connection.execute(sa.text("UPDATE growth_visit SET visit_date = :day WHERE id = :id"),
                           {"day": date(THIS_YEAR, 1, 2), "id": old.id})
    assert _where(old.id) == [f"{PART}.y{THIS_YEAR}"]
    assert len(_rows()) == 2


def test_upkeep_takes_a_year_out_of_default_and_leaves_older_typos_there(app, make, fresh_growth_partitions):
    kader = make.user("kader")
    elder = make.person(kader.facility, birth_date=date(1950, 1, 1))
    late = make.growth(elder, visit_date=date(THIS_YEAR - 3, 5, 5))
    typo = make.growth(elder, visit_date=date(THIS_YEAR - visit_partitions.HISTORY - 5, 5, 5))
    db.session.commit()
    late_id, typo_id = late.id, typo.id
    db.session.remove()
    assert _where(late_id) == _where(typo_id) == [f"{PART}.default_rows"]  # an insert never fails
    result = app.test_cli_runner().invoke(args=["partitions", "upkeep"])
    assert result.exit_code == 0, result.output
    assert f"growth_visit: created y{THIS_YEAR - 3}; rows moved out of DEFAULT: 1" in result.output
    assert "audit_log: created none" in result.output
    assert _where(late_id) == [f"{PART}.y{THIS_YEAR - 3}"] and _where(typo_id) == [f"{PART}.default_rows"]
    again = app.test_cli_runner().invoke(args=["partitions", "upkeep"])
    assert "growth_visit: created none; rows moved out of DEFAULT: 0" in again.output


def test_convert_command_partitions_a_plain_table_and_says_how_long(app, make, fresh_growth_partitions):
    with db.engine.begin() as connection:
        visit_partitions.unpartition(connection, "growth_visit")
    kader = make.user("kader")
    visit = make.growth(_child(make, kader), visit_date=date(THIS_YEAR - 1, 3, 3))
    db.session.commit()
    visit_id = visit.id
    db.session.remove()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["partitions", "convert", "--table", "growth_visit"])
    assert result.exit_code == 0, result.output
    assert f"growth_visit: 1 rows into 3 partitions (y{THIS_YEAR - 1} .. y{THIS_YEAR + 1}" in result.output
    assert _where(visit_id) == [f"{PART}.y{THIS_YEAR - 1}"]
    assert "growth_visit: already partitioned" in runner.invoke(args=["partitions", "convert", "--table",
                                                                      "visits"]).output
    refused = runner.invoke(args=["partitions", "convert", "--table", "person"])
    assert refused.exit_code != 0 and "unknown table person" in refused.output


def _explain(query) -> str:
    compiled = query.compile(dialect=db.engine.dialect, compile_kwargs={"render_postcompile": True})
    with db.engine.connect() as connection:
        return "\n".join(connection.exec_driver_sql("EXPLAIN " + str(compiled), compiled.params).scalars())


def test_a_months_report_reads_only_its_year(app, make, database_url):
    _pg_only(database_url)
    posyandu = make.posyandu()
    db.session.commit()
    plan = _explain(sa.select(skdn.weighed_visits([posyandu.id], Month(THIS_YEAR, 3))))
    assert f"y{THIS_YEAR} " in plan and f"y{THIS_YEAR + 1} " not in plan and "default_rows" not in plan, plan
