"""audit_log partitioned by month of `at` on PostgreSQL (a no-op on SQLite)

Keeps every row and the id sequence; the primary key becomes (at, id), as PostgreSQL requires the partition key
in it; partitions in schema audit_log_part (services/audit_partitions.py, docs/DEPLOY.md "Audit log partitions").
Rewrites the table: on a large audit_log plan the downtime and twice its disk space (docs/DEPLOY.md).

Revision ID: f3a1c9e7b2d4
Revises: c5e2a9d40b17
Create Date: 2026-12-06 03:00:00

"""
from alembic import op

from posyandu_app.clock import field_today
from posyandu_app.services import audit_partitions

# revision identifiers, used by Alembic.
revision = 'f3a1c9e7b2d4'
down_revision = 'c5e2a9d40b17'
branch_labels = None
depends_on = None


def upgrade():
    audit_partitions.partition(op.get_bind(), field_today())


def downgrade():
    audit_partitions.unpartition(op.get_bind())
