"""A kitchen's commands on one order: ACCEPT, DECLINE, PAID, READY, DELIVERED and FAILED.

Each command fits orders in some statuses only (FITS). Without a reference, a command means the one
open order it fits; a hint names only the orders it fits; on an order it does not fit, the kitchen
hears what that order waits for and what it can send.
"""

from __future__ import annotations

from collections.abc import Callable

from domain.capacity import CapacityReason
from domain.channels import MessageKind
from domain.commands import FAILURE_REASONS, KITCHEN_VERBS, Command, failure_report, parse_command
from domain.jobs import Job
from domain.kitchens import Kitchen
from domain.money import format_rupees
from domain.orders import Funding, Order
from domain.orders import OrderStatus as S
from domain.people import Person
from domain.photos import PhotoPurpose
from flows import kitchen_search, ordering
from flows.conversation import Conversation
from flows.giving import campaign_orders, funding, pledge_payments, receipts
from flows.i18n import N_
from flows.messages import Inbound
from flows.texts import KITCHEN_NEXT, KITCHEN_WAITS, PAYMENT_CLAIMED

# The orders each command fits. DECLINE fits until the kitchen says PAID: a donor who never pays
# must not hold a kitchen's meal with no way out but the payment timeout.
FITS: dict[str, Callable[[Order], bool]] = {
    "ACCEPT": lambda order: order.awaits_kitchen_answer,
    "DECLINE": lambda order: order.awaits_kitchen_answer or order.state == S.PAYMENT_REDIRECT,
    "PAID": lambda order: order.state == S.PAYMENT_REDIRECT,
    "READY": lambda order: order.state == S.PAYMENT_CONFIRMED,
    "DELIVERED": lambda order: order.can_move_to(S.DELIVERED),
    "FAILED": lambda order: order.can_move_to(S.DELIVERY_FAILED),
}


NOT_NOW = N_("Order {ref} is {status}, so {verb} does not apply now.")
PLEDGE_PAYMENT_CAME = N_("{kitchen} received the pledge's payment for order {ref}. The meal is being cooked.")
PAYMENT_CAME = N_("{kitchen} received your payment for order {ref}. The meal is being cooked.")
# A WhatsApp kitchen hears the whole path at ACCEPT, so its PAID needs no answer; an SMS kitchen's two parts
# hold only the next step, and its PAID is answered with the one after.
WILL_BE_PAID = N_(
    "The donor will pay {amount} to {upi}. When it arrives, reply PAID {ref}. "
    "Once the meal is handed over, send DELIVERED {ref} with a photo."
)
WILL_BE_PAID_SMS = N_("The donor will pay {amount} to {upi}. When it arrives, reply PAID {ref}.")
DELIVERED = N_("The meal for order {ref} was delivered.\nHow was {kitchen}? Reply with a number from 1 to 5.")


def waits_for(convo: Conversation, order: Order) -> str:
    """What the order waits for, as its kitchen reads it ("waiting for your ACCEPT")."""
    if order.state == S.PAYMENT_REDIRECT and order.donor_paid_at is not None:
        return convo.phrase(PAYMENT_CLAIMED)
    if order.state in KITCHEN_WAITS:
        return convo.phrase(KITCHEN_WAITS[order.state])
    return ordering.status_name(convo, convo.person, order)


def order_lines(convo: Conversation, orders: list[Order]) -> str:
    return "\n".join(f"{order.reference}: {waits_for(convo, order)}" for order in orders)


def order_for(convo: Conversation, kitchen: Kitchen, command: Command) -> Order | None:
    """The order a kitchen's command is about; replies and returns None when it cannot tell."""
    reference = failure_report(command)[0] if command.verb == "FAILED" else command.reference
    if reference is None:
        return the_one_order(convo, kitchen, command.verb)
    order = convo.uow.orders.by_reference(reference)
    if order is None:
        convo.say("There is no order {ref}. Please check the reference.", ref=reference)
        return None
    if order.kitchen_id != kitchen.id and kitchen.id in order.declined_kitchen_ids:
        convo.say("Order {ref} is no longer yours. Please do not cook it.", ref=order.reference)
        return None
    if order.kitchen_id != kitchen.id:
        convo.say("Order {ref} is not one of yours.", ref=reference)
        return None
    return order


