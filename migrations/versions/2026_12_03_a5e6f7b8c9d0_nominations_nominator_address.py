"""nominations: the nominator's postal address (a nomination by phone or letter needs no e-mail)

Revision ID: a5e6f7b8c9d0
Revises: 9d6b2f4a5c51
Create Date: 2026-12-03 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a5e6f7b8c9d0'
down_revision = '9d6b2f4a5c51'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nominator_address', sa.Text(), server_default='',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.drop_column('nominator_address')
