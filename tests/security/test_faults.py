"""The database goes away in the middle of a push: a clean 503 JSON, nothing partial kept, and the retry of the
same batch applies every op exactly once."""
import sqlite3

import pytest
import sqlalchemy as sa
from sqlalchemy import event, func, select

from posyandu_app.extensions import db
from posyandu_app.models import AppliedOp, GrowthVisit, Person
from posyandu_app.services import assessment

from ..api.sync_helpers import growth_op, person_op, push, results
from ..factories import login


def _kill_postgres_connection():
    """What a database restart or a dropped network link does: the server ends this session's backend."""
    pid = db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar()
    killer = sa.create_engine(db.engine.url, isolation_level="AUTOCOMMIT")
    with killer.connect() as connection:
        connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    killer.dispose()


class DeadSqlite:
    """SQLite has no server to lose: from the kill on, every statement and the commit fail as a lost link would."""

    def __init__(self, engine):
        self.engine, self.dead = engine, False
        event.listen(engine, "before_cursor_execute", self.refuse)
        event.listen(engine, "commit", self.refuse_commit)

    def refuse(self, *args, **kwargs):
        if self.dead:
            raise sqlite3.OperationalError("disk I/O error (connection lost)")

    def refuse_commit(self, connection):
        if self.dead:
            raise sa.exc.OperationalError("COMMIT", {}, sqlite3.OperationalError("connection lost"))

    def kill(self):
        self.dead = True

    def revive(self):
        self.dead = False
        event.remove(self.engine, "before_cursor_execute", self.refuse)
        event.remove(self.engine, "commit", self.refuse_commit)


@pytest.fixture
def killer(app, monkeypatch):
    """kill_on(n): the n-th growth assessment of the next push loses the database connection."""
    sqlite = None if db.engine.dialect.name == "postgresql" else DeadSqlite(db.engine)
    original = assessment.assess_growth
    state = {"calls": 0, "at": None}

    def assess_and_kill(visit, *args, **kwargs):
        state["calls"] += 1
        if state["calls"] == state["at"]:
            sqlite.kill() if sqlite else _kill_postgres_connection()
        return original(visit, *args, **kwargs)

    monkeypatch.setattr(assessment, "assess_growth", assess_and_kill)

    class Killer:
        @staticmethod
        def kill_on(n):
            state["calls"], state["at"] = 0, n

        @staticmethod
        def revive():
            state["at"] = None
            if sqlite:
                sqlite.revive()
    yield Killer
    if sqlite and sqlite.dead:
        sqlite.revive()


def _counts():
    db.session.rollback()
    return (db.session.scalar(select(func.count()).select_from(Person)),
            db.session.scalar(select(func.count()).select_from(GrowthVisit)),
            db.session.scalar(select(func.count()).select_from(AppliedOp)))


@pytest.mark.parametrize("op_by_op", [False, True], ids=["one-flush", "op-by-op"])
def test_connection_killed_mid_push_is_a_clean_503_and_the_retry_applies_once(client, make, killer, monkeypatch,
                                                                           op_by_op):
    if op_by_op:
        from ..api.sync_helpers import force_op_by_op
        force_op_by_op(monkeypatch)
    kader = make.user("kader")
    token = login(client, kader)
    person = person_op(posyandu_id=kader.facility_id)
    ops = [person] + [growth_op(person["id"], visit_date=f"2026-0{month}-10") for month in (1, 2, 3)]

    killer.kill_on(2)
    response = push(client, token, ops)
    assert response.status_code == 503
    assert response.is_json and response.get_json()["error"]["code"] == "unavailable"
    assert response.get_json()["error"]["message"]
    killer.revive()
    assert _counts() == (0, 0, 0)  # nothing partial: no person, no visit, no remembered op

    retry = push(client, token, ops)
    assert [r["status"] for r in results(retry)] == ["applied"] * 4
    assert _counts() == (1, 3, 4)
    again = push(client, token, ops)  # the phone never saw the answer and sends once more
    assert [r["status"] for r in results(again)] == ["duplicate"] * 4
    assert _counts() == (1, 3, 4)


@pytest.mark.parametrize("url", ["/review", "/people", "/api/v1/sync/pull"])
def test_database_down_for_a_logged_in_user_is_a_503_answer_not_a_crash(client, make, url):
    bidan = make.user("bidan")
    login(client, bidan)

    def down(*args, **kwargs):
        raise sa.exc.OperationalError("SELECT", {}, Exception("could not connect to server"))
    event.listen(db.engine, "before_cursor_execute", down)
    try:
        db.session.expire_all()  # the next request must read the user from the (gone) database
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", down)
    assert response.status_code == 503
    if url.startswith("/api/"):
        assert response.get_json()["error"]["code"] == "unavailable"
    else:
        assert "text/html" in response.content_type
        assert "503" in response.get_data(as_text=True)
