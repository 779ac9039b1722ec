"""postnatal_visit and newborn_visit: kader home visits after delivery (KF) and of newborns (KN)

Revision ID: c5e2a9d40b17
Revises: b5d2e8a41c07
Create Date: 2026-12-06 01:30:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = 'c5e2a9d40b17'
down_revision = 'b5d2e8a41c07'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('postnatal_visit',
    sa.Column('danger_signs', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('breastfeeding', sa.String(length=16), nullable=True),
    sa.Column('day', sa.Integer(), nullable=True),
    sa.Column('window', sa.String(length=8), nullable=True),
    sa.Column('danger', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('posyandu_id', sa.Integer(), nullable=False),
    sa.Column('visit_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('results', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
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
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_postnatal_visit_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_postnatal_visit_person_id_person')),
    sa.ForeignKeyConstraint(['posyandu_id'], ['facility.id'], name=op.f('fk_postnatal_visit_posyandu_id_facility')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'], name=op.f('fk_postnatal_visit_reviewed_by_id_user_account')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['postnatal_visit.id'], name=op.f('fk_postnatal_visit_supersedes_id_postnatal_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_postnatal_visit'))
    )
    with op.batch_alter_table('postnatal_visit', schema=None) as batch_op:
        batch_op.create_index('ix_postnatal_visit_person_current_date', ['person_id', 'is_current', 'visit_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_postnatal_visit_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_postnatal_visit_posyandu_date', ['posyandu_id', 'visit_date'], unique=False)
        batch_op.create_index('ix_postnatal_visit_posyandu_status', ['posyandu_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_postnatal_visit_supersedes_id'), ['supersedes_id'], unique=False)
    op.create_table('newborn_visit',
    sa.Column('danger_signs', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('breastfeeding', sa.String(length=16), nullable=True),
    sa.Column('temperature_c', sa.Float(), nullable=True),
    sa.Column('breaths_per_min', sa.Integer(), nullable=True),
    sa.Column('day', sa.Integer(), nullable=True),
    sa.Column('window', sa.String(length=8), nullable=True),
    sa.Column('danger', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('posyandu_id', sa.Integer(), nullable=False),
    sa.Column('visit_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('results', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
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
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_newborn_visit_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_newborn_visit_person_id_person')),
    sa.ForeignKeyConstraint(['posyandu_id'], ['facility.id'], name=op.f('fk_newborn_visit_posyandu_id_facility')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'], name=op.f('fk_newborn_visit_reviewed_by_id_user_account')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['newborn_visit.id'], name=op.f('fk_newborn_visit_supersedes_id_newborn_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_newborn_visit'))
    )
    with op.batch_alter_table('newborn_visit', schema=None) as batch_op:
        batch_op.create_index('ix_newborn_visit_person_current_date', ['person_id', 'is_current', 'visit_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_newborn_visit_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_newborn_visit_posyandu_date', ['posyandu_id', 'visit_date'], unique=False)
        batch_op.create_index('ix_newborn_visit_posyandu_status', ['posyandu_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_newborn_visit_supersedes_id'), ['supersedes_id'], unique=False)


def downgrade():
    with op.batch_alter_table('newborn_visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_newborn_visit_supersedes_id'))
        batch_op.drop_index('ix_newborn_visit_posyandu_status')
        batch_op.drop_index('ix_newborn_visit_posyandu_date')
        batch_op.drop_index(batch_op.f('ix_newborn_visit_person_id'))
        batch_op.drop_index('ix_newborn_visit_person_current_date')

    op.drop_table('newborn_visit')
    with op.batch_alter_table('postnatal_visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_postnatal_visit_supersedes_id'))
        batch_op.drop_index('ix_postnatal_visit_posyandu_status')
        batch_op.drop_index('ix_postnatal_visit_posyandu_date')
        batch_op.drop_index(batch_op.f('ix_postnatal_visit_person_id'))
        batch_op.drop_index('ix_postnatal_visit_person_current_date')

    op.drop_table('postnatal_visit')
