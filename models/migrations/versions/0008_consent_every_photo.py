"""Consent for every photo: the donor's own consent carries the version of the text agreed to, and
every answer is logged; a donor may describe a person who did not agree to a photo.

The donor-wide "the person agreed" flag goes: the question is now asked for each photo.
Donors who agreed before this version are asked again (their version is empty).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("people", sa.Column("consent_version", sa.String(16), nullable=False, server_default=""))
    op.drop_column("people", "subject_consent_at")
    op.add_column("orders", sa.Column("seeker_description", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "consents",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("person_id", sa.BigInteger(), sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("agreed", sa.Boolean(), nullable=False),
        sa.Column("version", sa.String(16), nullable=False, server_default=""),
        sa.Column("order_id", sa.BigInteger(), sa.ForeignKey("orders.id", ondelete="SET NULL"), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_consents_person_id", "consents", ["person_id"])


def downgrade() -> None:
    op.drop_index("ix_consents_person_id", table_name="consents")
    op.drop_table("consents")
    op.drop_column("orders", "seeker_description")
    op.add_column("people", sa.Column("subject_consent_at", sa.DateTime(timezone=True), nullable=True))
    op.drop_column("people", "consent_version")
