"""The send job's choice of channel for one outbound row, from what is stored about the person.

The rules are domain.channels.choose_route; this module gathers their facts and turns the
chosen route into what is recorded on the row and what Twilio is given.
"""

from __future__ import annotations

from sqlalchemy.engine import Row

from bot.adapters import Outgoing
from compose import Services
from domain.channels import (
    TEMPLATE_VARIABLES,
    Channel,
    MessageKind,
    Reach,
    Route,
    address_on,
    channel_of,
    choose_route,
    content_variables,
)
from models.uow import SqlUnitOfWork


def route_for(services: Services, uow: SqlUnitOfWork, row: Row) -> Route:
    kind = MessageKind(row.kind)
    own_channel = channel_of(row.to_address)
    reach = Reach(
        address=row.to_address,
        kind=kind,
        language=row.language,
        heard_at=uow.channels.heard_at(row.to_address) if own_channel == Channel.WHATSAPP else None,
        whatsapp_stopped=own_channel == Channel.WHATSAPP and uow.channels.stopped(row.to_address),
        sms_stopped=uow.channels.stopped(address_on(Channel.SMS, row.to_address)),
        sms_sender=services.transport.sends_sms,
        template_sid=uow.templates.sid_for(kind, row.language) if kind in TEMPLATE_VARIABLES else None,
        whatsapp_refused=row.whatsapp_refused,
    )
    return choose_route(reach, services.clock())


def recorded(services: Services, row: Row, route: Route) -> dict[str, object]:
    """What the row keeps of the choice: channel, template and its variables, DLT id, and why."""
    kind = MessageKind(row.kind)
    return {
        "channel": route.channel.value,
        "channel_reason": route.reason,
        "content_sid": route.content_sid,
        "content_variables": content_variables(kind, row.variables) if route.content_sid else None,
        "dlt_template_id": services.settings.dlt_templates().get(kind.value) if route.channel == Channel.SMS else None,
    }


def destination(row: Row) -> str:
    """The address Twilio is given: the person's own, or their number on the channel chosen."""
    return address_on(Channel(row.channel), row.to_address) if row.channel else row.to_address


def outgoing(row: Row) -> Outgoing:
    to = destination(row)
    if row.content_sid:
        return Outgoing(to, row.body, content_sid=row.content_sid, content_variables=row.content_variables)
    # Media goes only by WhatsApp; an SMS carries the links its text already has.
    media = tuple(row.media_urls) if row.channel == Channel.WHATSAPP else ()
    return Outgoing(to, row.body, media)
