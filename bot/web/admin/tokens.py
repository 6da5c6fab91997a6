"""An admin's API tokens: made here and shown once, kept only as a hash, revoked at any time."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from bot.web.admin import bp
from bot.web.admin.forms import TokenForm
from bot.web.context import services
from domain.staff import StaffError
from flows import staff


@bp.route("/tokens", methods=["GET", "POST"])
def tokens() -> str | Response:
    if not current_user.can_act:
        abort(403)  # only admins have tokens
    form, made = TokenForm(), None
    with services().uow() as uow:
        member = uow.staff.get(current_user.id)
        if form.validate_on_submit():
            try:
                made = staff.make_token(uow, member, form.name.data, current_user.actor, services().clock())
            except StaffError as error:
                flash(_("This cannot be done now: %(why)s", why=str(error)), "problem")
        listed = uow.tokens.of_staff(current_user.id)
        return render_template("admin/tokens.html", form=TokenForm(formdata=None), made=made, tokens=listed)


@bp.post("/tokens/<int:token_id>/revoke")
def revoke_token(token_id: int) -> Response:
    with services().uow() as uow:
        member = uow.staff.get(current_user.id)
        try:
            staff.revoke_token(uow, member, token_id, current_user.actor, services().clock())
            flash(_("The token is revoked: it no longer opens the API."))
        except StaffError:
            abort(404)
    return redirect(url_for("admin.tokens"))
