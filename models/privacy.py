"""What is kept about a person beside their orders (the consents they gave), and the reads and
deletions behind MY DATA and DELETE MY DATA."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, insert, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from domain.channels import Channel, address_on
from domain.orders import Order
from domain.people import PENDING_PHOTO, Person
from domain.privacy import Consent, ConsentKind, PersonRecords, StoredMessage, StoredPhoto, address_hash
from domain.retention import PLACE_DECIMALS, RetentionPolicy
from models import tables
from models.messages import PENDING

consents = tables.consents.c
orders = tables.orders.c
photos = tables.photos.c
faces = tables.face_embeddings.c
inbound = tables.inbound_messages.c
outbound = tables.outbound_messages.c
erased = tables.erased_people.c

SENT_FAREWELLS = (
    "SELECT m.id FROM outbound_messages m JOIN erased_people e ON m.id = ANY(e.pending_message_ids) "
    "WHERE m.status NOT IN ('queued', 'sending')"
)
# Ids of rows gone (sent and deleted, or deleted by the message retention) are dropped from the list.
FORGET_DELETED_IDS = text(
    "UPDATE erased_people SET pending_message_ids = "
    "ARRAY(SELECT id FROM outbound_messages WHERE id = ANY(pending_message_ids) ORDER BY id) "
    "WHERE pending_message_ids <> '{}'"
)
ROUND_ASSESSMENTS = text(
    "UPDATE safety_assessments SET lat = round(lat::numeric, :decimals)::float8, "
    "lng = round(lng::numeric, :decimals)::float8 "
    "WHERE order_id = ANY(:order_ids)"
)

# What a kitchen was told of an order (its place, the person's photo) goes when the order's donor
# erases their data: the kitchen keeps the row, not the words. \m and \M match whole words only.
KITCHEN_MESSAGES_ABOUT = text(
    r"""
    SELECT m.id FROM outbound_messages m, orders o, kitchens k, people p
    WHERE o.id = ANY(:order_ids)
      AND (k.id = o.kitchen_id OR k.id = ANY(o.declined_kitchen_ids))
      AND p.id = k.person_id AND m.to_address = p.address
      AND m.status NOT IN ('queued', 'sending')
      AND m.body ~ ('\m' || o.reference || '\M')
    """
)
# Twilio's copies of media in messages about to be deleted or scrubbed go too (all of each message's).
RELEASE_MEDIA_OF = text(
    """
    INSERT INTO media_releases (message_sid, media_sid, created_at)
    SELECT twilio_sid, '', :now FROM outbound_messages
    WHERE id = ANY(:ids) AND twilio_sid IS NOT NULL AND media_released_at IS NULL
      AND jsonb_array_length(media_urls) > 0
    ON CONFLICT DO NOTHING
    """
)


@dataclass(frozen=True)
class PrivacySettings:
    policy: RetentionPolicy = field(default_factory=RetentionPolicy)
    erasure_key: bytes = b""


class ConsentLog:
    def __init__(self, session: Session):
        self.session = session

    def record(self, consent: Consent) -> None:
        self.session.execute(
            insert(tables.consents).values(
                person_id=consent.person_id,
                kind=consent.kind.value,
                agreed=consent.agreed,
                version=consent.version,
                order_id=consent.order_id,
                at=consent.at,
            )
        )

    def of_person(self, person_id: int) -> list[Consent]:
        query = select(tables.consents).where(consents.person_id == person_id).order_by(consents.id)
        return [
            Consent(row.person_id, ConsentKind(row.kind), row.at, row.agreed, row.version, row.order_id)
            for row in self.session.execute(query)
        ]


class PersonalData:
    def __init__(
        self, session: Session, settings: PrivacySettings, before_reading_messages: Callable[[], None] = lambda: None
    ):
        self.session = session
        self.policy = settings.policy
        self._erasure_key = settings.erasure_key
        # The outbox keeps a unit of work's messages until it commits: what reads or deletes message
        # rows stores them first, so that an erased person's last word is among the rows it holds.
        self._before_reading_messages = before_reading_messages

    def glance_order(self, order_id: int) -> Order | None:
        """An order read without locking its row: for a view that only looks."""
        return self.session.get(Order, order_id)

    def records(self, person: Person) -> PersonRecords:
        donor_orders = self._orders(orders.donor_id == person.id)
        kitchen_id = self.session.scalar(select(tables.kitchens.c.id).where(tables.kitchens.c.person_id == person.id))
        order_ids = [order.id for order in donor_orders]
        face_times = select(faces.order_id, faces.taken_at).where(faces.order_id.in_(order_ids))
        return PersonRecords(
            orders=donor_orders,
            photos=self._photos(donor_orders, person.draft.get(PENDING_PHOTO)),
            faces={order_id: taken_at for order_id, taken_at in self.session.execute(face_times)},
            messages=self._messages(person.address),
            kitchen_orders=self._orders(orders.kitchen_id == kitchen_id) if kitchen_id else [],
        )

    def erased_at(self, address: str) -> datetime | None:
        """When this number's data was erased before, if it was."""
        key = address_hash(address, self._erasure_key)
        return self.session.scalar(select(erased.erased_at).where(erased.address_hash == key))

    def forget(self, person: Person, order_ids: list[int], now: datetime) -> None:
        """Deletes the person and all that is theirs beyond their orders (already anonymised by the caller):
        consents, face checks (by cascade), the messages in and out, what kitchens were told of their
        orders, the exact places of their assessments. A keyed hash of their number stays.

        Twilio's copies of the media of the person's received messages are recorded by the caller first."""
        self._before_reading_messages()
        self.session.flush()  # the orders and kitchen let go of the person first
        told = list(self.session.scalars(KITCHEN_MESSAGES_ABOUT, {"order_ids": order_ids}))
        own = select(outbound.id).where(outbound.to_address == person.address, outbound.status.not_in(PENDING))
        theirs = list(self.session.scalars(own))
        self.session.execute(RELEASE_MEDIA_OF, {"ids": told + theirs, "now": now})
        self.session.execute(
            update(tables.outbound_messages)
            .where(outbound.id.in_(told))
            .values(body="[erased]", media_urls=[], variables={}, content_variables=None, media_released_at=now)
        )
        self.session.execute(delete(tables.outbound_messages).where(outbound.id.in_(theirs)))
        self.session.execute(delete(tables.inbound_messages).where(inbound.sender == person.address))
        if not self.session.scalar(select(outbound.id).where(outbound.to_address == person.address).limit(1)):
            self._forget_channels([person.address])  # else once their last word is sent: it needs their window
        self.session.execute(ROUND_ASSESSMENTS, {"order_ids": order_ids, "decimals": PLACE_DECIMALS})
        self.session.delete(person)
        self.session.flush()
        key = address_hash(person.address, self._erasure_key)
        self.session.execute(
            pg_insert(tables.erased_people)
            .values(address_hash=key, erased_at=now)
            .on_conflict_do_update(index_elements=["address_hash"], set_={"erased_at": now})
        )

    def hold_unsent(self, address: str) -> None:
        """The last messages to an erased number are sent, then deleted: their ids wait beside its hash."""
        self._before_reading_messages()
        unsent = list(self.session.scalars(select(outbound.id).where(outbound.to_address == address)))
        self.session.execute(
            update(tables.erased_people)
            .where(erased.address_hash == address_hash(address, self._erasure_key))
            .values(pending_message_ids=func.array_cat(erased.pending_message_ids, unsent))
        )

    def sent_farewells(self) -> int:
        """How many last messages to erased numbers are sent and not yet deleted."""
        return self.session.scalar(text(f"SELECT count(*) FROM ({SENT_FAREWELLS}) sent"))

    def forget_sent_farewells(self) -> int:
        """Deletes the last messages to erased numbers that have been sent; returns how many."""
        deleted = f"DELETE FROM outbound_messages WHERE id IN ({SENT_FAREWELLS}) RETURNING to_address"
        addresses = list(self.session.scalars(text(deleted)))
        self.session.execute(FORGET_DELETED_IDS)
        self._forget_channels(sorted(set(addresses)))
        return len(addresses)

    def _forget_channels(self, addresses: list[str]) -> None:
        """When the number last wrote and whether it stopped, on both channels: the number goes with them."""
        both = [address_on(channel, address) for address in addresses for channel in Channel]
        self.session.execute(delete(tables.channel_contacts).where(tables.channel_contacts.c.address.in_(both)))

    def _orders(self, condition) -> list[Order]:
        return list(self.session.scalars(select(Order).where(condition).order_by(orders.created_at, orders.id)))

    def _photos(self, donor_orders: list[Order], pending: int | None) -> list[StoredPhoto]:
        named = {pending} | {i for order in donor_orders for i in (order.photo_id, order.delivery_photo_id)}
        order_ids = [order.id for order in donor_orders]
        query = select(photos.id, photos.order_id, photos.kind, photos.created_at).where(
            or_(photos.id.in_([i for i in named if i]), photos.order_id.in_(order_ids))
        )
        return [StoredPhoto(*row) for row in self.session.execute(query.order_by(photos.id))]

    def _messages(self, address: str) -> list[StoredMessage]:
        received = self.session.execute(
            select(inbound.received_at, inbound.params).where(inbound.sender == address).order_by(inbound.id)
        )
        sent = self.session.execute(
            select(outbound.created_at, outbound.body, outbound.media_urls)
            .where(outbound.to_address == address)
            .order_by(outbound.id)
        )
        messages = [_received(at, params) for at, params in received]
        return messages + [StoredMessage(False, at, body, len(media)) for at, body, media in sent]


def _received(at, params: dict) -> StoredMessage:
    pin = (params["Latitude"], params.get("Longitude", "")) if params.get("Latitude") else None
    try:
        photos_sent = int(params.get("NumMedia") or 0)
    except ValueError:
        photos_sent = 0
    return StoredMessage(True, at, params.get("Body", ""), photos_sent, pin)
