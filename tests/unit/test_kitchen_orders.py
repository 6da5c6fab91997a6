"""A kitchen with several orders: hints name only the orders a command fits, each order says what it
waits for, and an accepted order the donor never pays can be given up."""

from __future__ import annotations

from domain.orders import OrderStatus
from tests.support.dialogue import DONOR, KITCHEN, SECOND_KITCHEN, Dialogue
from tests.support.texts import request

OTHER_DONOR = "whatsapp:+919800000002"


def two_orders_asked() -> tuple[Dialogue, str, str]:
    """Two donors chose Amma Mess; neither order is answered yet."""
    d = Dialogue()
    d.kitchen()
    d.chose_amma_mess()
    first = d.order().reference
    d.chose_amma_mess(OTHER_DONOR)
    return d, first, d.order(OTHER_DONOR).reference


def test_paid_alone_acts_on_the_one_order_it_fits_and_on_an_unaccepted_order_says_it_waits_for_accept():
    d, first, second = two_orders_asked()
    d.send(KITCHEN, f"ACCEPT {first}")
    d.told(DONOR)
    d.verify(
        KITCHEN,
        [
            (
                f"PAID {second}",
                f"Order {second} is waiting for your ACCEPT, so PAID does not apply now.\n"
                f"Reply ACCEPT {second} or DECLINE {second}.",
            ),
            ("PAID", [], {DONOR: []}),
        ],
    )


def test_a_hint_names_only_the_orders_the_command_fits():
    d, first, second = two_orders_asked()
    d.verify(
        KITCHEN,
        [
            ("ACCEPT", f"Which order do you mean: {first}, {second}? Please add the reference, like ACCEPT {first}."),
            (
                "PAID",
                "PAID does not apply to any of your open orders now:\n"
                f"{first}: waiting for your ACCEPT\n{second}: waiting for your ACCEPT",
            ),
        ],
    )
    d.send(KITCHEN, f"ACCEPT {second}")
    d.told(OTHER_DONOR)
    d.verify(
        KITCHEN,
        [
            (
                "ACCEPT",
                f"The donor will pay ₹60 to amma@okaxis. When it arrives, reply PAID {first}. "
                f"Once the meal is handed over, send DELIVERED {first} with a photo.",
                {DONOR: PAY_BY_UPI.format(ref=first)},
            ),
            ("PAID", f"Which order do you mean: {first}, {second}? Please add the reference, like PAID {first}."),
        ],
    )


def test_status_lists_each_open_order_with_what_it_waits_for():
    d, first, second = two_orders_asked()
    d.send(KITCHEN, f"ACCEPT {second}")
    d.told(OTHER_DONOR)
    d.verify(
        KITCHEN,
        [
            (
                "STATUS",
                "Amma Mess: verified. Meals left today: 3 of 5. Hours: 8-22.\n"
                f"Open orders:\n{first}: waiting for your ACCEPT\n{second}: waiting for the donor's payment",
            )
        ],
    )
    d.send(OTHER_DONOR, "PAID")
    d.told(KITCHEN)
    d.verify(
        KITCHEN,
        [
            (
                "STATUS",
                "Amma Mess: verified. Meals left today: 3 of 5. Hours: 8-22.\n"
                f"Open orders:\n{first}: waiting for your ACCEPT\n"
                f"{second}: the donor says they paid, waiting for your PAID",
            )
        ],
    )
    d.send(KITCHEN, f"PAID {second}")
    d.told(OTHER_DONOR)
    d.verify(
        KITCHEN,
        [
            (
                "STATUS",
                "Amma Mess: verified. Meals left today: 3 of 5. Hours: 8-22.\n"
                f"Open orders:\n{first}: waiting for your ACCEPT\n"
                f"{second}: paid, waiting for your DELIVERED with a photo",
            )
        ],
    )


def test_an_accepted_order_the_donor_never_pays_can_be_given_up_and_goes_to_the_next_kitchen():
    d = Dialogue()
    d.kitchen()
    d.second_kitchen()
    d.chose_amma_mess()
    d.send(KITCHEN, "ACCEPT")
    d.told(DONOR)
    told = (
        "Amma Mess can no longer cook order {ref}. Please do not pay Amma Mess; if you already did, "
        "ask them to send it back.\n"
        "We asked Second Mess to cook it instead (₹60, 349 m away). They have 5 minutes to answer."
    )
    d.verify(
        KITCHEN,
        [
            (
                "DECLINE",
                "Noted: you gave up order {ref}. If the donor's money reached you, please send it back.",
                {DONOR: told, SECOND_KITCHEN: request()},
            )
        ],
    )
    order = d.order()
    assert (order.state, order.kitchen_id, order.payment_asked_at) == (OrderStatus.VENDOR_SELECTION, 2, None)
    assert [entry[4] for entry in d.uow.kitchens.log] == ["reserved", "declined", "reserved"]


def test_failed_before_payment_points_to_decline_and_decline_after_payment_is_refused():
    d = Dialogue()
    d.kitchen()
    d.chose_amma_mess()
    d.send(KITCHEN, "ACCEPT")
    d.told(DONOR)
    d.verify(
        KITCHEN,
        [
            (
                "FAILED",
                "Order {ref} is waiting for the donor's payment, so FAILED does not apply now.\n"
                "When the money arrives, reply PAID {ref}. To give the order up, reply DECLINE {ref}.",
            ),
        ],
    )
    d.send(KITCHEN, "PAID")
    d.told(DONOR)
    d.verify(
        KITCHEN,
        [
            (
                "DECLINE",
                "Order {ref} is paid, waiting for your DELIVERED with a photo, so DECLINE does not apply now.\n"
                "Send DELIVERED {ref} with a photo, or FAILED {ref} and the reason.",
            ),
        ],
    )


def test_a_kitchen_that_lost_an_order_is_told_it_is_no_longer_its():
    d = Dialogue()
    d.kitchen()
    d.second_kitchen()
    d.chose_amma_mess()
    ref = d.order().reference
    d.kitchen_times_out()
    for address in (DONOR, KITCHEN, SECOND_KITCHEN):
        d.told(address)
    d.verify(KITCHEN, [(f"ACCEPT {ref}", "Order {ref} is no longer yours. Please do not cook it.")])


PAY_BY_UPI = (
    "Amma Mess accepted order {ref}. Please pay ₹60 directly to the kitchen by UPI: "
    "upi://pay?pa=amma@okaxis&pn=Amma%20Mess&am=60.00&cu=INR&tn=Ketpaar%20{ref}\n"
    "Ketpaar never holds your money. We tell you when the meal is delivered."
)
