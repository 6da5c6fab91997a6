"""Periodic sweeps run by `rq cron`: kitchens that did not answer, orders waiting for a kitchen to free up,
payments that never came or were never confirmed, and work Redis may have lost."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from bot import logs
from compose import Services
from domain.capacity import CapacityReason
from domain.giving.campaigns import OPEN_FOR_GIVING
from domain.giving.pledges import month_of
from domain.jobs import Job
from domain.orders import PAID_CLAIM_MINUTES, Funding, Order
from flows.conversation import Conversation
from flows.donor import resume
from jobs import runtime

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(seconds=60)
SAFETY_LOST_AFTER = timedelta(minutes=2)  # an assessment takes seconds; Google has a 2 s timeout
PHOTO_LOST_AFTER = timedelta(minutes=5)  # a photo job takes about a second even at 4000 px


def kitchen_timeouts() -> int:
    """Releases the meal of every order whose kitchen has not answered in time, and asks the next kitchen."""
    services = runtime.services()
    cutoff = services.clock() - timedelta(minutes=services.settings.kitchen_answer_minutes)
    with services.uow() as uow:
        waiting = uow.orders.awaiting_kitchen_since(cutoff)
    return _each_order(
        services,
        waiting,
        lambda order: order.awaits_kitchen_answer and order.kitchen_asked_at <= cutoff,
        lambda convo, order: resume.kitchen_dropped_out(convo, order, CapacityReason.TIMED_OUT),
    )


def kitchen_waits() -> int:
    """Asks a kitchen that can cook now for each order waiting for one, and ends the waits that are over."""
    services = runtime.services()
    with services.uow() as uow:
        waiting = uow.orders.waiting_for_kitchen()
    # kitchen_wait checks the status itself: the donor may have moved on meanwhile.
    return _each_order(services, waiting, lambda order: True, resume.kitchen_wait)


def payment_timeouts() -> int:
    """Closes every order whose donor got the UPI link PAYMENT_TIMEOUT_MINUTES ago and neither paid nor said so."""
    services = runtime.services()
    minutes = services.settings.payment_timeout_minutes
    cutoff = services.clock() - timedelta(minutes=minutes)
    with services.uow() as uow:
        waiting = uow.orders.awaiting_payment_since(cutoff)
    return _each_order(
        services,
        waiting,
        lambda order: order.payment_overdue(cutoff),
        lambda convo, order: resume.payment_timed_out(convo, order, minutes),
    )


def pledge_timeouts() -> int:
    """Each meal whose pledger did not pay the kitchen in PLEDGE_PAYMENT_MINUTES: the next pledge is asked."""
    services = runtime.services()
    cutoff = services.clock() - timedelta(minutes=services.settings.pledge_payment_minutes)
    with services.uow() as uow:
        waiting = uow.orders.awaiting_payment_since(cutoff, Funding.PLEDGE)
    return _each_order(
        services, waiting, lambda order: order.payment_overdue(cutoff, Funding.PLEDGE), resume.pledge_timed_out
    )


def renew_pledges() -> int:
    """On the 1st of the month, in India, each monthly pledge's amount is there again (unless paused)."""
    services = runtime.services()
    now = services.clock()
    with services.uow() as uow:
        due = uow.pledges.due_for_renewal(month_of(now))
    for pledge_id in due:
        with services.uow() as uow:
            pledge = uow.pledges.get(pledge_id)
            if not pledge.renewal_due(now):  # renewed, paused or ended since the query
                continue
            resume.renew(runtime.conversation(services, uow, uow.people.get(pledge.donor_id)), pledge)
            uow.commit()
    return len(due)


