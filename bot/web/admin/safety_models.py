"""The learned safety models: each version's AUC against the rules', which one decides, promote and roll back."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from bot.web.admin import bp
from bot.web.admin.forms import ReasonForm
from bot.web.context import services
from flows import model_versions
from flows.admin import AdminError


@bp.get("/models")
def safety_models() -> str:
    with services().uow() as uow:
        rows = list(reversed(uow.safety.all_models()))
        current = uow.safety.current_model()
    return render_template(
        "admin/safety_models.html", rows=rows, in_use=current.version if current else None, form=ReasonForm()
    )


@bp.post("/models/<int:version>/promote")
def promote_model(version: int) -> Response:
    form = ReasonForm()
    return _act(lambda uow: model_versions.promote_model(uow, version, _reason(form), current_user.actor))


@bp.post("/models/rollback")
def roll_back_model() -> Response:
    form = ReasonForm()
    return _act(lambda uow: model_versions.roll_back_model(uow, _reason(form), current_user.actor))


def _reason(form: ReasonForm) -> str:
    return form.reason.data if form.validate() else ""


def _act(action) -> Response:
    try:
        with services().uow() as uow:
            action(uow)
        flash(_("Done."))
    except AdminError as error:
        flash(_("This cannot be done now: %(why)s", why=str(error)), "problem")
    return redirect(url_for("admin.safety_models"))
