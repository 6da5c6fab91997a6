"""The signed photo links, and an answer to browsers' favicon request."""

from __future__ import annotations

from flask import Blueprint, Response, abort

from bot.adapters import PhotoMissing
from bot.web.context import services
from domain.privacy import photo_visible

bp = Blueprint("public", __name__)


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for it beside every page, a photo link's too: nothing to show, and no 404 to log."""
    return Response(status=204, headers={"Cache-Control": "public, max-age=86400"})


@bp.get("/photos/<token>")
def photo(token: str) -> Response:
    """A photo, only through a signed link that has not expired, while its order still lets that
    kitchen (or its donor) see it; anything else is a bare 403."""
    grant = services().links.grant(token)
    if grant is None:
        abort(403)
    with services().uow() as uow:
        row = uow.photos.get(grant.photo_id)
        visible = row is not None and photo_visible(grant, uow.privacy.glance_order(grant.order_id))
    if not visible:
        abort(403)
    try:
        content = services().photo_store.get(row.storage_key)
    except PhotoMissing:  # its row outlived the bytes (a purge cut short): as gone as an expired link
        abort(403)
    response = Response(content, mimetype=row.content_type)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
