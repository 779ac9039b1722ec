"""Test setup: one app and one clean database per test, on SQLite or on PostgreSQL (TEST_DATABASE_URL)."""
import os
import uuid

import pytest
import sqlalchemy as sa

from flask import g, has_app_context
from flask.testing import FlaskClient

from config import TestConfig
from posyandu_app import create_app
from posyandu_app.extensions import db
from posyandu_app.models import SyncCounter

from .factories import Factory
from .instants import instant  # noqa: F401  (the date matrix fixture)

PG_URL = os.environ.get("TEST_DATABASE_URL")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _driver_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database of this run's own: a fresh PostgreSQL database dropped at the end, or a SQLite file."""
    if not PG_URL:
        yield None
        return
    admin_url = sa.make_url(_driver_url(PG_URL))
    name = f"posyandu_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    test_url = admin_url.set(database=name)
    engine = sa.create_engine(test_url)
    create_schema(engine)
    engine.dispose()
    yield test_url.render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def app(database_url, tmp_path):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url or f"sqlite:///{tmp_path / 'test.sqlite3'}"
        SQLALCHEMY_ENGINE_OPTIONS = {} if database_url is None else {"pool_pre_ping": True}

    app = create_app(Config)
    app.test_client_class = FreshRequestClient
    with app.app_context():
        if database_url:
            _truncate_all()
        else:
            db.create_all()
        db.session.add(SyncCounter(id=1, value=0))
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


class FreshRequestClient(FlaskClient):
    """The test's app context outlives requests, and Flask reuses it for them, so `g` would carry Flask-Login's
    user, the CSRF token and the language from one client's request into another's. In production every request
    has a fresh `g`: start each test request with an empty one too."""

    def open(self, *args, **kwargs):
        if has_app_context():
            for name in list(g):
                g.pop(name, None)
        return super().open(*args, **kwargs)


def create_schema(engine):
    """The models' tables, with audit_log and the visit tables partitioned as the migrations leave them on
    PostgreSQL, so every test exercises the partitioned tables (services/audit_partitions.py, visit_partitions.py)."""
    from posyandu_app.clock import field_today
    from posyandu_app.services import audit_partitions, visit_partitions
    db.metadata.create_all(engine)
    with engine.begin() as connection:
        audit_partitions.partition(connection, field_today())
        for table in visit_partitions.TABLES:
            visit_partitions.partition(connection, table, field_today())


def restore_schema_after_migrating():
    """After a test that ran migrations by hand: the schema every other test expects, built as `create_schema` does."""
    db.session.remove()
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    create_schema(db.engine)


def _truncate_all():
    tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    db.session.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.session.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make(app):
    """Factories: make.posyandu(), make.user(role=...), make.person(...), make.growth(...)."""
    return Factory()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
