"""Reading a shared location pin: the one place that says why a pin cannot be used."""

from __future__ import annotations

from domain.geo import BadCoordinates, Point, in_india, parse_point
from flows.conversation import Conversation
from flows.messages import Pin


def read_pin(convo: Conversation, pin: Pin) -> Point | None:
    """The pin's point, if it is a point in India; otherwise tells the person why not."""
    try:
        point = parse_point(pin.lat, pin.lng)
    except BadCoordinates:
        convo.say("That location could not be read. Please share your location pin again.")
        return None
    if not in_india(point):
        convo.say("That location is outside India. Ketpaar works only in India. Please share where you are.")
        return None
    return point
