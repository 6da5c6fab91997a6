"""The ledger's rows: accounts, append-only entries and the balances PostgreSQL keeps from them.

Every entry is an INSERT; a trigger adds it to its account's balance row, whose CHECKs refuse a
balance below zero (migration 0014). An allocation is one guarded INSERT: it is written only when the
balance row, locked by that statement and re-read at its newest version, can take it. Two workers
racing for the last meal both wait on that row; the second finds it empty and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime

from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from domain.giving.ledger import AccountKind, Balance, Entry, EntryKind
from models import tables

ACCOUNT_REFERENCE_INDEX = "ledger_accounts_reference_key"
entries = tables.ledger_entries.c
balances = tables.ledger_balances.c

# The entry is written only if its account's balance, locked here and re-read at its newest version
# after any other writer's commit, stays at or above zero in every column.
_GUARDED = """
    INSERT INTO ledger_entries (account_id, kind, meals, paise, pending_paise, order_id, share_id, settles, at, note)
    SELECT b.account_id, :kind, :meals, :paise, :pending_paise, :order_id, :share_id, :settles, :at, :note
    FROM ledger_balances b
    WHERE b.account_id = :account_id
      AND b.meals + :meals >= 0 AND b.paise + :paise >= 0 AND b.pending_paise + :pending_paise >= 0
    FOR UPDATE {skip}
    RETURNING id
    """
_GUARDED_INSERT = text(_GUARDED.format(skip=""))
# The same, except that a balance another worker holds is passed over at once: a first pass over many
# accounts (1,000 credits) spreads racing workers across them instead of queueing all on the oldest.
_GUARDED_INSERT_SKIP_LOCKED = text(_GUARDED.format(skip="SKIP LOCKED"))


def _row(entry: Entry) -> dict[str, object]:
    return {
        "account_id": entry.account_id,
        "kind": entry.kind.value,
        "meals": entry.meals,
        "paise": entry.paise,
        "pending_paise": entry.pending_paise,
        "order_id": entry.order_id,
        "share_id": entry.share_id,
        "settles": entry.settles,
        "at": entry.at,
        "note": entry.note,
    }


def entry_from(row) -> Entry:
    return Entry(
        account_id=row.account_id,
        kind=EntryKind(row.kind),
        at=row.at,
        meals=row.meals,
        paise=row.paise,
        pending_paise=row.pending_paise,
        order_id=row.order_id,
        share_id=row.share_id,
        settles=row.settles,
        note=row.note,
        id=row.id,
    )


class Ledger:
    def __init__(self, session: Session):
        self.session = session

    def open_account(self, kind: AccountKind, references: Iterator[str]) -> tuple[int, str]:
        """A new account under the first free reference, with its balance row at zero.

        Two donors may draw the same reference at once: the unique index decides, and the loser's
        savepoint lets it try the next without losing the rest of its transaction."""
        accounts = tables.ledger_accounts
        for reference in references:
            try:
                with self.session.begin_nested():
                    account_id = self.session.execute(
                        insert(accounts).values(kind=kind.value, reference=reference).returning(accounts.c.id)
                    ).scalar_one()
            except IntegrityError as error:
                if getattr(error.orig.diag, "constraint_name", None) != ACCOUNT_REFERENCE_INDEX:
                    raise
                continue
            self.session.execute(insert(tables.ledger_balances).values(account_id=account_id))
            return account_id, reference
        raise RuntimeError("every account reference tried was taken")

    def record(self, entry: Entry) -> Entry:
        """Writes an entry that cannot take a balance below zero (a release, a payment, a renewal).

        Should it, PostgreSQL's CHECK refuses it and the whole unit of work fails: that is a bug."""
        entry_id = self.session.execute(insert(tables.ledger_entries).values(**_row(entry)).returning(entries.id))
        return _with_id(entry, entry_id.scalar_one())

    def take(self, entry: Entry, wait: bool = True) -> Entry | None:
        """Writes an entry that takes from a balance (an allocation, a commitment) only if the balance
        can give it; None when it cannot. Without `wait`, a balance another worker holds is passed over."""
        statement = _GUARDED_INSERT if wait else _GUARDED_INSERT_SKIP_LOCKED
        entry_id = self.session.execute(statement, _row(entry)).scalar()
        return _with_id(entry, entry_id) if entry_id is not None else None

    def balance(self, account_id: int) -> Balance:
        row = self.session.execute(
            select(balances.meals, balances.paise, balances.pending_paise).where(balances.account_id == account_id)
        ).first()
        return Balance(row.meals, row.paise, row.pending_paise) if row else Balance()

    def locked_balance(self, account_id: int) -> Balance:
        """The balance, its row held until commit: for an entry that takes all that is left (a lapse)."""
        row = self.session.execute(
            select(balances.meals, balances.paise, balances.pending_paise)
            .where(balances.account_id == account_id)
            .with_for_update()
        ).first()
        return Balance(row.meals, row.paise, row.pending_paise) if row else Balance()

    def entries(self, account_id: int) -> list[Entry]:
        query = select(tables.ledger_entries).where(entries.account_id == account_id).order_by(entries.id)
        return [entry_from(row) for row in self.session.execute(query)]

    def of_order(self, order_id: int) -> list[Entry]:
        query = select(tables.ledger_entries).where(entries.order_id == order_id).order_by(entries.id)
        return [entry_from(row) for row in self.session.execute(query)]

    def unsettled(self, order_id: int, kind: EntryKind) -> list[Entry]:
        """This order's entries of that kind that no later entry has ended (a pledge's allocation not yet
        paid or released)."""
        later = tables.ledger_entries.alias("later")
        query = (
            select(tables.ledger_entries)
            .where(entries.order_id == order_id, entries.kind == kind.value)
            .where(~select(later.c.id).where(later.c.settles == entries.id).exists())
            .order_by(entries.id)
        )
        return [entry_from(row) for row in self.session.execute(query)]

    def stored_balances(self) -> dict[int, Balance]:
        rows = self.session.execute(select(tables.ledger_balances))
        return {row.account_id: Balance(row.meals, row.paise, row.pending_paise) for row in rows}

    def summed_balances(self) -> dict[int, Balance]:
        """Every account's balance added up from its entries, as `ledger check` recomputes it."""
        rows = self.session.execute(
            select(
                entries.account_id,
                func.sum(entries.meals).label("meals"),
                func.sum(entries.paise).label("paise"),
                func.sum(entries.pending_paise).label("pending_paise"),
            ).group_by(entries.account_id)
        )
        return {row.account_id: Balance(int(row.meals), int(row.paise), int(row.pending_paise)) for row in rows}

    def accounts(self) -> list[tuple[int, AccountKind, str, datetime]]:
        accounts = tables.ledger_accounts.c
        rows = self.session.execute(
            select(accounts.id, accounts.kind, accounts.reference, accounts.created_at).order_by(accounts.id)
        )
        return [(row.id, AccountKind(row.kind), row.reference, row.created_at) for row in rows]


def _with_id(entry: Entry, entry_id: int) -> Entry:
    return replace(entry, id=entry_id)
