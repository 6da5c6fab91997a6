"""Names of statuses, kitchen kinds and safety reasons, as people read them."""

from __future__ import annotations

from domain.kitchens import KitchenKind, KitchenStanding
from domain.orders import OrderStatus as S
from flows.i18n import N_

# Said on its own line before the help or a question asked again, so nobody wonders why it came back.
NOT_UNDERSTOOD = N_("Sorry, we did not understand that.")

# How long someone has waited, as said inside a sentence.
JUST_NOW = N_("less than a minute")
ONE_MINUTE = N_("1 minute")
MINUTES = N_("{minutes} minutes")

STATUS_NAMES = {
    S.CREATED: N_("waiting for the location"),
    S.SAFETY_CHECK: N_("checking the spot"),
    S.SAFETY_REJECTED: N_("spot not safe, waiting for a new location"),
    S.VENDOR_SELECTION: N_("choosing a kitchen"),
    S.WAITING_FOR_KITCHEN: N_("waiting for a kitchen to free up"),
    S.PAYMENT_REDIRECT: N_("waiting for payment to the kitchen"),
    S.PAYMENT_CONFIRMED: N_("paid, being cooked"),
    S.PAYMENT_FAILED: N_("payment failed"),
    S.IN_TRANSIT: N_("on the way"),
    S.DELIVERED: N_("delivered"),
    S.DELIVERY_FAILED: N_("delivery failed"),
    S.COMPLETED: N_("completed"),
    S.CANCELLED: N_("cancelled"),
}
# VENDOR_SELECTION once a kitchen is asked.
KITCHEN_ASKED = N_("waiting for the kitchen to answer")

# What an order waits for, as its kitchen reads it, and what the kitchen can send for it.
KITCHEN_WAITS = {
    S.VENDOR_SELECTION: N_("waiting for your ACCEPT"),
    S.PAYMENT_REDIRECT: N_("waiting for the donor's payment"),
    S.PAYMENT_CONFIRMED: N_("paid, waiting for your DELIVERED with a photo"),
    S.IN_TRANSIT: N_("on the way, waiting for your DELIVERED with a photo"),
}
PAYMENT_CLAIMED = N_("the donor says they paid, waiting for your PAID")
KITCHEN_NEXT = {
    S.VENDOR_SELECTION: N_("Reply ACCEPT {ref} or DECLINE {ref}."),
    S.PAYMENT_REDIRECT: N_("When the money arrives, reply PAID {ref}. To give the order up, reply DECLINE {ref}."),
    S.PAYMENT_CONFIRMED: N_("Send DELIVERED {ref} with a photo, or FAILED {ref} and the reason."),
    S.IN_TRANSIT: N_("Send DELIVERED {ref} with a photo, or FAILED {ref} and the reason."),
}

STANDING_NAMES = {
    KitchenStanding.PENDING: N_("waiting for verification"),
    KitchenStanding.VERIFIED: N_("verified"),
    KitchenStanding.REJECTED: N_("not approved"),
    KitchenStanding.SUSPENDED: N_("suspended"),
}

KIND_NAMES = {
    KitchenKind.RESTAURANT: N_("restaurant"),
    KitchenKind.HOME_KITCHEN: N_("home kitchen"),
    KitchenKind.FOOD_TRUCK: N_("food truck"),
    KitchenKind.NGO_KITCHEN: N_("NGO kitchen"),
}

SAFETY_REASONS = {
    "daylight": N_("daylight"),
    "twilight": N_("dusk or dawn, little light"),
    "after_dark": N_("after dark"),
    "late_night": N_("after 10 pm"),
    "location_unknown": N_("type of place not known"),
    "busy_place": N_("busy place nearby"),
    "isolated": N_("isolated: no shops or bus stops within 100 m"),
    "traffic_unknown": N_("traffic not known"),
    "traffic_busy": N_("busy road"),
    "traffic_quiet": N_("quiet road"),
    "off_road": N_("no road within 30 m"),
    "main_road": N_("on a main road"),
    "history_none": N_("no deliveries here yet"),
    "history": N_("{failed} of the last {total} deliveries here failed"),
}

LANGUAGE_MENU = (("1", "en", "English"), ("2", "ta", "தமிழ்"), ("3", "hi", "हिन्दी"))
