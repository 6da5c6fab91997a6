"""Alembic runs migrations against DATABASE_URL."""

import os

from alembic import context
from sqlalchemy import create_engine, pool

from models.db import sqlalchemy_url
from models.tables import metadata


def run_migrations_online() -> None:
    engine = create_engine(sqlalchemy_url(os.environ["DATABASE_URL"]), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
