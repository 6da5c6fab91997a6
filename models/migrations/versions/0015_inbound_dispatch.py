"""The webhook's acknowledgement is one INSERT: PostgreSQL tells the dispatcher, which enqueues.

A statement-level trigger NOTIFYs `inbound_messages` after each insert (autocommit: one per
webhook, delivered at commit). `queued_at` marks a message whose job the dispatcher enqueued;
the partial index holds only those still to enqueue, so it stays a handful of rows. `request_id` is
the webhook request's, which the dispatcher hands on to the message's job for its log lines.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("inbound_messages", sa.Column("queued_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("inbound_messages", sa.Column("request_id", sa.String(64), nullable=True))
    # Messages stored before this were enqueued by the webhook itself.
    op.execute("UPDATE inbound_messages SET queued_at = received_at")
    op.create_index(
        "inbound_to_queue",
        "inbound_messages",
        ["id"],
        postgresql_where=sa.text("queued_at IS NULL AND processed_at IS NULL"),
    )
    op.execute(
        "CREATE FUNCTION inbound_stored() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN PERFORM pg_notify('inbound_messages', ''); RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER inbound_stored AFTER INSERT ON inbound_messages "
        "FOR EACH STATEMENT EXECUTE FUNCTION inbound_stored()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER inbound_stored ON inbound_messages")
    op.execute("DROP FUNCTION inbound_stored()")
    op.drop_index("inbound_to_queue", table_name="inbound_messages")
    op.drop_column("inbound_messages", "request_id")
    op.drop_column("inbound_messages", "queued_at")
