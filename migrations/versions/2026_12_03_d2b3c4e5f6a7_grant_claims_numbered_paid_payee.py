"""grant claims: a number within the grant, the approved and paid amounts, the payment, the
payee, a reason for a missing receipt, withdrawal

Revision ID: d2b3c4e5f6a7
Revises: a5e6f7b8c9d0
Create Date: 2026-12-03 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd2b3c4e5f6a7'
down_revision = 'a5e6f7b8c9d0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('grant_claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('no_receipt_reason', sa.Text(), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('payee_name', sa.String(length=200), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('payee_account', sa.String(length=100),
                                      server_default='', nullable=False))
        batch_op.add_column(sa.Column('payee_via_organisation', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('approved_ore', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('paid_ore', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('paid_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('paid_by', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_by', sa.String(length=254), nullable=True))

    # The claims so far are numbered within their grant in the order they were added; an
    # approved claim was approved in full. None was recorded as paid: approval was all there
    # was, so none is said to be.
    op.execute("UPDATE grant_claims SET number = (SELECT COUNT(*) FROM grant_claims AS earlier "
               "WHERE earlier.grant_id = grant_claims.grant_id AND earlier.id <= grant_claims.id)")
    op.execute("UPDATE grant_claims SET approved_ore = amount_ore WHERE status = 'approved'")

    with op.batch_alter_table('grant_claims', schema=None) as batch_op:
        batch_op.alter_column('number', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_grant_claims_grant_id'),
                                          ['grant_id', 'number'])
        batch_op.create_check_constraint(
            batch_op.f('ck_grant_claims_approved_within_claimed'), 'approved_ore > 0 AND approved_ore <= amount_ore')
        batch_op.create_check_constraint(
            batch_op.f('ck_grant_claims_paid_within_approved'), 'paid_ore > 0 AND paid_ore <= approved_ore')


def downgrade():
    with op.batch_alter_table('grant_claims', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_grant_claims_paid_within_approved'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_grant_claims_approved_within_claimed'), type_='check')
        batch_op.drop_constraint(batch_op.f('uq_grant_claims_grant_id'), type_='unique')
        for column in ('withdrawn_by', 'withdrawn_at', 'paid_by', 'paid_at', 'paid_on',
                       'paid_ore', 'approved_ore', 'payee_via_organisation', 'payee_account',
                       'payee_name', 'no_receipt_reason', 'number'):
            batch_op.drop_column(column)
