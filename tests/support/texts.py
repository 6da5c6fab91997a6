"""Replies that many tests expect, written out as a person reads them (never taken from flows/,
so a changed text fails the tests that expect it). {ref} stands for the order's reference."""

WELCOME = (
    "Welcome to Ketpaar. We help you buy a meal for a hungry person near you.\n"
    "Reply 1 for English.\n"
    "தமிழ்-க்கு 2 அனுப்புங்கள்.\n"
    "हिन्दी के लिए 3 भेजें।"
)
CONSENT = (
    "Before we start: Ketpaar uses the photo you send only so the kitchen can find the person, "
    "and deletes it after 30 days. Your location pin is used only to find kitchens near you. "
    "Please take a photo only if the person agrees. Send MY DATA to see what we keep, "
    "or DELETE MY DATA to erase it. Reply YES to agree."
)
READY = "Thank you. When you meet someone hungry, send a photo of them, then share your location."
PHOTO_RECEIVED = "Photo received. Your order is {ref}."
DID_THEY_AGREE = "Did the person agree to this photo? Reply YES (1) or NO (2)."
PHOTO_DELETED = (
    "The photo is deleted. The order goes on without it. To help the kitchen find the person, "
    "you may write a few words about them, such as their clothes."
)
SHARE_LOCATION = "Now share the location: tap + (or the clip), then Location, then Send your current location."
# The first photo of an order: the pin the question asks for is the yes.
AGREE_THEN_SHARE = (
    "Did the person agree to this photo? If yes, share your location now: tap + (or the clip), then Location, "
    "then Send your current location. If not, reply NO."
)
ASKED_ABOUT_PHOTO = PHOTO_RECEIVED + "\n" + AGREE_THEN_SHARE
AGREED = SHARE_LOCATION  # to a donor who answers YES all the same
CHECKING_SPOT = "Thank you. We are checking that the spot is safe for a delivery (order {ref})."
HELP = (
    "To buy a meal for someone: send their photo, then your location.\n"
    "Commands: STATUS, CANCEL, PAID, HISTORY, LANG, HELP. Kitchens can join with VENDOR.\n"
    "Giving ahead: CREDIT 10 AMMA, PLEDGE 600 MONTH, PLEDGES, IMPACT, NOTIFY NEAR 600017. "
    "Cannot pay? USE PLEDGE, or SHARE and a number on the kitchen list."
)
NONE_NEAR = (
    "No kitchen near this spot can cook order {ref} now. We keep the order and its photo, and will tell you "
    "when a kitchen can, within 30 minutes. You may also share another location, or send CANCEL."
)
NOT_UNDERSTOOD = "Sorry, we did not understand that."
MOVE_TO_A_MAIN_ROAD = "Please move to a busy, well-lit main road and share a new location, or send CANCEL."


def kitchens(*lines: str) -> str:
    """The kitchen list a donor gets, one "n. Name: ₹price, distance" line per kitchen."""
    return "Order {ref}: kitchens near you that can cook now:\n" + "\n".join(lines) + "\nReply with a number to choose."


def request(
    place: str = "13.06040, 80.24960",
    photo: str = "https://ketpaar.test/photos/100",
    price: str = "₹60",
    minutes: int = 5,
) -> str:
    """What a kitchen is asked when a donor picks it (1 meal, at the test spot); no photo line without one."""
    return (
        f"New meal request {{ref}}: 1 meal, {price}.\n"
        f"Place: {place}\n"
        "Map: https://maps.google.com/?q=13.060400,80.249600\n"
        + (f"Photo of the person: {photo}\n" if photo else "")
        + f"Reply ACCEPT {{ref}} or DECLINE {{ref}} within {minutes} minutes."
    )


ASKED_AMMA_MESS = "We asked Amma Mess to cook the meal (₹60). They have 5 minutes to answer."
# Amma Mess, the real-stack kitchen fixture, as the donor at SPOT sees it listed.
AMMA_MESS_FROM_SPOT = kitchens("1. Amma Mess: ₹60, 215 m")
NO_FACE = (
    "We could not see a face in the photo for order {ref}. "
    "The order goes on; a clear photo of the face helps next time."
)
MANY_FACES = (
    "We see more than one person in the photo for order {ref}. Please send a photo of just the person you are helping."
)
# Amma Mess (the real-stack fixture, paid at ammamess@okaxis) accepts: what the donor and the kitchen read.
PAY_AMMA_MESS = (
    "Amma Mess accepted order {ref}. Please pay ₹60 directly to the kitchen by UPI: "
    "upi://pay?pa=ammamess@okaxis&pn=Amma%20Mess&am=60.00&cu=INR&tn=Ketpaar%20{ref}\n"
    "Ketpaar never holds your money. We tell you when the meal is delivered."
)
AMMA_MESS_WILL_BE_PAID = (
    "The donor will pay ₹60 to ammamess@okaxis. When it arrives, reply PAID {ref}. "
    "Once the meal is handed over, send DELIVERED {ref} with a photo."
)


def delivered(photo: str, kitchen: str = "Amma Mess") -> str:
    """What a WhatsApp donor reads once the kitchen's photo of the meal handed over is stored: one message, the
    photo with it."""
    return f"The meal for order {{ref}} was delivered: {photo}\nHow was {kitchen}? Reply with a number from 1 to 5."


def translated(language: str, english: str) -> str:
    """The translator's text for `english`, read from the .po file, not through the code that shows it."""
    from babel.messages.pofile import read_po

    from flows.i18n import LOCALES_DIR

    if language == "en":
        return english
    with open(LOCALES_DIR / language / "LC_MESSAGES" / "messages.po", "rb") as file:
        text = read_po(file)[english].string
    assert text, f"no {language} text for {english!r}"
    return text
