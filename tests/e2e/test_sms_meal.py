"""A meal by SMS over the signed webhook, without Google: the place comes from the PIN code's post offices."""

from __future__ import annotations

from flows import admin
from tests.support.sms import SmsPhone

WELCOME = (
    "Ketpaar buys a meal for a hungry person near you. Send FEED, the PIN code and a landmark, like: "
    "FEED 600017 T Nagar bus stand\n"
    "The place and your NOTE go only to the kitchen; a NOTE is deleted after 30 days. STOP ends messages."
)
LANGUAGES = "தமிழ்: LANG TA அனுப்புங்கள்\nहिन्दी के लिए LANG HI भेजें"
NOTE_HINT = "To help the kitchen find the person, send NOTE and a few words, like: NOTE old man, blue shirt"


def sms_kitchen(services):
    """Amma Mess on SMS, 250 m from Greams Road post office, 5 meals a day at ₹60."""
    new = admin.NewKitchen(
        "Amma Mess", "+919800000101", 13.0612, 80.2478, 5, 60, "ammamess@okaxis", True, channel="sms"
    )
    with services.uow() as uow:
        return admin.add_kitchen(uow, new, services.clock())


def test_an_sms_donor_feeds_someone_near_a_post_office_and_hears_of_the_delivery(services, client):
    sms_kitchen(services)
    donor = SmsPhone(client, services, "+919800000001")
    cook = SmsPhone(client, services, "+919800000101")

    reference = donor.feed("600006 Greams Road")
    donor.expect(  # as many SMS as their parts allow: the order's line fits beside the languages'
        [
            WELCOME,
            f"{LANGUAGES}\nOrder {{ref}}: near Greams Road S.O, 600006. We are checking the spot.",
            NOTE_HINT,
            "Kitchens near you:\n1. Amma Mess Rs.60 771 m\nReply with a number.",
        ]
    )
    donor.send("NOTE old man, blue shirt")
    donor.expect([])  # the hint said the kitchen reads it

    donor.send("1")
    donor.expect("We asked Amma Mess to cook the meal (Rs.60). They answer within 5 min.")
    cook.expect(  # one SMS of two parts: the order, its place and the NOTE
        "New order {ref}: 1 meal, Rs.60. Reply ACCEPT {ref} or DECLINE {ref} within 5 min.\n"
        "Order {ref} place: Greams Road, 600006\nMap: https://maps.google.com/?q=13.059890,80.254780\n"
        "Order {ref}, the person: old man, blue shirt",
        ref=reference,
    )

    cook.send(f"ACCEPT {reference}")
    cook.expect("The donor will pay Rs.60 to ammamess@okaxis. When it arrives, reply PAID {ref}.", ref=reference)
    donor.expect(
        "Amma Mess accepted order {ref}. Pay Rs.60 by UPI to:\nammamess@okaxis\nWrite {ref} in the UPI note.\n"
        "No smartphone? Call 6366200200 (UPI 123PAY) to pay by UPI from any phone."
    )
    cook.send("PAID")
    cook.expect("Payment noted for order {ref}. Once the meal is handed over, send DELIVERED {ref}.", ref=reference)
    donor.expect([])  # their UPI app said they paid
    cook.send("READY")
    cook.expect([])  # told what comes next with its PAID
    donor.expect("The meal for order {ref} is on its way.")
    cook.send(f"DELIVERED {reference}")
    cook.expect([])
    donor.expect("The meal for order {ref} was handed over. How was Amma Mess? Reply 1 to 5.")
    donor.send("5")
    donor.expect([])

    with services.uow() as uow:
        report = admin.order_report(uow, reference)
    assert report["status"] == "COMPLETED"
    assert report["amount_paise"] == 6000
    with services.uow() as uow:
        order = uow.orders.by_reference(reference)
        assert (order.point_source, order.seeker_description) == ("pincode", "old man, blue shirt")
