"""immunization: one row per vaccine dose given; growth_visit.immunizations dropped (never offered by a form)

Revision ID: a8c3f1e7d5b2
Revises: b7a776a312d7
Create Date: 2026-12-05 12:00:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = 'a8c3f1e7d5b2'
down_revision = 'b7a776a312d7'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade():
    op.create_table('immunization',
    sa.Column('antigen', sa.String(length=16), nullable=False),
    sa.Column('dose', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=16), nullable=False),
    sa.Column('age_days', sa.Integer(), nullable=True),
    sa.Column('counted', sa.Boolean(), nullable=False),
    sa.Column('warned', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('posyandu_id', sa.Integer(), nullable=False),
    sa.Column('visit_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('results', JSON, nullable=False),
    sa.Column('needs_referral', sa.Boolean(), nullable=False),
    sa.Column('flagged', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('referred', sa.Boolean(), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('review_note', sa.Text(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('follow_up_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('follow_up_note', sa.Text(), nullable=True),
    sa.Column('supersedes_id', sa.String(length=36), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_immunization_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_immunization_person_id_person')),
    sa.ForeignKeyConstraint(['posyandu_id'], ['facility.id'], name=op.f('fk_immunization_posyandu_id_facility')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'], name=op.f('fk_immunization_reviewed_by_id_user_account')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['immunization.id'], name=op.f('fk_immunization_supersedes_id_immunization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_immunization'))
    )
    with op.batch_alter_table('immunization', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_immunization_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_immunization_posyandu_date', ['posyandu_id', 'visit_date'], unique=False)
        batch_op.create_index('ix_immunization_posyandu_status', ['posyandu_id', 'status'], unique=False)
        batch_op.create_index('ix_immunization_person_current_date', ['person_id', 'is_current', 'visit_date'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_immunization_supersedes_id'), ['supersedes_id'], unique=False)
    with op.batch_alter_table('growth_visit', schema=None) as batch_op:
        batch_op.drop_column('immunizations')


def downgrade():
    with op.batch_alter_table('growth_visit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('immunizations', JSON, nullable=False, server_default='[]'))
    with op.batch_alter_table('immunization', schema=None) as batch_op:
        for name in ('ix_immunization_supersedes_id', 'ix_immunization_person_current_date',
                     'ix_immunization_posyandu_status', 'ix_immunization_posyandu_date', 'ix_immunization_person_id'):
            batch_op.drop_index(name)
    op.drop_table('immunization')
