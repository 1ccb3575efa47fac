"""publications: the published versions of announcements and lists of nominations, and the
nominations left out of the public list

Revision ID: c1a2b3d4e5f6
Revises: 9d6b2f4a5c51
Create Date: 2026-12-03 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c1a2b3d4e5f6'
down_revision = '9d6b2f4a5c51'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('publications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by', sa.String(length=254), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_publications_cycle_id_cycles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publications')),
    sa.UniqueConstraint('cycle_id', 'kind', 'number', name=op.f('uq_publications_cycle_id'))
    )
    op.create_table('public_list_omissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('left_out_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('left_out_by', sa.String(length=254), nullable=False),
    sa.ForeignKeyConstraint(['nomination_id'], ['nominations.id'], name=op.f('fk_public_list_omissions_nomination_id_nominations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_public_list_omissions')),
    sa.UniqueConstraint('nomination_id', name=op.f('uq_public_list_omissions_nomination_id'))
    )


def downgrade():
    op.drop_table('public_list_omissions')
    op.drop_table('publications')
