"""Without DATABASE_REPLICA_URL (or with a primary that is not PostgreSQL) nothing reads anywhere but the primary."""
from sqlalchemy import select

from config import TestConfig
from posyandu_app import create_app, replica
from posyandu_app.extensions import READ_REPLICA, db
from posyandu_app.models import Facility


def test_without_replica_url_reports_read_the_primary(app, make):
    make.posyandu(name="Posyandu Satu")
    name = select(Facility.name).where(Facility.name == "Posyandu Satu")
    assert replica.state(app).engine is None and replica.state(app).reason == "not configured"
    with replica.reads() as on_replica:
        assert not on_replica and READ_REPLICA not in db.session.info
        assert db.session.scalar(name) == "Posyandu Satu"
    assert replica.read(db.session.scalar, name) == "Posyandu Satu"


def test_a_replica_url_beside_a_sqlite_primary_is_ignored(tmp_path):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'x.sqlite3'}"
        DATABASE_REPLICA_URL = "postgresql+psycopg://postgres@127.0.0.1:1/none"

    app = create_app(Config)
    assert replica.state(app).engine is None
