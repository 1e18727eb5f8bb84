"""Passwords, log-in limits, sessions and case assignment on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from impnav.models.profile import Profile
from impnav.store.accounts import (
    MAX_FAILURES,
    SESSION_LIFETIME,
    WINDOW,
    PasswordRejected,
    TooManyAttempts,
    active_session,
    assigned_case,
    consultant_login,
    end_session,
    failures,
    hash_password,
    owned_case,
    owner_login,
    owner_session_by_token,
    password_matches,
    set_case_password,
    set_consultant_password,
)
from impnav.store.bookings import add_availability, add_consultant, book, cancel
from impnav.store.cases import CaseNotFound, create_case
from impnav.store.db import engine_for, session_scope
from impnav.store.models import Consultant, OutboxMessage
from tests.conftest import example_data

NOW = datetime(2027, 1, 4, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


@pytest.fixture
def people(database: str):
    bind = engine_for(database)
    with session_scope(bind) as session:
        dana, _ = add_consultant(
            session, "R123456", "Dana Roy", "dana@firm.example", ["en"], "America/Toronto"
        )
        lee, _ = add_consultant(
            session, "R654321", "Lee Park", "lee@firm.example", ["en"], "America/Toronto"
        )
        add_availability(session, dana.id, "mon", "09:00", "12:00")
        set_consultant_password(session, "R123456", PASSWORD)
        case = create_case(
            session, Profile.model_validate(example_data("pnp-nominee")), date(2027, 1, 4)
        )
    return bind, dana.id, lee.id, case


@pytest.mark.parametrize(
    ("password", "message"),
    [("short", "at least 10"), ("x" * 257, "at most 256"), (" padded password ", "spaces")],
)
def test_password_policy(password: str, message: str) -> None:
    with pytest.raises(PasswordRejected, match=message):
        hash_password(password)


def test_passwords_are_argon2_hashes() -> None:
    stored = hash_password(PASSWORD)
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert password_matches(stored, PASSWORD)
    assert not password_matches(stored, PASSWORD + "!")
    assert not password_matches(None, PASSWORD)
    assert not password_matches("not a hash", PASSWORD)


def test_consultant_login_and_session(people) -> None:
    bind, dana_id, _, _ = people
    with session_scope(bind) as session:
        stored = session.get(Consultant, dana_id).password_hash
        assert stored.startswith("$argon2id$")
        started = consultant_login(session, "r123456 ", PASSWORD, "10.0.0.1", NOW)
    assert started is not None and len(started.cookie) >= 40
    with session_scope(bind) as session:
        web = active_session(session, started.cookie, NOW + timedelta(hours=1))
        assert web is not None and web.consultant_id == dana_id
        assert web.csrf_token == started.csrf_token
        assert active_session(session, started.cookie, NOW + SESSION_LIFETIME) is None
        assert active_session(session, "forged" + started.cookie, NOW) is None
        end_session(session, started.cookie)
    with session_scope(bind) as session:
        assert active_session(session, started.cookie, NOW) is None


def test_login_is_rate_limited_per_account(people) -> None:
    bind, *_ = people
    for attempt in range(MAX_FAILURES):
        with session_scope(bind) as session:
            moment = NOW + timedelta(seconds=attempt)
            assert (
                consultant_login(session, "R123456", "wrong password", "10.0.0.9", moment) is None
            )
    with session_scope(bind) as session, pytest.raises(TooManyAttempts) as refused:
        consultant_login(session, "R123456", PASSWORD, "10.0.0.9", NOW + timedelta(minutes=1))
    assert 0 < refused.value.retry_after <= WINDOW.total_seconds()
    with session_scope(bind) as session:  # another account is not locked by it
        assert consultant_login(session, "R654321", "whatever it is", "10.0.0.8", NOW) is None
    later = NOW + WINDOW + timedelta(seconds=10)
    with session_scope(bind) as session:
        assert consultant_login(session, "R123456", PASSWORD, "10.0.0.9", later) is not None
    with session_scope(bind) as session:
        # the success forgave the account's own failures; the client's and the other's remain
        assert failures(session) == MAX_FAILURES + 2


def test_login_is_rate_limited_per_client(people) -> None:
    bind, *_ = people
    with session_scope(bind) as session:
        for n in range(20):  # twenty different licences guessed from one address
            consultant_login(session, f"R{n:06d}", "guess guess", "10.9.9.9", NOW)
    with session_scope(bind) as session, pytest.raises(TooManyAttempts):
        consultant_login(session, "R123456", PASSWORD, "10.9.9.9", NOW)
    with session_scope(bind) as session:  # the consultant, from elsewhere, still gets in
        assert consultant_login(session, "R123456", PASSWORD, "10.1.1.1", NOW) is not None


def test_owner_password_and_link(people) -> None:
    bind, _, _, case = people
    with session_scope(bind) as session:
        assert owner_login(session, case.case_id, PASSWORD, "10.0.0.2", NOW) is None  # none set
        with pytest.raises(CaseNotFound):
            set_case_password(session, case.case_id, "not-the-token-at-all", PASSWORD)
        set_case_password(session, case.case_id, case.token, PASSWORD)
    with session_scope(bind) as session:
        started = owner_login(session, case.case_id, PASSWORD, "10.0.0.2", NOW)
        web = active_session(session, started.cookie, NOW)
        assert owned_case(session, web, case.case_id).id == case.case_id
        with pytest.raises(CaseNotFound):
            owned_case(session, web, "another-case-id")
        with pytest.raises(CaseNotFound):
            owner_session_by_token(session, case.case_id, "x" * 43, NOW)
        assert owner_session_by_token(session, case.case_id, case.token, NOW).cookie


def test_case_is_assigned_by_booking_and_released_by_cancel(people) -> None:
    bind, dana_id, lee_id, case = people
    nine = datetime(2027, 1, 11, 14, 0, tzinfo=UTC)
    with session_scope(bind) as session:
        dana = session.get(Consultant, dana_id)
        with pytest.raises(CaseNotFound):
            assigned_case(session, dana, case.case_id)
        booking = book(
            session, case.case_id, case.token, dana_id, "intro", nine, NOW, "applicant@example.com"
        )
    with session_scope(bind) as session:
        assert assigned_case(session, session.get(Consultant, dana_id), case.case_id)
        with pytest.raises(CaseNotFound):
            assigned_case(session, session.get(Consultant, lee_id), case.case_id)
        mail = session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == "applicant@example.com")
        ).one()
        assert "BEGIN:VCALENDAR" in mail.attachment and "Dana Roy" in mail.body
        cancel(session, booking.id, case.token, NOW)
    with session_scope(bind) as session, pytest.raises(CaseNotFound):
        assigned_case(session, session.get(Consultant, dana_id), case.case_id)


def test_booking_attempts_are_throttled_per_client(people) -> None:
    from impnav.store.accounts import BOOKING_ATTEMPTS, BOOKING_WINDOW, throttle_bookings

    bind, *_ = people
    with session_scope(bind) as session:
        for _ in range(BOOKING_ATTEMPTS):
            throttle_bookings(session, "10.2.2.2", NOW)
    with session_scope(bind) as session, pytest.raises(TooManyAttempts, match="booking attempts"):
        throttle_bookings(session, "10.2.2.2", NOW)
    with session_scope(bind) as session:
        throttle_bookings(session, "10.3.3.3", NOW)  # another client is not affected
        throttle_bookings(session, "10.2.2.2", NOW + BOOKING_WINDOW + timedelta(seconds=1))


def test_a_case_holds_at_most_three_upcoming_consultations(people) -> None:
    from impnav.store.bookings import MAX_UPCOMING_PER_CASE, BookingError

    bind, dana_id, _, case = people
    starts = [datetime(2027, 1, 11, 14, 0, tzinfo=UTC) + timedelta(minutes=30 * i)
              for i in range(MAX_UPCOMING_PER_CASE + 1)]  # fmt: skip
    with session_scope(bind) as session:
        for moment in starts[:-1]:
            book(session, case.case_id, case.token, dana_id, "intro", moment, NOW)
    with session_scope(bind) as session, pytest.raises(BookingError, match="at most 3"):
        book(session, case.case_id, case.token, dana_id, "intro", starts[-1], NOW)
