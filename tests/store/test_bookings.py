"""Consultations on SQLite and PostgreSQL: slots in the viewer's time zone, bookings with the
case attached, no double booking even under a race, cancellation cut-off, .ics, outbox and the
consultant's dashboard."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select

from impnav.api.app import create_app
from impnav.models.profile import Profile
from impnav.store.bookings import (
    BookingError,
    SlotTaken,
    add_availability,
    add_consultant,
    add_day_off,
    book,
    cancel,
    free_slots,
    reschedule,
)
from impnav.store.cases import create_case
from impnav.store.db import engine_for, session_scope
from impnav.store.models import Booking, OutboxMessage
from tests.conftest import example_data, example_json

NOW = datetime(2027, 1, 4, 12, 0, tzinfo=UTC)  # a Monday
MONDAY = date(2027, 1, 11)


@pytest.fixture
def setup(database: str):
    bind = engine_for(database)
    with session_scope(bind) as session:
        consultant, token = add_consultant(
            session, "R123456", "Dana Roy", "dana@firm.example", ["en", "fr"], "America/Toronto"
        )
        add_availability(session, consultant.id, "mon", "09:00", "11:00")
        case = create_case(session, Profile.model_validate(example_data("pnp-nominee")), MONDAY)
    return bind, consultant.id, token, case


def test_slots_in_the_viewers_time_zone(setup) -> None:
    bind, consultant_id, _, _ = setup
    with session_scope(bind) as session:
        toronto = free_slots(session, consultant_id, "intro", MONDAY, 1, "America/Toronto", NOW)
        vancouver = free_slots(
            session, consultant_id, "strategy", MONDAY, 1, "America/Vancouver", NOW
        )
    assert [s.strftime("%H:%M") for s in toronto] == ["09:00", "09:30", "10:00", "10:30"]
    assert [s.strftime("%H:%M") for s in vancouver] == ["06:00", "06:30", "07:00"]


def test_booking_blocks_overlapping_slots_and_writes_the_outbox(setup) -> None:
    bind, consultant_id, _, case = setup
    nine = datetime(2027, 1, 11, 14, 0, tzinfo=UTC)  # 09:00 in Toronto
    with session_scope(bind) as session:
        book(session, case.case_id, case.token, consultant_id, "strategy", nine, NOW)
    with session_scope(bind) as session:
        left = free_slots(session, consultant_id, "intro", MONDAY, 1, "UTC", NOW)
        assert [s.strftime("%H:%M") for s in left] == ["15:00", "15:30"]
        with pytest.raises(SlotTaken):
            book(
                session,
                case.case_id,
                case.token,
                consultant_id,
                "intro",
                datetime(2027, 1, 11, 14, 30, tzinfo=UTC),
                NOW,
            )
    with session_scope(bind) as session:
        message = session.scalars(select(OutboxMessage)).one()
        assert "BEGIN:VEVENT" in message.attachment and message.recipient == "dana@firm.example"


def test_a_hundred_racing_bookings_only_one_wins(setup, database: str) -> None:
    """100 threads, each with its own connection, book the same slot at the same moment."""
    _, consultant_id, _, case = setup
    sqlite = database.startswith("sqlite")
    racing = create_engine(
        database,
        pool_size=40,
        max_overflow=0,
        pool_timeout=120,
        connect_args={"timeout": 120} if sqlite else {},
    )
    ten = datetime(2027, 1, 11, 15, 0, tzinfo=UTC)
    attempts = 100
    barrier, outcomes = threading.Barrier(attempts), []

    def attempt() -> None:
        barrier.wait()
        try:
            with session_scope(racing) as session:
                book(session, case.case_id, case.token, consultant_id, "intro", ten, NOW)
            outcomes.append("booked")
        except SlotTaken as exc:
            outcomes.append("taken" if "booked" in str(exc) or "not free" in str(exc) else "?")
        except Exception as exc:  # anything else is a failure of the test, shown as such
            outcomes.append(repr(exc))

    threads = [threading.Thread(target=attempt) for _ in range(attempts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    racing.dispose()
    assert sorted(outcomes) == ["booked"] + ["taken"] * (attempts - 1), set(outcomes)
    with session_scope(engine_for(database)) as session:
        rows = session.scalars(select(Booking).where(Booking.starts_at == ten)).all()
        assert len(rows) == 1 and rows[0].status == "booked"


def test_cancel_before_the_cutoff_frees_the_slot(setup) -> None:
    bind, consultant_id, _, case = setup
    nine = datetime(2027, 1, 11, 14, 0, tzinfo=UTC)
    with session_scope(bind) as session:
        booking = book(session, case.case_id, case.token, consultant_id, "intro", nine, NOW)
    with session_scope(bind) as session, pytest.raises(BookingError, match="24 hours"):
        cancel(session, booking.id, case.token, datetime(2027, 1, 11, 0, 0, tzinfo=UTC))
    with session_scope(bind) as session:
        cancel(session, booking.id, case.token, NOW)
        assert nine in free_slots(session, consultant_id, "intro", MONDAY, 1, "UTC", NOW)


def test_bad_consultant_data_is_refused(setup) -> None:
    bind, consultant_id, _, _ = setup
    with session_scope(bind) as session:
        with pytest.raises(BookingError, match="licence"):
            add_consultant(session, "123", "X", "x@y.example", ["en"], "America/Toronto")
        with pytest.raises(BookingError, match="time zone"):
            add_consultant(session, "R654321", "X", "x@y.example", ["en"], "Mars/Olympus")
        with pytest.raises(BookingError, match="end after"):
            add_availability(session, consultant_id, "tue", "12:00", "09:00")


def test_api_booking_flow_and_dashboard(setup) -> None:
    _, consultant_id, consultant_token, _ = setup
    client = TestClient(create_app(), raise_server_exceptions=False)
    created = client.post("/api/v1/cases", json=example_json("pnp-nominee")).json()
    headers = {"X-Case-Token": created["token"]}
    slots = client.get(
        f"/api/v1/consultants/{consultant_id}/slots",
        params={"package": "intro", "start": "2099-01-05", "days": 7, "tz": "America/Toronto"},
    ).json()
    assert slots and slots[0].endswith("-05:00")
    body = {
        "case_id": created["case_id"],
        "consultant_id": consultant_id,
        "package": "intro",
        "starts_at": slots[0],
    }
    booked = client.post("/api/v1/bookings", json=body, headers=headers)
    assert booked.status_code == 201
    again = client.post("/api/v1/bookings", json=body, headers=headers)
    assert again.status_code == 409
    ics = client.get(booked.json()["ics"], headers=headers)
    assert ics.status_code == 200 and "BEGIN:VCALENDAR" in ics.text
    assert client.get(booked.json()["ics"], headers={"X-Case-Token": "y" * 43}).status_code == 404
    dash = client.get(
        "/api/v1/consultant/bookings", headers={"X-Consultant-Token": consultant_token}
    )
    assert dash.status_code == 200 and dash.json()[0]["case_summary"]["eligible"] == ["T13"]
    assert (
        client.get(
            "/api/v1/consultant/bookings", headers={"X-Consultant-Token": "z" * 43}
        ).status_code
        == 401
    )
    naive = client.post(
        "/api/v1/bookings", json={**body, "starts_at": "2099-01-05T10:00:00"}, headers=headers
    )
    assert naive.status_code == 422
    bad_tz = client.get(
        f"/api/v1/consultants/{consultant_id}/slots",
        params={"package": "intro", "tz": "Nowhere/Land"},
    )
    assert bad_tz.status_code == 422
    assert (
        client.delete(
            f"/api/v1/bookings/{booked.json()['booking_id']}", headers=headers
        ).status_code
        == 204
    )


def test_days_off_have_no_slots(setup) -> None:
    bind, consultant_id, _, _ = setup
    with session_scope(bind) as session:
        add_day_off(session, consultant_id, MONDAY)
        assert free_slots(session, consultant_id, "intro", MONDAY, 1, "UTC", NOW) == []


def test_reschedule_moves_the_booking_or_keeps_it(setup) -> None:
    bind, consultant_id, _, case = setup
    nine = datetime(2027, 1, 11, 14, 0, tzinfo=UTC)
    ten = datetime(2027, 1, 11, 15, 0, tzinfo=UTC)
    with session_scope(bind) as session:
        first = book(session, case.case_id, case.token, consultant_id, "intro", nine, NOW)
    with session_scope(bind) as session:
        moved = reschedule(session, first.id, case.token, ten, NOW)
    with session_scope(bind) as session:
        free = free_slots(session, consultant_id, "intro", MONDAY, 1, "UTC", NOW)
        assert nine in free and ten not in free
    with pytest.raises(SlotTaken), session_scope(bind) as session:
        reschedule(session, moved.id, case.token, datetime(2027, 1, 11, 20, 0, tzinfo=UTC), NOW)
    with session_scope(bind) as session:  # the failed move rolled back: still at ten
        assert ten not in free_slots(session, consultant_id, "intro", MONDAY, 1, "UTC", NOW)
