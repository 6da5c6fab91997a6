"""Inbound and outbound message rows, and the stored photos they carry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import psycopg
from psycopg.types.json import Jsonb
from sqlalchemy import (
    Connection,
    Engine,
    PoolProxiedConnection,
    delete,
    func,
    insert,
    literal,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Row
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from domain.photos import PhotoPurpose
from models import tables

inbound = tables.inbound_messages.c
outbound = tables.outbound_messages.c
photo = tables.photos.c
orders = tables.orders.c

# An outbound row still to be sent: waiting, or handed to Twilio with no answer recorded yet.
PENDING = ("queued", "sending")
# What Twilio's status callback says of a message it could not deliver.
REPORTED_FAILURES = ("failed", "undelivered")
# A fallback's send job should have run by then; if not, the sweeper enqueues it.
FALLBACK_JOB_LOST_AFTER = timedelta(minutes=1)


# The webhook's one statement, in psycopg's own terms, on a pooled connection in autocommit (no BEGIN, no
# COMMIT to wait for) and prepared once per connection. Through SQLAlchemy's Connection the same INSERT
# cost half again the CPU (the Connection, its autocommit option set and reset, the execution's context
# and result), a seventh of the whole acknowledgement.
_STORE = (
    "INSERT INTO inbound_messages (message_sid, sender, params, received_at, request_id)"
    " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (message_sid) DO NOTHING RETURNING id"
)


def store_inbound(
    engine: Engine, message_sid: str, sender: str, params: dict, received_at: datetime, request_id: str | None
) -> int | None:
    """Stores a message once per MessageSid, committed as it runs; None when it was stored already.

    A failure is raised as SQLAlchemy's DBAPIError (without the values), as every other statement's is.
    """
    try:
        pooled = engine.raw_connection()
    except psycopg.Error as error:
        raise DBAPIError.instance(None, None, error, psycopg.Error, hide_parameters=True) from error
    connection: psycopg.Connection = pooled.driver_connection
    try:
        connection.autocommit = True
        row = connection.execute(_STORE, (message_sid, sender, Jsonb(params), received_at, request_id), prepare=True)
        stored = row.fetchone()
    except psycopg.Error as error:
        raise DBAPIError.instance(_STORE, None, error, psycopg.Error, hide_parameters=True) from error
    finally:
        _give_back(pooled, connection)
    return stored[0] if stored else None


def _give_back(pooled: PoolProxiedConnection, connection: psycopg.Connection) -> None:
    """To the pool as it came (in a transaction's mode); a connection that broke is dropped instead."""
    if connection.broken or connection.closed:
        pooled.invalidate()
    else:
        connection.autocommit = False
    pooled.close()


def _sender_key(sender: str):
    return func.hashtextextended(sender, 0)


def _turn_key(sender: str):
    """Another lock than _sender_key's: taking a turn never waits for a photo or safety job."""
    return func.hashtextextended(sender, 1)


class Inbox:
    """The stored inbound messages, once `store_inbound` has stored them."""

    def __init__(self, session: Session, clock: Callable[[], datetime]):
        self.session = session
        self.clock = clock

    def sender_of(self, message_id: int) -> str | None:
        return self.session.scalar(select(inbound.sender).where(inbound.id == message_id))

    def lock_sender(self, sender: str) -> None:
        """The sender's messages, photo jobs and safety jobs take turns: a lock held until this transaction ends."""
        self.session.execute(select(func.pg_advisory_xact_lock(_sender_key(sender))))

    @staticmethod
    @contextmanager
    def sender_turn(connection: Connection, sender: str) -> Iterator[bool]:
        """Whether this connection got the sender's turn: one worker handles a sender's messages at a time.

        Never waits: a worker that finds another on the sender leaves the messages to it. The lock
        is held across transactions (a try is committed before it is made) and freed at the end,
        or by PostgreSQL when a dead worker's connection drops.
        """
        ours = connection.scalar(select(func.pg_try_advisory_lock(_turn_key(sender))))
        connection.commit()
        try:
            yield ours
        finally:
            connection.rollback()
            if ours:
                connection.execute(select(func.pg_advisory_unlock(_turn_key(sender))))
                connection.commit()

    def oldest_waiting(self, sender: str) -> int | None:
        query = select(inbound.id).where(inbound.sender == sender, inbound.processed_at.is_(None))
        return self.session.scalar(query.order_by(inbound.id).limit(1))

    def next_unprocessed(self, sender: str) -> Row | None:
        query = (
            select(tables.inbound_messages)
            .where(inbound.sender == sender, inbound.processed_at.is_(None))
            .order_by(inbound.id)
            .limit(1)
        )
        return self.session.execute(query).first()

    def mark_processed(self, message_id: int, at: datetime) -> None:
        self._settle(message_id, at, "handled")

    def mark_held(self, message_id: int, at: datetime) -> None:
        """Kept and settled, never handled: the sender was past their message rate."""
        self._settle(message_id, at, "held")

    def _settle(self, message_id: int, at: datetime, state: str) -> None:
        query = update(tables.inbound_messages).where(inbound.id == message_id)
        self.session.execute(query.values(processed_at=at, state=state))

    def count_try(self, message_id: int) -> int:
        """One more try of this message, counted before it is made; returns the count."""
        return self.session.execute(
            update(tables.inbound_messages)
            .where(inbound.id == message_id)
            .values(attempts=inbound.attempts + 1)
            .returning(inbound.attempts)
        ).scalar_one()

    def record_error(self, message_id: int, error: str) -> None:
        self.session.execute(update(tables.inbound_messages).where(inbound.id == message_id).values(error=error[:2000]))

    def mark_failed(self, message_id: int, at: datetime, error: str) -> bool:
        """Given up: processed, with its error. False if it was settled already (by another job)."""
        done = self.session.execute(
            update(tables.inbound_messages)
            .where(inbound.id == message_id, inbound.processed_at.is_(None))
            .values(processed_at=at, error=error[:2000], state="failed")
            .returning(inbound.id)
        ).first()
        return done is not None

    def from_sender(self, sender: str, after_id: int = 0) -> list[Row]:
        query = select(tables.inbound_messages).where(inbound.sender == sender, inbound.id > after_id)
        return list(self.session.execute(query.order_by(inbound.id)))

    def to_queue(self, limit: int) -> list[Row]:
        """Stored messages whose job the dispatcher has not enqueued yet, oldest first, with what their
        job's log lines name."""
        query = select(inbound.id, inbound.message_sid, inbound.request_id)
        query = query.where(inbound.queued_at.is_(None), inbound.processed_at.is_(None))
        return list(self.session.execute(query.order_by(inbound.id).limit(limit)))

    def mark_queued(self, message_ids: list[int], at: datetime) -> None:
        self.session.execute(update(tables.inbound_messages).where(inbound.id.in_(message_ids)).values(queued_at=at))

    def unprocessed_before(self, cutoff: datetime) -> list[int]:
        query = select(inbound.id).where(inbound.processed_at.is_(None), inbound.received_at < cutoff)
        return list(self.session.scalars(query.order_by(inbound.id)))


class SentMessages:
    def __init__(self, session: Session):
        self.session = session

    def lock(self, message_id: int) -> Row | None:
        query = select(tables.outbound_messages).where(outbound.id == message_id).with_for_update()
        return self.session.execute(query).first()

    def record(self, message_id: int, **values: object) -> None:
        self.session.execute(update(tables.outbound_messages).where(outbound.id == message_id).values(**values))

    def record_status(
        self, twilio_sid: str, status: str, error: str | None, now: datetime, row_id: int | None = None
    ) -> int | None:
        """Twilio's later word on a message. Returns the row's id when it reports a failure to settle
        (a fallback to SMS, an opt-out, a kitchen's order to move on); a failure is final, so a late
        `sent` or `delivered` does not overwrite it.

        `row_id` is our key from the callback's address: a row still `sending` with no Twilio id is one
        whose send a crash cut short after Twilio took it; it is claimed here, so it is not sent again."""
        if row_id is not None:
            self.claim_lost_send(row_id, twilio_sid, now)
        row = self.session.execute(
            select(outbound.id, outbound.status).where(outbound.twilio_sid == twilio_sid).with_for_update()
        ).first()
        if row is None or row.status in REPORTED_FAILURES:
            return None
        failed = status in REPORTED_FAILURES
        values = {"status": status, "error": error} | ({"next_attempt_at": now} if failed else {})
        self.record(row.id, **values)
        return row.id if failed else None

    def claim_lost_send(self, row_id: int, twilio_sid: str, now: datetime) -> None:
        self.session.execute(
            update(tables.outbound_messages)
            .where(outbound.id == row_id, outbound.status == "sending", outbound.twilio_sid.is_(None))
            .values(twilio_sid=twilio_sid, status="sent", sent_at=now, next_attempt_at=None)
        )

    def due(self, now: datetime) -> list[int]:
        """Rows whose job was lost, whose retry is due, whose send has an unknown outcome, or whose
        reported failure is not settled yet: every row with a `next_attempt_at` that has come."""
        query = select(outbound.id).where(outbound.next_attempt_at <= now)
        return list(self.session.scalars(query.order_by(outbound.id)))

    def add_fallback(self, row: Row, now: datetime) -> int | None:
        """A copy of a message WhatsApp did not deliver, to go by SMS; None if one was made already."""
        return self.session.execute(
            pg_insert(tables.outbound_messages)
            .values(
                to_address=row.to_address,
                body=row.body,
                media_urls=row.media_urls,
                kind=row.kind,
                variables=row.variables,
                language=row.language,
                whatsapp_refused=True,
                fallback_of=row.id,
                created_at=now,
                next_attempt_at=now + FALLBACK_JOB_LOST_AFTER,
            )
            .on_conflict_do_nothing(index_elements=["fallback_of"])
            .returning(outbound.id)
        ).scalar()

    def claimed(self, twilio_sids: list[str]) -> set[str]:
        """Those of Twilio's message ids already recorded on one of our rows."""
        query = select(outbound.twilio_sid).where(outbound.twilio_sid.in_(twilio_sids))
        return set(self.session.scalars(query))

    def to_address(self, address: str, after_id: int = 0, settled_only: bool = False) -> list[Row]:
        """What was (or will be) sent to an address, oldest first; an interim note a later message replaced
        is left out, as it never reaches the person. With `settled_only` the list stops before the first
        note still held, whose fate is not known yet: a cursor taken from the list never passes it."""
        query = select(tables.outbound_messages).where(
            outbound.to_address == address, outbound.id > after_id, outbound.status != "replaced"
        )
        rows = list(self.session.execute(query.order_by(outbound.id)))
        if settled_only:
            held = [i for i, row in enumerate(rows) if row.held_until is not None and row.status == "queued"]
            rows = rows[: held[0]] if held else rows
        return rows


class Photos:
    def __init__(self, session: Session):
        self.session = session

    def add(self, kind: PhotoPurpose, storage_key: str, content_type: str, size: int, created_at: datetime) -> int:
        return self.session.execute(
            insert(tables.photos)
            .values(kind=kind, storage_key=storage_key, content_type=content_type, size=size, created_at=created_at)
            .returning(tables.photos.c.id)
        ).scalar_one()

    def get(self, photo_id: int) -> Row | None:
        return self.session.execute(select(tables.photos).where(tables.photos.c.id == photo_id)).first()

    def mark_ready(self, photo_id: int, kind: PhotoPurpose, order_id: int, storage_key: str, size: int) -> None:
        self.session.execute(
            update(tables.photos)
            .where(tables.photos.c.id == photo_id)
            .values(
                kind=kind,
                order_id=order_id,
                status="ready",
                storage_key=storage_key,
                size=size,
                content_type="image/jpeg",
            )
        )

    def remove(self, photo_id: int) -> str | None:
        """Deletes the row and returns its storage key, for the caller to delete the bytes after commit."""
        return self.session.execute(
            delete(tables.photos).where(tables.photos.c.id == photo_id).returning(tables.photos.c.storage_key)
        ).scalar()

    def unrecorded(self, storage_keys: list[str]) -> list[str]:
        """Those of `storage_keys` no photo row points to."""
        recorded: set[str] = set()
        for start in range(0, len(storage_keys), 1000):  # a statement's parameters are limited
            chunk = storage_keys[start : start + 1000]
            query = select(tables.photos.c.storage_key).where(tables.photos.c.storage_key.in_(chunk))
            recorded.update(self.session.scalars(query))
        return [key for key in storage_keys if key not in recorded]

    def created_before(self, cutoff: datetime) -> list[int]:
        query = select(tables.photos.c.id).where(tables.photos.c.created_at < cutoff)
        return list(self.session.scalars(query.order_by(tables.photos.c.id)))

    def of_order(self, order_id: int) -> list[int]:
        query = select(tables.photos.c.id).where(tables.photos.c.order_id == order_id)
        return list(self.session.scalars(query))

    def left_raw(self, cutoff: datetime) -> list[tuple[int, int, PhotoPurpose]]:
        """Photos an order waits for, still raw since before cutoff: (photo, order, purpose) for their job."""
        seeker = select(photo.id, orders.id, literal(PhotoPurpose.SEEKER.value)).join(
            tables.orders, orders.photo_id == photo.id
        )
        delivery = select(photo.id, orders.id, literal(PhotoPurpose.DELIVERY.value)).join(
            tables.orders, orders.delivery_photo_id == photo.id
        )
        waiting = [query.where(photo.status == "raw", photo.created_at < cutoff) for query in (seeker, delivery)]
        rows = self.session.execute(union_all(*waiting).order_by(photo.id)).all()
        return [(photo_id, order_id, PhotoPurpose(purpose)) for photo_id, order_id, purpose in rows]

    def storage_keys(self) -> list[str]:
        return list(self.session.scalars(select(tables.photos.c.storage_key)))