def campaigns_due() -> int:
    """Each open campaign: expired after CAMPAIGN_MINUTES, else its progress told (at most every ten minutes)."""
    services = runtime.services()
    with services.uow() as uow:
        open_ids = uow.campaigns.open_ids(OPEN_FOR_GIVING)
    for campaign_id in open_ids:
        with services.uow() as uow:
            campaign = uow.campaigns.get(campaign_id)
            creator = uow.people.get(campaign.creator_id) if campaign.creator_id else None
            if creator is None:  # the creator erased their data: the order was cancelled with the campaign
                continue
            resume.campaign_turn(runtime.conversation(services, uow, creator), campaign)
            uow.commit()
    return len(open_ids)


def share_timeouts() -> int:
    """Campaign shares not paid in SHARE_PAYMENT_MINUTES (a pledge's in PLEDGE_PAYMENT_MINUTES): covered by a
    pledge, else the campaign's creator is asked to cover them or cancel."""
    services = runtime.services()
    settings = services.settings
    cutoff = services.clock() - timedelta(minutes=min(settings.share_payment_minutes, settings.pledge_payment_minutes))
    with services.uow() as uow:
        orders = uow.campaigns.orders_with_shares_asked_since(cutoff)
    return _each_order(services, orders, lambda order: order.is_open, resume.shares_overdue)


def unconfirmed_payment_claims() -> int:
    """Flags for an admin every donor's PAID that the kitchen has not confirmed in time."""
    services = runtime.services()
    cutoff = services.clock() - timedelta(minutes=PAID_CLAIM_MINUTES)
    with services.uow() as uow:
        claims = uow.orders.paid_claims_unconfirmed_since(cutoff)
    return _each_order(services, claims, lambda order: order.claim_unconfirmed(cutoff), resume.claim_unconfirmed)


def _each_order(
    services: Services,
    order_ids: list[int],
    still_due: Callable[[Order], bool],
    step: Callable[[Conversation, Order], None],
) -> int:
    """Each order in its own unit of work, under its row lock. `still_due` asks again there, since the
    kitchen or the donor may have answered since the query; `step` is where the conversation resumes."""
    for order_id in order_ids:
        with services.uow() as uow:
            order = uow.orders.get(order_id)
            if not still_due(order):
                continue
            with logs.bind(order_ref=order.reference):
                step(runtime.conversation(services, uow, uow.people.get(order.donor_id)), order)
                uow.commit()
    return len(order_ids)


def requeue_inbound() -> int:
    """Inbound messages stored while Redis was down, whose job was lost, or whose try failed, are enqueued again.

    A message that failed is tried again here, once a sweep, until jobs.inbound gives it up.
    """
    services = runtime.services()
    with services.uow() as uow:
        stale = uow.inbox.unprocessed_before(services.clock() - STALE_AFTER)
    for message_id in stale:
        services.enqueue(Job.HANDLE_INBOUND, (message_id,))
    return len(stale)


def requeue_outbound() -> int:
    """Replies whose job was lost, whose retry Redis forgot, or whose send a crash cut short.

    A job still queued or running is not duplicated: Services.enqueue leaves it alone.
    """
    services = runtime.services()
    with services.uow() as uow:
        due = uow.sent.due(services.clock())
    for message_id in due:
        services.enqueue(Job.SEND_MESSAGE, (message_id,))
    return len(due)


def requeue_safety_checks() -> int:
    """Orders stuck in the safety check with no result: the job was lost or its worker killed."""
    services = runtime.services()
    with services.uow() as uow:
        stuck = uow.orders.unassessed_since(services.clock() - SAFETY_LOST_AFTER)
    for order_id in stuck:
        services.enqueue(Job.ASSESS_SAFETY, (order_id,))
    return len(stuck)


def requeue_photos() -> int:
    """Photos an order waits for that are still raw: the job was lost or its worker killed."""
    services = runtime.services()
    with services.uow() as uow:
        raw = uow.photos.left_raw(services.clock() - PHOTO_LOST_AFTER)
    for photo_id, order_id, purpose in raw:
        services.enqueue(Job.PROCESS_PHOTO, (photo_id, order_id, purpose))
    return len(raw)
