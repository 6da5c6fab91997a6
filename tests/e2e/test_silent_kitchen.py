"""A kitchen that stays silent: the sweep asks the next nearest at once, over signed webhooks and real workers."""

from __future__ import annotations

from domain.hours import india_day
from flows import admin
from jobs import sweeps
from tests.support.texts import ASKED_AMMA_MESS, NO_FACE, kitchens, request
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard, run_jobs

SECOND_MESS = admin.NewKitchen("Second Mess", "+919800000102", 13.0630, 80.2478, 3, 50, "second@oksbi", True)


def test_a_silent_kitchen_loses_the_order_to_the_next_nearest_which_the_donor_then_pays(
    services, client, media, kitchen, clock
):
    with services.uow() as uow:
        second_kitchen = admin.add_kitchen(uow, SECOND_MESS, services.clock())
    donor = Phone(client, services, "+919800000001", media)
    amma = Phone(client, services, "+919800000101", media)
    second = Phone(client, services, "+919800000102", media)
    onboard(donor)
    reference = donor.photograph(jpeg())
    donor.expect(NO_FACE)
    donor.send(pin=SPOT)
    donor.expect([kitchens("1. Amma Mess: ₹60, 215 m", "2. Second Mess: ₹50, 349 m")])
    donor.send("1")
    donor.expect(ASKED_AMMA_MESS)
    photo = amma.outbox()[-1]["media_urls"][0]
    amma.expect(request(photo=photo), ref=reference)

    clock.advance(minutes=5)
    assert sweeps.kitchen_timeouts() == 1
    run_jobs(services)

    amma.expect(
        "We had no answer from you in 5 minutes, so order {ref} is no longer yours. Please do not cook it.",
        ref=reference,
    )
    donor.expect(
        "Amma Mess did not answer order {ref} in 5 minutes.\n"
        "We asked Second Mess to cook it instead (₹50, 349 m away). They have 5 minutes to answer."
    )
    second.expect(request(photo=second.outbox()[-1]["media_urls"][0]).replace("₹60", "₹50"), ref=reference)
    amma.send(f"ACCEPT {reference}")  # too late
    amma.expect("Order {ref} is no longer yours. Please do not cook it.", ref=reference)

    second.send(f"ACCEPT {reference}")
    second.expect(
        "The donor will pay ₹50 to second@oksbi. When it arrives, reply PAID {ref}. "
        "Once the meal is handed over, send DELIVERED {ref} with a photo.",
        ref=reference,
    )
    donor.expect(
        "Second Mess accepted order {ref}. Please pay ₹50 directly to the kitchen by UPI: "
        "upi://pay?pa=second@oksbi&pn=Second%20Mess&am=50.00&cu=INR&tn=Ketpaar%20{ref}\n"
        "Ketpaar never holds your money. We tell you when the meal is delivered."
    )
    assert sweeps.kitchen_timeouts() == 0
    day = india_day(clock())
    with services.uow() as uow:
        left = [uow.kitchens.meals_left(uow.kitchens.get(k.id), day) for k in (kitchen, second_kitchen)]
    assert left == [5, 2]  # Amma Mess has its meal back; Second Mess holds this order's
