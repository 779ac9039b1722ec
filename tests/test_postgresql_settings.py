"""Every PostgreSQL connection of the app, to the primary and to the read replica, starts with JIT off."""
import pytest
import sqlalchemy as sa

from config import TestConfig
from posyandu_app import create_app, replica
from posyandu_app.extensions import db


def test_the_primarys_connections_run_without_jit(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL setting")
    db.engine.dispose()  # a new connection, not one the suite warmed up
    assert db.session.scalar(sa.text("SHOW jit")) == "off"
    db.session.rollback()
    assert db.session.scalar(sa.text("SHOW jit")) == "off", "the setting lasts beyond the first transaction"


def test_the_replicas_connections_run_without_jit(database_url):
    if not database_url:
        pytest.skip("a read replica needs PostgreSQL")

    class WithReplica(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        DATABASE_REPLICA_URL = database_url  # the same database stands in for the standby: only its engine counts

    app = create_app(WithReplica)
    engine = replica.state(app).engine
    try:
        with engine.connect() as connection:
            assert connection.scalar(sa.text("SHOW jit")) == "off"
    finally:
        engine.dispose()
        with app.app_context():
            db.engine.dispose()

