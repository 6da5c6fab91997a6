"""Giving ahead, second part: pledges, money promised and paid meal by meal to the kitchen.

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pledges",
        sa.Column("id", sa.BigInteger(), sa.ForeignKey("ledger_accounts.id"), primary_key=True),
        sa.Column("reference", sa.String(12), nullable=False, unique=True),
        sa.Column("donor_id", sa.BigInteger(), sa.ForeignKey("people.id", ondelete="SET NULL"), nullable=True),
        sa.Column("amount_paise", sa.Integer(), nullable=False),
        sa.Column("monthly", sa.Boolean(), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lng", sa.Float(), nullable=True),
        sa.Column("place_label", sa.String(64), nullable=False, server_default=""),
        sa.Column("radius_m", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.Integer(), nullable=True),
        sa.Column("window_end", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False, server_default="active"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("amount_paise > 0 AND radius_m > 0", name="pledges_positive"),
        sa.CheckConstraint("status IN ('active', 'paused', 'ended')", name="pledges_status_known"),
    )
    op.create_index("pledges_active", "pledges", ["status", "created_at"])
    op.create_index("pledges_donor", "pledges", ["donor_id"])


def downgrade() -> None:
    op.drop_table("pledges")
