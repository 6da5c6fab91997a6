"""What the browser run of the simulator expects each side to read, in one place, with the demo kitchens
of `make run` (bot.cli.DEMO_KITCHENS) and the donor at tests.support.whatsapp.SPOT (or, by SMS, near the
Greams Road post office).

Written out as a person reads them (the Tamil from locales/ta), never taken from flows/.
{ref} stands for the order's reference, {photo} for a photo link.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.support.texts import kitchens

AMMA, SARAVANA = "+919800000101", "+919800000102"
# Where the simulator's "Use demo spot" puts the donor.
DEMO_SPOT = "Near Gemini flyover bus stop"
ALL_THREE = kitchens(
    "1. Amma Mess: ₹60, 215 m",
    "2. Saravana Tiffin: ₹50, 528 m",
    "3. Annapoorna NGO Kitchen: ₹30, 1.2 km",
)
AMMA_TOO_LATE = "We had no answer from you in 5 minutes, so order {ref} is no longer yours. Please do not cook it."


@dataclass(frozen=True)
class SilentKitchen:
    """What the donor reads once the kitchen they chose has let its 5 minutes pass, and what they do next.

    The next nearest kitchen is asked at once and the donor told; `pick` is what the donor replies, if anything.
    """

    told: list[str]
    pick: str = ""
    then: list[str] = field(default_factory=list)


AFTER_AMMA_IS_SILENT = SilentKitchen(
    told=[
        "Amma Mess did not answer order {ref} in 5 minutes.\n"
        "We asked Saravana Tiffin to cook it instead (₹50, 528 m away). They have 5 minutes to answer.\n"
        "To choose another kitchen instead, reply with its number:\n"
        "1. Annapoorna NGO Kitchen: ₹30, 1.2 km"
    ],
)


def kitchen_side(price: str, upi: str) -> dict[str, str | list]:
    """What a kitchen reads after each of its commands."""
    return {
        "ACCEPT": f"The donor will pay {price} to {upi}. When it arrives, reply PAID {{ref}}. "
        "Once the meal is handed over, send DELIVERED {ref} with a photo.",
        "PAID": [],  # told what comes next with its ACCEPT
        "READY": [],
        "DELIVERED": [],  # a thank-you would tell it only what it knows
    }


def upi(vpa: str, name: str, rupees: int) -> str:
    return f"upi://pay?pa={vpa}&pn={name.replace(' ', '%20')}&am={rupees}.00&cu=INR&tn=Ketpaar%20{{ref}}"


# The donor's side of a meal from Saravana Tiffin, in English.
SARAVANA_EN = {
    "ACCEPT": f"Saravana Tiffin accepted order {{ref}}. Please pay ₹50 directly to the kitchen by UPI: "
    f"{upi('saravana@oksbi', 'Saravana Tiffin', 50)}\nKetpaar never holds your money. We tell you when the meal "
    "is delivered.",
    "PAID": [],  # the donor's UPI app told them they paid; they were told they hear of the delivery
    "READY": "The meal for order {ref} is on its way.",
    # One message, the delivery photo with it.
    "DELIVERED": "The meal for order {ref} was delivered: {photo}\n"
    "How was Saravana Tiffin? Reply with a number from 1 to 5.",
    "5": [],
}

# The donor who writes LANG TA after the photo, from then on.
LANGUAGE_CHANGED_TA = "மொழி மாற்றப்பட்டது."
ALL_THREE_TA = (
    "ஆர்டர் {ref}: இப்போது சமைக்கக்கூடிய அருகிலுள்ள சமையலறைகள்:\n"
    "1. Amma Mess: ₹60, 215 m\n"
    "2. Saravana Tiffin: ₹50, 528 m\n"
    "3. Annapoorna NGO Kitchen: ₹30, 1.2 km\n"
    "தேர்வு செய்ய ஒரு எண்ணை அனுப்புங்கள்."
)
AMMA_TA = {
    "1": "சாப்பாட்டை (₹60) சமைக்க Amma Mess-இடம் கேட்டிருக்கிறோம். அவர்கள் பதில் சொல்ல 5 நிமிடங்கள் உள்ளன.",
    "ACCEPT": "Amma Mess ஆர்டர் {ref}-ஐ ஏற்றுக்கொண்டது. ₹60-ஐ UPI மூலம் நேரடியாகச் சமையலறைக்குச் செலுத்துங்கள்: "
    f"{upi('ammamess@okaxis', 'Amma Mess', 60)}\nKetpaar உங்கள் பணத்தை ஒருபோதும் வைத்திருக்காது. சாப்பாடு "
    "கொடுக்கப்பட்டதும் சொல்வோம்.",
    "PAID": [],
    "READY": "ஆர்டர் {ref} சாப்பாடு வழியில் உள்ளது.",
    "DELIVERED": "ஆர்டர் {ref} சாப்பாடு கொடுக்கப்பட்டது: {photo}\nAmma Mess எப்படி இருந்தது? 1 முதல் 5 வரை ஒரு எண்ணை அனுப்புங்கள்.",
    "4": [],
}

# The simulator's phone without WhatsApp, feeding someone near Greams Road post office (PIN code 600006) by SMS,
# and what the kitchens it asks read.
SMS_FEED = "FEED 600006 Greams Road"
SMS_FEED_TOLD = [
    "Ketpaar buys a meal for a hungry person near you. Send FEED, the PIN code and a landmark, like: "
    "FEED 600017 T Nagar bus stand\n"
    "The place and your NOTE go only to the kitchen; a NOTE is deleted after 30 days. STOP ends messages.",
    "தமிழ்: LANG TA அனுப்புங்கள்\nहिन्दी के लिए LANG HI भेजें\n"
    "Order {ref}: near Greams Road S.O, 600006. We are checking the spot.",
    "To help the kitchen find the person, send NOTE and a few words, like: NOTE old man, blue shirt",
    "Kitchens near you:\n"
    "1. Saravana Tiffin Rs.50 375 m\n"
    "2. Amma Mess Rs.60 771 m\n"
    "3. Annapoorna NGO Rs.30 1.7 km\n"
    "Reply with a number.",
]
SMS_ASKED_AMMA = "We asked Amma Mess to cook the meal (Rs.60). They answer within 5 min."
SMS_AMMA_DECLINED = (
    "Amma Mess cannot cook order {ref}.\n"
    "We asked Saravana Tiffin instead (Rs.50). They answer within 5 min.\n"
    "Or choose another kitchen by its number:\n"
    "1. Annapoorna NGO Rs.30 1.7 km"
)
KITCHEN_HELP = (
    "Kitchen commands: ACCEPT <ref>, DECLINE <ref>, PAID <ref>, READY <ref>, DELIVERED <ref> (with a photo), "
    "FAILED <ref> UNSAFE / NOT FOUND / REFUSED, CAPACITY <meals>, HOURS 11-14,18-21, STATUS, LANG.\n"
    "Money given ahead: RECEIVED <ref> when it reaches you (meals or a share), CREDITS to see them."
)
DECLINED = "Noted: you declined order {ref}."


def request_by_sms_donor(price: str) -> str:
    """A WhatsApp kitchen's new order from an SMS donor: the landmark as typed, no photo."""
    return (
        f"New meal request {{ref}}: 1 meal, {price}.\n"
        "Place: Greams Road, 600006\n"
        "Map (near the place named): https://maps.google.com/?q=13.059890,80.254780\n"
        "Reply ACCEPT {ref} or DECLINE {ref} within 5 minutes."
    )
