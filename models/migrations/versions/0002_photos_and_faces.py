"""Photos processed and encrypted; face embeddings for the duplicate-seeker check.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from pgvector.sqlalchemy import Vector

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("people", sa.Column("subject_consent_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("photos", sa.Column("status", sa.String(16), server_default="raw", nullable=False))
    op.add_column("photos", sa.Column("order_id", sa.BigInteger(), nullable=True))
    op.create_index("photos_created", "photos", ["created_at"])
    for name, column in (
        ("photo_state", sa.String(16)),
        ("face_verdict", sa.String(16)),
        ("duplicate_answer", sa.String(16)),
    ):
        op.add_column("orders", sa.Column(name, column, server_default="", nullable=False))
    op.add_column("orders", sa.Column("duplicate_metres", sa.Float(), nullable=True))
    op.add_column("orders", sa.Column("duplicate_minutes", sa.Integer(), nullable=True))
    op.add_column("orders", sa.Column("duplicate_distance", sa.Float(), nullable=True))
    op.create_table(
        "face_embeddings",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("order_id", sa.BigInteger(), sa.ForeignKey("orders.id", ondelete="CASCADE"), nullable=False),
        sa.Column("embedding", Vector(128), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lng", sa.Float(), nullable=True),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("order_id"),
    )
    op.create_index(
        "face_embeddings_earth",
        "face_embeddings",
        [sa.literal_column("ll_to_earth(lat, lng)")],
        postgresql_using="gist",
    )
    op.create_index("face_embeddings_taken", "face_embeddings", ["taken_at"])


def downgrade() -> None:
    op.drop_table("face_embeddings")
    for name in ("photo_state", "face_verdict", "duplicate_answer", "duplicate_metres", "duplicate_minutes"):
        op.drop_column("orders", name)
    op.drop_column("orders", "duplicate_distance")
    op.drop_index("photos_created", table_name="photos")
    op.drop_column("photos", "order_id")
    op.drop_column("photos", "status")
    op.drop_column("people", "subject_consent_at")
