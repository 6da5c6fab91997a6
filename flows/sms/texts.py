"""What a person on SMS reads: the short form of a text where the WhatsApp one is too long or speaks of
links and photos, and the rules that make any text fit.

Tamil and Hindi go as UCS-2, 67 characters a part; a reply may take two parts (134 characters).
The WhatsApp texts run to three or four parts in Tamil, so shared steps (the kitchen list, the
kitchen's answers, the payment) stay channel-neutral and `Conversation` swaps in the short form
for an SMS person. tests/unit/test_sms_texts.py counts the parts of every text an SMS person may
read, in each language, with the longest values below, and checks every key is a text the flows send.
"""

from __future__ import annotations

import logging

from flows.i18n import N_, t

log = logging.getLogger(__name__)

# Longer values are cut to these lengths in an SMS, so that a text's parts can be counted.
CLIPPED = {"kitchen": 16, "next": 16, "name": 16, "place": 48, "address": 28, "note": 60, "busier": 30}
# Values that must reach the person whole, in one part: a reference and a UPI ID are typed back.
WHOLE = ("ref", "upi", "share", "campaign")

# Texts written for SMS in the first place (the SMS donor's steps, an SMS kitchen's request).
NATIVE: set[str] = set()


def native(message: str) -> str:
    """Marks a text as written for SMS: sent as it is. Use as `native(N_("..."))`, so Babel finds it."""
    NATIVE.add(message)
    return message


# How an SMS donor pays: the UPI ID as text (no link can be tapped), and paying from a feature phone.
PAY_BY_UPI = native(N_("{kitchen} accepted order {ref}. Pay {amount} by UPI to:\n{upi}\nWrite {ref} in the UPI note."))
UPI_123PAY = native(N_("No smartphone? Call 6366200200 (UPI 123PAY) to pay by UPI from any phone."))

# Giving ahead by SMS: the credit's UPI ID as text, as for a meal.
BUY_CREDIT_BY_UPI = native(
    N_("Meal credit {ref}: {meals} meals at {kitchen}. Pay {amount} by UPI to:\n{upi}\nWrite {ref} in the UPI note.")
)

PLEDGE_PAY_BY_UPI = native(
    N_("Pledge {pledge}: a meal near you, order {ref}. Pay {amount} by UPI in {minutes} min to:\n{upi}\nNote: {ref}")
)

