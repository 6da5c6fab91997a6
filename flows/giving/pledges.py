"""A donor's pledges: `PLEDGE 600 MONTH [NEAR <PIN code>] [RADIUS 3] [HOURS 11-15]`, `PLEDGES`,
`CANCEL PLEDGE <ref>`, `PAUSE [ref]` and `RESUME [ref]`.

A pledge is money promised, never paid to Ketpaar: each meal it pays for is paid by its donor straight
to the kitchen (flows/giving/pledge_payments.py). On WhatsApp, `NEAR` alone asks for a location pin.
"""

from __future__ import annotations

from domain.commands import Command
from domain.geo import Point
from domain.giving.ledger import AccountKind, lapsed, reference_candidates, renewed
from domain.giving.pledges import (
    MAX_PLEDGE_RUPEES,
    MAX_RADIUS_KM,
    MIN_PLEDGE_RUPEES,
    Pledge,
    PledgeProblem,
    PledgeRequest,
    PledgeStatus,
    month_of,
    parse_pledge,
)
from domain.giving.windows import window_of
from domain.money import format_rupees
from domain.orders import Order
from domain.places import PlaceQuery
from flows.conversation import Conversation
from flows.giving.texts import MONTHLY, NEAR_PIN, NEAR_PLACE, ONCE, ONLY_AT, PLEDGE_STATES
from flows.i18n import N_
from flows.messages import Pin
from flows.pins import read_pin

WAITING_FOR_PIN = "pledge_pin"  # the person's draft: a PLEDGE … NEAR waiting for its location pin
PROBLEMS = {
    PledgeProblem.NO_AMOUNT: N_("Please write the amount after PLEDGE, like PLEDGE 600 MONTH."),
    PledgeProblem.TOO_SMALL: N_("A pledge is at least {least}."),
    PledgeProblem.TOO_LARGE: N_("A pledge is at most {most}."),
    PledgeProblem.NO_PLACE: N_("Please write a 6-digit PIN code after NEAR, like PLEDGE 600 MONTH NEAR 600017."),
    PledgeProblem.BAD_RADIUS: N_("Please write the distance in km, from 1 to {km}, like RADIUS 3."),
    PledgeProblem.BAD_HOURS: N_("Please write the hours like HOURS 11-15, or HOURS LUNCH."),
    PledgeProblem.UNKNOWN_WORD: N_("Please write a pledge like PLEDGE 600 MONTH NEAR 600017 RADIUS 3 HOURS 11-15."),
}
UNKNOWN_PINCODE = N_("We do not know the PIN code {pincode}. Please check it.")
SHARE_PLACE = N_("Now share the place your pledge is for: tap + (or the clip), then Location, then Send.")
PLEDGED = N_(
    "Thank you. Pledge {ref}: {terms}.\nWhen a meal near needs it, we send you a UPI link for that meal, "
    "payable to the kitchen, and you have {minutes} minutes to pay. PLEDGES lists yours."
)
LIST = N_("Your pledges:\n{pledges}")
LINE = N_("{ref}: {terms}; {left} left, {state}")
NONE_YET = N_("You have no pledges. To pledge, send PLEDGE 600 MONTH.")
NO_SUCH = N_("You have no pledge {ref}. Send PLEDGES to see yours.")
WHICH = N_("Which pledge? Add its reference, like {verb} {ref}.")
ENDED = N_("Pledge {ref} is ended: nothing more will be asked of it. Thank you.")
ALREADY_ENDED = N_("Pledge {ref} has already ended.")
PAUSED = N_("Pledge {ref} is paused: no links and no renewal until you send RESUME {ref}.")
RESUMED = N_("Pledge {ref} is on again: {left} left for meals.")
NOT_PAUSED = N_("Pledge {ref} is not paused.")
ALREADY_PAUSED = N_("Pledge {ref} is already paused.")


