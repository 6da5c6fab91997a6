"""Gunicorn's logs without working links: `logger_class` in gunicorn.conf.py.

A photo link's token is the photo, a data link's is a person's data, and a query string may carry
a phone number; none belongs in a log that outlives them. The simulator's polls (each phone's chat
about once a second, its channels' state every few seconds) and the probes of /health, /ready and
/metrics are left out unless they fail: they would bury everything else.

With JSON logs (LOG_FORMAT, see bot/logs.py) gunicorn's own lines are JSON too, and each request is one
JSON line: method, redacted path, status, milliseconds, and what the request concerned (its request id,
Twilio's MessageSid), which the app leaves in the WSGI environ since its own context is gone by then.
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

from bot import logs
from bot.settings import Settings

PHOTO_TOKEN = re.compile(r"(/photos/|/my-data/)[^/?\s\"]+")
QUERY = re.compile(r"\?[^\s\"]*")
# Atoms that are a bare query string, with no "?" to find.
QUERY_ATOMS = ("q", "{query_string}e")
QUIET_PATHS = frozenset({"/dev/simulator/conversation", "/dev/channels", "/health", "/ready", "/metrics"})
# Where the app leaves what a request concerned, for this log (bot/web/tracing.py).
ENVIRON_KEY = "ketpaar.log"


def redacted(text: str) -> str:
    """The same text with every photo or data token and query string replaced by "-"."""
    return QUERY.sub("?-", PHOTO_TOKEN.sub(r"\1-", text))


class RedactedAccessLog(Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        self.json_lines = Settings.from_env(need_services=False).json_logs
        if self.json_lines:
            for handler in (*self.error_log.handlers, *self.access_log.handlers):
                handler.setFormatter(logs.json_formatter())

    def access(self, resp, req, environ, request_time) -> None:
        if environ.get("PATH_INFO") in QUIET_PATHS and (resp.status_code or 500) < 400:
            return
        if not self.json_lines:
            super().access(resp, req, environ, request_time)
        elif self.access_log_enabled:
            self._access_json(resp, environ, request_time)

    def _access_json(self, resp, environ, request_time) -> None:
        path = redacted(environ.get("PATH_INFO", "")) + ("?-" if environ.get("QUERY_STRING") else "")
        method = environ.get("REQUEST_METHOD", "-")
        fields = {
            "method": method,
            "path": path,
            "status": resp.status_code,
            "ms": round(request_time.total_seconds() * 1000, 1),
            **environ.get(ENVIRON_KEY, {}),
        }
        self.access_log.info("%s %s %s", method, path, resp.status_code, extra=fields)

    def atoms(self, resp, req, environ, request_time) -> dict:
        """Every atom a log format may use, request line, path, referer and environ copies alike, redacted."""
        atoms = super().atoms(resp, req, environ, request_time)
        for name, value in atoms.items():
            if isinstance(value, str):
                atoms[name] = "-" if name in QUERY_ATOMS and value else redacted(value)
        return atoms
