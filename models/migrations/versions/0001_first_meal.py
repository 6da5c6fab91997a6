"""the first meal: people, kitchens, orders, messages

Revision ID: 0001
Revises:
Create Date: 2026-11-26 15:43:23.380784
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # earthdistance needs cube; vector holds face embeddings (the duplicate-seeker check).
    for extension in ("cube", "earthdistance", "vector"):
        op.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
    op.create_table(
        "inbound_messages",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("message_sid", sa.String(length=64), nullable=False),
        sa.Column("sender", sa.String(length=64), nullable=False),
        sa.Column("params", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "received_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_sid"),
    )
    op.create_index(
        "inbound_unprocessed",
        "inbound_messages",
        ["sender", "id"],
        unique=False,
        postgresql_where=sa.text("processed_at IS NULL"),
    )
    op.create_table(
        "outbound_messages",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("to_address", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "media_urls",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "status", sa.String(length=16), server_default="queued", nullable=False
        ),
        sa.Column("twilio_sid", sa.String(length=64), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("twilio_sid"),
    )
    op.create_index(
        "outbound_to", "outbound_messages", ["to_address", "id"], unique=False
    )
    op.create_table(
        "people",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=2), server_default="en", nullable=False),
        sa.Column(
            "language_chosen",
            sa.Boolean(),
            server_default=sa.text("false"),
            nullable=False,
        ),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("step", sa.String(length=32), server_default="", nullable=False),
        sa.Column(
            "draft",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("active_order_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("address"),
    )
    op.create_table(
        "photos",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "kitchens",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lng", sa.Float(), nullable=False),
        sa.Column("upi_vpa", sa.String(length=120), nullable=False),
        sa.Column("price_paise", sa.Integer(), nullable=False),
        sa.Column("fssai", sa.String(length=14), server_default="", nullable=False),
        sa.Column("daily_capacity", sa.Integer(), server_default="0", nullable=False),
        sa.Column("hours", sa.String(length=64), nullable=False),
        sa.Column(
            "verified", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
        sa.Column("rating_total", sa.Integer(), server_default="0", nullable=False),
        sa.Column("rating_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "daily_capacity >= 0", name="kitchens_capacity_not_negative"
        ),
        sa.CheckConstraint("price_paise > 0", name="kitchens_price_positive"),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id"),
    )
    op.create_index(
        "kitchens_earth",
        "kitchens",
        [sa.literal_column("ll_to_earth(lat, lng)")],
        unique=False,
        postgresql_using="gist",
    )
    op.create_table(
        "kitchen_days",
        sa.Column("kitchen_id", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("reserved", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint("reserved >= 0", name="kitchen_days_reserved_not_negative"),
        sa.ForeignKeyConstraint(
            ["kitchen_id"],
            ["kitchens.id"],
        ),
        sa.PrimaryKeyConstraint("kitchen_id", "day"),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=8), nullable=False),
        sa.Column("donor_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("photo_id", sa.BigInteger(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lng", sa.Float(), nullable=True),
        sa.Column("place_label", sa.Text(), server_default="", nullable=False),
        sa.Column("place_address", sa.Text(), server_default="", nullable=False),
        sa.Column("kitchen_id", sa.BigInteger(), nullable=True),
        sa.Column("amount_paise", sa.Integer(), nullable=True),
        sa.Column("meal_day", sa.Date(), nullable=True),
        sa.Column("kitchen_asked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "declined_kitchen_ids",
            postgresql.ARRAY(sa.BigInteger()),
            server_default="{}",
            nullable=False,
        ),
        sa.Column(
            "offered_kitchen_ids",
            postgresql.ARRAY(sa.BigInteger()),
            server_default="{}",
            nullable=False,
        ),
        sa.Column("safety_score", sa.Float(), nullable=True),
        sa.Column("safety_passed", sa.Boolean(), nullable=True),
        sa.Column(
            "safety_breakdown",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("duplicate_of", sa.String(length=8), nullable=True),
        sa.Column("delivery_photo_id", sa.BigInteger(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "amount_paise IS NULL OR amount_paise > 0", name="orders_amount_positive"
        ),
        sa.CheckConstraint(
            "rating IS NULL OR rating BETWEEN 1 AND 5", name="orders_rating_range"
        ),
        sa.ForeignKeyConstraint(
            ["delivery_photo_id"], ["photos.id"], ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["donor_id"],
            ["people.id"],
        ),
        sa.ForeignKeyConstraint(
            ["kitchen_id"],
            ["kitchens.id"],
        ),
        sa.ForeignKeyConstraint(["photo_id"], ["photos.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    op.create_index("orders_donor", "orders", ["donor_id", "created_at"], unique=False)
    op.create_index(
        "orders_earth",
        "orders",
        [sa.literal_column("ll_to_earth(lat, lng)")],
        unique=False,
        postgresql_using="gist",
    )
    op.create_index(
        "orders_kitchen_status", "orders", ["kitchen_id", "status"], unique=False
    )
    op.create_index("orders_status", "orders", ["status"], unique=False)
    op.create_table(
        "capacity_log",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("kitchen_id", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("order_id", sa.BigInteger(), nullable=True),
        sa.Column("change", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column(
            "at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["kitchen_id"],
            ["kitchens.id"],
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "capacity_log_kitchen_day", "capacity_log", ["kitchen_id", "day"], unique=False
    )
    op.create_table(
        "order_events",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("order_id", sa.BigInteger(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_order_events_order_id"), "order_events", ["order_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_order_events_order_id"), table_name="order_events")
    op.drop_table("order_events")
    op.drop_index("capacity_log_kitchen_day", table_name="capacity_log")
    op.drop_table("capacity_log")
    op.drop_index("orders_status", table_name="orders")
    op.drop_index("orders_kitchen_status", table_name="orders")
    op.drop_index("orders_earth", table_name="orders", postgresql_using="gist")
    op.drop_index("orders_donor", table_name="orders")
    op.drop_table("orders")
    op.drop_table("kitchen_days")
    op.drop_index("kitchens_earth", table_name="kitchens", postgresql_using="gist")
    op.drop_table("kitchens")
    op.drop_table("photos")
    op.drop_table("people")
    op.drop_index("outbound_to", table_name="outbound_messages")
    op.drop_table("outbound_messages")
    op.drop_index(
        "inbound_unprocessed",
        table_name="inbound_messages",
        postgresql_where=sa.text("processed_at IS NULL"),
    )
    op.drop_table("inbound_messages")
