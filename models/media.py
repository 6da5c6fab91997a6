"""Which copies of media Twilio still holds, and asking for their deletion, one row per release."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from models import tables
from models.messages import PENDING

inbound = tables.inbound_messages.c
outbound = tables.outbound_messages.c
releases = tables.media_releases.c


class MediaReleases:
    def __init__(self, session: Session):
        self.session = session

    def inbound_holding(self, cutoff: datetime, sender: str | None = None) -> list[Row]:
        """Messages received with media whose copies at Twilio were not released: handled ones (we
        have our copy, or know it is not usable), those older than `cutoff`, or all of one sender's."""
        query = select(inbound.id, inbound.params).where(
            inbound.media_released_at.is_(None), func.coalesce(inbound.params["NumMedia"].astext, "0") != "0"
        )
        if sender is None:
            query = query.where((inbound.processed_at.is_not(None)) | (inbound.received_at < cutoff))
        else:
            query = query.where(inbound.sender == sender)
        return list(self.session.execute(query.order_by(inbound.id)))

    def outbound_holding(self, address: str | None = None) -> list[Row]:
        """Messages sent through Twilio with media whose copies were not released."""
        query = select(outbound.id, outbound.twilio_sid, outbound.media_urls).where(
            outbound.media_released_at.is_(None),
            outbound.twilio_sid.is_not(None),
            outbound.status.not_in(PENDING),
            func.jsonb_array_length(outbound.media_urls) > 0,
        )
        if address is not None:
            query = query.where(outbound.to_address == address)
        return list(self.session.execute(query.order_by(outbound.id)))

    def release(self, message_sid: str, media_sid: str, now: datetime) -> None:
        self.session.execute(
            pg_insert(tables.media_releases)
            .values(message_sid=message_sid, media_sid=media_sid, created_at=now)
            .on_conflict_do_nothing(constraint="media_releases_once")
        )

    def mark_inbound(self, message_ids: list[int], now: datetime) -> None:
        self.session.execute(
            update(tables.inbound_messages).where(inbound.id.in_(message_ids)).values(media_released_at=now)
        )

    def mark_outbound(self, message_ids: list[int], now: datetime) -> None:
        self.session.execute(
            update(tables.outbound_messages).where(outbound.id.in_(message_ids)).values(media_released_at=now)
        )

    def due(self) -> list[Row]:
        query = select(releases.id, releases.message_sid, releases.media_sid).where(releases.done_at.is_(None))
        return list(self.session.execute(query.order_by(releases.id)))

    def done(self, release_id: int, outcome: str, now: datetime) -> None:
        self.session.execute(
            update(tables.media_releases)
            .where(releases.id == release_id)
            .values(done_at=now, outcome=outcome, error=None, attempts=releases.attempts + 1)
        )

    def failed(self, release_id: int, error: str) -> None:
        self.session.execute(
            update(tables.media_releases)
            .where(releases.id == release_id)
            .values(error=error[:2000], attempts=releases.attempts + 1)
        )

    def delete_done_before(self, cutoff: datetime) -> int:
        """The log of releases made is kept as long as messages are."""
        return self.session.execute(tables.media_releases.delete().where(releases.done_at < cutoff)).rowcount
