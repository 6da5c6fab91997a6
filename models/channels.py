"""Per address: when the person last wrote and whether they stopped; and the approved templates."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from domain.channels import MessageKind
from models import tables

contact = tables.channel_contacts.c
template = tables.message_templates.c


class ChannelContacts:
    def __init__(self, session: Session):
        self.session = session

    def heard_from(self, address: str, at: datetime) -> None:
        """The person wrote: WhatsApp's 24-hour window runs from their latest message."""
        self.session.execute(
            pg_insert(tables.channel_contacts)
            .values(address=address, last_inbound_at=at)
            .on_conflict_do_update(
                index_elements=["address"],
                set_={"last_inbound_at": func.greatest(contact.last_inbound_at, at)},
            )
        )

    def heard_at(self, address: str) -> datetime | None:
        return self.session.scalar(select(contact.last_inbound_at).where(contact.address == address))

    def set_heard_at(self, address: str, at: datetime | None) -> None:
        """Development only: puts a phone inside or outside the window without waiting a day."""
        self.session.execute(
            pg_insert(tables.channel_contacts)
            .values(address=address, last_inbound_at=at)
            .on_conflict_do_update(index_elements=["address"], set_={"last_inbound_at": at})
        )

    def stopped(self, address: str) -> bool:
        query = select(contact.stopped_at).where(contact.address == address)
        return self.session.scalar(query) is not None

    def stop(self, address: str, at: datetime, by: str) -> bool:
        """Nothing more goes to this address until START. False when it had stopped already."""
        self.session.execute(
            pg_insert(tables.channel_contacts)
            .values(address=address)
            .on_conflict_do_nothing(index_elements=["address"])
        )
        done = self.session.execute(
            update(tables.channel_contacts)
            .where(contact.address == address, contact.stopped_at.is_(None))
            .values(stopped_at=at, stopped_by=by[:32])
            .returning(contact.address)
        ).first()
        return done is not None

    def start(self, address: str) -> bool:
        """Messages go to this address again. False when it had not stopped."""
        done = self.session.execute(
            update(tables.channel_contacts)
            .where(contact.address == address, contact.stopped_at.is_not(None))
            .values(stopped_at=None, stopped_by="")
            .returning(contact.address)
        ).first()
        return done is not None


class Templates:
    """Approved WhatsApp templates, set by an operator with `flask --app wsgi templates set`."""

    def __init__(self, session: Session):
        self.session = session

    def set(self, kind: MessageKind, language: str, content_sid: str, at: datetime) -> None:
        self.session.execute(
            pg_insert(tables.message_templates)
            .values(kind=kind.value, language=language, content_sid=content_sid, updated_at=at)
            .on_conflict_do_update(
                index_elements=["kind", "language"], set_={"content_sid": content_sid, "updated_at": at}
            )
        )

    def remove(self, kind: MessageKind, language: str) -> bool:
        done = self.session.execute(
            tables.message_templates.delete()
            .where(template.kind == kind.value, template.language == language)
            .returning(template.kind)
        ).first()
        return done is not None

    def sid_for(self, kind: MessageKind, language: str) -> str | None:
        query = select(template.content_sid).where(template.kind == kind.value, template.language == language)
        return self.session.scalar(query)

    def all(self) -> list[Row]:
        query = select(tables.message_templates).order_by(template.kind, template.language)
        return list(self.session.execute(query))
