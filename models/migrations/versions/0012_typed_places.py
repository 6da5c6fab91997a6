"""A meal by SMS: how an order's point was found.

`point_source` is `pin` (a location pin), `geocode` (Google read a typed place) or `pincode` (a post
office of the typed PIN code, or their middle). Orders made before this came from pins. What an
SMS donor writes with NOTE goes where a WhatsApp donor's description goes: `seeker_description`.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("orders", sa.Column("point_source", sa.String(8), nullable=False, server_default="pin"))
    op.create_check_constraint(
        "orders_point_source_known", "orders", "point_source IN ('pin', 'geocode', 'pincode')"
    )
    # The duplicate check without a face looks for orders near a point and recent: place, then time.
    op.execute("CREATE INDEX orders_place_time ON orders USING gist (ll_to_earth(lat, lng), created_at)")


def downgrade() -> None:
    op.drop_index("orders_place_time", table_name="orders")
    op.drop_constraint("orders_point_source_known", "orders")
    op.drop_column("orders", "point_source")
