"""Logs as one JSON object a line, each carrying what it concerns: the web request, Twilio's MessageSid,
the order reference and the job.

What a line concerns is kept in a context variable, so every record made while it is bound carries it,
whichever module logs; a job carries the context of whoever enqueued it (`carried()` goes into the job's
meta, `bind(**job.meta)` brings it back in the worker), so a reply's send names the webhook it answers.
In development (`make run`'s console) the lines stay plain text unless LOG_FORMAT=json.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from types import MappingProxyType
from typing import ParamSpec, TypeVar

from pythonjsonlogger.json import JsonFormatter

P = ParamSpec("P")
R = TypeVar("R")

# What a line may concern; nothing else is carried from a request into its jobs.
FIELDS = ("request_id", "message_sid", "order_ref", "job")
# What a job carries from whoever enqueued it (its own name is its own).
CARRIED = ("request_id", "message_sid", "order_ref")

NOTHING: Mapping[str, str] = MappingProxyType({})
_bound: ContextVar[Mapping[str, str]] = ContextVar("ketpaar_log_context")


def bound() -> dict[str, str]:
    """What the lines written now concern."""
    return dict(_bound.get(NOTHING))


def carried() -> dict[str, str]:
    """What a job enqueued now carries into the worker's lines."""
    return {name: value for name, value in _bound.get(NOTHING).items() if name in CARRIED}


@contextmanager
def bind(**values: object) -> Iterator[None]:
    """Adds `values` (those of FIELDS, and not empty) to every line written inside the block."""
    token = enter(**values)
    try:
        yield
    finally:
        leave(token)


def enter(**values: object) -> Token:
    """`bind` for a block that begins and ends in two callbacks (a web request); `leave` ends it."""
    return _bound.set({**_bound.get(NOTHING), **_known(values)})


def leave(token: Token) -> None:
    _bound.reset(token)


def bind_here(**values: object) -> None:
    """Adds `values` until the surrounding `bind` block (or `scoped` function, or request) ends: for a value
    learnt midway, like an order's reference."""
    _bound.set({**_bound.get(NOTHING), **_known(values)})


def scoped(function: Callable[P, R]) -> Callable[P, R]:
    """What a job binds midway ends with the job, whoever runs it: a worker, the CLI or a test."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with bind():
            return function(*args, **kwargs)

    return run


def _known(values: dict[str, object]) -> dict[str, str]:
    return {name: str(value) for name, value in values.items() if name in FIELDS and value}


class ContextFilter(logging.Filter):
    """Puts the bound values on each record; on a handler, so records propagated from any logger get them."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in _bound.get(NOTHING).items():
            if not hasattr(record, name):
                setattr(record, name, value)
        return True


def json_formatter() -> logging.Formatter:
    """{"level", "logger", "message", "pid", what the line concerns, its own fields, "time" (ISO 8601, UTC)}."""
    return JsonFormatter(
        "{levelname}{name}{message}{process}",
        style="{",
        timestamp="time",
        rename_fields={"levelname": "level", "name": "logger", "process": "pid"},
        json_ensure_ascii=False,  # Tamil and Hindi stay readable
    )


def configure(json_lines: bool, loggers: tuple[str, ...] = ()) -> None:
    """The process's logging: INFO and up to stderr, as JSON lines or as plain text.

    `loggers` are those that a library gave handlers of its own (RQ's worker and cron, gunicorn):
    in JSON their lines become JSON too, with the same fields.
    """
    root = logging.getLogger()
    if not root.handlers:  # as logging.basicConfig: a process (or pytest) that set up its own keeps it
        root.addHandler(Stderr())
        root.setLevel(logging.INFO)
    ours = [handler for handler in root.handlers if isinstance(handler, Stderr)]
    for handler in ours + [handler for name in loggers for handler in logging.getLogger(name).handlers]:
        if not any(isinstance(found, ContextFilter) for found in handler.filters):
            handler.addFilter(ContextFilter())
        if json_lines:
            handler.setFormatter(json_formatter())


class Stderr(logging.StreamHandler):
    """Whatever sys.stderr is when a line is written (it may be replaced, and closed, after set-up)."""

    def __init__(self):
        super().__init__()
        self.setFormatter(logging.Formatter(logging.BASIC_FORMAT))

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass
