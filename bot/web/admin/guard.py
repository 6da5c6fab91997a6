"""Who may see and do what on the dashboard: logged in to read, an admin to act, a CSRF token on every POST."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin, UserMixin, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect

from bot.web.admin import bp
from bot.web.context import services
from domain.staff import Actor, StaffMember

csrf = CSRFProtect()

OPEN = frozenset({"admin.login", "admin.static"})
# POSTs an operator may make: they change nothing but their own session.
READERS_MAY_POST = frozenset({"admin.logout"})
SECURITY_HEADERS = {
    # Everything the pages use is served by the app itself: no CDN, no inline script.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",  # pages show people's orders and places
}


class StaffUser(UserMixin):
    """The logged-in staff member, as Flask-Login holds them for one request."""

    def __init__(self, member: StaffMember):
        self.id, self.email, self.role = member.id, member.email, member.role
        self.can_act = member.can_act

    @property
    def actor(self) -> Actor:
        return Actor(self.email, "dashboard", self.id)


class Anonymous(AnonymousUserMixin):
    can_act = False


def load_user(user_id: str) -> StaffUser | None:
    if not user_id.isdigit():
        return None
    with services().uow() as uow:
        member = uow.staff.get(int(user_id))
        return StaffUser(member) if member else None


@bp.before_request
def guard() -> Response | None:
    if request.method == "POST":
        csrf.protect()
    if request.endpoint in OPEN:
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))
    if request.method == "POST" and request.endpoint not in READERS_MAY_POST and not current_user.can_act:
        abort(403)
    return None


@bp.after_request
def security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


@bp.errorhandler(403)
def refused(error) -> tuple[str, int]:
    return render_template("admin/error.html", message=_("Operators can look, but only an admin can do this.")), 403


@bp.errorhandler(CSRFError)
def stale_form(error: CSRFError) -> tuple[str, int]:
    message = _("This form is too old or did not come from this dashboard. Please go back, reload and try again.")
    return render_template("admin/error.html", message=message), 400


@bp.errorhandler(404)
def not_found(error) -> tuple[str, int]:
    return render_template("admin/error.html", message=_("There is nothing here.")), 404
