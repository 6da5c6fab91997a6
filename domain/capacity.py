"""A kitchen's meals for one India-time day, and why each changed."""

from __future__ import annotations

from enum import StrEnum


class CapacityReason(StrEnum):
    RESERVED = "reserved"
    CANCELLED = "cancelled"
    DECLINED = "declined"
    TIMED_OUT = "timed_out"
    UNPAID = "unpaid"  # the donor did not pay in time
    SUSPENDED = "suspended"  # the kitchen was suspended before the order was paid
    SWITCHED = "switched"  # the donor chose another kitchen while this one was deciding
    UNREACHABLE = "unreachable"  # the kitchen's new order could not be sent by any channel
    PAUSED = "paused"  # the kitchen sent STOP before the order was paid


def reserved_change(reason: CapacityReason) -> int:
    """How the day's count of reserved meals moves: a reservation adds one, a release gives it back."""
    return +1 if reason == CapacityReason.RESERVED else -1
