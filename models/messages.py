"""Inbound and outbound message rows, and the stored photos they carry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, literal, select, union_all, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from domain.photos import PhotoPurpose
from models import tables

inbound = tables.inbound_messages.c
outbound = tables.outbound_messages.c
photo = tables.photos.c
orders = tables.orders.c

# An outbound row still to be sent: waiting, or handed to Twilio with no answer recorded yet.
PENDING = ("queued", "sending")


# Built once: a statement made per call costs its construction and its cache key on every webhook.
# The VALUES clause comes from the parameters' names.
_STORE = pg_insert(tables.inbound_messages).on_conflict_do_nothing(index_elements=["message_sid"]).returning(inbound.id)


def _sender_key(sender: str):
    return func.hashtextextended(sender, 0)


class Inbox:
    def __init__(self, session: Session, clock: Callable[[], datetime]):
        self.session = session
        self.clock = clock

    def store(self, message_sid: str, sender: str, params: dict) -> int | None:
        """Stores a message once per MessageSid; returns None when it was already stored."""
        row = {"message_sid": message_sid, "sender": sender, "params": params, "received_at": self.clock()}
        return self.session.execute(_STORE, row).scalar()

    def sender_of(self, message_id: int) -> str | None:
        return self.session.scalar(select(inbound.sender).where(inbound.id == message_id))

    def lock_sender(self, sender: str) -> None:
        """One sender's messages are handled one at a time: a lock held until this transaction ends."""
        self.session.execute(select(func.pg_advisory_xact_lock(_sender_key(sender))))

    @staticmethod
    @contextmanager
    def sender_held(connection: Connection, sender: str) -> Iterator[None]:
        """The same lock, held on one connection across several transactions (a dead worker's is freed)."""
        connection.execute(select(func.pg_advisory_lock(_sender_key(sender))))
        connection.commit()
        try:
            yield
        finally:
            connection.rollback()
            connection.execute(select(func.pg_advisory_unlock(_sender_key(sender))))
            connection.commit()

    def next_unprocessed(self, sender: str) -> Row | None:
        query = (
            select(tables.inbound_messages)
            .where(inbound.sender == sender, inbound.processed_at.is_(None))
            .order_by(inbound.id)
            .limit(1)
        )
        return self.session.execute(query).first()

    def mark_processed(self, message_id: int, at: datetime) -> None:
        self.session.execute(update(tables.inbound_messages).where(inbound.id == message_id).values(processed_at=at))

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
            .values(processed_at=at, error=error[:2000])
            .returning(inbound.id)
        ).first()
        return done is not None

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

    def record_status(self, twilio_sid: str, status: str, error: str | None) -> bool:
        done = self.session.execute(
            update(tables.outbound_messages)
            .where(outbound.twilio_sid == twilio_sid)
            .values(status=status, error=error)
            .returning(outbound.id)
        ).first()
        return done is not None

    def due(self, now: datetime) -> list[int]:
        """Rows whose job was lost, whose retry is due, or whose send has an unknown outcome."""
        query = select(outbound.id).where(outbound.status.in_(PENDING), outbound.next_attempt_at <= now)
        return list(self.session.scalars(query.order_by(outbound.id)))

    def claimed(self, twilio_sids: list[str]) -> set[str]:
        """Those of Twilio's message ids already recorded on one of our rows."""
        query = select(outbound.twilio_sid).where(outbound.twilio_sid.in_(twilio_sids))
        return set(self.session.scalars(query))

    def to_address(self, address: str) -> list[Row]:
        query = select(tables.outbound_messages).where(outbound.to_address == address).order_by(outbound.id)
        return list(self.session.execute(query))


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
