"""What needs an admin now: orders stuck past their step's time, payments the kitchen has not confirmed,
messages that could not be sent, and RQ's failed jobs."""

from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from bot.web.admin import bp
from bot.web.admin.forms import ReasonForm
from bot.web.context import services
from domain.attention import NotAgain, late_by
from flows import admin
from flows import attention as use_cases
from flows.i18n import N_
from flows.texts import STATUS_NAMES

SENDING_NAMES = {"failed": N_("failed"), "undelivered": N_("not delivered"), "not_sent": N_("not sent")}
NOT_AGAIN_NAMES = {
    NotAgain.STOPPED: N_("Not sent again: the person sent STOP. Once they send START, it can be."),
    NotAgain.ORDER_MOVED_ON: N_("Not sent again: the order went to the next kitchen when this one was not reached."),
}


@bp.get("/attention")
def attention() -> str:
    built = services()
    now, times = built.clock(), built.settings.step_times()
    with built.uow() as uow:
        late = [
            (order.reference, order.status, int(late.total_seconds() // 60))
            for order in uow.attention.timed_orders()
            if (late := late_by(order, times, now))
        ]
        flagged = use_cases.flagged_payments(uow)
        messages = use_cases.unsent_messages(uow)
    return render_template(
        "admin/attention.html",
        late=late,
        flagged=flagged,
        messages=messages,
        jobs=built.failed_jobs().listed(),
        form=ReasonForm(),
        statuses=STATUS_NAMES,
        sending=SENDING_NAMES,
        not_again=NOT_AGAIN_NAMES,
        at=datetime.fromisoformat,
    )


@bp.post("/attention/messages/<int:message_id>/retry")
def retry_message(message_id: int) -> Response:
    with services().uow() as uow:
        act(lambda: use_cases.retry_message(uow, message_id, current_user.actor, services().clock()))
    return redirect(url_for("admin.attention") + "#messages")


@bp.post("/attention/jobs/<job_id>/retry")
def retry_job(job_id: str) -> Response:
    with services().uow() as uow:
        act(lambda: use_cases.retry_job(uow, services().failed_jobs(), job_id, current_user.actor))
    return redirect(url_for("admin.attention") + "#jobs")


@bp.post("/attention/jobs/<job_id>/discard")
def discard_job(job_id: str) -> Response:
    form = ReasonForm()
    reason = form.reason.data if form.validate() else ""
    with services().uow() as uow:
        act(lambda: use_cases.discard_job(uow, services().failed_jobs(), job_id, reason, current_user.actor))
    return redirect(url_for("admin.attention") + "#jobs")


def act(action) -> None:
    try:
        action()
    except admin.AdminError as error:
        flash(_("This cannot be done now: %(why)s", why=str(error)), "problem")
    else:
        flash(_("Done."))
