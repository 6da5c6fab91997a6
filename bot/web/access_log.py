"""Gunicorn's access log without working links: `--logger-class bot.web.access_log.RedactedAccessLog`.

A photo link's token is the photo, a data link's is a person's data, and a query string may carry
a phone number; none belongs in a log that outlives them. The simulator's polls (each phone's chat about
once a second, its channels' state every few seconds) are left out unless they fail: they would bury
everything else in `make run`'s console.
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

PHOTO_TOKEN = re.compile(r"(/photos/|/my-data/)[^/?\s\"]+")
QUERY = re.compile(r"\?[^\s\"]*")
# Atoms that are a bare query string, with no "?" to find.
QUERY_ATOMS = ("q", "{query_string}e")
QUIET_PATHS = frozenset({"/dev/simulator/conversation", "/dev/channels"})


def redacted(text: str) -> str:
    """The same text with every photo or data token and query string replaced by "-"."""
    return QUERY.sub("?-", PHOTO_TOKEN.sub(r"\1-", text))


class RedactedAccessLog(Logger):
    def access(self, resp, req, environ, request_time) -> None:
        if environ.get("PATH_INFO") in QUIET_PATHS and (resp.status_code or 500) < 400:
            return
        super().access(resp, req, environ, request_time)

    def atoms(self, resp, req, environ, request_time) -> dict:
        """Every atom a log format may use, request line, path, referer and environ copies alike, redacted."""
        atoms = super().atoms(resp, req, environ, request_time)
        for name, value in atoms.items():
            if isinstance(value, str):
                atoms[name] = "-" if name in QUERY_ATOMS and value else redacted(value)
        return atoms
