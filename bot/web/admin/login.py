"""Logging in and out of the dashboard."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from werkzeug.wrappers import Response

from bot.adapters import ScryptPasswords
from bot.web.admin import bp
from bot.web.admin.forms import LoginForm
from bot.web.admin.guard import StaffUser
from bot.web.context import services
from flows import staff


def safe_next(target: str | None) -> str:
    """Only a page of the dashboard itself: a link that sends a login elsewhere is a phishing aid."""
    if target and target.startswith("/admin") and not target.startswith("//"):
        return target
    return url_for("admin.home")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    """Email and password; the fifth wrong password in a row locks the login for 15 minutes."""
    form = LoginForm()
    problem = ""
    if form.validate_on_submit():
        with services().uow() as uow:
            result = staff.log_in(uow, form.email.data, form.password.data, ScryptPasswords(), services().clock())
            user = StaffUser(result.member) if result.member else None
        if user is not None:
            language = session.get("lang")
            session.clear()  # a fresh session: nothing from before the login carries over
            if language:
                session["lang"] = language
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
        if result.locked_until is not None:
            until = format_datetime(result.locked_until, "HH:mm")
            problem = _("Too many wrong passwords. This login is locked until %(time)s.", time=until)
        else:
            problem = _("Wrong email or password.")
    return render_template("admin/login.html", form=form, problem=problem), 401 if problem else 200


@bp.post("/logout")
def logout() -> Response:
    logout_user()
    session.clear()
    return redirect(url_for("admin.login"))


@bp.get("/")
def home() -> Response:
    return redirect(url_for("admin.attention"))
