"""What an operator does from the command line, the dashboard or the API: one use case each, written to the
audit log with who did it and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import phonenumbers

from domain.hours import DEFAULT_HOURS, format_hours, india_day, parse_hours
from domain.kitchens import Kitchen, KitchenKind, KitchenStanding
from domain.money import rupees_to_paise
from domain.orders import Deadlines
from domain.people import LANGUAGES, Person, channel_of
from domain.staff import Actor
from flows import kitchen_search
from flows.conversation import Conversation
from flows.i18n import N_, t
from flows.ports import PhotoLinks, UnitOfWork


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


def kitchen_by_phone(uow: UnitOfWork, phone: str) -> Kitchen:
    for channel in ("whatsapp", "sms"):
        person = uow.people.by_address(address_for(phone, channel))
        kitchen = uow.kitchens.for_person(person.id) if person else None
        if kitchen is not None:
            return kitchen
    raise AdminError(f"no kitchen with phone {phone}")


def kitchen_and_contact(uow: UnitOfWork, kitchen_id: int) -> tuple[Kitchen, Person | None]:
    """The kitchen, and the person it is reached at (none once they erased their data: nobody to tell)."""
    kitchen = uow.kitchens.get(kitchen_id)
    if kitchen is None:
        raise AdminError(f"no kitchen {kitchen_id}")
    return kitchen, uow.people.get(kitchen.person_id) if kitchen.person_id else None


def change_standing(kitchen: Kitchen, wanted: KitchenStanding, reason: str) -> None:
    if not reason.strip():
        raise AdminError("a reason is required: the kitchen is told it")
    if not kitchen.can_become(wanted):
        raise AdminError(f"{kitchen.name} is {kitchen.status}; it cannot become {wanted.value}")
    kitchen.change_standing(wanted, reason.strip())


def audit_standing(uow: UnitOfWork, actor: Actor, kitchen: Kitchen, action: str, reason: str, **detail: object) -> None:
    uow.audit.record(actor, f"kitchen.{action}", f"kitchen {kitchen.id} {kitchen.name}", reason.strip(), **detail)


VERIFIED = N_(
    "Good news: {name} is verified. Donors near you can now choose your kitchen. "
    "Meals per day: {capacity}. Hours: {hours}."
)


def verify_kitchen(uow: UnitOfWork, kitchen_id: int, actor: Actor, reason: str = "") -> Kitchen:
    """A waiting kitchen is verified and told so; verifying a verified kitchen again does nothing."""
    kitchen, person = kitchen_and_contact(uow, kitchen_id)
    if kitchen.standing == KitchenStanding.PENDING:
        kitchen.change_standing(KitchenStanding.VERIFIED, reason.strip())
        audit_standing(uow, actor, kitchen, "verify", reason)
        if person is not None:
            values = {"name": kitchen.name, "capacity": kitchen.daily_capacity, "hours": kitchen.hours}
            uow.outbox.send(person.address, t(person.language, VERIFIED, **values))
    elif not kitchen.verified:
        raise AdminError(f"{kitchen.name} is {kitchen.status}: reinstate it instead")
    uow.commit()
    return kitchen


REJECTED = N_("Sorry, {name} was not approved by Ketpaar. Reason: {reason}")
REINSTATED = N_("Good news: {name} can take orders again. Reason: {reason}")


def reject_kitchen(uow: UnitOfWork, kitchen_id: int, reason: str, actor: Actor) -> Kitchen:
    """Not approved (or, once suspended, not coming back). It can still be reinstated later."""
    return _move_and_tell(uow, kitchen_id, KitchenStanding.REJECTED, reason, REJECTED, actor, "reject")


@dataclass(frozen=True)
class Suspension:
    kitchen: Kitchen
    moved: list[str]  # unpaid orders, offered to other kitchens
    kept: list[str]  # orders the donor already paid this kitchen for: it must still deliver them


def suspend_kitchen(
    uow: UnitOfWork,
    links: PhotoLinks,
    kitchen_id: int,
    reason: str,
    actor: Actor,
    now: datetime,
    deadlines: Deadlines | None = None,
) -> Suspension:
    """No new orders; unpaid ones go to other kitchens. A paid order stays: the donor paid this kitchen
    directly and Ketpaar holds nothing to pay another, so the kitchen must still deliver it."""
    kitchen, person = kitchen_and_contact(uow, kitchen_id)
    change_standing(kitchen, KitchenStanding.SUSPENDED, reason)
    moved, kept = [], []
    for order in uow.orders.open_for_kitchen(kitchen.id):
        if order.holds_meal:
            donor = uow.people.get(order.donor_id)
            convo = Conversation(uow, links, now, donor, deadlines=deadlines or Deadlines())
            kitchen_search.kitchen_suspended(convo, order, kitchen)
            moved.append(order.reference)
        else:
            kept.append(order.reference)
    audit_standing(uow, actor, kitchen, "suspend", reason, moved=moved, kept=kept)
    if person is not None:
        tell_suspended(Conversation(uow, links, now, person), kitchen, moved, kept)
    uow.commit()
    return Suspension(kitchen, moved, kept)


def tell_suspended(convo: Conversation, kitchen: Kitchen, moved: list[str], kept: list[str]) -> None:
    convo.say(
        "{name} is suspended by Ketpaar. Reason: {reason}\nYou will get no new orders until an admin reinstates you.",
        name=kitchen.name,
        reason=kitchen.status_reason,
    )
    if moved:
        convo.say(
            "Orders {refs} are no longer yours: their donors are choosing other kitchens. Please do not cook them.",
            refs=", ".join(moved),
        )
    if kept:
        convo.say("Orders {refs} are already paid. Please still deliver them.", refs=", ".join(kept))


def reinstate_kitchen(uow: UnitOfWork, kitchen_id: int, reason: str, actor: Actor) -> Kitchen:
    return _move_and_tell(uow, kitchen_id, KitchenStanding.VERIFIED, reason, REINSTATED, actor, "reinstate")


def _move_and_tell(
    uow: UnitOfWork, kitchen_id: int, wanted: KitchenStanding, reason: str, message: str, actor: Actor, action: str
) -> Kitchen:
    """A kitchen's new standing, written to the audit log, and the kitchen told why in its own language."""
    kitchen, person = kitchen_and_contact(uow, kitchen_id)
    change_standing(kitchen, wanted, reason)
    audit_standing(uow, actor, kitchen, action, reason)
    if person is not None:
        uow.outbox.send(person.address, t(person.language, message, name=kitchen.name, reason=reason.strip()))
    uow.commit()
    return kitchen


