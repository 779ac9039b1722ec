"""delivery: a birth below its pregnancy episode (place, attendant, outcome, the baby), linked to the newborn's person

Revision ID: b5d2e8a41c07
Revises: e5c1a9d3b7f2
Create Date: 2026-12-06 01:30:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = 'b5d2e8a41c07'
down_revision = 'e5c1a9d3b7f2'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade():
    op.create_table('delivery',
    sa.Column('episode_id', sa.String(length=36), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('place', sa.String(length=16), nullable=True),
    sa.Column('attendant', sa.String(length=16), nullable=True),
    sa.Column('babies', sa.Integer(), nullable=True),
    sa.Column('baby_sex', sa.String(length=1), nullable=True),
    sa.Column('birth_weight_kg', sa.Float(), nullable=True),
    sa.Column('birth_length_cm', sa.Float(), nullable=True),
    sa.Column('baby_id', sa.String(length=36), nullable=True),
    sa.Column('gestational_weeks', sa.Integer(), nullable=True),
    sa.Column('live_birth', sa.Boolean(), nullable=False),
    sa.Column('facility_birth', sa.Boolean(), nullable=True),
    sa.Column('skilled_attendant', sa.Boolean(), nullable=True),
    sa.Column('low_birth_weight', sa.Boolean(), nullable=True),
    sa.Column('preterm', sa.Boolean(), nullable=True),
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
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_delivery_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['baby_id'], ['person.id'], name=op.f('fk_delivery_baby_id_person')),
    sa.ForeignKeyConstraint(['episode_id'], ['pregnancy_episode.id'], name=op.f('fk_delivery_episode_id_pregnancy_episode')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_delivery_person_id_person')),
    sa.ForeignKeyConstraint(['posyandu_id'], ['facility.id'], name=op.f('fk_delivery_posyandu_id_facility')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'], name=op.f('fk_delivery_reviewed_by_id_user_account')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['delivery.id'], name=op.f('fk_delivery_supersedes_id_delivery')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery'))
    )
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_baby_id'), ['baby_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_episode_id'), ['episode_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_delivery_posyandu_date', ['posyandu_id', 'visit_date'], unique=False)
        batch_op.create_index('ix_delivery_posyandu_status', ['posyandu_id', 'status'], unique=False)
        batch_op.create_index('ix_delivery_person_current_date', ['person_id', 'is_current', 'visit_date'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_supersedes_id'), ['supersedes_id'], unique=False)



def downgrade():
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        for name in ('ix_delivery_supersedes_id', 'ix_delivery_person_current_date', 'ix_delivery_posyandu_status',
                     'ix_delivery_posyandu_date', 'ix_delivery_person_id', 'ix_delivery_episode_id',
                     'ix_delivery_baby_id'):
            batch_op.drop_index(name)
    op.drop_table('delivery')
