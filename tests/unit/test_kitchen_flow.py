"""The kitchen's conversation, as scripted dialogues on fakes: every reply compared whole."""

from __future__ import annotations

from domain.orders import OrderStatus
from tests.support.dialogue import DONOR, KITCHEN, SECOND_KITCHEN, Dialogue, Photo
from tests.support.texts import NOT_UNDERSTOOD, delivered, request

KITCHEN_HELP = (
    "Kitchen commands: ACCEPT <ref>, DECLINE <ref>, PAID <ref>, READY <ref>, DELIVERED <ref> (with a photo), "
    "FAILED <ref> UNSAFE / NOT FOUND / REFUSED, CAPACITY <meals>, HOURS 11-14,18-21, STATUS, LANG.\n"
    "Money given ahead: RECEIVED <ref> when it reaches you (meals or a share), CREDITS to see them."
)
PAY_BY_UPI = (
    "Amma Mess accepted order {ref}. Please pay ₹60 directly to the kitchen by UPI: "
    "upi://pay?pa=amma@okaxis&pn=Amma%20Mess&am=60.00&cu=INR&tn=Ketpaar%20{ref}\n"
    "Ketpaar never holds your money. We tell you when the meal is delivered."
)

WAITS_FOR_ACCEPT = "Order {ref} is waiting for your ACCEPT"
ACCEPT_OR_DECLINE = "Reply ACCEPT {ref} or DECLINE {ref}."


def accepted(command: str) -> tuple:
    return (
        command,
        "The donor will pay ₹60 to amma@okaxis. When it arrives, reply PAID {ref}. "
        "Once the meal is handed over, send DELIVERED {ref} with a photo.",
        {DONOR: PAY_BY_UPI},
    )


def paid(command: str) -> tuple:
    """Nothing back: the kitchen was told what comes next with ACCEPT, and the donor's UPI app said it paid."""
    return (command, [], {DONOR: []})


def asked_kitchen() -> Dialogue:
    """Amma Mess asked to cook; Second Mess listed too."""
    d = Dialogue()
    d.kitchen()
    d.second_kitchen()
    d.chose_amma_mess()
    return d


def test_accept_paid_ready_delivered_moves_the_order_and_tells_the_donor():
    d = asked_kitchen()
    ref = d.order().reference
    d.verify(
        KITCHEN,
        [
            accepted(f"accept {ref}"),
            paid("PAID"),
            (
                "READY",
                [],  # the kitchen was told what comes next with its PAID
                {DONOR: "The meal for order {ref} is on its way."},
            ),
            ("DELIVERED", "Please send DELIVERED {ref} together with a photo of the delivered meal."),
        ],
    )
    assert d.order().state == OrderStatus.IN_TRANSIT
    # The donor hears of the delivery from the photo job, with the photo: one message, not two.
    d.verify(KITCHEN, [(Photo(f"DELIVERED {ref}"), [], {DONOR: []})])
    order = d.order()
    assert order.state == OrderStatus.DELIVERED and order.delivery_photo_id == 101
    assert ("process_photo", (101, order.id, "delivery")) in d.uow.jobs
    d.process_delivery_photos()
    d.expect(DONOR, delivered("https://ketpaar.test/photos/101"))
    assert d.uow.outbox.sent[-1][2] == ("https://ketpaar.test/photos/101",)


def test_a_delivery_photo_that_cannot_be_used_still_tells_the_donor_of_the_delivery():
    d = asked_kitchen()
    d.verify(KITCHEN, [accepted("ACCEPT"), paid("PAID")])
    d.verify(KITCHEN, [(Photo("DELIVERED"), [], {DONOR: []})])
    d.process_delivery_photos(usable=False)
    d.expect(DONOR, "The meal for order {ref} was delivered.\nHow was Amma Mess? Reply with a number from 1 to 5.")
    assert d.uow.outbox.sent[-1][2] == ()


