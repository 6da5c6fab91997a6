"""Micro-campaigns, the donors' side: `SHARE 2` on the kitchen list opens one, `GIVE <ref> <amount>` promises
a share, `NOTIFY NEAR <PIN code>` (or `NOTIFY OFF`) asks to hear of campaigns near, and what everyone is told
as a campaign moves: its progress (at most every ten minutes), its threshold met, its end.

The kitchen is asked only once the whole price is promised (flows/giving/campaign_orders.py).
"""

from __future__ import annotations

from datetime import timedelta

from domain.channels import MessageKind
from domain.commands import Command, parse_choice
from domain.giving.campaigns import (
    NEAR_NOTICES_A_DAY,
    NEAR_RADIUS_M,
    SUGGESTED_RUPEES,
    Alert,
    Campaign,
    CampaignStatus,
    GiveProblem,
    Share,
    least_share,
    parse_give,
)
from domain.giving.ledger import AccountKind, committed, opened, reference_candidates
from domain.hours import india_day
from domain.money import format_rupees
from domain.orders import Funding, Order
from domain.orders import OrderStatus as S
from domain.people import Person
from domain.places import PlaceQuery, parse_place
from flows import ordering
from flows.conversation import Conversation
from flows.giving import campaign_orders
from flows.giving.campaign_end import lapse_promises
from flows.giving.texts import CAMPAIGN_STATES
from flows.i18n import N_
from flows.messages import Pin
from flows.pins import read_pin

SHARE_HOW = N_("Please reply SHARE and a kitchen's number from 1 to {count}, like SHARE 1.")
SHARE_NOT_NOW = N_("SHARE works on the list of kitchens, instead of a kitchen's number.")
OPENED = N_(
    "Campaign {campaign} is open for order {ref}: {target} for a meal at {kitchen}, until {until}. "
    "Forward this link to friends and groups: {link}\nEach gives at least ₹10 with GIVE {campaign} and an amount. "
    "We ask {kitchen} to cook once it is all promised; then each pays their share to the kitchen."
)
OPENED_BY_SMS = N_(
    "Campaign {campaign}: {target} for a meal at {kitchen}, until {until}. Ask friends to send "
    "GIVE {campaign} 20 to {number}."
)
NEAR_NOTICE = N_(
    "Someone near you needs a meal: campaign {campaign} needs {needed} for a meal at {kitchen}, until {until}. "
    "To give, reply GIVE {campaign} 20 (at least ₹10)."
)
GIVE_HOW = N_("Please write the campaign and an amount in rupees, like GIVE C7QXK 20.")
GIVE_AMOUNT = N_("Please write the amount in rupees, like GIVE {campaign} 20.")
NO_SUCH = N_("There is no campaign {campaign}. Please check the reference.")
ENDED = N_("Campaign {campaign} has ended ({state}). Nothing was taken from anyone.")
HAS_ALL = N_("Campaign {campaign} has all it needs. Thank you!")
AT_LEAST = N_("Please give at least {least}.")
ONLY_NEEDS = N_("Campaign {campaign} needs only {needed} more. Send GIVE {campaign} {rupees}.")
PROMISED = N_(
    "Thank you. You promise {amount} toward campaign {campaign}: {promised} of {target} so far (givers: {people}). "
    "When it is all promised and the kitchen accepts, we send you the kitchen's UPI link for your {amount}."
)
PROGRESS = N_(
    "Campaign {campaign}: {promised} of {target} promised (givers: {people}); {needed} still needed, until {until}."
)
MET = N_("Campaign {campaign} has all it needs: {target} (givers: {people}). We asked {kitchen} to cook.")
EXPIRED = N_(
    "Campaign {campaign} ended: {promised} of {target} was promised in {hours} hours, not enough for the meal. "
    "Nobody paid anything, so nothing is owed. Thank you."
)
EXPIRED_FOR_CREATOR = N_(
    "Campaign {campaign} ended without enough promised, so order {ref} is closed. "
    "Send a new photo when you want to try again."
)
STILL_OPEN = N_(
    "Order {ref} waits for campaign {campaign}: {promised} of {target} promised; {needed} still needed, until "
    "{until}. Send CANCEL to end it."
)
NOTIFY_HOW = N_("Please write a 6-digit PIN code after NOTIFY NEAR, like NOTIFY NEAR 600017.")
NOTIFY_PIN = N_("Now share the place: tap + (or the clip), then Location, then Send.")
NOTIFYING = N_(
    "We will tell you of campaigns within {km} km of {pincode}, at most {times} times a day. Send NOTIFY OFF to stop."
)
NOTIFYING_PIN = N_(
    "We will tell you of campaigns within {km} km of your pin, at most {times} times a day. Send NOTIFY OFF to stop."
)
NOTIFY_STOPPED = N_("You will hear of no more campaigns.")
WAITING_FOR_PIN = "notify_pin"  # the person's draft: a NOTIFY NEAR waiting for its location pin


