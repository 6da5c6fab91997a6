"""The duplicate-seeker policy: one person should not be fed five times in an hour while others go hungry.

A match is a nudge to the donor, never a refusal. Faces are compared by Euclidean distance
between dlib embeddings (same person < 0.6), never by the seed's cosine rule, which calls
strangers alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum


class FaceVerdict(StrEnum):
    ONE_FACE = "one_face"  # compared with earlier seekers nearby
    NO_FACE = "no_face"  # food, a blurred shot: no verdict, the order goes on
    MANY_FACES = "many_faces"  # the donor is asked for a photo of just the person
    DECLINED = "declined"  # the person did not agree to a photo: none is kept, no check is made
    NOT_CHECKED = "not_checked"  # past the donor's face checks for the hour: no comparison, the order goes on


@dataclass(frozen=True)
class DuplicatePolicy:
    radius_m: float = 100.0
    window: timedelta = timedelta(hours=2)
    max_distance: float = 0.6
    keep_embeddings: timedelta = timedelta(hours=24)
    # Asked too often, the check would find a person: at most this many lookups per donor an hour.
    checks_per_hour: int = 10


@dataclass(frozen=True)
class DuplicateMatch:
    """An earlier seeker who is probably the same person. Says nothing of who the earlier donor was."""

    reference: str
    metres: float
    minutes: int
    distance: float | None  # between the faces; None for a match by place and time alone
    delivered: bool = False  # the earlier meal was handed over, not just ordered


def count_faces(faces: int) -> FaceVerdict:
    if faces == 0:
        return FaceVerdict.NO_FACE
    return FaceVerdict.ONE_FACE if faces == 1 else FaceVerdict.MANY_FACES
