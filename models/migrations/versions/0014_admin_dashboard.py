"""The admins' dashboard and API: staff with their login locks, API tokens kept hashed, the audit log,
and indexes by time for the numbers page.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.CheckConstraint("role IN ('admin', 'operator')", name="staff_role_known"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("staff_id", sa.BigInteger(), sa.ForeignKey("staff.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        sa.Column("shown", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_api_tokens_staff_id", "api_tokens", ["staff_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(254), nullable=False),
        sa.Column("via", sa.String(16), nullable=False),
        sa.Column("staff_id", sa.BigInteger(), sa.ForeignKey("staff.id", ondelete="SET NULL"), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.Text(), nullable=False, server_default=""),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("detail", JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb")),
    )
    op.create_index("audit_log_at", "audit_log", ["at"])
    # The numbers page counts orders' moves and safety assessments by day.
    op.create_index("order_events_at", "order_events", ["at"])
    op.create_index("safety_assessments_at", "safety_assessments", ["at"])


def downgrade() -> None:
    op.drop_index("safety_assessments_at", table_name="safety_assessments")
    op.drop_index("order_events_at", table_name="order_events")
    op.drop_index("audit_log_at", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index("ix_api_tokens_staff_id", table_name="api_tokens")
    op.drop_table("api_tokens")
    op.drop_table("staff")
