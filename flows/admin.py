"""What an operator does from the command line (and later the dashboard): one use case each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import phonenumbers

from domain.hours import DEFAULT_HOURS, format_hours, parse_hours
from domain.kitchens import Kitchen, KitchenKind
from domain.money import rupees_to_paise
from domain.people import LANGUAGES, Person
from flows.i18n import t
from flows.ports import UnitOfWork


class AdminError(ValueError):
    """An operator's input that cannot be used; the message says why."""


def normalise_phone(phone: str) -> str:
    """E.164, reading a bare 10-digit number as Indian."""
    try:
        number = phonenumbers.parse(phone, "IN")
    except phonenumbers.NumberParseException as error:
        raise AdminError(f"not a phone number: {phone}") from error
    if not phonenumbers.is_valid_number(number):
        raise AdminError(f"not a valid phone number: {phone}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def address_for(phone: str, channel: str) -> str:
    e164 = normalise_phone(phone)
    return f"whatsapp:{e164}" if channel == "whatsapp" else e164


@dataclass(frozen=True)
class NewKitchen:
    name: str
    phone: str
    lat: float
    lng: float
    capacity: int
    price_rupees: int
    upi: str
    verified: bool = False
    kind: str = KitchenKind.RESTAURANT.value
    hours: str = DEFAULT_HOURS
    fssai: str = ""
    channel: str = "whatsapp"
    language: str = "en"


def add_kitchen(uow: UnitOfWork, new: NewKitchen, now: datetime) -> Kitchen:
    if new.language not in LANGUAGES:
        raise AdminError(f"language must be one of {', '.join(LANGUAGES)}")
    address = address_for(new.phone, new.channel)
    person = uow.people.by_address(address) or uow.people.add(
        Person(address=address, created_at=now, language=new.language, language_chosen=True)
    )
    if uow.kitchens.for_person(person.id) is not None:
        raise AdminError(f"{address} is already a kitchen")
    kitchen = Kitchen(
        name=new.name,
        kind=KitchenKind(new.kind).value,
        person_id=person.id,
        lat=new.lat,
        lng=new.lng,
        upi_vpa=new.upi,
        price_paise=rupees_to_paise(new.price_rupees),
        fssai=new.fssai,
        daily_capacity=new.capacity,
        hours=format_hours(parse_hours(new.hours)),
        verified=new.verified,
        created_at=now,
    )
    uow.kitchens.add(kitchen)
    uow.commit()
    return kitchen


def verify_kitchen(uow: UnitOfWork, phone: str) -> Kitchen:
    kitchen = None
    for channel in ("whatsapp", "sms"):
        person = uow.people.by_address(address_for(phone, channel))
        kitchen = uow.kitchens.for_person(person.id) if person else None
        if kitchen is not None:
            break
    if kitchen is None:
        raise AdminError(f"no kitchen with phone {phone}")
    if not kitchen.verified:
        kitchen.verified = True
        uow.outbox.send(
            person.address,
            t(
                person.language,
                "Good news: {name} is verified. Donors near you can now choose your kitchen. "
                "Meals per day: {capacity}. Hours: {hours}.",
                name=kitchen.name,
                capacity=kitchen.daily_capacity,
                hours=kitchen.hours,
            ),
        )
    uow.commit()
    return kitchen


def order_report(uow: UnitOfWork, reference: str) -> dict:
    order = uow.orders.by_reference(reference)
    if order is None:
        raise AdminError(f"no order {reference}")
    kitchen = uow.kitchens.get(order.kitchen_id) if order.kitchen_id else None
    return {
        "reference": order.reference,
        "status": order.status,
        "amount_paise": order.amount_paise,
        "kitchen": {"id": kitchen.id, "name": kitchen.name} if kitchen else None,
        "location": {"lat": order.lat, "lng": order.lng, "label": order.place_label, "address": order.place_address},
        "safety": {
            "score": order.safety_score,
            "passed": order.safety_passed,
            **order.safety_breakdown,
        },
        "photo": {"state": order.photo_state, "faces": order.face_verdict},
        "duplicate_of": order.duplicate_of,
        "duplicate": {
            "metres": order.duplicate_metres,
            "minutes": order.duplicate_minutes,
            "embedding_distance": order.duplicate_distance,
            "donor_answer": order.duplicate_answer,
        },
        "rating": order.rating,
        "created_at": order.created_at.isoformat(),
        "timeline": [
            {"from": event.from_status, "to": event.to_status, "at": event.at.isoformat(), "note": event.note}
            for event in order.events
        ],
    }
