"""Everything stored about a person, as the JSON their MY DATA link (or `people export`) gives.

Photos appear only as the dates until which they are kept, and face data only as that date:
never the image, never the embedding.
"""

from __future__ import annotations

from datetime import datetime

from domain.orders import Order
from domain.people import Person
from domain.privacy import Consent, PersonRecords, StoredMessage, StoredPhoto
from domain.retention import RetentionPolicy, has_ended, has_exact_place
from flows.ports import UnitOfWork


def export(uow: UnitOfWork, person: Person, now: datetime) -> dict:
    records = uow.privacy.records(person)
    policy = uow.privacy.policy
    kitchen_names = {
        order.kitchen_id: uow.kitchens.get(order.kitchen_id).name for order in records.orders if order.kitchen_id
    }
    return {
        "exported_at": now.isoformat(),
        "profile": profile(person),
        "consents": [consent_record(consent, records) for consent in uow.consents.of_person(person.id)],
        "orders": [order_record(order, records, policy, kitchen_names, now) for order in records.orders],
        "ratings": [rating for order in records.orders if (rating := rating_record(order))],
        "messages": {
            "from_you": [message_record(message, policy) for message in records.messages if message.received],
            "to_you": [message_record(message, policy) for message in records.messages if not message.received],
        },
        "kitchen": kitchen_record(uow, person, records),
        "giving": giving_record(uow, person),
        "kept": {kind.value: rule for kind, rule in policy.keep().items()},
    }


def giving_record(uow: UnitOfWork, person: Person) -> dict:
    """Meal credits bought, pledges made and campaign shares given: what each was, and where it stands."""
    return {
        "meal_credits": [
            {"reference": credit.reference, "kitchen": uow.kitchens.get(credit.kitchen_id).name, "meals": credit.meals,
             "amount_paise": credit.amount_paise, "status": credit.status, "bought_at": _at(credit.created_at),
             "meals_left": uow.ledger.balance(credit.id).meals}
            for credit in uow.credits.of_donor(person.id)
        ],
        "pledges": [
            {"reference": pledge.reference, "amount_paise": pledge.amount_paise, "monthly": pledge.monthly,
             "status": pledge.status, "made_at": _at(pledge.created_at),
             "left_paise": uow.ledger.balance(pledge.id).paise}
            for pledge in uow.pledges.of_donor(person.id)
        ],
        "campaign_shares": [
            {"reference": share.reference(uow.campaigns.get(share.campaign_id).reference),
             "amount_paise": share.amount_paise, "status": share.status, "promised_at": _at(share.promised_at)}
            for share in uow.campaigns.of_person(person.id)
        ],
    }  # fmt: skip


def _at(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


def profile(person: Person) -> dict:
    return {
        "phone": person.address.removeprefix("whatsapp:"),
        "channel": person.channel,
        "language": person.language,
        "first_message_at": _at(person.created_at),
        "consent": {"at": _at(person.consent_at), "version": person.consent_version or None},
    }


def consent_record(consent: Consent, records: PersonRecords) -> dict:
    references = {order.id: order.reference for order in records.orders}
    return {
        "what": consent.kind.value,
        "agreed": consent.agreed,
        "at": _at(consent.at),
        "version": consent.version or None,
        "order": references.get(consent.order_id),
    }


def order_record(
    order: Order, records: PersonRecords, policy: RetentionPolicy, kitchen_names: dict, now: datetime
) -> dict:
    ended = order.updated_at if has_ended(order) else None
    exact_until = ((ended or now) + policy.exact_places) if has_exact_place(order) else None
    return {
        "reference": order.reference,
        "status": order.status,
        "created_at": _at(order.created_at),
        "ended_at": _at(ended),
        "kitchen": kitchen_names.get(order.kitchen_id),
        "amount_paise": order.amount_paise,
        "place": {
            "label": order.place_label,
            "address": order.place_address,
            "lat": order.lat,
            "lng": order.lng,
            "exact_until": _at(exact_until),
        },
        "description": order.seeker_description,
        "safety": {"score": order.safety_score, "passed": order.safety_passed},
        "photos": [photo_record(photo, order, policy) for photo in records.photos if _of(photo, order)],
        "face_data_kept_until": _at(records.faces[order.id] + policy.face_data) if order.id in records.faces else None,
        "rating": order.rating,
        "your_number_kept_until": _at(order.created_at + policy.orders),
        "timeline": [
            {"from": event.from_status, "to": event.to_status, "at": _at(event.at), "note": event.note}
            for event in order.events
        ],
    }


def _of(photo: StoredPhoto, order: Order) -> bool:
    return photo.order_id == order.id or photo.photo_id in (order.photo_id, order.delivery_photo_id)


def photo_record(photo: StoredPhoto, order: Order, policy: RetentionPolicy) -> dict:
    kind = "delivery" if photo.photo_id == order.delivery_photo_id else "seeker"
    return {"kind": kind, "kept_until": _at(photo.created_at + policy.photos)}


def rating_record(order: Order) -> dict | None:
    if order.rating is None:
        return None
    rated = next((event.at for event in order.events if event.note.startswith("rated")), None)
    return {"order": order.reference, "stars": order.rating, "at": _at(rated)}


def message_record(message: StoredMessage, policy: RetentionPolicy) -> dict:
    record = {
        "at": _at(message.at),
        "text": message.text,
        "kept_until": _at(message.at + policy.messages),
    }
    if message.photos:
        record["photos"] = message.photos
    if message.location:
        record["location"] = {"lat": message.location[0], "lng": message.location[1]}
    return record


def kitchen_record(uow: UnitOfWork, person: Person, records: PersonRecords) -> dict | None:
    kitchen = uow.kitchens.for_person(person.id)
    if kitchen is None:
        return None
    return {
        "name": kitchen.name,
        "kind": kitchen.kind,
        "lat": kitchen.lat,
        "lng": kitchen.lng,
        "upi_id": kitchen.upi_vpa,
        "fssai": kitchen.fssai,
        "price_paise": kitchen.price_paise,
        "meals_per_day": kitchen.daily_capacity,
        "hours": kitchen.hours,
        "verified": kitchen.verified,
        "orders": [
            {
                "reference": order.reference,
                "status": order.status,
                "created_at": _at(order.created_at),
                "amount_paise": order.amount_paise,
                "rating": order.rating,
            }
            for order in records.kitchen_orders
        ],
    }
