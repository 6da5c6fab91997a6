"""A kitchen's standing with a reason; an order's payment clock, the donor's PAID claim and an admin flag.

`kitchens.verified` stays, equal to `status = 'verified'` (a CHECK holds the two together), so
queries and code that only ask "verified?" keep working. Orders already waiting for payment start
their payment clock from their last change.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("kitchens", sa.Column("status", sa.String(16), nullable=False, server_default="pending"))
    op.add_column("kitchens", sa.Column("status_reason", sa.Text(), nullable=False, server_default=""))
    op.execute("UPDATE kitchens SET status = 'verified' WHERE verified")
    op.create_check_constraint(
        "kitchens_status_known", "kitchens", "status IN ('pending', 'verified', 'rejected', 'suspended')"
    )
    op.create_check_constraint("kitchens_verified_is_status", "kitchens", "verified = (status = 'verified')")
    for name in ("payment_asked_at", "donor_paid_at", "flagged_at"):
        op.add_column("orders", sa.Column(name, sa.DateTime(timezone=True)))
    op.add_column("orders", sa.Column("flag_reason", sa.Text(), nullable=False, server_default=""))
    op.add_column("orders", sa.Column("duplicate_delivered", sa.Boolean()))
    op.execute(
        "UPDATE orders SET payment_asked_at = COALESCE(updated_at, created_at) WHERE status = 'PAYMENT_REDIRECT'"
    )


def downgrade() -> None:
    for name in ("duplicate_delivered", "flag_reason", "flagged_at", "donor_paid_at", "payment_asked_at"):
        op.drop_column("orders", name)
    op.drop_constraint("kitchens_verified_is_status", "kitchens")
    op.drop_constraint("kitchens_status_known", "kitchens")
    op.drop_column("kitchens", "status_reason")
    op.drop_column("kitchens", "status")
