"""Passwords, log-in and web sessions for consultants and case owners.

Passwords are stored only as argon2id hashes (argon2-cffi). Failed attempts are stored in the
database, not in a worker's memory, so the limit holds across all server processes: after
`MAX_FAILURES` failures for one account (or `MAX_CLIENT_FAILURES` from one client) within
`WINDOW`, further attempts are refused until the window has passed. Sessions are rows holding the
hash of the cookie value, so logging out or deleting the case really ends them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from impnav.store.cases import CaseNotFound, open_case
from impnav.store.models import Case, Consultant, LoginFailure, WebSession

MIN_PASSWORD = 10
MAX_PASSWORD = 256  # hashing a huge password is work an attacker could make us do
MAX_FAILURES = 5
MAX_CLIENT_FAILURES = 20
WINDOW = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=8)

# Bulk deletes skip syncing loaded objects (SQLite hands back naive datetimes to compare).
_BULK = {"synchronize_session": False}
_hasher = PasswordHasher()
# Verified against when the account does not exist, so both answers take the same time.
_DUMMY_HASH = _hasher.hash("impnav-no-such-account")


class PasswordRejected(ValueError):
    """A new password that does not meet the policy; the message says why."""


class TooManyAttempts(Exception):
    """Too many failed attempts: try again after `retry_after` seconds."""

    def __init__(self, retry_after: int, what: str = "failed attempts") -> None:
        super().__init__(f"too many {what}: try again in {retry_after // 60 + 1} minutes")
        self.retry_after = retry_after


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise PasswordRejected(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise PasswordRejected(f"a password may have at most {MAX_PASSWORD} characters")
    if password.strip() != password or not password.strip():
        raise PasswordRejected("a password may not start or end with spaces")
    return _hasher.hash(password)


def password_matches(stored: str | None, password: str) -> bool:
    if len(password) > MAX_PASSWORD:
        return False
    try:
        return _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _check_limits(session: Session, keys: dict[str, int], now: datetime) -> None:
    for key, limit in keys.items():
        rows = session.scalars(
            select(LoginFailure.at)
            .where(LoginFailure.key == _digest(key), LoginFailure.at > now - WINDOW)
            .order_by(LoginFailure.at)
        ).all()
        if len(rows) >= limit:
            oldest = _aware(rows[-limit])
            raise TooManyAttempts(max(1, int((oldest + WINDOW - now).total_seconds())))


def _record_failure(session: Session, keys: dict[str, int], now: datetime) -> None:
    session.execute(
        delete(LoginFailure).where(LoginFailure.at <= now - WINDOW), execution_options=_BULK
    )
    for key in keys:
        session.add(LoginFailure(key=_digest(key), at=now))
    session.flush()


BOOKING_ATTEMPTS = 20  # per client address ...
BOOKING_WINDOW = timedelta(minutes=10)  # ... in this window


def throttle_bookings(session: Session, client: str, now: datetime) -> None:
    """Count a booking attempt from this client; refuse once there were too many lately, so a
    script cannot hold or churn a consultant's calendar. Counted like failed log-ins (in the
    database, across workers), in their own window."""
    key = _digest(f"booking:{client}")
    recent = session.scalar(
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.key == key, LoginFailure.at > now - BOOKING_WINDOW)
    )
    if (recent or 0) >= BOOKING_ATTEMPTS:
        raise TooManyAttempts(int(BOOKING_WINDOW.total_seconds()), "booking attempts")
    session.add(LoginFailure(key=key, at=now))
    session.flush()


def failures(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(LoginFailure)) or 0


@dataclass(frozen=True)
class StartedSession:
    """The cookie value (given to the browser once) and the CSRF token bound to the session."""

    cookie: str
    csrf_token: str


def _start(
    session: Session, now: datetime, consultant_id: str | None = None, case_id: str | None = None
) -> StartedSession:
    session.execute(delete(WebSession).where(WebSession.expires_at <= now), execution_options=_BULK)
    cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(
        WebSession(
            token_hash=_digest(cookie),
            consultant_id=consultant_id,
            case_id=case_id,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    session.flush()
    return StartedSession(cookie, csrf)


def active_session(session: Session, cookie: str | None, now: datetime) -> WebSession | None:
    if not cookie or len(cookie) > 200:
        return None
    found = session.get(WebSession, _digest(cookie))
    if found is None or _aware(found.expires_at) <= now:
        return None
    return found


def end_session(session: Session, cookie: str | None) -> None:
    if cookie and len(cookie) <= 200:
        session.execute(
            delete(WebSession).where(WebSession.token_hash == _digest(cookie)),
            execution_options=_BULK,
        )


def set_consultant_password(session: Session, licence: str, password: str) -> Consultant:
    consultant = session.scalar(
        select(Consultant).where(Consultant.licence_number == licence.strip().upper())
    )
    if consultant is None:
        raise LookupError(f"no consultant with licence {licence}")
    consultant.password_hash = hash_password(password)
    session.execute(
        delete(WebSession).where(WebSession.consultant_id == consultant.id), execution_options=_BULK
    )
    session.flush()
    return consultant


def consultant_login(
    session: Session, licence: str, password: str, client: str, now: datetime
) -> StartedSession | None:
    """A new session for the right licence and password; None (with the failure recorded) for a
    wrong one. Raises TooManyAttempts before even checking once the limit is reached."""
    licence = licence.strip().upper()[:20]
    keys = {f"consultant:{licence}": MAX_FAILURES, f"client:{client}": MAX_CLIENT_FAILURES}
    _check_limits(session, keys, now)
    consultant = session.scalar(select(Consultant).where(Consultant.licence_number == licence))
    if not password_matches(consultant.password_hash if consultant else None, password):
        _record_failure(session, keys, now)
        return None
    forgiven = _digest(f"consultant:{licence}")
    session.execute(
        delete(LoginFailure).where(LoginFailure.key == forgiven), execution_options=_BULK
    )
    return _start(session, now, consultant_id=consultant.id)


def set_case_password(session: Session, case_id: str, token: str, password: str) -> None:
    case = open_case(session, case_id, token)
    case.password_hash = hash_password(password)
    session.flush()


def owner_session_by_token(
    session: Session, case_id: str, token: str, now: datetime
) -> StartedSession:
    """A session for the owner who followed the case link (raises CaseNotFound otherwise)."""
    open_case(session, case_id, token)
    return _start(session, now, case_id=case_id)


def owner_login(
    session: Session, case_id: str, password: str, client: str, now: datetime
) -> StartedSession | None:
    """A session for the case reference and the password the owner set; None when wrong."""
    case_id = case_id.strip()[:36]
    keys = {f"case:{case_id}": MAX_FAILURES, f"client:{client}": MAX_CLIENT_FAILURES}
    _check_limits(session, keys, now)
    case = session.get(Case, case_id)
    if not password_matches(case.password_hash if case else None, password):
        _record_failure(session, keys, now)
        return None
    return _start(session, now, case_id=case_id)


def owned_case(session: Session, web: WebSession | None, case_id: str) -> Case:
    """The case this owner session opens (raises CaseNotFound for any other)."""
    if web is None or web.case_id != case_id:
        raise CaseNotFound(case_id)
    case = session.get(Case, case_id)
    if case is None:
        raise CaseNotFound(case_id)
    return case


def assigned_case(session: Session, consultant: Consultant, case_id: str) -> Case:
    """A case the consultant may read: only one assigned to them by a booking."""
    case = session.get(Case, case_id)
    if case is None or case.consultant_id != consultant.id:
        raise CaseNotFound(case_id)
    return case
