"""desa/kelurahan table with the Kemendagri region code; posyandu desa_id; facility closed_at

Revision ID: d7e1a4c2b9f3
Revises: d7e2f4a9c8b1
Create Date: 2026-12-05 07:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd7e1a4c2b9f3'
down_revision = 'd7e2f4a9c8b1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'desa',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('region_code', sa.String(length=13), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('kelurahan', sa.Boolean(), nullable=False),
        sa.Column('pustu_id', sa.Integer(), nullable=False),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['pustu_id'], ['facility.id'], name=op.f('fk_desa_pustu_id_facility')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_desa')),
        sa.UniqueConstraint('region_code', name=op.f('uq_desa_region_code')),
    )
    with op.batch_alter_table('desa', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desa_pustu_id'), ['pustu_id'], unique=False)
    with op.batch_alter_table('facility', schema=None) as batch_op:
        batch_op.add_column(sa.Column('desa_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_facility_desa_id'), ['desa_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_facility_desa_id_desa'), 'desa', ['desa_id'], ['id'])


def downgrade():
    with op.batch_alter_table('facility', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_facility_desa_id_desa'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_facility_desa_id'))
        batch_op.drop_column('closed_at')
        batch_op.drop_column('desa_id')
    with op.batch_alter_table('desa', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desa_pustu_id'))
    op.drop_table('desa')
