"""The app factory: the one place the web app is assembled."""

from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

from bot import cli, logs
from bot.settings import Settings
from bot.web import admin, api, dev, dev_channels, health, metrics, my_data, public, tracing, webhook
from bot.web.admin import setup as admin_setup
from bot.web.inbound import InboundMessages
from compose import Services, build_services

MAX_BODY = 32 * 1024 * 1024  # bytes of a request's body


def create_app(services: Services | None = None) -> Flask:
    """Each test may hand in its own services; otherwise they are built from the environment."""
    services = services or build_services(Settings.from_env())
    logs.configure(services.settings.json_logs)
    app = Flask(__name__)
    app.config.update(SECRET_KEY=services.settings.secret_key, MAX_CONTENT_LENGTH=MAX_BODY)
    app.session_interface = LazyCookieSessions()
    app.extensions["ketpaar"] = services
    tracing.install(app)
    app.register_blueprint(webhook.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(metrics.bp)
    app.register_blueprint(my_data.bp)
    if not services.settings.production:  # in production the dev pages do not exist at all
        app.register_blueprint(dev.bp)
        app.register_blueprint(dev_channels.bp)
    api.init_app(app)
    admin_setup.init_app(app, production=services.settings.production)
    app.register_blueprint(admin.bp)
    cli.register(app)
    app.wsgi_app = InboundMessages(app.wsgi_app, services, MAX_BODY)  # Twilio's inbound messages skip Flask
    return app


class LazyCookieSessions(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, whose signer is built only for a request that brings a cookie to
    check. Flask builds it for every request, Twilio's webhooks too (which never bring one): a twentieth
    of the acknowledgement's CPU."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()  # what Flask opens too when there is no cookie
        return super().open_session(app, request)
