"""announcements: when first published (the retention period runs from then)

Revision ID: 9d6b2f4a5c51
Revises: 8c5a1e2f3b40
Create Date: 2026-11-23 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9d6b2f4a5c51'
down_revision = '8c5a1e2f3b40'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('announcements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_published_at', sa.DateTime(timezone=True),
                                      nullable=True))
    # An announcement that is up counts from its publication; one that is down now starts the
    # period when it is published again.
    op.execute("UPDATE announcements SET first_published_at = published_at")


def downgrade():
    with op.batch_alter_table('announcements', schema=None) as batch_op:
        batch_op.drop_column('first_published_at')
