"""The rules behind what staff read of giving and of messages: masked numbers, a pledge's next renewal, what
reached kitchens, a campaign's area, and which unsent messages may be sent again."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.attention import NotAgain, not_again
from domain.channels import MessageKind
from domain.giving.accounts import CampaignAccount
from domain.giving.campaigns import Campaign, CampaignStatus
from domain.giving.ledger import Balance, Entry, EntryKind, reached_kitchens
from domain.giving.pledges import Pledge, PledgeStatus
from domain.people import masked

AT = datetime(2026, 11, 26, 6, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("address", "shown"),
    [("whatsapp:+919800000001", "+91•••••••001"), ("+919800000001", "+91•••••••001"), (None, ""), ("", "")],
)
def test_a_givers_number_shows_its_country_and_last_three_digits_only(address, shown):
    assert masked(address) == shown


@pytest.mark.parametrize(
    ("monthly", "status", "month", "renews"),
    [
        (True, PledgeStatus.ACTIVE, date(2026, 11, 1), date(2026, 12, 1)),
        (True, PledgeStatus.ACTIVE, date(2026, 12, 1), date(2027, 1, 1)),
        (True, PledgeStatus.PAUSED, date(2026, 11, 1), None),
        (True, PledgeStatus.ENDED, date(2026, 11, 1), None),
        (False, PledgeStatus.ACTIVE, date(2026, 11, 1), None),
    ],
)
def test_a_pledge_renews_on_the_first_of_the_next_month_only_while_monthly_and_active(monthly, status, month, renews):
    pledge = Pledge("P1234", 1, 60000, monthly, AT, month, status=status.value)
    assert pledge.renews_on == renews


def test_only_paid_entries_count_as_money_that_reached_kitchens():
    entries = [
        Entry(1, EntryKind.RENEWED, AT, paise=60000),
        Entry(1, EntryKind.ALLOCATED, AT, paise=-6000, pending_paise=6000),
        Entry(1, EntryKind.PAID, AT, pending_paise=-6000),
        Entry(1, EntryKind.ALLOCATED, AT, paise=-5000, pending_paise=5000),
        Entry(1, EntryKind.RELEASED, AT, paise=5000, pending_paise=-5000),
    ]
    assert reached_kitchens(entries) == (1, 6000)


def campaign(status: CampaignStatus) -> Campaign:
    return Campaign("C1234", 1, 7, 3, 6000, AT, AT, status=status.value)


def test_a_campaigns_promises_are_what_it_no_longer_needs_and_nothing_once_expired():
    assert campaign(CampaignStatus.FUNDING).promised_paise(4000) == 2000
    assert campaign(CampaignStatus.EXPIRED).promised_paise(0) == 0


def test_a_campaigns_area_is_the_place_as_named_else_a_cell_of_about_a_kilometre():
    def area(label: str, lat: float | None, lng: float | None) -> str:
        found = CampaignAccount(
            campaign(CampaignStatus.ACTIVE), Balance(), "Amma Mess", "K7QX", "CREATED", label, lat, lng
        )
        return found.area

    assert area("Thygarayanagar H.O, 600017", 13.0412, 80.2339) == "Thygarayanagar H.O, 600017"
    assert area("", 13.0604, 80.2496) == "13.06, 80.25"
    assert area("", None, None) == ""


@pytest.mark.parametrize(
    ("kind", "stopped", "copied", "why"),
    [
        (MessageKind.UPI_LINK, False, False, None),
        (MessageKind.REPLY, False, False, None),
        (MessageKind.REPLY, True, False, NotAgain.STOPPED),
        (MessageKind.NEW_ORDER, False, False, NotAgain.ORDER_MOVED_ON),
        (MessageKind.NEW_ORDER, True, False, NotAgain.STOPPED),
        (MessageKind.UPI_LINK, False, True, NotAgain.COPIED),
        (MessageKind.REPLY, True, True, NotAgain.COPIED),
    ],
)
def test_a_message_is_sent_again_unless_its_person_stopped_it_asked_a_kitchen_for_an_order_gone_on_or_was_copied(
    kind, stopped, copied, why
):
    assert not_again(kind, stopped, copied) == why
