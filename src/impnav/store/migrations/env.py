"""Alembic environment: migrations run against the URL impnav.store.db configured."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from impnav.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connectable = create_engine(config.get_main_option("sqlalchemy.url"))
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
    connectable.dispose()


run_migrations_online()