def until(convo: Conversation, person: Person, campaign: Campaign) -> str:
    """When the campaign closes, in the person's language and India time (the time alone: it is within hours)."""
    return convo.when_for(person, campaign.expires_at)


def numbers(convo: Conversation, campaign: Campaign) -> dict[str, object]:
    """What a campaign's texts say of it: promised so far, by how many, what is still needed."""
    needed = convo.uow.ledger.balance(campaign.id).paise
    people = {share.person_id for share in convo.uow.campaigns.shares(campaign.id) if share.status != "lapsed"}
    return {
        "campaign": campaign.reference,
        "target": format_rupees(campaign.target_paise),
        "promised": format_rupees(campaign.target_paise - needed),
        "needed": format_rupees(needed),
        "people": len(people),
    }


def share_command(convo: Conversation, command: Command, order: Order | None) -> None:
    """`SHARE 2` on the kitchen list: a campaign for that kitchen's price; no kitchen is asked yet."""
    listing = order is not None and order.state == S.VENDOR_SELECTION and order.kitchen_id is None
    if not listing or not order.offered_kitchen_ids or order.funding != Funding.DONOR:
        convo.say(SHARE_NOT_NOW)
        return
    choice = parse_choice(command.rest, len(order.offered_kitchen_ids))
    if choice is None:
        convo.say(SHARE_HOW, count=len(order.offered_kitchen_ids))
        return
    open_campaign(convo, order, convo.uow.kitchens.get(order.offered_kitchen_ids[choice - 1]))


def open_campaign(convo: Conversation, order: Order, kitchen) -> Campaign:
    account_id, reference = convo.uow.ledger.open_account(
        AccountKind.CAMPAIGN, reference_candidates(AccountKind.CAMPAIGN)
    )
    campaign = Campaign(
        reference=reference,
        creator_id=convo.person.id,
        order_id=order.id,
        kitchen_id=kitchen.id,
        target_paise=kitchen.price_paise,
        created_at=convo.now,
        expires_at=convo.now + timedelta(minutes=convo.deadlines.campaign_minutes),
        id=account_id,
    )
    convo.uow.campaigns.add(campaign)
    convo.uow.ledger.record(opened(account_id, campaign.target_paise, convo.now))
    campaign.move_to(CampaignStatus.ACTIVE, convo.now)
    order.funding, order.offered_kitchen_ids = Funding.CAMPAIGN.value, []
    values = {
        "campaign": reference,
        "ref": order.reference,
        "target": format_rupees(campaign.target_paise),
        "kitchen": kitchen.name,
        "until": until(convo, convo.person, campaign),
        "status": convo.phrase(CAMPAIGN_STATES[campaign.state]),
    }
    if convo.person.channel == "sms":  # no link to tap: friends are told what to send, and where
        convo.say(OPENED_BY_SMS, number=convo.links.chat_number(), **values)
    else:
        link = convo.links.chat_link(f"GIVE {reference} {SUGGESTED_RUPEES}")
        convo.say(OPENED, kind=MessageKind.CAMPAIGN, link=link, **values)
    tell_near(convo, campaign, order, kitchen)
    return campaign


