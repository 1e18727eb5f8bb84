"""Migrations on SQLite and PostgreSQL: upgrade from empty, step all the way down and up again,
and a restart (a new engine, as a new server process would have) keeps every record."""

from __future__ import annotations

from datetime import date

from sqlalchemy import create_engine, inspect

from impnav.models.profile import Profile
from impnav.store.cases import create_case, open_case
from impnav.store.db import downgrade, session_scope, upgrade
from tests.conftest import example_data

TABLES = {
    "cases",
    "case_assessments",
    "consultants",
    "availability",
    "availability_exceptions",
    "bookings",
    "booking_slots",
    "outbox",
    "web_sessions",
    "login_failures",
}


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_downgrade_to_base_and_upgrade_again(database: str) -> None:
    assert _tables(database) == TABLES
    downgrade("0003_exceptions", database)
    assert _tables(database) == TABLES - {"web_sessions", "login_failures"}
    downgrade("base", database)
    assert _tables(database) == set()
    upgrade(database)
    upgrade(database)  # repeating is harmless
    assert _tables(database) == TABLES


def test_a_restart_keeps_everything(database: str) -> None:
    first = create_engine(database)
    profile = Profile.model_validate(example_data("pnp-nominee"))
    with session_scope(first) as session:
        created = create_case(session, profile, date(2026, 11, 28))
    first.dispose()  # the server stops
    upgrade(database)  # and `make run` upgrades again on start
    second = create_engine(database)
    with session_scope(second) as session:
        case = open_case(session, created.case_id, created.token)
        assert (
            case.assessments[0].profile["citizenships"]
            == profile.model_dump(mode="json", exclude_none=True)["citizenships"]
        )
    second.dispose()
