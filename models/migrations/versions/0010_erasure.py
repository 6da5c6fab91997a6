"""DELETE MY DATA: an order may outlive its donor and a kitchen its contact; a keyed hash of each
erased number is kept.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column("orders", "donor_id", nullable=True)
    op.alter_column("kitchens", "person_id", nullable=True)
    op.create_table(
        "erased_people",
        sa.Column("address_hash", sa.String(64), primary_key=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pending_message_ids", ARRAY(sa.BigInteger()), nullable=False, server_default="{}"),
    )


def downgrade() -> None:
    op.drop_table("erased_people")
    # Rows left without a donor or contact cannot go back under NOT NULL; they are kept, so this fails loudly.
    op.alter_column("kitchens", "person_id", nullable=False)
    op.alter_column("orders", "donor_id", nullable=False)
