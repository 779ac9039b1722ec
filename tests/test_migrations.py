"""Migrations: one head, and upgrading an empty database yields exactly the models' schema."""
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade

from posyandu_app.extensions import db

from .conftest import create_schema


def test_single_head(app):
    config = app.extensions["migrate"].migrate.get_config(app.extensions["migrate"].directory)
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_on_empty_database_matches_models(app, tmp_path, database_url):
    if database_url:
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    else:
        db.drop_all()
    upgrade(directory=app.extensions["migrate"].directory)
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        counter = connection.execute(sa.text("SELECT value FROM sync_counter WHERE id = 1")).scalar()
    assert diff == []
    assert counter == 0
    if database_url:  # leave the shared test database as the other tests expect it
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE alembic_version"))
        create_schema(db.engine)
