"""person left the register: left_on, left_reason

Revision ID: b41c2e9d7a10
Revises: e6f79afc16be
Create Date: 2026-11-23 18:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b41c2e9d7a10'
down_revision = 'e6f79afc16be'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('left_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('left_reason', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('left_reason')
        batch_op.drop_column('left_on')
