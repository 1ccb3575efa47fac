"""outbox links and secrets, audit head

Outbox messages get nullable links to the cycle, the nomination and the user they belong to
(existing messages keep NULL links) and the list of private links to remove once sent. The
audit log gets its head row, set from the chain as it stands.

Revision ID: 5e1f0a7c2b01
Revises: 8ee4e26bc4f2
Create Date: 2026-11-23 11:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e1f0a7c2b01'
down_revision = '8ee4e26bc4f2'
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade():
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_audit_head_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    # The head of the chain as it stands now: its length and its newest hash.
    op.execute(
        "INSERT INTO audit_head (id, count, hash) "
        "SELECT 1, COUNT(*), COALESCE((SELECT hash FROM audit_entries ORDER BY id DESC LIMIT 1), "
        f"'{GENESIS}') FROM audit_entries"
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cycle_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('nomination_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('secrets', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_messages_cycle_id'), ['cycle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_messages_nomination_id'), ['nomination_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_messages_user_id'), ['user_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_messages_cycle_id_cycles'), 'cycles', ['cycle_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_outbox_messages_nomination_id_nominations'), 'nominations', ['nomination_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_outbox_messages_user_id_users'), 'users', ['user_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_messages_user_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_outbox_messages_nomination_id_nominations'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_outbox_messages_cycle_id_cycles'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_messages_user_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_messages_nomination_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_messages_cycle_id'))
        batch_op.drop_column('secrets')
        batch_op.drop_column('user_id')
        batch_op.drop_column('nomination_id')
        batch_op.drop_column('cycle_id')

    op.drop_table('audit_head')
