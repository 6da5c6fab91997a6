"""Orders: a filtered list, a page at a time, and each order's whole story."""

from __future__ import annotations

from datetime import datetime

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _

from bot.web.admin import bp
from bot.web.admin.forms import OrderFilterForm
from bot.web.context import services
from flows import admin
from flows.i18n import N_
from flows.texts import SAFETY_REASONS, STATUS_NAMES

PAGE_SIZE = 50
PHOTO_LABELS = (("photo_id", N_("Photo of the person")), ("delivery_photo_id", N_("Delivery photo")))


@bp.get("/orders")
def orders() -> str:
    """Filter by status, India days, kitchen and reference; newest first."""
    form = OrderFilterForm(request.args)
    filters = form.filters() if form.validate() else None
    before = request.args.get("before", type=int)
    with services().uow() as uow:
        rows, cursor = uow.order_search.page(filters, before, PAGE_SIZE) if filters else ([], None)
        kitchens = [(kitchen.id, kitchen.name) for kitchen in uow.kitchens.all()]
    next_page = url_for("admin.orders", **{**request.args.to_dict(), "before": cursor}) if cursor else None
    return render_template(
        "admin/orders.html", form=form, rows=rows, kitchens=kitchens, next_page=next_page, statuses=STATUS_NAMES
    )


@bp.get("/orders/<reference>")
def order(reference: str) -> str:
    """Timeline, safety with its reasons, the duplicate match, payment, and the photos by short-lived links."""
    if not reference.isalnum():
        abort(404)
    with services().uow() as uow:
        try:
            report = admin.order_report(uow, reference.upper())
        except admin.AdminError:
            abort(404)
        found = uow.order_search.photos_of(reference)
    return render_template(
        "admin/order.html",
        order=report,
        reasons=safety_reasons(report["safety"].get("reasons", {})),
        photos=photo_links(found),
        statuses=STATUS_NAMES,
        at=datetime.fromisoformat,
    )


def safety_reasons(reasons: dict) -> dict[str, str]:
    """Each component's reason in the page's language, as the donor was told it."""
    return {
        name: _(SAFETY_REASONS[reason["code"]]).format(**{k: v for k, v in reason.items() if k != "code"})
        for name, reason in reasons.items()
        if reason.get("code") in SAFETY_REASONS
    }


def photo_links(found) -> list[tuple[str, str]]:
    """The same expiring signed links the donor gets: an admin sees a photo only while the donor could."""
    if found is None or found.donor_id is None:
        return []
    links = services().links
    photos = ((label, getattr(found, column)) for column, label in PHOTO_LABELS)
    return [(_(label), links.link(photo_id, found.id)) for label, photo_id in photos if photo_id]
