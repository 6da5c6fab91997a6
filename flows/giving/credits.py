"""Meal credits: a donor's `CREDIT 10 [AMMA] [LUNCH] [SMS]`, the kitchen's `RECEIVED <ref>` and `CREDITS`.

The donor pays the kitchen directly by the UPI link; the credit's meals are available only once the
kitchen says the money came. Ketpaar never holds it.
"""

from __future__ import annotations

from domain.channels import MessageKind
from domain.commands import Command
from domain.giving.credits import MAX_CREDIT_MEALS, Credit, CreditProblem, CreditRequest, named, parse_credit
from domain.giving.ledger import AccountKind, confirmed, purchased, reference_candidates
from domain.kitchens import Kitchen
from domain.money import format_rupees, upi_link
from domain.orders import Order
from flows.conversation import Conversation
from flows.giving import campaign_orders
from flows.giving.texts import CREDIT_STATES, ONLY_AT
from flows.i18n import N_

MOST_NAMED = 3  # kitchens named back when a short name fits several: what one SMS has room for
CREDIT_HOW = N_("Please write the number of meals after CREDIT, like CREDIT 10 AMMA.")
CREDIT_TOO_MANY = N_("At most {most} meals at a time, please.")
WHICH_KITCHEN = N_("Which kitchen? Add the first word of its name, like CREDIT {meals} AMMA.")
NO_SUCH_KITCHEN = N_("We know no kitchen called {name}. Please check the name.")
MANY_KITCHENS = N_("Which kitchen do you mean: {names}? Please write more of its name.")
BUY = N_(
    "Meal credit {ref}: {meals} meals at {kitchen}. Please pay {amount} directly to the kitchen by UPI: {link}\n"
    "The meals are ready for hungry people once {kitchen} confirms the money. Ketpaar never holds your money."
)
COMING = N_(
    "A donor is paying you {amount} ahead for {meals} meals ({ref}). When the money arrives, reply RECEIVED {ref}. "
    "Then we send you people who need a meal, already paid for."
)
READY = N_("Thank you. {meals} meals given ahead are ready at your kitchen ({ref}). Reply CREDITS to see them.")
DONOR_TOLD = N_(
    "{kitchen} received your {amount}: {meals} meals given ahead ({ref}) are ready for hungry people. "
    "You get a receipt for each meal delivered."
)
RECEIVED_HOW = N_("Please add the reference, like RECEIVED {ref}.")
NOTHING_TO_RECEIVE = N_("No payment ahead is waiting for your RECEIVED.")
NOT_YOURS = N_("{ref} is not a payment to your kitchen. Please check the reference.")
ALREADY = N_("{ref} is already confirmed. Thank you.")
LIST = N_("Meals given ahead at {name}:\n{credits}")
NONE_YET = N_("No meals are given ahead at {name} yet.")
LINE_READY = N_("{ref}: {left} of {meals} meals left")
LINE_PENDING = N_("{ref}: {amount} for {meals} meals, waiting for your RECEIVED")
ONLY_SMS = N_("only for SMS requests")


def credit_command(convo: Conversation, command: Command, order: Order | None) -> None:
    request = parse_credit(command.args)
    if request == CreditProblem.NO_NUMBER:
        convo.say(CREDIT_HOW)
        return
    if request == CreditProblem.TOO_MANY:
        convo.say(CREDIT_TOO_MANY, most=MAX_CREDIT_MEALS)
        return
    kitchen = kitchen_for(convo, request, order)
    if kitchen is not None:
        buy(convo, kitchen, request)


def kitchen_for(convo: Conversation, request: CreditRequest, order: Order | None) -> Kitchen | None:
    """The kitchen a short name names, or the kitchen of the donor's last order; replies when it cannot tell."""
    if not request.kitchen_name:
        kitchen = last_kitchen(convo, order)
        if kitchen is None:
            convo.say(WHICH_KITCHEN, meals=request.meals)
        return kitchen
    found = [
        kitchen
        for kitchen in convo.uow.kitchens.all()
        if kitchen.verified and named(kitchen.name, request.kitchen_name)
    ]
    if not found:
        convo.say(NO_SUCH_KITCHEN, name=request.kitchen_name)
        return None
    if len(found) > 1:
        convo.say(MANY_KITCHENS, names=", ".join(kitchen.name for kitchen in found[:MOST_NAMED]))
        return None
    return found[0]


def last_kitchen(convo: Conversation, order: Order | None) -> Kitchen | None:
    """The kitchen chosen for the open order, else for the donor's latest order that had one."""
    orders = ([order] if order is not None else []) + convo.uow.orders.for_donor(convo.person.id, limit=5)
    chosen = next((past.kitchen_id for past in orders if past.kitchen_id is not None), None)
    kitchen = convo.uow.kitchens.get(chosen) if chosen is not None else None
    return kitchen if kitchen is not None and kitchen.verified else None


