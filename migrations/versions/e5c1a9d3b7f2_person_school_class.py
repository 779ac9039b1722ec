"""person school and class: school, class_name (class session of school-age children)

Revision ID: e5c1a9d3b7f2
Revises: a8c3f1e7d5b2
Create Date: 2026-12-06 01:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e5c1a9d3b7f2'
down_revision = 'a8c3f1e7d5b2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('school', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('class_name', sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('class_name')
        batch_op.drop_column('school')