def the_one_order(convo: Conversation, kitchen: Kitchen, verb: str) -> Order | None:
    """A command without a reference: the one open order it fits, or the one open order there is."""
    open_orders = convo.uow.orders.open_for_kitchen(kitchen.id)
    fitting = [order for order in open_orders if FITS[verb](order)]
    if len(fitting) == 1:
        return fitting[0]
    if fitting:
        convo.say(
            "Which order do you mean: {refs}? Please add the reference, like {verb} {first}.",
            refs=", ".join(order.reference for order in fitting),
            verb=verb,
            first=fitting[0].reference,
        )
    elif not open_orders:
        convo.say("You have no open order.")
    elif len(open_orders) == 1:
        return open_orders[0]  # its action says why the command does not fit it
    else:
        convo.say(
            "{verb} does not apply to any of your open orders now:\n{orders}",
            verb=verb,
            orders=order_lines(convo, open_orders),
        )
    return None


def not_now(convo: Conversation, order: Order, verb: str) -> None:
    """The command does not fit the order: what the order waits for, and what the kitchen can send."""
    lines = [NOT_NOW]
    if order.state in KITCHEN_NEXT:
        lines.append(KITCHEN_NEXT[order.state])
    convo.say_lines(*lines, ref=order.reference, status=waits_for(convo, order), verb=verb)


def donor_of(convo: Conversation, order: Order) -> Person:
    return convo.uow.people.get(order.donor_id)


def tell_donor(convo: Conversation, order: Order, message: str, **values: object) -> None:
    """The order moved on: the donor hears it, by the status template once WhatsApp's window has closed.

    `message` is marked with N_ where it is written, since calls here are not extracted."""
    donor = donor_of(convo, order)
    status = ordering.status_name(convo, donor, order)
    convo.notify(donor, message, kind=MessageKind.STATUS_CHANGE, ref=order.reference, status=status, **values)


def accept(convo: Conversation, kitchen: Kitchen, order: Order, msg: Inbound) -> None:
    if not FITS["ACCEPT"](order):
        return not_now(convo, order, "ACCEPT")
    order.ask_payment(convo.now)
    if order.funding == Funding.CAMPAIGN:  # each contributor pays their own share
        campaign_orders.kitchen_accepted(convo, kitchen, order)
        return
    amount = format_rupees(order.amount_paise)
    values = {"amount": amount, "upi": kitchen.upi_vpa, "ref": order.reference}
    convo.notify(
        donor_of(convo, order),
        "{kitchen} accepted order {ref}. Please pay {amount} directly to the kitchen by UPI: {link}\n"
        "Ketpaar never holds your money. We tell you when the meal is delivered.",
        kind=MessageKind.UPI_LINK,
        kitchen=kitchen.name,
        ref=order.reference,
        amount=amount,
        link=ordering.upi_for(order, kitchen),
        upi=kitchen.upi_vpa,  # an SMS donor cannot tap the link: the short form gives the UPI ID
    )
    funding.offer(convo, order)
    will_be_paid = WILL_BE_PAID_SMS if convo.person.channel == "sms" else WILL_BE_PAID
    convo.say(will_be_paid, **values)


def decline(convo: Conversation, kitchen: Kitchen, order: Order, msg: Inbound) -> None:
    """Before ACCEPT, or after it while the donor has not paid: the order goes to the next kitchen."""
    if not FITS["DECLINE"](order):
        return not_now(convo, order, "DECLINE")
    accepted = order.state == S.PAYMENT_REDIRECT
    kitchen_search.kitchen_dropped_out(convo, order, CapacityReason.DECLINED)
    if accepted:
        convo.say(
            "Noted: you gave up order {ref}. If the donor's money reached you, please send it back.",
            ref=order.reference,
        )
    else:
        convo.say("Noted: you declined order {ref}.", ref=order.reference)