def tell_near(convo: Conversation, campaign: Campaign, order: Order, kitchen) -> None:
    """Donors who asked to hear of campaigns near this place, at most three times a day each, not its creator."""
    day = india_day(convo.now)
    for alert in convo.uow.campaigns.alerts_near(order.point):
        if alert.person_id == campaign.creator_id or not convo.uow.campaigns.count_alert(alert.person_id, day):
            continue
        person = convo.uow.people.get(alert.person_id)
        convo.notify(
            person,
            NEAR_NOTICE,
            kind=MessageKind.CAMPAIGN,
            campaign=campaign.reference,
            needed=format_rupees(campaign.target_paise),
            kitchen=kitchen.name,
            until=until(convo, person, campaign),
            status=convo.words(person, CAMPAIGN_STATES[campaign.state]),
        )


def give_command(convo: Conversation, command: Command, order: Order | None) -> None:
    request = parse_give(command.args)
    if request == GiveProblem.NO_REFERENCE:
        convo.say(GIVE_HOW)
        return
    campaign = convo.uow.campaigns.by_reference(command.args[0])
    if campaign is None:
        convo.say(NO_SUCH, campaign=command.args[0].upper())
        return
    if not campaign.open_for_giving(convo.now):
        closed = campaign.ended or campaign.expired_by(convo.now)
        shown = CampaignStatus.EXPIRED if campaign.expired_by(convo.now) else campaign.state
        state = convo.phrase(CAMPAIGN_STATES[shown])
        convo.say(ENDED if closed else HAS_ALL, campaign=campaign.reference, state=state)
        return
    if request == GiveProblem.NO_AMOUNT:
        convo.say(GIVE_AMOUNT, campaign=campaign.reference)
        return
    promise(convo, campaign, request.amount_paise)


def promise(convo: Conversation, campaign: Campaign, amount: int) -> None:
    """A share promised, if the campaign still needs that much; the last share meets the threshold."""
    needed = convo.uow.ledger.balance(campaign.id).paise
    if amount < least_share(needed):
        convo.say(AT_LEAST, least=format_rupees(least_share(needed)))
        return
    number = len(convo.uow.campaigns.shares(campaign.id)) + 1
    share = convo.uow.campaigns.add_share(Share(campaign.id, number, convo.person.id, amount, convo.now))
    # The ledger decides: two people racing for the last rupees cannot both promise them.
    if convo.uow.ledger.take(committed(campaign.id, amount, share.id, convo.now, campaign.order_id)) is None:
        convo.uow.campaigns.drop_share(share)
        left = convo.uow.ledger.balance(campaign.id).paise
        rupees = left // 100
        convo.say(ONLY_NEEDS, campaign=campaign.reference, needed=format_rupees(left), rupees=rupees)
        return
    if campaign.state == CampaignStatus.ACTIVE:
        campaign.move_to(CampaignStatus.FUNDING, convo.now)
    said = numbers(convo, campaign)
    convo.say(PROMISED, amount=format_rupees(amount), **said)
    if convo.uow.ledger.balance(campaign.id).paise == 0:
        threshold_met(convo, campaign)


def everyone(convo: Conversation, campaign: Campaign) -> list[Person]:
    """The creator and every contributor with a promise that stands, once each."""
    standing = [share.person_id for share in convo.uow.campaigns.shares(campaign.id) if share.status != "lapsed"]
    ids = [campaign.creator_id, *standing]
    seen, people = set(), []
    for person_id in ids:
        if person_id is not None and person_id not in seen:
            seen.add(person_id)
            person = convo.uow.people.get(person_id)
            if person is not None:
                people.append(person)
    return people


def tell_everyone(convo: Conversation, campaign: Campaign, message: str, **values: object) -> None:
    for person in everyone(convo, campaign):
        convo.notify(
            person,
            message,
            kind=MessageKind.CAMPAIGN,
            until=until(convo, person, campaign),
            status=convo.words(person, CAMPAIGN_STATES[campaign.state]),
            **numbers(convo, campaign),
            **values,
        )


def threshold_met(convo: Conversation, campaign: Campaign) -> None:
    campaign.move_to(CampaignStatus.THRESHOLD_MET, convo.now)
    order = convo.uow.orders.get(campaign.order_id)
    kitchen = campaign_orders.ask_a_kitchen(convo, campaign, order)
    if kitchen is None:
        tell_everyone(convo, campaign, campaign_orders.MET_WAITING, wait=convo.deadlines.kitchen_wait_minutes)
        return
    tell_everyone(convo, campaign, MET, kitchen=kitchen.name)