def buy(convo: Conversation, kitchen: Kitchen, request: CreditRequest) -> Credit:
    """A pending credit: the ledger records the money on its way, the donor gets the UPI link, the kitchen is told."""
    account_id, reference = convo.uow.ledger.open_account(AccountKind.CREDIT, reference_candidates(AccountKind.CREDIT))
    window = request.window
    credit = Credit(
        reference=reference,
        donor_id=convo.person.id,
        kitchen_id=kitchen.id,
        meals=request.meals,
        price_paise=kitchen.price_paise,
        created_at=convo.now,
        window_start=window.start if window else None,
        window_end=window.end if window else None,
        sms_only=request.sms_only,
        id=account_id,
    )
    convo.uow.credits.add(credit)
    convo.uow.ledger.record(purchased(account_id, credit.meals, credit.price_paise, convo.now))
    amount = format_rupees(credit.amount_paise)
    convo.notify(
        convo.person,
        BUY,
        kind=MessageKind.UPI_LINK,
        kitchen=kitchen.name,
        ref=reference,
        amount=amount,
        meals=credit.meals,
        link=upi_link(kitchen.upi_vpa, kitchen.name, credit.amount_paise, reference),
        upi=kitchen.upi_vpa,  # an SMS donor cannot tap the link: the short form gives the UPI ID
    )
    contact = convo.uow.people.get(kitchen.person_id)
    status = convo.words(contact, CREDIT_STATES[credit.status]) if contact else ""
    convo.notify(
        contact, COMING, kind=MessageKind.PLEDGE, amount=amount, meals=credit.meals, ref=reference, status=status
    )
    return credit


def received(convo: Conversation, kitchen: Kitchen, reference: str | None) -> None:
    """The kitchen's RECEIVED for a credit: its meals become available, and the donor hears it."""
    credit = the_credit(convo, kitchen, reference)
    if credit is None:
        return
    if not credit.pending:
        convo.say(ALREADY, ref=credit.reference)
        return
    credit.confirm(convo.now)
    convo.uow.ledger.record(confirmed(credit.id, credit.meals, credit.price_paise, convo.now))
    convo.say(READY, meals=credit.meals, ref=credit.reference)
    donor = convo.uow.people.get(credit.donor_id) if credit.donor_id else None
    status = convo.words(donor, CREDIT_STATES[credit.status]) if donor else ""
    convo.notify(
        donor,
        DONOR_TOLD,
        kind=MessageKind.PLEDGE,
        kitchen=kitchen.name,
        amount=format_rupees(credit.amount_paise),
        meals=credit.meals,
        ref=credit.reference,
        status=status,
    )


def the_credit(convo: Conversation, kitchen: Kitchen, reference: str | None) -> Credit | None:
    """The credit a RECEIVED names; without a reference, the one pending at this kitchen. Replies when none fits."""
    if reference is None:
        pending = [credit for credit, _ in convo.uow.credits.at_kitchen(kitchen.id) if credit.pending]
        if len(pending) == 1:
            return pending[0]
        if pending:
            convo.say(RECEIVED_HOW, ref=pending[0].reference)
        else:
            convo.say(NOTHING_TO_RECEIVE)
        return None
    credit = convo.uow.credits.by_reference(reference)
    if credit is None and campaign_orders.received(convo, kitchen, reference):
        return None  # a campaign's share, or all of it: answered there
    if credit is None or credit.kitchen_id != kitchen.id:
        convo.say(NOT_YOURS, ref=reference.upper())
        return None
    return credit


def credits_command(convo: Conversation, kitchen: Kitchen, command: Command) -> None:
    """The kitchen's CREDITS: each credit with the meals left, or the money it waits for."""
    listed = convo.uow.credits.at_kitchen(kitchen.id)
    if not listed:
        convo.say(NONE_YET, name=kitchen.name)
        return
    lines = [credit_line(convo, credit, balance.meals) for credit, balance in listed]
    convo.say(LIST, name=kitchen.name, credits="\n".join(lines))


def credit_line(convo: Conversation, credit: Credit, left: int) -> str:
    if credit.pending:
        amount = format_rupees(credit.amount_paise)
        return convo.phrase(LINE_PENDING, ref=credit.reference, amount=amount, meals=credit.meals)
    limits = [convo.phrase(ONLY_AT, window=str(credit.window))] if credit.window else []
    limits += [convo.phrase(ONLY_SMS)] if credit.sms_only else []
    line = convo.phrase(LINE_READY, ref=credit.reference, left=left, meals=credit.meals)
    return ", ".join([line, *limits])
