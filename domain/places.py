"""A place typed by SMS (`FEED 600017 T Nagar bus stand`): what was asked, what was found, how precisely.

A location pin is a point the phone measured; a typed place is a point we looked up, from
Google's geocoder or from the PIN code's post offices. The order keeps which (`point_source`),
and the kitchen reads the landmark as the donor wrote it beside the map link.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Protocol

from domain.commands import read_number
from domain.geo import Point

LANDMARK_MAX = 60  # characters of the landmark kept; an SMS has no room for more
CHOICES_MAX = 3  # plausible matches offered as numbered choices
# How alike an office's name and the landmark must be (difflib's ratio) for the office to stand
# for the landmark. Any office of the PIN code is near; a loose match costs little.
NAME_MATCH = 0.6

# What India Post appends to office names: head, sub and branch office, delivery or not.
OFFICE_SUFFIX = re.compile(r"\b(h\.?o|s\.?o|b\.?o|g\.?p\.?o|m\.?d\.?o|n\.?d\.?c|nds\.?o|nd|s\.o)\b\.?", re.IGNORECASE)
NON_LETTERS = re.compile(r"[^\w]+")


class PointSource(StrEnum):
    """How an order's point was found, from the most precise to the least."""

    PIN = "pin"  # a location pin the donor's phone shared
    GEOCODE = "geocode"  # Google's geocoder read the typed place
    PINCODE = "pincode"  # a post office of the PIN code, or the middle of them


class PlaceFinder(Protocol):
    """Google's geocoder and India Post's offices, as the flows see them (bot/adapters/geocoding.py)."""

    def find(self, query: PlaceQuery, near: Point | None) -> list[FoundPlace]:
        """Up to three places for a typed landmark and PIN code, best first; [] when none is known."""


@dataclass(frozen=True)
class PlaceQuery:
    landmark: str
    pincode: str | None = None


@dataclass(frozen=True)
class PostOffice:
    name: str
    point: Point


@dataclass(frozen=True)
class FoundPlace:
    point: Point
    address: str  # what the finder named: Google's address, or the post office
    source: PointSource


def parse_place(text: str) -> PlaceQuery | None:
    """`600017 T Nagar bus stand`, `T Nagar bus stand 600017` or `T Nagar bus stand`; None when empty.

    A PIN code is six digits (in any script) not starting with 0.
    """
    words = text.split()
    codes = [word for word in words if _pincode(word) is not None]
    pincode = _pincode(codes[0]) if codes else None
    landmark = " ".join(word for word in words if word not in codes[:1])[:LANDMARK_MAX].strip(" ,;.-")
    if not landmark and pincode is None:
        return None
    return PlaceQuery(landmark, pincode)


def _pincode(word: str) -> str | None:
    number = read_number(word.strip(",.;"))
    text = str(number) if number is not None else ""
    return text if len(text) == 6 else None


def label_for(query: PlaceQuery) -> str:
    """What the kitchen reads as the place: the landmark as typed, and the PIN code."""
    return ", ".join(part for part in (query.landmark, query.pincode) if part)


def _bare(name: str) -> str:
    return NON_LETTERS.sub("", OFFICE_SUFFIX.sub(" ", name)).lower()


def likeness(landmark: str, office: str) -> float:
    """How well an office's name matches any run of the landmark's words, spaces ignored.

    "T Nagar bus stand" and "Thygarayanagar H.O" meet at "tnagar"; "Greams Road" at "greamsroad".
    """
    name = _bare(office)
    words = [NON_LETTERS.sub("", word).lower() for word in landmark.split()]
    runs = ("".join(words[start:end]) for start in range(len(words)) for end in range(start + 1, len(words) + 1))
    return max((SequenceMatcher(None, run, name).ratio() for run in runs if run), default=0.0)


def best_office(landmark: str, offices: list[PostOffice]) -> PostOffice | None:
    """The office whose name best matches the landmark, if any matches well enough."""
    scored = [(likeness(landmark, office.name), office) for office in offices]
    score, office = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    return office if score >= NAME_MATCH else None


def middle(offices: list[PostOffice], neighbours: Callable[[Point], int]) -> Point | None:
    """Where to look for kitchens when no office's name matches: the office with the most post offices
    (of any PIN code) around it.

    Not the mean, nor the median: India Post places some offices out at sea (two of 600006's four),
    which drags either kilometres from any kitchen. Offices crowd where people and kitchens are.
    """
    if not offices:
        return None
    return max(offices, key=lambda office: neighbours(office.point)).point