# The WhatsApp text (exactly as the flows write it) → what an SMS person reads instead.
SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "Order {ref}: kitchens near you that can cook now:\n{kitchens}\nReply with a number to choose.": (
        N_("Kitchens near you:\n{kitchens}\nReply with a number."),
    ),
    "{number}. {name}: {price}, {distance}": (N_("{number}. {name} {price} {distance}"),),
    "We asked {kitchen} to cook the meal ({price}). They have {minutes} minutes to answer.": (
        N_("We asked {kitchen} to cook the meal ({price}). They answer within {minutes} min."),
    ),
    "Please reply with a number from 1 to {count} to choose a kitchen, or send CANCEL.": (
        N_("Reply with a number from 1 to {count}, or send CANCEL."),
    ),
    # Waiting for a kitchen to free up, and the next kitchen asked (flows/kitchen_search.py).
    "No kitchen near this spot can cook order {ref} now. We keep the order and its photo, and will tell you "
    "when a kitchen can, within {wait} minutes. You may also share another location, or send CANCEL.": (
        N_(
            "No kitchen near can cook order {ref} now. We will tell you when one can, within {wait} min. "
            "Or send CANCEL."
        ),
    ),
    "No other kitchen near you can cook now. We keep the order and will tell you when one can, "
    "within {wait} minutes. You may also share another location, or send CANCEL.": (
        N_("No other kitchen near can cook now. We will tell you when one can, within {wait} min. Or send CANCEL."),
    ),
    "No kitchen near order {ref} could cook in {wait} minutes, so it is closed. No money was taken. "
    "Send a new photo when you want to try again.": (
        N_("No kitchen could cook order {ref} in {wait} min, so it is closed. No money was taken."),
    ),
    "{kitchen} can cook now: we asked them to cook order {ref} ({price}, {distance} away). "
    "They have {minutes} minutes to answer.": (
        N_("{kitchen} can cook now: we asked them to cook order {ref} ({price}). They answer within {minutes} min."),
    ),
    "We asked {next} to cook it instead ({price}, {distance} away). They have {minutes} minutes to answer.": (
        N_("We asked {next} instead ({price}). They answer within {minutes} min."),
    ),
    "To choose another kitchen instead, reply with its number:\n{kitchens}": (
        N_("Or choose another kitchen by its number:\n{kitchens}"),
    ),
    "We had no answer from you in {minutes} minutes, so order {ref} is no longer yours. Please do not cook it.": (
        N_("No answer in {minutes} min, so order {ref} is no longer yours. Do not cook it."),
    ),
    "{kitchen} can no longer cook order {ref}. Please do not pay {kitchen}; if you already did, "
    "ask them to send it back.": (
        N_("{kitchen} cannot cook order {ref}. Do not pay it; if you did, ask for the money back."),
    ),
    "{kitchen} accepted order {ref}. Please pay {amount} directly to the kitchen by UPI: {link}\n"
    "Ketpaar never holds your money. We tell you when the meal is delivered.": (
        PAY_BY_UPI,
        UPI_123PAY,
    ),
    # A WhatsApp kitchen's reply sent by SMS (its WhatsApp failed): the next step only, as an SMS kitchen gets.
    "The donor will pay {amount} to {upi}. When it arrives, reply PAID {ref}. "
    "Once the meal is handed over, send DELIVERED {ref} with a photo.": (
        N_("The donor will pay {amount} to {upi}. When it arrives, reply PAID {ref}."),
    ),
    "The meal for order {ref} was delivered.\nHow was {kitchen}? Reply with a number from 1 to 5.": (
        N_("The meal for order {ref} was handed over. How was {kitchen}? Reply 1 to 5."),
    ),
    "Order {ref} is closed: no payment reached {kitchen} in {minutes} minutes. Send a new photo to start again.": (
        N_("Order {ref} is closed: {kitchen} got no payment in {minutes} min. Send FEED to start again."),
    ),
    "You have no orders yet. Send a photo of a hungry person to start.": (
        N_("You have no orders yet. Send FEED and a place to start."),
    ),
    "Kitchen commands: ACCEPT <ref>, DECLINE <ref>, PAID <ref>, READY <ref>, DELIVERED <ref> (with a photo), "
    "FAILED <ref> UNSAFE / NOT FOUND / REFUSED, CAPACITY <meals>, HOURS 11-14,18-21, STATUS, LANG.": (
        N_(
            "Reply ACCEPT, DECLINE, PAID, READY, DELIVERED or FAILED with the order code. "
            "Also: CAPACITY, HOURS, STATUS."
        ),
    ),
    "Money given ahead: RECEIVED <ref> when it reaches you (meals or a share), CREDITS to see them.": (
        N_("Also: RECEIVED <ref> when money given ahead comes, CREDITS to see it."),
    ),
    "{kitchen} can no longer take orders, so your order needs another kitchen. "
    "Please do not pay {kitchen}; if you already did, ask them to send it back.": (
        N_("{kitchen} stopped taking orders. Do not pay it; if you did, ask for the money back."),
    ),
    "{kitchen} can no longer take orders, so your order needs another kitchen.": (
        N_("{kitchen} stopped taking orders. Choose another kitchen."),
    ),
    "Payment noted for order {ref}. Once the meal is handed over, send DELIVERED {ref} with a photo.": (
        N_("Payment noted for order {ref}. Once the meal is handed over, send DELIVERED {ref}."),
    ),
    "The donor says they paid {amount} for order {ref}. Please check your UPI app and reply PAID {ref} "
    "when the money is there.": (
        N_("The donor says they paid {amount} for order {ref}. If it came, reply PAID {ref}."),
    ),
    # Reasons a spot is not safe, as one SMS has room for.
    "isolated: no shops or bus stops within 100 m": (N_("no shops or bus stop near"),),
    "dusk or dawn, little light": (N_("little light"),),
    "type of place not known": (N_("kind of place not known"),),
    "{failed} of the last {total} deliveries here failed": (N_("{failed} of {total} deliveries failed here"),),
    # Meal credits (flows/giving/credits.py) and a meal they pay for (flows/giving/funding.py).
    "Meal credit {ref}: {meals} meals at {kitchen}. Please pay {amount} directly to the kitchen by UPI: {link}\n"
    "The meals are ready for hungry people once {kitchen} confirms the money. Ketpaar never holds your money.": (
        BUY_CREDIT_BY_UPI,
        UPI_123PAY,
    ),
    "A donor is paying you {amount} ahead for {meals} meals ({ref}). When the money arrives, reply RECEIVED {ref}. "
    "Then we send you people who need a meal, already paid for.": (
        N_("A donor pays you {amount} ahead for {meals} meals ({ref}). When it arrives, reply RECEIVED {ref}."),
    ),
    "{kitchen} received your {amount}: {meals} meals given ahead ({ref}) are ready for hungry people. "
    "You get a receipt for each meal delivered.": (
        N_("{kitchen} got your {amount}: {meals} meals are ready for hungry people ({ref})."),
    ),
    "Order {ref} is paid from the meals given ahead at your kitchen ({credit}, {left} left). "
    "Please cook it; once it is handed over, send DELIVERED {ref} with a photo.": (
        N_(
            "Order {ref} is paid from meals given ahead ({credit}, {left} left). "
            "Once it is handed over, send DELIVERED {ref}."
        ),
    ),
    "No meal given ahead or pledge can pay for order {ref} now. Please pay {amount} to {kitchen} yourself, "
    "or send CANCEL.": (N_("Nothing given ahead can pay for order {ref} now. Pay {amount} to {kitchen}, or CANCEL."),),
    # Pledges (flows/giving/pledges.py) and the meals they pay for (flows/giving/pledge_payments.py).
    "Thank you. Pledge {ref}: {terms}.\nWhen a meal near needs it, we send you a UPI link for that meal, "
    "payable to the kitchen, and you have {minutes} minutes to pay. PLEDGES lists yours.": (
        N_("Thank you. Pledge {ref}: {terms}."),
        N_("When a meal near needs it, we send you the kitchen's UPI ID; you pay it within {minutes} min."),
    ),
    "Your pledge {pledge} pays for a meal near you: order {ref} at {kitchen}. Please pay {amount} directly to "
    "the kitchen by UPI within {minutes} minutes: {link}\nKetpaar never holds your money.": (
        PLEDGE_PAY_BY_UPI,
        UPI_123PAY,
    ),
    "A pledge pays for order {ref}: its donor has {minutes} minutes to pay {kitchen}. "
    "We tell you when the money is there.": (
        N_("A pledge pays for order {ref}: its donor pays {kitchen} in {minutes} min."),
    ),
    "A donor's pledge pays for order {ref}: {amount} should reach you within {minutes} minutes. "
    "Reply PAID {ref} when the money is there.": (
        N_("A pledge pays for order {ref}: {amount} in {minutes} min. Reply PAID {ref} when it comes."),
    ),
    "No payment for order {ref} reached {kitchen} in {minutes} minutes, so another donor pays for it. "
    "Please do not pay now. Your pledge keeps its {amount}.": (
        N_("No payment for order {ref} in {minutes} min, so another donor pays. Do not pay now."),
    ),
    "No pledge paid for order {ref} in time. You may pay {amount} to {kitchen} yourself by UPI: {link}\n"
    "Or send CANCEL.": (N_("No pledge paid for order {ref}. Pay {amount} by UPI to:\n{upi}\nNote: {ref}. Or CANCEL."),),
    "No money for order {ref} came from the pledge in {minutes} minutes; another donor pays now. "
    "Reply PAID {ref} when the money is there.": (
        N_("No money from the pledge for order {ref}: another donor pays. Reply PAID {ref} when it comes."),
    ),
    "Order {ref} no longer needs your pledge: please do not pay {kitchen}; if you already did, "
    "ask them to send it back.": (
        N_("Order {ref} no longer needs your pledge: do not pay {kitchen}; if you did, ask for it back."),
    ),
    # Campaigns (flows/giving/campaigns.py, campaign_orders.py, campaign_end.py).
    "Order {ref} is cancelled: the rest of its shares did not reach {kitchen} in {minutes} minutes. Anyone who "
    "paid {kitchen} was asked to send it back.": (
        N_("Order {ref} is cancelled: its shares did not all come in {minutes} min."),
    ),
    "Someone near you needs a meal: campaign {campaign} needs {needed} for a meal at {kitchen}, until {until}. "
    "To give, reply GIVE {campaign} 20 (at least ₹10).": (
        N_("Campaign {campaign} near you needs {needed} for a meal, until {until}. To give, reply GIVE {campaign} 20."),
    ),
    "Thank you. You promise {amount} toward campaign {campaign}: {promised} of {target} so far (givers: {people}). "
    "When it is all promised and the kitchen accepts, we send you the kitchen's UPI link for your {amount}.": (
        N_("Thank you: {amount} toward campaign {campaign}, {promised} of {target} so far. We send the UPI ID later."),
    ),
    "Campaign {campaign} ended: {promised} of {target} was promised in {hours} hours, not enough for the meal. "
    "Nobody paid anything, so nothing is owed. Thank you.": (
        N_("Campaign {campaign} ended: {promised} of {target} in {hours} hours is not enough. Nothing is owed."),
    ),
    "Campaign {campaign} ended without enough promised, so order {ref} is closed. "
    "Send a new photo when you want to try again.": (
        N_("Campaign {campaign} ended without enough, so order {ref} is closed. Send FEED to try again."),
    ),
    "Order {ref} waits for campaign {campaign}: {promised} of {target} promised; {needed} still needed, until "
    "{until}. Send CANCEL to end it.": (
        N_("Order {ref}: campaign {campaign} has {promised} of {target}, until {until}. CANCEL ends it."),
    ),
    "Campaign {campaign} is met, and {kitchen} will cook order {ref}. Please pay your {amount} directly to the "
    "kitchen by UPI within {minutes} minutes: {link}\nKetpaar never holds your money.": (
        N_("Campaign {campaign} is met. Pay your {amount} by UPI in {minutes} min to:\n{upi}\nNote: {share}"),
        UPI_123PAY,
    ),
    "Order {ref} is paid in {count} shares by campaign {campaign}, {amount} in all. Reply RECEIVED and each "
    "share's reference as it comes ({shares}), or PAID {ref} once all of it is there.": (
        N_("Order {ref}: {count} shares, {amount} in all. Reply RECEIVED and each share ({shares}), or PAID {ref}."),
    ),
    "Your {amount} for campaign {campaign} did not reach {kitchen} in {minutes} minutes, so it is covered "
    "another way. Please do not pay it now.": (
        N_("Your {amount} for campaign {campaign} did not come in {minutes} min. Do not pay it now."),
    ),
    "Your pledge {pledge} covers a share of a meal near you: {amount} for order {ref} at {kitchen}. Please pay it "
    "directly to the kitchen by UPI within {minutes} minutes: {link}\nKetpaar never holds your money.": (
        N_("Pledge {pledge}: a share of a meal. Pay {amount} by UPI in {minutes} min to:\n{upi}\nNote: {share}"),
        UPI_123PAY,
    ),
    "{amount} of the shares for order {ref} did not reach {kitchen} in {minutes} minutes. Reply COVER {campaign} "
    "to pay it yourself, or CANCEL to end the campaign.": (
        N_("{amount} of the shares for order {ref} did not come. Reply COVER {campaign} to pay it, or CANCEL."),
    ),
    "Please pay {amount} directly to {kitchen} by UPI within {minutes} minutes for order {ref}: {link}\n"
    "Ketpaar never holds your money.": (
        N_("Pay {amount} by UPI in {minutes} min to:\n{upi}\nNote: {share}"),
        UPI_123PAY,
    ),
    "Campaign {campaign} has all it needs, but no kitchen near can cook just now. We ask the first that can, "
    "within {wait} minutes.": (
        N_("Campaign {campaign} has all it needs. No kitchen can cook now; we ask the first that can."),
    ),
    "Campaign {campaign} is cancelled, so order {ref} will not be cooked. Please do not pay now; "
    "if you already paid {kitchen}, ask them to send it back.": (
        N_("Campaign {campaign} is cancelled. Do not pay; if you did, ask {kitchen} for it back."),
    ),
    "{kitchen} can no longer cook the meal of campaign {campaign}. Please do not pay {kitchen}; if you already "
    "did, ask them to send it back. We ask another kitchen, and send you its link.": (
        N_("{kitchen} cannot cook campaign {campaign}. Do not pay it; if you did, ask for it back."),
    ),
    "Order {ref} was cancelled by the donor before you confirmed payment. Please do not cook it. "
    "If the donor's money reached you, please send it back.": (
        N_("Order {ref} was cancelled. Do not cook it. If the donor's money reached you, send it back."),
    ),
}

# Texts of the shared steps that an SMS person reads as they are: short enough in every language.
AS_IS = frozenset(
    {
        "Sorry, {kitchen} has no meal left just now.",
        "{kitchen} did not answer order {ref} in {minutes} minutes.",
        "{kitchen} cannot cook order {ref}.",
        "{kitchen} received your payment for order {ref}. The meal is being cooked.",
        "The meal for order {ref} is on its way.",
        "Sorry, {kitchen} could not deliver the meal for order {ref}.",
        "Order {ref}: {status}. Kitchen: {kitchen}.",
        "We are still checking the spot for order {ref}. Please wait a moment.",
        "How was the meal for order {ref}? Reply with a number from 1 to 5.",
        "You have no open order.",
        "There is no order {ref} of yours. Please check the reference.",
        "Order {ref} can no longer be cancelled: {status}.",
        "Order {ref} is cancelled. No money was taken.",
        "Order {ref} is cancelled. If you already paid {kitchen}, they have been asked to send the money back.",
        "Order {ref} is {status}, so {verb} does not apply now.",
        "Thank you. We asked {kitchen} to confirm your payment for order {ref}.",
        "The kitchen has not yet confirmed your payment for order {ref}. Our team will check it with them.",
        "Language changed.",
        "Noted: you declined order {ref}.",
        "The donor will pay {amount} to {upi}. When it arrives, reply PAID {ref}.",
        "Noted: order {ref} could not be delivered.",
        "Order {ref} is closed: the donor did not pay in {minutes} minutes. Please do not cook it.",
        "Order {ref} was cancelled by the donor. Please do not cook it.",
        "There is no order {ref}. Please check the reference.",
        "Order {ref} is not one of yours.",
        "Sorry, something went wrong on our side. Please try again in a minute.",
        "You are sending messages very fast. Please wait a minute; your messages are kept.",
        # Giving ahead.
        "Please write the number of meals after CREDIT, like CREDIT 10 AMMA.",
        "At most {most} meals at a time, please.",
        "Which kitchen? Add the first word of its name, like CREDIT {meals} AMMA.",
        "We know no kitchen called {name}. Please check the name.",
        "Which kitchen do you mean: {names}? Please write more of its name.",
        "Thank you. {meals} meals given ahead are ready at your kitchen ({ref}). Reply CREDITS to see them.",
        "Please add the reference, like RECEIVED {ref}.",
        "No payment ahead is waiting for your RECEIVED.",
        "{ref} is not a payment to your kitchen. Please check the reference.",
        "{ref} is already confirmed. Thank you.",
        "Meals given ahead at {name}:\n{credits}",
        "No meals are given ahead at {name} yet.",
        "USE PLEDGE works when you are asked to pay for a meal.",
        "A meal given ahead at {kitchen} pays for order {ref}. The meal is being cooked.",
        "Cannot pay? Reply USE PLEDGE: a meal given ahead will pay for it.",
        "Please write the amount after PLEDGE, like PLEDGE 600 MONTH.",
        "A pledge is at least {least}.",
        "A pledge is at most {most}.",
        "Please write a 6-digit PIN code after NEAR, like PLEDGE 600 MONTH NEAR 600017.",
        "Please write the distance in km, from 1 to {km}, like RADIUS 3.",
        "Please write the hours like HOURS 11-15, or HOURS LUNCH.",
        "Please write a pledge like PLEDGE 600 MONTH NEAR 600017 RADIUS 3 HOURS 11-15.",
        "We do not know the PIN code {pincode}. Please check it.",
        "Your pledges:\n{pledges}",
        "You have no pledges. To pledge, send PLEDGE 600 MONTH.",
        "You have no pledge {ref}. Send PLEDGES to see yours.",
        "Which pledge? Add its reference, like {verb} {ref}.",
        "Pledge {ref} is ended: nothing more will be asked of it. Thank you.",
        "Pledge {ref} has already ended.",
        "Pledge {ref} is paused: no links and no renewal until you send RESUME {ref}.",
        "Pledge {ref} is on again: {left} left for meals.",
        "Pledge {ref} is not paused.",
        "Pledge {ref} is already paused.",
        "{kitchen} has your {amount} for order {ref}. Thank you: the meal is being cooked.",
        "No money for order {ref} came from the pledge in {minutes} minutes.",
        "Pledge {ref} is renewed for this month: {amount} for meals. Send PAUSE {ref} to stop it.",
        "{kitchen} received the pledge's payment for order {ref}. The meal is being cooked.",
        "Please reply SHARE and a kitchen's number from 1 to {count}, like SHARE 1.",
        "SHARE works on the list of kitchens, instead of a kitchen's number.",
        "Campaign {campaign}: {target} for a meal at {kitchen}, until {until}. Ask friends to send "
        "GIVE {campaign} 20 to {number}.",
        "Please write the campaign and an amount in rupees, like GIVE C7QXK 20.",
        "Please write the amount in rupees, like GIVE {campaign} 20.",
        "There is no campaign {campaign}. Please check the reference.",
        "Campaign {campaign} has ended ({state}). Nothing was taken from anyone.",
        "Campaign {campaign} has all it needs. Thank you!",
        "Please give at least {least}.",
        "Campaign {campaign} needs only {needed} more. Send GIVE {campaign} {rupees}.",
        "Campaign {campaign}: {promised} of {target} promised (givers: {people}); {needed} still needed, until "
        "{until}.",
        "Campaign {campaign} has all it needs: {target} (givers: {people}). We asked {kitchen} to cook.",
        "Please write a 6-digit PIN code after NOTIFY NEAR, like NOTIFY NEAR 600017.",
        "We will tell you of campaigns within {km} km of {pincode}, at most {times} times a day. "
        "Send NOTIFY OFF to stop.",
        "You will hear of no more campaigns.",
        "{kitchen} accepted order {ref}. The campaign's contributors now pay their shares to the kitchen.",
        "Share {share} noted: {paid} of {amount} for order {ref}.",
        "Share {share} is already noted. Thank you.",
        "All shares of order {ref} are paid. Once the meal is handed over, send DELIVERED {ref} with a photo.",
        "{kitchen} has your {amount} for campaign {campaign}. Thank you!",
        "All the shares for order {ref} reached {kitchen}. The meal is being cooked.",
        "Order {ref}: share {share} ({amount}) now comes from another donor. Reply RECEIVED {share} when it comes.",
        "COVER works when shares of your campaign were not paid in time.",
        "Receipt: your {amount} from pledge {pledge} fed a hungry person today: order {ref}, from {kitchen}. "
        "Thank you.",
        "Receipt: your {amount} toward campaign {campaign} fed a hungry person today: order {ref}, from {kitchen}. "
        "Thank you.",
        "Receipt: the meal you paid ahead at {kitchen} ({credit}) was delivered to a hungry person today, "
        "order {ref}. Meals left: {left}. Thank you.",
        "No meal you paid for has been delivered yet. When one is, IMPACT counts it.",
        "Campaign {campaign} was cancelled. Nobody paid anything, so nothing is owed.",
    }
)


