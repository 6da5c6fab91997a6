"""What every dashboard page shows beside its own content: the language switch, dates in India time,
money in rupees, places on OpenStreetMap."""

from __future__ import annotations

from datetime import date, datetime

from flask import request, url_for
from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user

from bot.web.admin import bp
from domain.money import format_rupees
from domain.people import LANGUAGE_MENU

# Enough to find the spot, and nothing sent to a map provider until the admin opens the link.
OSM_ZOOM = 17


def lang_url(code: str) -> str:
    """This same page, with its filters, in another language."""
    args = {**request.args.to_dict(), **(request.view_args or {}), "lang": code}
    return url_for(request.endpoint, **args)


def when(moment: datetime | None) -> str:
    return format_datetime(moment, "d MMM yyyy, HH:mm") if moment else "–"


def day(iso: str | None) -> str:
    """An ISO date (as the reports carry them) in the page's language."""
    return format_date(date.fromisoformat(iso), "d MMM yyyy") if iso else "–"


def rupees(paise: int | None) -> str:
    return format_rupees(paise) if paise else "–"


def change(paise: int) -> str:
    """What an entry did to a balance, signed: +₹600, −₹60; "" when it left that part alone."""
    if not paise:
        return ""
    return ("+" if paise > 0 else "−") + format_rupees(abs(paise))


def map_url(lat: float | None, lng: float | None) -> str:
    if lat is None or lng is None:
        return ""
    return f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lng:.5f}#map={OSM_ZOOM}/{lat:.5f}/{lng:.5f}"


@bp.context_processor
def page_helpers() -> dict:
    return {
        "languages": [(code, name, lang_url(code)) for _, code, name in LANGUAGE_MENU],
        "language": str(get_locale()),
        "when": when,
        "day": day,
        "rupees": rupees,
        "change": change,
        "map_url": map_url,
        "me": current_user,
    }
