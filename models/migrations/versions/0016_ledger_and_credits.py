"""Giving ahead, first part: the one ledger and meal credits; who funds an order.

The ledger's entries are append-only (a trigger refuses UPDATE and DELETE); a trigger adds each
new entry to its account's balance row, whose CHECKs refuse a balance below zero, so an allocation
that would take more than is there fails in PostgreSQL however many workers race for it.

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# The balance row is made with its account; an entry for an account without one makes it (an INSERT
# checks the entry's own values, so a first entry below zero is refused too).
ADD_TO_BALANCE = """
CREATE FUNCTION ledger_add_to_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ledger_balances SET
        meals = meals + NEW.meals,
        paise = paise + NEW.paise,
        pending_paise = pending_paise + NEW.pending_paise
    WHERE account_id = NEW.account_id;
    IF NOT FOUND THEN
        INSERT INTO ledger_balances (account_id, meals, paise, pending_paise)
        VALUES (NEW.account_id, NEW.meals, NEW.paise, NEW.pending_paise);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER ledger_entries_add AFTER INSERT ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_add_to_balance();
"""
APPEND_ONLY = """
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % of entry % refused', TG_OP, OLD.id;
END
$$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
"""


def upgrade() -> None:
    op.add_column("orders", sa.Column("funding", sa.String(16), nullable=False, server_default="donor"))
    op.create_check_constraint(
        "orders_funding_known", "orders", "funding IN ('donor', 'credit', 'pledge', 'campaign')"
    )
    op.create_table(
        "ledger_accounts",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reference", sa.String(12), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.CheckConstraint("kind IN ('credit', 'pledge', 'campaign')", name="ledger_accounts_kind_known"),
    )
    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("account_id", sa.BigInteger(), sa.ForeignKey("ledger_accounts.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("meals", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("paise", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("pending_paise", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("order_id", sa.BigInteger(), sa.ForeignKey("orders.id"), nullable=True),
        sa.Column("share_id", sa.BigInteger(), nullable=True),
        sa.Column("settles", sa.BigInteger(), sa.ForeignKey("ledger_entries.id"), nullable=True, unique=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ledger_entries_account", "ledger_entries", ["account_id", "id"])
    op.create_index(
        "ledger_entries_order", "ledger_entries", ["order_id"], postgresql_where=sa.text("order_id IS NOT NULL")
    )
    op.create_table(
        "ledger_balances",
        sa.Column("account_id", sa.BigInteger(), sa.ForeignKey("ledger_accounts.id"), primary_key=True),
        sa.Column("meals", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("paise", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("pending_paise", sa.BigInteger(), nullable=False, server_default="0"),
        sa.CheckConstraint("meals >= 0", name="ledger_balances_meals_not_negative"),
        sa.CheckConstraint("paise >= 0", name="ledger_balances_paise_not_negative"),
        sa.CheckConstraint("pending_paise >= 0", name="ledger_balances_pending_not_negative"),
    )
    op.execute(ADD_TO_BALANCE)
    op.execute(APPEND_ONLY)
    op.create_table(
        "meal_credits",
        sa.Column("id", sa.BigInteger(), sa.ForeignKey("ledger_accounts.id"), primary_key=True),
        sa.Column("reference", sa.String(12), nullable=False, unique=True),
        sa.Column("donor_id", sa.BigInteger(), sa.ForeignKey("people.id", ondelete="SET NULL"), nullable=True),
        sa.Column("kitchen_id", sa.BigInteger(), sa.ForeignKey("kitchens.id"), nullable=False),
        sa.Column("meals", sa.Integer(), nullable=False),
        sa.Column("price_paise", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.Integer(), nullable=True),
        sa.Column("window_end", sa.Integer(), nullable=True),
        sa.Column("sms_only", sa.Boolean(), nullable=False, server_default=sa.text("false")),
        sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("meals > 0 AND price_paise > 0", name="meal_credits_positive"),
        sa.CheckConstraint("status IN ('pending', 'confirmed')", name="meal_credits_status_known"),
    )
    op.create_index("meal_credits_kitchen", "meal_credits", ["kitchen_id", "status"])


def downgrade() -> None:
    op.drop_table("meal_credits")
    op.execute("DROP TRIGGER ledger_entries_append_only ON ledger_entries")
    op.execute("DROP TRIGGER ledger_entries_add ON ledger_entries")
    op.execute("DROP FUNCTION ledger_append_only()")
    op.execute("DROP FUNCTION ledger_add_to_balance()")
    op.drop_table("ledger_balances")
    op.drop_table("ledger_entries")
    op.drop_table("ledger_accounts")
    op.drop_constraint("orders_funding_known", "orders")
    op.drop_column("orders", "funding")
