"""Each duplicate lookup made for a donor is counted, so that the check cannot be used to find a person.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "face_checks",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("donor_id", sa.BigInteger(), sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
        sa.Column("order_id", sa.BigInteger(), sa.ForeignKey("orders.id", ondelete="CASCADE"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("face_checks_donor_at", "face_checks", ["donor_id", "at"])


def downgrade() -> None:
    op.drop_index("face_checks_donor_at", table_name="face_checks")
    op.drop_table("face_checks")
