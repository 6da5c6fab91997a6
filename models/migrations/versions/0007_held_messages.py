"""Nobody floods it: an inbound message says what became of it, and one may be held back unhandled.

`state` is waiting until a worker settles the message: handled, failed (given up after its
tries) or held (past the sender's message rate: kept, never handled).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "inbound_messages", sa.Column("state", sa.String(16), nullable=False, server_default="waiting")
    )
    # Rows settled before this migration: given up after their last try, or else handled.
    op.execute(
        "UPDATE inbound_messages SET state = CASE WHEN error IS NOT NULL AND attempts >= 3 "
        "THEN 'failed' ELSE 'handled' END WHERE processed_at IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_column("inbound_messages", "state")
