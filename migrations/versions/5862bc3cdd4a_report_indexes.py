"""report indexes: person (posyandu_id, birth_date) for the S and adult targets of the monthly and PWS reports

Revision ID: 5862bc3cdd4a
Revises: 7f7c697344e2
Create Date: 2026-11-23 15:28:09.876532

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5862bc3cdd4a'
down_revision = '7f7c697344e2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index('ix_person_posyandu_birth', ['posyandu_id', 'birth_date'], unique=False)


def downgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index('ix_person_posyandu_birth')
