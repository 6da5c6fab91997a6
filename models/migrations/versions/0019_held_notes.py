"""An interim note is held a few seconds: sent then, unless a later message to the same person replaced it.

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("outbound_messages", sa.Column("held_until", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "outbound_held",
        "outbound_messages",
        ["to_address"],
        postgresql_where=sa.text("held_until IS NOT NULL AND status = 'queued'"),
    )


def downgrade() -> None:
    op.drop_index("outbound_held", table_name="outbound_messages")
    op.drop_column("outbound_messages", "held_until")