def paid(convo: Conversation, kitchen: Kitchen, order: Order, msg: Inbound) -> None:
    if not FITS["PAID"](order):
        return not_now(convo, order, "PAID")
    if order.funding == Funding.CAMPAIGN:  # all of it is there: every share is paid
        campaign = convo.uow.campaigns.for_order(order.id)
        campaign_orders.pay_all(convo, campaign, order, kitchen)
        campaign_orders.order_paid(convo, order, kitchen)
        return
    by_pledge = order.funding == Funding.PLEDGE
    if by_pledge:
        pledge_payments.pledge_paid(convo, order)
    claimed = order.donor_paid_at is not None
    order.move_to(S.PAYMENT_CONFIRMED, convo.now, "kitchen confirmed payment")
    if by_pledge:  # the donor did not pay: news to them
        tell_donor(convo, order, PLEDGE_PAYMENT_CAME, kitchen=kitchen.name)
    elif claimed:  # the donor said PAID and waits for the kitchen's word
        tell_donor(convo, order, PAYMENT_CAME, kitchen=kitchen.name)
    # Else nothing to the donor: they paid, their UPI app said so, and they were told they hear of the delivery.
    if convo.person.channel == "sms":  # an SMS kitchen's ACCEPT reply had no room for what comes after PAID
        convo.say(
            "Payment noted for order {ref}. Once the meal is handed over, send DELIVERED {ref} with a photo.",
            ref=order.reference,
        )


def ready(convo: Conversation, kitchen: Kitchen, order: Order, msg: Inbound) -> None:
    if not FITS["READY"](order):
        return not_now(convo, order, "READY")
    order.move_to(S.IN_TRANSIT, convo.now, "meal on its way")
    tell_donor(convo, order, N_("The meal for order {ref} is on its way."))
    # Nothing back to the kitchen: what comes next (DELIVERED with a photo) it was told with its PAID.


def delivered(convo: Conversation, kitchen: Kitchen, order: Order, msg: Inbound) -> None:
    if not FITS["DELIVERED"](order):
        return not_now(convo, order, "DELIVERED")
    # An SMS kitchen cannot send a photo: its word is taken, as a WhatsApp kitchen's photo is.
    if not msg.has_photo and convo.person.channel != "sms":
        convo.say("Please send DELIVERED {ref} together with a photo of the delivered meal.", ref=order.reference)
        return
    photo_id = msg.photo_ids[0] if msg.has_photo else None
    order.deliver(photo_id, convo.now)
    if photo_id is not None:
        convo.uow.later(Job.PROCESS_PHOTO, order.delivery_photo_id, order.id, PhotoPurpose.DELIVERY)
    donor = donor_of(convo, order)
    if photo_id is None or donor is None or donor.channel == "sms":
        tell_donor(convo, order, DELIVERED, kitchen=kitchen.name)
    # else the photo job tells the donor, with the photo in the same message (flows.donor.resume).
    receipts.delivered(convo, order, photo_follows=photo_id is not None)
    # Nothing back to the kitchen: a thank-you would tell it only what it knows (a photo that cannot be
    # read, or a DELIVERED that does not fit, is answered).


def failed(convo: Conversation, kitchen: Kitchen, order: Order, msg: Inbound) -> None:
    if not FITS["FAILED"](order):
        return not_now(convo, order, "FAILED")
    said = failure_report(parse_command(msg.text, KITCHEN_VERBS))[1]
    order.fail_delivery(said if said in FAILURE_REASONS else None, said, convo.now)
    tell_donor(convo, order, N_("Sorry, {kitchen} could not deliver the meal for order {ref}."), kitchen=kitchen.name)
    convo.say("Noted: order {ref} could not be delivered.", ref=order.reference)


ORDER_ACTIONS: dict[str, Callable[[Conversation, Kitchen, Order, Inbound], None]] = {
    "ACCEPT": accept,
    "DECLINE": decline,
    "PAID": paid,
    "READY": ready,
    "DELIVERED": delivered,
    "FAILED": failed,
}
