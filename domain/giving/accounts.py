"""Each account of the ledger as staff read it: the credit, pledge or campaign, its balance, and the names it
needs beside it (the giver's address, the kitchen, the order)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.giving.campaigns import Campaign
from domain.giving.credits import Credit
from domain.giving.ledger import Balance
from domain.giving.pledges import Pledge


@dataclass(frozen=True)
class CreditAccount:
    credit: Credit
    balance: Balance
    donor: str | None  # the donor's address; None once they erased their data
    kitchen_id: int
    kitchen: str


@dataclass(frozen=True)
class PledgeAccount:
    pledge: Pledge
    balance: Balance
    donor: str | None


@dataclass(frozen=True)
class CampaignAccount:
    campaign: Campaign
    balance: Balance  # paise: what it still needs; pending: promised, not yet paid
    kitchen: str
    order_reference: str
    order_status: str
    place_label: str  # the order's place, as the donor named it ("" for a location pin)
    lat: float | None  # the order's place
    lng: float | None

    @property
    def area(self) -> str:
        """Where the meal goes: the place as named, else its cell of about 1 km (as the numbers page names
        areas), never the exact spot."""
        if self.place_label:
            return self.place_label
        if self.lat is None or self.lng is None:
            return ""
        return f"{self.lat:.2f}, {self.lng:.2f}"
