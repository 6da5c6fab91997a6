"""What is kept about a person beside their orders (the consents they gave), and the reads and
deletions behind MY DATA and DELETE MY DATA."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import insert, or_, select
from sqlalchemy.orm import Session

from domain.orders import Order
from domain.people import PENDING_PHOTO, Person
from domain.privacy import Consent, ConsentKind, PersonRecords, StoredMessage, StoredPhoto
from domain.retention import RetentionPolicy
from models import tables

consents = tables.consents.c
orders = tables.orders.c
photos = tables.photos.c
faces = tables.face_embeddings.c
inbound = tables.inbound_messages.c
outbound = tables.outbound_messages.c


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
    def __init__(self, session: Session, settings: PrivacySettings):
        self.session = session
        self.policy = settings.policy
        self._erasure_key = settings.erasure_key

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
