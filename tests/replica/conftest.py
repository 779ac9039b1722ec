"""A streaming standby of the test cluster for the whole tests/replica run, and an app that reads reports from it."""
import pytest
import sqlalchemy as sa

from config import TestConfig
from posyandu_app import create_app, replica
from posyandu_app.extensions import db
from posyandu_app.models import SyncCounter

from ..conftest import PG_URL, FreshRequestClient, _driver_url, _truncate_all
from .standby import Standby


@pytest.fixture(scope="package")
def standby(database_url):
    """Built once for tests/replica (pg_basebackup of the whole cluster, so this run's database is on it too) and
    removed when they are done, so the rest of the suite runs without it."""
    if not PG_URL:
        pytest.skip("a read replica is a PostgreSQL standby: TEST_DATABASE_URL unset (SQLite pass)")
    server = Standby(sa.make_url(_driver_url(PG_URL)))
    try:
        yield server.start()
    finally:
        server.remove()


@pytest.fixture
def app(database_url, standby, tmp_path):
    """The app with DATABASE_REPLICA_URL naming the standby's copy of this run's database; the lag is measured on
    every request (no caching) and the bound is an hour unless a test lowers it."""
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        DATABASE_REPLICA_URL = standby.url(sa.make_url(database_url).database)
        REPLICA_MAX_LAG_SECONDS = 3600
        REPLICA_CHECK_SECONDS = 0

    app = create_app(Config)
    app.test_client_class = FreshRequestClient
    with app.app_context():
        _truncate_all()
        db.session.add(SyncCounter(id=1, value=0))
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()
        replica.dispose(app)
    standby.resume_replay()
