"""Giving together: micro-campaigns, their contributors' shares, and who asked to hear of campaigns near them.

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.BigInteger(), sa.ForeignKey("ledger_accounts.id"), primary_key=True),
        sa.Column("reference", sa.String(12), nullable=False, unique=True),
        sa.Column("creator_id", sa.BigInteger(), sa.ForeignKey("people.id", ondelete="SET NULL"), nullable=True),
        sa.Column("order_id", sa.BigInteger(), sa.ForeignKey("orders.id"), nullable=False, unique=True),
        sa.Column("kitchen_id", sa.BigInteger(), sa.ForeignKey("kitchens.id"), nullable=False),
        sa.Column("target_paise", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("told_paise", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cover_asked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("target_paise > 0", name="campaigns_target_positive"),
        sa.CheckConstraint(
            "status IN ('CREATED', 'ACTIVE', 'FUNDING', 'THRESHOLD_MET', 'ORDER_PLACED', 'DELIVERED', 'COMPLETED', "
            "'EXPIRED', 'CANCELLED')",
            name="campaigns_status_known",
        ),
    )
    op.create_index("campaigns_status", "campaigns", ["status", "expires_at"])
    op.create_table(
        "campaign_shares",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("campaign_id", sa.BigInteger(), sa.ForeignKey("campaigns.id"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), sa.ForeignKey("people.id", ondelete="SET NULL"), nullable=True),
        sa.Column("amount_paise", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("promised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pledge_id", sa.BigInteger(), sa.ForeignKey("pledges.id"), nullable=True),
        sa.UniqueConstraint("campaign_id", "number", name="campaign_shares_number"),
        sa.CheckConstraint("amount_paise > 0", name="campaign_shares_amount_positive"),
        sa.CheckConstraint("status IN ('promised', 'asked', 'paid', 'lapsed')", name="campaign_shares_status_known"),
    )
    op.create_index("campaign_shares_asked", "campaign_shares", ["asked_at"], postgresql_where=sa.text("status = 'asked'"))
    op.create_foreign_key("ledger_entries_share_id_fkey", "ledger_entries", "campaign_shares", ["share_id"], ["id"])
    op.create_table(
        "campaign_alerts",
        sa.Column("person_id", sa.BigInteger(), sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lng", sa.Float(), nullable=False),
        sa.Column("label", sa.String(64), nullable=False, server_default=""),
        sa.Column("radius_m", sa.Integer(), nullable=False),
        sa.Column("told_on", sa.Date(), nullable=True),
        sa.Column("told_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("told_count BETWEEN 0 AND 3", name="campaign_alerts_three_a_day"),
    )


def downgrade() -> None:
    op.drop_table("campaign_alerts")
    op.drop_constraint("ledger_entries_share_id_fkey", "ledger_entries", type_="foreignkey")
    op.drop_table("campaign_shares")
    op.drop_index("campaigns_status", table_name="campaigns")
    op.drop_table("campaigns")
