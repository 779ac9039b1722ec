"""youth_screening: school-age and adolescent screening visits (5-18 years)

Revision ID: b7a776a312d7
Revises: b3f1c8e2a7d4
Create Date: 2026-12-05 11:56:55.205697

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = 'b7a776a312d7'
down_revision = 'b3f1c8e2a7d4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('youth_screening',
    sa.Column('hb_g_dl', sa.Float(), nullable=True),
    sa.Column('ttd_given', sa.Integer(), nullable=True),
    sa.Column('muac_cm', sa.Float(), nullable=True),
    sa.Column('systolic', sa.Integer(), nullable=True),
    sa.Column('diastolic', sa.Integer(), nullable=True),
    sa.Column('smoking', sa.Boolean(), nullable=True),
    sa.Column('vaping', sa.Boolean(), nullable=True),
    sa.Column('age_years', sa.Integer(), nullable=True),
    sa.Column('anaemia_class', sa.String(length=24), nullable=True),
    sa.Column('anaemia', sa.Boolean(), nullable=False),
    sa.Column('ttd_due', sa.Boolean(), nullable=False),
    sa.Column('kek', sa.Boolean(), nullable=False),
    sa.Column('bp_class', sa.String(length=24), nullable=True),
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
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_youth_screening_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_youth_screening_person_id_person')),
    sa.ForeignKeyConstraint(['posyandu_id'], ['facility.id'], name=op.f('fk_youth_screening_posyandu_id_facility')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'], name=op.f('fk_youth_screening_reviewed_by_id_user_account')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['youth_screening.id'], name=op.f('fk_youth_screening_supersedes_id_youth_screening')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_youth_screening'))
    )
    with op.batch_alter_table('youth_screening', schema=None) as batch_op:
        batch_op.create_index('ix_youth_screening_person_current_date', ['person_id', 'is_current', 'visit_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_youth_screening_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_youth_screening_posyandu_date', ['posyandu_id', 'visit_date'], unique=False)
        batch_op.create_index('ix_youth_screening_posyandu_status', ['posyandu_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_youth_screening_supersedes_id'), ['supersedes_id'], unique=False)



def downgrade():
    with op.batch_alter_table('youth_screening', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_youth_screening_supersedes_id'))
        batch_op.drop_index('ix_youth_screening_posyandu_status')
        batch_op.drop_index('ix_youth_screening_posyandu_date')
        batch_op.drop_index(batch_op.f('ix_youth_screening_person_id'))
        batch_op.drop_index('ix_youth_screening_person_current_date')

    op.drop_table('youth_screening')
