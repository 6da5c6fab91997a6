"""The right channel for every outbound message, and STOP that works.

Each person's address keeps when they last wrote (WhatsApp's 24-hour window) and whether they
stopped; each kind of message may have an approved template per language; each outbound row
keeps its kind and template values, and what the send job chose and why. A kitchen whose
contact sent STOP is paused. A row is looked at again whenever it has a `next_attempt_at`,
which now also marks a failure Twilio reported later that is still to be settled.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

OUTBOUND_COLUMNS = [
    sa.Column("kind", sa.String(24), nullable=False, server_default="reply"),
    sa.Column("variables", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    sa.Column("language", sa.String(2), nullable=False, server_default="en"),
    sa.Column("channel", sa.String(16), nullable=True),
    sa.Column("content_sid", sa.String(34), nullable=True),
    sa.Column("content_variables", JSONB, nullable=True),
    sa.Column("channel_reason", sa.Text(), nullable=True),
    sa.Column("dlt_template_id", sa.String(32), nullable=True),
    sa.Column("whatsapp_refused", sa.Boolean(), nullable=False, server_default=sa.text("false")),
    sa.Column("fallback_of", sa.BigInteger(), sa.ForeignKey("outbound_messages.id"), nullable=True, unique=True),
]


def upgrade() -> None:
    op.create_table(
        "channel_contacts",
        sa.Column("address", sa.String(64), primary_key=True),
        sa.Column("last_inbound_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("stopped_by", sa.String(32), nullable=False, server_default=""),
    )
    # Everyone who wrote before keeps their window.
    op.execute(
        "INSERT INTO channel_contacts (address, last_inbound_at) "
        "SELECT sender, max(received_at) FROM inbound_messages GROUP BY sender"
    )
    op.create_table(
        "message_templates",
        sa.Column("kind", sa.String(24), primary_key=True),
        sa.Column("language", sa.String(2), primary_key=True),
        sa.Column("content_sid", sa.String(34), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
    )
    for column in OUTBOUND_COLUMNS:
        op.add_column("outbound_messages", column)
    # Rows sent before this migration went by the channel of their address.
    op.execute(
        "UPDATE outbound_messages SET channel = CASE WHEN to_address LIKE 'whatsapp:%' THEN 'whatsapp' ELSE 'sms' END, "
        "channel_reason = 'sent before channels were chosen' WHERE status NOT IN ('queued', 'sending')"
    )
    op.drop_index("outbound_due", table_name="outbound_messages")
    op.create_index(
        "outbound_due", "outbound_messages", ["next_attempt_at"], postgresql_where=sa.text("next_attempt_at IS NOT NULL")
    )
    op.add_column("kitchens", sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("kitchens", "paused_at")
    op.drop_index("outbound_due", table_name="outbound_messages")
    op.execute("UPDATE outbound_messages SET next_attempt_at = NULL WHERE status NOT IN ('queued', 'sending')")
    op.create_index(
        "outbound_due",
        "outbound_messages",
        ["next_attempt_at"],
        postgresql_where=sa.text("status IN ('queued', 'sending')"),
    )
    for column in reversed(OUTBOUND_COLUMNS):
        op.drop_column("outbound_messages", column.name)
    op.drop_table("message_templates")
    op.drop_table("channel_contacts")
