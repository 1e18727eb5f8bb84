"""Consultant pages: log in (licence number and password), the dashboard of upcoming
consultations with each case's latest assessment, read-only views of assigned cases, weekly
availability and days off, log out.

Log-in failures are counted in the database (see `store.accounts`), so the limit holds across
server workers. The session cookie holds a random value whose hash is the session row's key;
the CSRF cookie is replaced at log-in by the session's own token, and consultant forms must
match both.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from impnav.store.accounts import (
    SESSION_LIFETIME,
    StartedSession,
    active_session,
    assigned_case,
    consultant_login,
    end_session,
)
from impnav.store.bookings import (
    WEEKDAYS,
    BookingError,
    add_availability,
    add_day_off,
    consultant_dashboard,
    settings,
)
from impnav.store.cases import CaseNotFound
from impnav.store.db import session_scope
from impnav.store.models import Availability, AvailabilityException, Consultant, WebSession
from impnav.web.cases import case_context, not_found
from impnav.web.routes import page
from impnav.web.security import (
    CONSULTANT_COOKIE,
    CSRF_COOKIE,
    CsrfRejected,
    check_csrf,
    clear_cookie,
    set_cookie,
)
from impnav.web.signin import password_sign_in, refused

router = APIRouter(include_in_schema=False)


class NotSignedIn(Exception):
    pass


@contextmanager
def _signed_in(request: Request) -> Iterator[tuple[Session, Consultant, WebSession]]:
    with session_scope() as session:
        web = active_session(session, request.cookies.get(CONSULTANT_COOKIE), datetime.now(UTC))
        if web is None or web.consultant_id is None:
            raise NotSignedIn
        yield session, session.get(Consultant, web.consultant_id), web


def _to_login() -> RedirectResponse:
    return RedirectResponse("/consultant/login", status_code=303)


@router.get("/consultant/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return page(request, "consultant_login.html", form={}, error=None)


@router.post("/consultant/login", response_class=HTMLResponse)
def login(
    request: Request,
    licence: str = Form("", max_length=40),
    password: str = Form("", max_length=1000),
    csrf: str = Form(""),
) -> Response:
    started = password_sign_in(
        request, csrf, "consultant_login.html", {"licence": licence},
        lambda session, client, now: consultant_login(session, licence, password, client, now),
        "That licence number and password do not match.",
    )  # fmt: skip
    if not isinstance(started, StartedSession):
        return started
    response = RedirectResponse("/consultant", status_code=303)
    lifetime = int(SESSION_LIFETIME.total_seconds())
    set_cookie(request, response, CONSULTANT_COOKIE, started.cookie, max_age=lifetime)
    set_cookie(request, response, CSRF_COOKIE, started.csrf_token, same_site="strict")
    return response


@router.post("/consultant/logout", response_class=HTMLResponse)
def logout(request: Request, csrf: str = Form("")) -> Response:
    try:
        check_csrf(request, csrf)
    except CsrfRejected:
        return refused(request)
    with session_scope() as session:
        end_session(session, request.cookies.get(CONSULTANT_COOKIE))
    response = RedirectResponse("/consultant/login", status_code=303)
    clear_cookie(request, response, CONSULTANT_COOKIE)
    return response


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _dashboard(request: Request, session: Session, consultant: Consultant, **extra) -> dict:
    windows = session.scalars(
        select(Availability)
        .where(Availability.consultant_id == consultant.id)
        .order_by(Availability.weekday, Availability.start_minute)
    ).all()
    days_off = session.scalars(
        select(AvailabilityException.day)
        .where(
            AvailabilityException.consultant_id == consultant.id,
            AvailabilityException.day >= date.today(),
        )
        .order_by(AvailabilityException.day)
    ).all()
    local = ZoneInfo(consultant.time_zone)
    upcoming = consultant_dashboard(session, consultant, datetime.now(UTC))
    for row in upcoming:
        starts = datetime.fromisoformat(row["starts_at"])
        starts = starts if starts.tzinfo else starts.replace(tzinfo=UTC)
        row["starts_local"] = starts.astimezone(local).strftime("%a %Y-%m-%d %H:%M")
        row["package_title"] = settings()["packages"].get(row["package"], {}).get("title")
    return {
        "consultant": consultant,
        "upcoming": upcoming,
        "windows": [
            {"day": WEEKDAYS[w.weekday], "start": _hhmm(w.start_minute), "end": _hhmm(w.end_minute)}
            for w in windows
        ],
        "days_off": days_off,
        "weekdays": WEEKDAYS,
        "error": extra.get("error"),
    }


@router.get("/consultant", response_class=HTMLResponse)
def dashboard(request: Request) -> Response:
    try:
        with _signed_in(request) as (session, consultant, _):
            return page(
                request, "consultant_dashboard.html", **_dashboard(request, session, consultant)
            )
    except NotSignedIn:
        return _to_login()


@router.post("/consultant/availability", response_class=HTMLResponse)
def availability(
    request: Request,
    weekday: str = Form("", max_length=10),
    start: str = Form("", max_length=5),
    end: str = Form("", max_length=5),
    day_off: str = Form("", max_length=10),
    csrf: str = Form(""),
) -> Response:
    """Add a weekly window, or a day off when `day_off` is given."""
    try:
        try:
            with _signed_in(request) as (session, consultant, web):
                check_csrf(request, csrf, expected=web.csrf_token)
                if day_off:
                    try:
                        add_day_off(session, consultant.id, date.fromisoformat(day_off))
                    except ValueError:
                        raise BookingError(f"{day_off!r} is not a date (YYYY-MM-DD)") from None
                else:
                    add_availability(session, consultant.id, weekday, start, end)
        except BookingError as exc:
            with _signed_in(request) as (session, consultant, _):
                return page(
                    request,
                    "consultant_dashboard.html",
                    status_code=422,
                    **_dashboard(request, session, consultant, error=str(exc)),
                )
    except NotSignedIn:
        return _to_login()
    except CsrfRejected:
        return refused(request)
    return RedirectResponse("/consultant", status_code=303)


@router.get("/consultant/cases/{case_id}", response_class=HTMLResponse)
def assigned(request: Request, case_id: str) -> Response:
    try:
        with _signed_in(request) as (session, consultant, _):
            case = assigned_case(session, consultant, case_id)
            return page(request, "case.html", owner=False, **case_context(session, case))
    except NotSignedIn:
        return _to_login()
    except CaseNotFound:
        return not_found(request)