def test_a_command_out_of_turn_is_explained():
    d = asked_kitchen()
    ref = d.order().reference
    d.verify(
        KITCHEN,
        [
            (f"PAID {ref}", f"{WAITS_FOR_ACCEPT}, so PAID does not apply now.\n{ACCEPT_OR_DECLINE}"),
            (f"READY {ref}", f"{WAITS_FOR_ACCEPT}, so READY does not apply now.\n{ACCEPT_OR_DECLINE}"),
        ],
    )
    assert d.order().state == OrderStatus.VENDOR_SELECTION


def test_wrong_or_foreign_references_are_refused():
    d = asked_kitchen()
    ref = d.order().reference
    d.verify(SECOND_KITCHEN, [(f"ACCEPT {ref}", "Order {ref} is not one of yours.")])
    d.verify(
        KITCHEN,
        [
            ("ACCEPT QQQQ", "There is no order QQQQ. Please check the reference."),
            ("hello", f"{NOT_UNDERSTOOD}\n{KITCHEN_HELP}"),
        ],
    )
    assert d.order().state == OrderStatus.VENDOR_SELECTION


def test_decline_releases_the_meal_and_asks_the_next_kitchen():
    d = asked_kitchen()
    told = (
        "Amma Mess cannot cook order {ref}.\n"
        "We asked Second Mess to cook it instead (₹60, 349 m away). They have 5 minutes to answer."
    )
    d.verify(KITCHEN, [("DECLINE", "Noted: you declined order {ref}.", {DONOR: told, SECOND_KITCHEN: request()})])
    assert [entry[4] for entry in d.uow.kitchens.log] == ["reserved", "declined", "reserved"]
    assert d.order().kitchen_id == 2 and d.order().state == OrderStatus.VENDOR_SELECTION


def test_with_two_open_orders_the_reference_is_required():
    d = asked_kitchen()
    first = d.order().reference
    d.chose_amma_mess("whatsapp:+919800000002")
    second = d.newest_order().reference
    wanted = f"Which order do you mean: {first}, {second}? Please add the reference, like ACCEPT {first}."
    d.verify(KITCHEN, [("ACCEPT", wanted)])
    assert d.order().state == d.newest_order().state == OrderStatus.VENDOR_SELECTION


def test_capacity_hours_and_status():
    d = Dialogue()
    kitchen = d.kitchen()
    d.verify(
        KITCHEN,
        [
            ("CAPACITY lots", "Please write the meals you can give each day, like CAPACITY 20."),
            ("CAPACITY 12", "Capacity set: 12 meals a day. Left today: 12."),
            ("HOURS 25-26", "Please write your hours like HOURS 11-14,18-21 (24-hour clock)."),
            ("HOURS 11-14, 18-21", "Hours set: 11-14,18-21."),
            ("STATUS", "Amma Mess: verified. Meals left today: 12 of 12. Hours: 11-14,18-21."),
            ("LANG XX", "Write LANG EN, LANG TA or LANG HI."),
        ],
    )
    assert (kitchen.daily_capacity, kitchen.hours) == (12, "11-14,18-21")


def test_a_failed_delivery_records_its_reason_for_the_safety_history():
    d = asked_kitchen()
    ref = d.order().reference
    d.verify(
        KITCHEN,
        [
            accepted(f"ACCEPT {ref}"),
            paid("PAID"),
            (
                f"FAILED {ref} not found",
                "Noted: order {ref} could not be delivered.",
                {DONOR: "Sorry, Amma Mess could not deliver the meal for order {ref}."},
            ),
        ],
    )
    order = d.order()
    assert order.state == OrderStatus.DELIVERY_FAILED and order.failure_reason == "NOT FOUND"


def test_failed_with_a_reason_but_no_reference_finds_the_one_open_order():
    d = asked_kitchen()
    failed = "Noted: order {ref} could not be delivered."
    sorry = "Sorry, Amma Mess could not deliver the meal for order {ref}."
    d.verify(KITCHEN, [accepted("ACCEPT"), paid("PAID"), ("FAILED refused", failed, {DONOR: sorry})])
    assert d.order().failure_reason == "REFUSED"
