"""Retention that proves itself: the copies Twilio holds of photos are asked to be deleted, and each
message row knows whether its media were.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("inbound_messages", sa.Column("media_released_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("outbound_messages", sa.Column("media_released_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "media_releases",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("message_sid", sa.String(64), nullable=False),
        sa.Column("media_sid", sa.String(64), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("error", sa.Text(), nullable=True),
        sa.UniqueConstraint("message_sid", "media_sid", name="media_releases_once"),
    )
    op.create_index("media_releases_due", "media_releases", ["id"], postgresql_where=sa.text("done_at IS NULL"))
    # What the retention job looks for by age: orders by creation (anonymised) and by end (places blurred).
    op.create_index("orders_created", "orders", ["created_at"])
    op.create_index("face_checks_at", "face_checks", ["at"])
    op.create_index("inbound_received", "inbound_messages", ["received_at"])
    op.create_index("outbound_created", "outbound_messages", ["created_at"])


def downgrade() -> None:
    for name, table in (
        ("outbound_created", "outbound_messages"),
        ("inbound_received", "inbound_messages"),
        ("face_checks_at", "face_checks"),
        ("orders_created", "orders"),
    ):
        op.drop_index(name, table_name=table)
    op.drop_index("media_releases_due", table_name="media_releases", postgresql_where=sa.text("done_at IS NULL"))
    op.drop_table("media_releases")
    op.drop_column("outbound_messages", "media_released_at")
    op.drop_column("inbound_messages", "media_released_at")
