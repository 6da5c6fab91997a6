"""Kitchens: the queue waiting for verification, every kitchen's figures, and changing a kitchen's standing."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from bot.web.admin import bp
from bot.web.admin.forms import ReasonForm
from bot.web.context import services
from bot.web.standing import ACTIONS, allowed_actions, change_standing
from domain.hours import india_day
from domain.kitchens import Kitchen, KitchenStanding
from domain.reports import KitchenAnswers, Period
from flows.admin import AdminError
from flows.i18n import N_
from flows.ports import UnitOfWork
from flows.texts import KIND_NAMES, STANDING_NAMES, STATUS_NAMES

FIGURES_DAYS = 30
ACTION_NAMES = {"verify": N_("Verify"), "reject": N_("Reject"), "suspend": N_("Suspend"), "reinstate": N_("Reinstate")}
DONE = {
    "verify": N_("%(name)s is verified and was told so."),
    "reject": N_("%(name)s is not approved and was told why."),
    "suspend": N_("%(name)s is suspended and was told why."),
    "reinstate": N_("%(name)s can take orders again and was told why."),
}
NAMES = {"kinds": KIND_NAMES, "standings": STANDING_NAMES, "statuses": STATUS_NAMES, "action_names": ACTION_NAMES}


@bp.get("/kitchens")
def kitchens() -> str:
    """The verification queue first, then every kitchen with today's meals and how it answered this month."""
    now = services().clock()
    period = Period.ending(india_day(now), FIGURES_DAYS)
    with services().uow() as uow:
        listed = [(kitchen, uow.kitchens.meals_left(kitchen, india_day(now))) for kitchen in uow.kitchens.all()]
        phones = {kitchen.id: phone_of(uow, kitchen) for kitchen, _ in listed}
        answers = uow.kitchen_stats.answers(period)
        queue = [kitchen for kitchen, _ in listed if kitchen.standing == KitchenStanding.PENDING]
        return render_template(
            "admin/kitchens.html",
            queue=queue,
            listed=listed,
            phones=phones,
            answers=answers,
            blank=KitchenAnswers(),
            days=FIGURES_DAYS,
            form=ReasonForm(),
            allowed=allowed_actions,
            **NAMES,
        )


@bp.get("/kitchens/<int:kitchen_id>")
def kitchen(kitchen_id: int) -> str:
    """One kitchen: capacity today, hours, rating, how it answered, its orders, and what admins did to it."""
    now = services().clock()
    period = Period.ending(india_day(now), FIGURES_DAYS)
    with services().uow() as uow:
        found = uow.kitchens.get(kitchen_id)
        if found is None:
            abort(404)
        phone = phone_of(uow, found)
        today = uow.kitchen_stats.day(found.id, india_day(now))
        answers = uow.kitchen_stats.answers(period).get(found.id, KitchenAnswers())
        orders = uow.kitchen_stats.recent_orders(found.id)
        history = uow.audit.about(f"kitchen {found.id} ")
        return render_template(
            "admin/kitchen.html",
            kitchen=found,
            phone=phone,
            capacity=today.capacity if today else found.daily_capacity,
            reserved=today.reserved if today else 0,
            open_now=found.is_open_at(now),
            answers=answers,
            days=FIGURES_DAYS,
            orders=orders,
            history=history,
            form=ReasonForm(),
            actions=allowed_actions(found),
            **NAMES,
        )


@bp.post("/kitchens/<int:kitchen_id>/<action>")
def kitchen_action(kitchen_id: int, action: str) -> Response:
    """Verify, reject, suspend or reinstate, with a reason the kitchen is told in its own language."""
    if action not in ACTIONS:
        abort(404)
    form = ReasonForm()
    back = request.form.get("back") == "list"
    if not form.validate():
        flash(_("Please write a reason: it is kept, and the kitchen is told it."), "problem")
    else:
        try:
            done = change_standing(kitchen_id, action, form.reason.data, current_user.actor)
            flash(_(DONE[action], name=done.kitchen.name))
        except AdminError as error:
            flash(_("This cannot be done now: %(why)s", why=str(error)), "problem")
    return redirect(url_for("admin.kitchens") if back else url_for("admin.kitchen", kitchen_id=kitchen_id))


def phone_of(uow: UnitOfWork, kitchen: Kitchen) -> str:
    if kitchen.person_id is None:
        return ""
    return uow.people.get(kitchen.person_id).address.removeprefix("whatsapp:")
