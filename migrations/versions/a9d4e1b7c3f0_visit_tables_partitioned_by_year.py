"""visit tables partitioned by year of visit_date on PostgreSQL; their supersedes foreign key dropped

Keeps every row; the primary key becomes (id, visit_date), as PostgreSQL requires the partition key in it;
partitions in schema <table>_part (services/visit_partitions.py, docs/DEPLOY.md "Visit partitions"). The
self-referencing supersedes_id foreign key cannot point at a key that is no longer unique: it goes on both
databases, so the models describe one schema (SQLite never enforced it: foreign keys are off there). Rewrites each
table: plan the downtime and free disk of the largest table's size (docs/DEPLOY.md, measured there).

Revision ID: a9d4e1b7c3f0
Revises: f3a1c9e7b2d4
Create Date: 2026-12-06 05:00:00

"""
import logging
import time

from alembic import op

from posyandu_app.clock import field_today
from posyandu_app.services import visit_partitions

# revision identifiers, used by Alembic.
revision = 'a9d4e1b7c3f0'
down_revision = 'f3a1c9e7b2d4'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")


def upgrade():
    connection = op.get_bind()
    for table in visit_partitions.TABLES:
        if connection.dialect.name != "postgresql":
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.drop_constraint(visit_partitions.supersedes_key(table), type_="foreignkey")
            continue
        started = time.perf_counter()
        done = visit_partitions.partition(connection, table, field_today())
        log.info("%s: %d rows into %d yearly partitions in %.1f s", table, done.copied, len(done.created),
                 time.perf_counter() - started)


def downgrade():
    connection = op.get_bind()
    for table in visit_partitions.TABLES:
        if connection.dialect.name == "postgresql":
            visit_partitions.unpartition(connection, table)
            op.create_foreign_key(visit_partitions.supersedes_key(table), table, table, ["supersedes_id"], ["id"])
        else:
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.create_foreign_key(visit_partitions.supersedes_key(table), table, ["supersedes_id"], ["id"])
