"""The Alembic migrations build exactly the tables models/tables.py describes."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from models.tables import metadata


def test_the_migrations_build_the_tables_the_code_describes(services):
    with services.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []
