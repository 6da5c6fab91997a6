"""The running app's services, for views and CLI commands."""

from __future__ import annotations

from flask import current_app

from compose import Services


def services() -> Services:
    return current_app.extensions["ketpaar"]
