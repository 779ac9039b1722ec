"""change_log: one row per record and posyandu, so the posyandu a person leaves is told

Revision ID: d7e2f4a9c8b1
Revises: c3a9e5d1f207
Create Date: 2026-12-05 07:40:00
"""
from alembic import op

revision = 'd7e2f4a9c8b1'
down_revision = 'c3a9e5d1f207'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_constraint('uq_change_log_entity_record', type_='unique')
        batch_op.create_unique_constraint('uq_change_log_entity_record_posyandu', ['entity', 'record_id', 'posyandu_id'])


def downgrade():
    # Keep the row of each record's current posyandu (its latest sequence); departure rows cannot stay.
    op.execute(
        "DELETE FROM change_log WHERE seq NOT IN "
        "(SELECT MAX(seq) FROM change_log GROUP BY entity, record_id)"
    )
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_constraint('uq_change_log_entity_record_posyandu', type_='unique')
        batch_op.create_unique_constraint('uq_change_log_entity_record', ['entity', 'record_id'])
