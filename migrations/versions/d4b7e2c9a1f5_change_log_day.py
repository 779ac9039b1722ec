"""change_log.day: a visit's visit_date, so pull reads each visit within one yearly partition

Nullable (persons and pregnancy episodes have none). Backfilled from each visit table with one UPDATE ... FROM per
table (services/sync_pull.py uses it only as a hint: a missing or stale day falls back to the lookup by id).

Revision ID: d4b7e2c9a1f5
Revises: a9d4e1b7c3f0
Create Date: 2026-12-06 06:05:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd4b7e2c9a1f5'
down_revision = 'a9d4e1b7c3f0'
branch_labels = None
depends_on = None

# change_log.entity -> visit table, as the registry (posyandu_app/visit_kinds) had them at this revision
VISIT_TABLES = {"growth": "growth_visit", "pregnancy_visit": "pregnancy_visit", "screening": "screening",
                "youth_screening": "youth_screening", "immunization": "immunization", "delivery": "delivery",
                "postnatal_visit": "postnatal_visit", "newborn_visit": "newborn_visit"}


def upgrade():
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('day', sa.Date(), nullable=True))
    for entity, table in VISIT_TABLES.items():
        op.execute(sa.text(f"UPDATE change_log SET day = v.visit_date FROM {table} AS v "
                           "WHERE change_log.entity = :entity AND change_log.record_id = v.id")
                   .bindparams(entity=entity))


def downgrade():
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_column('day')
