"""The daily job that empties SMS donors' notes about a person once they are as old as a photo may be."""

from __future__ import annotations

from datetime import timedelta

from jobs import runtime


def expire_notes() -> int:
    """NOTE stands in for the photo an SMS cannot carry, so it is kept as long: PHOTO_RETENTION_DAYS."""
    services = runtime.services()
    cutoff = services.clock() - timedelta(days=services.settings.photo_retention_days)
    with services.uow() as uow:
        emptied = uow.orders.forget_notes_before(cutoff)
        uow.commit()
    return emptied