def campaign_turn(convo: Conversation, campaign: Campaign) -> None:
    """A sweep's turn with an open campaign: it expires after its two hours, else everyone may hear its progress."""
    if campaign.expired_by(convo.now):
        expire(convo, campaign)
    elif campaign.open_for_giving(convo.now):
        progress(convo, campaign)


def progress(convo: Conversation, campaign: Campaign) -> None:
    """A sweep's turn: everyone hears what is promised, if anything new was and nobody heard it in ten minutes."""
    promised = campaign.target_paise - convo.uow.ledger.balance(campaign.id).paise
    if campaign.progress_due(promised, convo.now):
        campaign.told(promised, convo.now)
        tell_everyone(convo, campaign, PROGRESS)


def expire(convo: Conversation, campaign: Campaign) -> None:
    """Two hours and not all promised: the promises lapse (nothing was paid), the order closes, all are told."""
    said = numbers(convo, campaign)
    people = everyone(convo, campaign)
    lapse_promises(convo, campaign, "campaign expired")
    campaign.move_to(CampaignStatus.EXPIRED, convo.now)
    order = convo.uow.orders.get(campaign.order_id)
    close_order(convo, order)
    hours = convo.deadlines.campaign_minutes // 60
    for person in people:
        status = convo.words(person, CAMPAIGN_STATES[campaign.state])
        values = {**said, "until": until(convo, person, campaign), "status": status, "hours": hours}
        convo.notify(person, EXPIRED, kind=MessageKind.CAMPAIGN, **values)
        if person.id == campaign.creator_id:
            convo.notify(person, EXPIRED_FOR_CREATOR, kind=MessageKind.CAMPAIGN, ref=order.reference, **values)


def close_order(convo: Conversation, order: Order) -> None:
    """The campaign expired: its order closes, and the person's photo goes with it. `convo` is with the creator."""
    order.move_to(S.CANCELLED, convo.now, "campaign expired")
    ordering.forget_seeker(convo, order)
    if convo.person.active_order_id == order.id:
        convo.person.active_order_id = None


def waiting(convo: Conversation, order: Order) -> None:
    """The creator writes while the campaign is open: where it stands."""
    campaign = convo.uow.campaigns.for_order(order.id)
    convo.say(STILL_OPEN, ref=order.reference, until=until(convo, convo.person, campaign), **numbers(convo, campaign))


def notify_near_command(convo: Conversation, command: Command, order: Order | None) -> None:
    query = parse_place(command.rest) if command.rest else None
    if query is None or query.pincode is None or query.landmark:
        if not command.rest and convo.person.channel == "whatsapp":
            convo.person.draft = {**convo.person.draft, WAITING_FOR_PIN: True}
            convo.say(NOTIFY_PIN)
            return
        convo.say(NOTIFY_HOW)
        return
    found = convo.uow.places.find(PlaceQuery("", query.pincode), None)
    if not found:
        convo.say("We do not know the PIN code {pincode}. Please check it.", pincode=query.pincode)
        return
    point = found[0].point
    convo.uow.campaigns.set_alert(Alert(convo.person.id, point.lat, point.lng, query.pincode), convo.now)
    convo.say(NOTIFYING, km=NEAR_RADIUS_M // 1000, pincode=query.pincode, times=NEAR_NOTICES_A_DAY)


def waits_for_pin(convo: Conversation) -> bool:
    return WAITING_FOR_PIN in convo.person.draft


def pin_for_alert(convo: Conversation, pin: Pin) -> None:
    point = read_pin(convo, pin)
    if point is None:
        return
    convo.person.draft = {key: value for key, value in convo.person.draft.items() if key != WAITING_FOR_PIN}
    convo.uow.campaigns.set_alert(Alert(convo.person.id, point.lat, point.lng, ""), convo.now)
    convo.say(NOTIFYING_PIN, km=NEAR_RADIUS_M // 1000, times=NEAR_NOTICES_A_DAY)


def notify_off_command(convo: Conversation, command: Command, order: Order | None) -> None:
    convo.uow.campaigns.drop_alert(convo.person.id)
    convo.say(NOTIFY_STOPPED)
