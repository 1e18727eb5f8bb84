"""Database connection: a SQLite file by default, PostgreSQL (or any SQLAlchemy URL) by
IMPNAV_DATABASE_URL. The schema is created and upgraded only by Alembic migrations."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:  # alembic is imported only when migrating
    from alembic.config import Config


def data_dir() -> Path:
    return Path(os.environ.get("IMPNAV_DATA_DIR", "var"))


def database_url() -> str:
    configured = os.environ.get("IMPNAV_DATABASE_URL")
    if configured:
        return configured
    path = data_dir() / "impnav.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


@lru_cache(maxsize=4)
def engine_for(url: str) -> Engine:
    # SQLite: wait (not fail) when another writer holds the lock, so racing bookings end in the
    # database's uniqueness check rather than "database is locked".
    connect_args = {"timeout": 30} if url.startswith("sqlite") else {}
    engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")  # cascades and integrity, as on PostgreSQL
            cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
            cursor.close()

    return engine


def engine() -> Engine:
    return engine_for(database_url())


@contextmanager
def session_scope(bind: Engine | None = None) -> Iterator[Session]:
    """One unit of work: committed when the block ends, rolled back on any error."""
    factory = sessionmaker(bind=bind or engine(), expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _alembic_config(url: str | None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("impnav.store").joinpath("migrations"))
    )
    config.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    return config


def upgrade(url: str | None = None) -> None:
    """Apply every migration (`impnav db upgrade`); safe to run repeatedly."""
    from alembic import command

    command.upgrade(_alembic_config(url), "head")


def downgrade(revision: str, url: str | None = None) -> None:
    """Step back to `revision` ("base" removes every table)."""
    from alembic import command

    command.downgrade(_alembic_config(url), revision)
