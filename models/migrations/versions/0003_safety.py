"""Safety: assessments kept as training data, versioned models, area statistics, delivery failure reasons.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("orders", sa.Column("failure_reason", sa.String(16), nullable=True))
    op.create_table(
        "safety_assessments",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("order_id", sa.BigInteger(), sa.ForeignKey("orders.id", ondelete="SET NULL"), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lng", sa.Float(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("rule_score", sa.Float(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("breakdown", JSONB(), nullable=False),
        sa.Column("reasons", JSONB(), nullable=False),
        sa.Column("missing_signals", JSONB(), nullable=False),
        sa.Column("features", JSONB(), nullable=False),
        sa.Column("model_version", sa.Integer(), nullable=True),
    )
    op.create_index("ix_safety_assessments_order_id", "safety_assessments", ["order_id"])
    op.create_table(
        "safety_models",
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("training_size", sa.Integer(), nullable=False),
        sa.Column("features", JSONB(), nullable=False),
        sa.Column("metrics", JSONB(), nullable=False),
        sa.Column("promoted", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "area_stats",
        sa.Column("cell", sa.String(24), primary_key=True),
        sa.Column("population_density", sa.Float(), nullable=True),
        sa.Column("crime_rate", sa.Float(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("area_stats")
    op.drop_table("safety_models")
    op.drop_table("safety_assessments")
    op.drop_column("orders", "failure_reason")
