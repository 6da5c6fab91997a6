"""What the giving dialogues share: an SMS donor at T Nagar with two kitchens near, the translator's texts,
and the newest credit."""

from __future__ import annotations

from domain.geo import Point
from domain.places import FoundPlace, PointSource
from tests.support.dialogue import SPOT, Dialogue
from tests.support.texts import translated

LANGUAGES = ("en", "ta", "hi")
SMS_DONOR = "+919800000007"
SMS_KITCHEN = "+919800000102"
T_NAGAR = FoundPlace(Point(*SPOT), "Thygarayanagar H.O, 600017", PointSource.PINCODE)


def said(language: str, english: str, **values: object) -> str:
    """What a person reading `language` is told: the translator's text, filled in."""
    return translated(language, english).format(**values)


def sms_dialogue() -> Dialogue:
    """Amma Mess (WhatsApp) and Second Mess (SMS) near T Nagar bus stand, which FEED finds."""
    d = Dialogue()
    d.kitchen()
    d.kitchen("Second Mess", SMS_KITCHEN, at=(13.0630, 80.2478))
    d.places.add("T Nagar bus stand", "600017", T_NAGAR)
    return d


def fed(d: Dialogue, donor: str = SMS_DONOR) -> None:
    """The SMS donor's FEED through the safety check to the kitchen list; the replies looked at."""
    d.send(donor, "FEED 600017 T Nagar bus stand")
    d.run_safety_check(donor)
    d.told(donor)


def newest_credit(d: Dialogue):
    return max(d.uow.credits.rows.values(), key=lambda credit: credit.id)
