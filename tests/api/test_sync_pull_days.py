"""Pull reads each visit within the year of its change-log day (one yearly partition on PostgreSQL); a missing or
wrong day still returns the record, the day follows a visit's date, and the migration backfills it."""
import re
from datetime import date

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, stamp, upgrade
from sqlalchemy import select

from posyandu_app.clock import field_today
from posyandu_app.extensions import db
from posyandu_app.models import ChangeLog
from tests.factories import login

from .sync_helpers import pull_all

THIS_YEAR = field_today().year
HEAD, PREVIOUS = "d4b7e2c9a1f5", "a9d4e1b7c3f0"


def _day(record_id):
    return db.session.scalar(select(ChangeLog.day).where(ChangeLog.record_id == record_id))


def _set_day(record_id, day):
    db.session.execute(sa.update(ChangeLog).where(ChangeLog.record_id == record_id).values(day=day))
    db.session.commit()


def _visits(make, kader):
    child = make.person(kader.facility, birth_date=date(THIS_YEAR - 2, 1, 1))
    days = (date(THIS_YEAR, 1, 5), date(THIS_YEAR, 2, 5), date(THIS_YEAR - 1, 6, 5), date(THIS_YEAR - 1, 7, 5))
    visits = [make.growth(child, visit_date=day) for day in days]
    db.session.commit()
    return child, visits


def test_every_record_comes_once_even_when_its_day_is_missing_or_wrong(client, make):
    kader = make.user("kader")
    child, visits = _visits(make, kader)
    _set_day(visits[1].id, None)  # a row logged before the column existed
    _set_day(visits[3].id, date(THIS_YEAR, 7, 5))  # a stale day, in another year than the visit's
    expected = {visit.id: visit.visit_date.isoformat() for visit in visits}
    login(client, kader)
    changes, _ = pull_all(client)
    assert sorted(c["id"] for c in changes) == sorted([child.id, *expected])
    assert {c["id"]: c["data"]["visit_date"] for c in changes if c["entity"] == "growth"} == expected
    assert not any(c["deleted"] for c in changes)


def test_the_pulls_lookup_of_one_years_visits_reads_only_that_years_partition(client, make, database_url):
    if not database_url:
        pytest.skip("SQLite has no partitions; the test above covers its results")
    kader = make.user("kader")
    _visits(make, kader)
    login(client, kader)
    with db.engine.connect() as connection:
        partitions = {row[0] for row in connection.execute(sa.text(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'growth_visit'::regclass"))}
    assert len(partitions) >= 3  # this year, next year and the default: a lookup by id alone reads them all
    lookups = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        if "FROM growth_visit" in statement and "visit_date >=" in statement:
            lookups.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", remember)
    try:
        pull_all(client)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", remember)
    assert len(lookups) == 2  # one per year
    touched = []
    with db.engine.connect() as connection:
        for statement, parameters in lookups:
            plan = "\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement, parameters))
            touched.append({name for name in partitions if re.search(rf"\b{name}\b", plan)})
    assert f"y{THIS_YEAR}" in partitions and {f"y{THIS_YEAR}"} in touched
    assert all(len(names) == 1 for names in touched)


def test_the_day_follows_a_visit_whose_date_changes(app, make):
    kader = make.user("kader")
    child = make.person(kader.facility)
    visit = make.growth(child, visit_date=date(THIS_YEAR, 3, 1))
    db.session.commit()
    assert _day(visit.id) == date(THIS_YEAR, 3, 1) and _day(child.id) is None
    visit.visit_date = date(THIS_YEAR - 1, 12, 30)
    db.session.commit()
    assert _day(visit.id) == date(THIS_YEAR - 1, 12, 30)


def test_the_migration_backfills_the_day_of_every_visit(app, make):
    kader = make.user("kader")
    child, visits = _visits(make, kader)
    episode = make.pregnancy_episode(make.person(kader.facility, birth_date=date(THIS_YEAR - 25, 1, 1)))
    anc = make.pregnancy_visit(episode, visit_date=date(THIS_YEAR, 1, 9))
    db.session.commit()
    ids = [child.id, episode.id, anc.id, *(visit.id for visit in visits)]
    expected = [None, None, anc.visit_date, *(visit.visit_date for visit in visits)]
    db.session.remove()
    directory = app.extensions["migrate"].directory
    try:
        stamp(directory=directory, revision=HEAD)
        downgrade(directory=directory, revision=PREVIOUS)
        upgrade(directory=directory)
        assert [_day(record_id) for record_id in ids] == expected
    finally:
        db.session.remove()
        with db.engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