def short_forms(message: str, whole_text: bool = True) -> tuple[str, ...]:
    """The texts an SMS person reads for this one: its short forms, or itself."""
    known = message in SHORT_FORMS or message in AS_IS or message in NATIVE
    if whole_text and not known:
        # Not an error: the person still reads it. A log line shows which text needs a short form.
        log.warning("no SMS form for %r", message[:60])
    return SHORT_FORMS.get(message, (message,))


def clipped(values: dict[str, object]) -> dict[str, object]:
    return {name: clip(str(value), CLIPPED[name]) if name in CLIPPED else value for name, value in values.items()}


def clip(value: str, most: int) -> str:
    """At most `most` characters, cut at a word where there is one ("T. Nagar Bus Terminus, Chennai" at 28:
    "T. Nagar Bus Terminus")."""
    if len(value) <= most:
        return value
    cut = value[:most]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-")


def words(language: str, message: str, **values: object) -> str:
    """A piece of a text (a line of a list), translated and clipped, not yet fitted into parts."""
    return "\n".join(t(language, short, **clipped(values)) for short in short_forms(message, whole_text=False))


def whole(values: dict[str, object]) -> tuple[str, ...]:
    """The values no SMS part boundary may cut: the outbox fits the text into parts around them."""
    return tuple(str(values[name]) for name in WHOLE if name in values)


def joined(language: str, messages: tuple[str, ...], **values: object) -> str:
    """Several texts read as one, a line each, each in its short form (the outbox fits it into parts)."""
    return "\n".join(t(language, short, **clipped(values)) for message in messages for short in short_forms(message))


def bodies(language: str, message: str, **values: object) -> list[str]:
    """The texts that carry this one on SMS: each short form, translated and clipped (the outbox fits them)."""
    return [t(language, short, **clipped(values)) for short in short_forms(message)]