def pledge_command(convo: Conversation, command: Command, order: Order | None) -> None:
    request = parse_pledge(command.args)
    if request == PledgeProblem.NO_PLACE or (isinstance(request, PledgeRequest) and request.wants_pin):
        if convo.person.channel == "whatsapp" and isinstance(request, PledgeRequest):
            convo.person.draft = {**convo.person.draft, WAITING_FOR_PIN: command.rest}
            convo.say(SHARE_PLACE)
            return
        request = PledgeProblem.NO_PLACE
    if isinstance(request, PledgeProblem):
        least, most = format_rupees(MIN_PLEDGE_RUPEES * 100), format_rupees(MAX_PLEDGE_RUPEES * 100)
        convo.say(PROBLEMS[request], least=least, most=most, km=MAX_RADIUS_KM)
        return
    point = None
    if request.pincode is not None:
        found = convo.uow.places.find(PlaceQuery("", request.pincode), None)
        if not found:
            convo.say(UNKNOWN_PINCODE, pincode=request.pincode)
            return
        point = found[0].point
    make(convo, request, point, request.pincode or "")


def waits_for_pin(convo: Conversation) -> bool:
    return WAITING_FOR_PIN in convo.person.draft


def pin_for_pledge(convo: Conversation, pin: Pin) -> None:
    """The location pin a `PLEDGE … NEAR` waited for: the pledge is made there."""
    point = read_pin(convo, pin)
    if point is None:
        return
    said = convo.person.draft[WAITING_FOR_PIN]
    convo.person.draft = {key: value for key, value in convo.person.draft.items() if key != WAITING_FOR_PIN}
    request = parse_pledge(tuple(said.split()))
    make(convo, request, point, "")


def make(convo: Conversation, request: PledgeRequest, point: Point | None, label: str) -> Pledge:
    """A new pledge with its first month's (or its one) amount in the ledger."""
    account_id, reference = convo.uow.ledger.open_account(AccountKind.PLEDGE, reference_candidates(AccountKind.PLEDGE))
    window = request.window
    pledge = Pledge(
        reference=reference,
        donor_id=convo.person.id,
        amount_paise=request.amount_paise,
        monthly=request.monthly,
        created_at=convo.now,
        period=month_of(convo.now),
        lat=point.lat if point else None,
        lng=point.lng if point else None,
        place_label=label,
        radius_m=request.radius_km * 1000,
        window_start=window.start if window else None,
        window_end=window.end if window else None,
        id=account_id,
    )
    convo.uow.pledges.add(pledge)
    convo.uow.ledger.record(renewed(account_id, pledge.amount_paise, convo.now, "pledged"))
    minutes = convo.deadlines.pledge_payment_minutes
    convo.say(PLEDGED, ref=reference, terms=terms(convo, pledge), minutes=minutes)
    return pledge


def terms(convo: Conversation, pledge: Pledge) -> str:
    """What a pledge promises, as this person reads it: its amount, and its place and hours if any."""
    amount = format_rupees(pledge.amount_paise)
    parts = [convo.phrase(MONTHLY if pledge.monthly else ONCE, amount=amount)]
    if pledge.point is not None:
        km = pledge.radius_m // 1000
        where = NEAR_PLACE if pledge.place_label else NEAR_PIN
        parts.append(convo.phrase(where, km=km, place=pledge.place_label))
    window = window_of(pledge.window_start, pledge.window_end)
    if window is not None:
        parts.append(convo.phrase(ONLY_AT, window=str(window)))
    return ", ".join(parts)


def pledges_command(convo: Conversation, command: Command, order: Order | None) -> None:
    mine = [pledge for pledge in convo.uow.pledges.of_donor(convo.person.id) if pledge.status != PledgeStatus.ENDED]
    if not mine:
        convo.say(NONE_YET)
        return
    lines = [
        convo.phrase(
            LINE,
            ref=pledge.reference,
            terms=terms(convo, pledge),
            left=format_rupees(convo.uow.ledger.balance(pledge.id).paise),
            state=convo.phrase(PLEDGE_STATES[pledge.status]),
        )
        for pledge in mine
    ]
    convo.say(LIST, pledges="\n".join(lines))


