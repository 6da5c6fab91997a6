"""Wires the dashboard's extensions into the app: Flask-Login, CSRF (Flask-WTF), Flask-Babel, cookies."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, request, session
from flask_babel import Babel
from flask_login import LoginManager

from bot.web.admin.guard import Anonymous, csrf, load_user
from domain.people import LANGUAGES
from flows.i18n import LOCALES_DIR

SESSION_HOURS = 12


def init_app(app: Flask, production: bool) -> None:
    app.config.update(
        SESSION_COOKIE_SECURE=production,  # over https only, where it is served for real
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
        # Checked by the dashboard's guard on every POST under /admin, not app-wide: Twilio's webhook and
        # the API are no browser forms.
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=SESSION_HOURS * 3600,
    )
    csrf.init_app(app)
    login_manager = LoginManager(app)
    login_manager.login_view = "admin.login"
    login_manager.user_loader(load_user)
    login_manager.anonymous_user = Anonymous
    Babel(
        app,
        default_translation_directories=str(LOCALES_DIR),
        default_domain="messages",
        default_timezone="Asia/Kolkata",  # every person using Ketpaar is in India
        locale_selector=language,
    )


def language() -> str:
    """`?lang=ta` switches and is remembered in the session; otherwise the browser's choice, else English."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        session["lang"] = asked
        return asked
    return session.get("lang") or request.accept_languages.best_match(LANGUAGES) or "en"
