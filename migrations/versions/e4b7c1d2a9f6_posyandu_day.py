"""facility.posyandu_day: the day of the month a posyandu meets

Revision ID: e4b7c1d2a9f6
Revises: d7e1a4c2b9f3
Create Date: 2026-12-05 09:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'e4b7c1d2a9f6'
down_revision = 'd7e1a4c2b9f3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('facility', schema=None) as batch_op:
        batch_op.add_column(sa.Column('posyandu_day', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('facility', schema=None) as batch_op:
        batch_op.drop_column('posyandu_day')