def kitchen_list(uow: UnitOfWork, now: datetime) -> list[dict]:
    """Every kitchen, with what an operator needs to find it and to play it in the simulator."""
    return [kitchen_summary(uow, kitchen, now) for kitchen in uow.kitchens.all()]


def kitchen_summary(uow: UnitOfWork, kitchen: Kitchen, now: datetime) -> dict:
    address = uow.people.get(kitchen.person_id).address if kitchen.person_id else ""
    return {
        "id": kitchen.id,
        "name": kitchen.name,
        "phone": address.removeprefix("whatsapp:"),
        "channel": channel_of(address) if address else None,  # None: its contact erased their data
        "kind": kitchen.kind,
        "place": {"lat": kitchen.lat, "lng": kitchen.lng},
        "meals_pledged": kitchen.daily_capacity,
        "meals_left_today": uow.kitchens.meals_left(kitchen, india_day(now)),
        "hours": kitchen.hours,
        "open_now": kitchen.is_open_at(now),
        "price_paise": kitchen.price_paise,
        "upi": kitchen.upi_vpa,
        "fssai": kitchen.fssai,
        "standing": kitchen.status,
        "standing_reason": kitchen.status_reason,
        "verified": kitchen.verified,
        "rating": round(kitchen.rating_total / kitchen.rating_count, 2) if kitchen.rating_count else None,
        "ratings": kitchen.rating_count,
        "created_at": kitchen.created_at.isoformat(),
    }


def flagged_orders(uow: UnitOfWork) -> list[dict]:
    """Payments a donor says they made and the kitchen has not confirmed: for an admin to settle."""
    flagged = []
    for order in uow.orders.flagged():
        kitchen = uow.kitchens.get(order.kitchen_id)
        contact = uow.people.get(kitchen.person_id) if kitchen.person_id else None
        donor = uow.people.get(order.donor_id) if order.donor_id else None  # none once they erased their data
        flagged.append(
            {
                "reference": order.reference,
                "status": order.status,
                "reason": order.flag_reason,
                "flagged_at": order.flagged_at.isoformat(),
                "donor_paid_at": order.donor_paid_at.isoformat() if order.donor_paid_at else None,
                "amount_paise": order.amount_paise,
                "kitchen": {
                    "id": kitchen.id,
                    "name": kitchen.name,
                    "phone": contact.address if contact else "",
                    "upi": kitchen.upi_vpa,
                },
                "donor": donor.address if donor else "",
            }
        )
    return flagged


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
        "payment": {
            "asked_at": order.payment_asked_at.isoformat() if order.payment_asked_at else None,
            "donor_said_paid_at": order.donor_paid_at.isoformat() if order.donor_paid_at else None,
            "flagged_at": order.flagged_at.isoformat() if order.flagged_at else None,
            "flag_reason": order.flag_reason,
        },
        "created_at": order.created_at.isoformat(),
        "timeline": [
            {"from": event.from_status, "to": event.to_status, "at": event.at.isoformat(), "note": event.note}
            for event in order.events
        ],
    }
