"""Nothing lost: an inbound message counts its tries, an outbound one knows when to be looked at again.

Both live in PostgreSQL so that a crash, an out-of-memory kill or a Redis restart cannot lose
them: the sweepers read them, not Redis.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("inbound_messages", sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("outbound_messages", sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
    # Rows waiting before this migration are looked at by the next sweep.
    op.execute(
        "UPDATE outbound_messages SET next_attempt_at = created_at WHERE status IN ('queued', 'sending')"
    )
    op.create_index(
        "outbound_due",
        "outbound_messages",
        ["next_attempt_at"],
        postgresql_where=sa.text("status IN ('queued', 'sending')"),
    )
    op.create_index("photos_raw", "photos", ["created_at"], postgresql_where=sa.text("status = 'raw'"))


def downgrade() -> None:
    op.drop_index("photos_raw", table_name="photos", postgresql_where=sa.text("status = 'raw'"))
    op.drop_index(
        "outbound_due", table_name="outbound_messages", postgresql_where=sa.text("status IN ('queued', 'sending')")
    )
    op.drop_column("outbound_messages", "next_attempt_at")
    op.drop_column("inbound_messages", "attempts")
