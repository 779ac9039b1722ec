"""applied_op.content_hash: an op_id seen again with other content is op_id_reused, not a replay

Revision ID: c3a9d0e5f1b2
Revises: b41c2e9d7a10
Create Date: 2026-12-04 16:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c3a9d0e5f1b2'
down_revision = 'b41c2e9d7a10'
branch_labels = None
depends_on = None


def upgrade():
    # Nullable: rows stored before this revision have no hash; their replays are checked by user only.
    with op.batch_alter_table('applied_op', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content_hash', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('applied_op', schema=None) as batch_op:
        batch_op.drop_column('content_hash')