def own_pledge(convo: Conversation, command: Command, verb: str, fits) -> Pledge | None:
    """The pledge a command names, if it is this donor's; without a reference, the one it fits. Replies when none."""
    mine = [pledge for pledge in convo.uow.pledges.of_donor(convo.person.id) if pledge.status != PledgeStatus.ENDED]
    if command.reference is None:
        fitting = [pledge for pledge in mine if fits(pledge)]
        if len(fitting) == 1 or (fitting and len(mine) == 1):
            return fitting[0]
        if not mine:
            convo.say(NONE_YET)
        else:
            convo.say(WHICH, verb=verb, ref=(fitting or mine)[0].reference)
        return None
    pledge = convo.uow.pledges.by_reference(command.reference)
    if pledge is None or pledge.donor_id != convo.person.id:
        convo.say(NO_SUCH, ref=command.reference)
        return None
    return pledge


def cancel_pledge_command(convo: Conversation, command: Command, order: Order | None) -> None:
    pledge = own_pledge(convo, command, "CANCEL PLEDGE", lambda pledge: True)
    if pledge is None:
        return
    if pledge.status == PledgeStatus.ENDED:
        convo.say(ALREADY_ENDED, ref=pledge.reference)
        return
    end(convo, pledge)
    convo.say(ENDED, ref=pledge.reference)


def end(convo: Conversation, pledge: Pledge) -> None:
    """What is left lapses; a meal it is paying for now is still the pledger's to pay, or to let go."""
    pledge.end(convo.now)
    left = convo.uow.ledger.locked_balance(pledge.id)
    if left.paise:
        convo.uow.ledger.record(lapsed(pledge.id, left, convo.now, "pledge ended"))


def end_all(convo: Conversation) -> None:
    """The donor erased their data: their pledges end, what was left of them lapses."""
    for pledge in convo.uow.pledges.of_donor(convo.person.id):
        if pledge.status != PledgeStatus.ENDED:
            end(convo, pledge)


def pause_command(convo: Conversation, command: Command, order: Order | None) -> None:
    pledge = own_pledge(convo, command, "PAUSE", lambda pledge: pledge.active)
    if pledge is None:
        return
    if not pledge.active:
        convo.say(ALREADY_PAUSED if pledge.status == PledgeStatus.PAUSED else ALREADY_ENDED, ref=pledge.reference)
        return
    pledge.pause()
    convo.say(PAUSED, ref=pledge.reference)


def resume_command(convo: Conversation, command: Command, order: Order | None) -> None:
    pledge = own_pledge(convo, command, "RESUME", lambda pledge: pledge.status == PledgeStatus.PAUSED)
    if pledge is None:
        return
    if pledge.status != PledgeStatus.PAUSED:
        convo.say(NOT_PAUSED if pledge.active else ALREADY_ENDED, ref=pledge.reference)
        return
    pledge.resume()
    if pledge.renewal_due(convo.now):  # paused over the 1st: this month's amount starts now
        renew(convo, pledge)
    convo.say(RESUMED, ref=pledge.reference, left=format_rupees(convo.uow.ledger.balance(pledge.id).paise))


def renew(convo: Conversation, pledge: Pledge) -> None:
    """A new month: what was left of the last lapses, and the month's amount is there again."""
    left = convo.uow.ledger.locked_balance(pledge.id)
    if left.paise:
        convo.uow.ledger.record(lapsed(pledge.id, left, convo.now, f"month {pledge.period:%Y-%m} over"))
    pledge.renew(convo.now)
    convo.uow.ledger.record(renewed(pledge.id, pledge.amount_paise, convo.now, f"month {pledge.period:%Y-%m}"))
