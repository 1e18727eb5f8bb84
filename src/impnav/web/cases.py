"""Case pages for applicants: save the interview as a case, reopen it by its private link or a
password, re-assess, book / move / cancel a consultation, download the .ics, delete the case.

The owner is recognised by a server-side session whose cookie is limited to the case's own
path (`/cases/<id>`), so one browser can hold several cases and no page elsewhere sees it.
Anything that does not open (unknown case, wrong link, expired session) is the same 404 page:
a stranger learns nothing, not even whether the case exists.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from impnav.store.accounts import (
    SESSION_LIFETIME,
    PasswordRejected,
    StartedSession,
    TooManyAttempts,
    active_session,
    end_session,
    hash_password,
    owned_case,
    owner_login,
    owner_session_by_token,
    throttle_bookings,
)
from impnav.store.bookings import (
    BookingError,
    SlotTaken,
    book_for_case,
    cancel_booking,
    case_booking,
    case_bookings,
    free_slots,
    ics,
    reschedule_booking,
    settings,
)
from impnav.store.cases import (
    CaseNotFound,
    add_assessment,
    create_case,
    latest_profile,
)
from impnav.store.db import session_scope
from impnav.store.models import Case, Consultant
from impnav.web.interview import InterviewState, profile_of, question_for
from impnav.web.routes import page
from impnav.web.security import (
    OWNER_COOKIE,
    CsrfRejected,
    check_csrf,
    clear_cookie,
    client_key,
    set_cookie,
)
from impnav.web.signin import password_sign_in, refused

router = APIRouter(include_in_schema=False)


def _case_path(case_id: str) -> str:
    return f"/cases/{case_id}"


def not_found(request: Request) -> HTMLResponse:
    message = (
        "No case opens here. Use the private link you were given when you saved it, or open it "
        "with its reference and your password."
    )
    return page(request, "not_found.html", status_code=404, message=message, open_link=True)


@contextmanager
def _owner(request: Request, case_id: str) -> Iterator[tuple[Session, Case]]:
    """The case, when this browser's owner session opens it (CaseNotFound otherwise)."""
    with session_scope() as session:
        web = active_session(session, request.cookies.get(OWNER_COOKIE), datetime.now(UTC))
        yield session, owned_case(session, web, case_id)


def _sign_in(request: Request, case_id: str, cookie: str, response: Response) -> Response:
    set_cookie(
        request,
        response,
        OWNER_COOKIE,
        cookie,
        path=_case_path(case_id),
        max_age=int(SESSION_LIFETIME.total_seconds()),
    )
    return response


def case_context(session: Session, case: Case) -> dict[str, Any]:
    """What the case page shows: latest verdicts, history, bookings."""
    latest = case.assessments[-1]
    consultants = {c.id: c for c in session.scalars(select(Consultant))}
    bookings = [
        {
            "booking": b,
            "consultant": consultants.get(b.consultant_id),
            "package": settings()["packages"].get(b.package, {}).get("title", b.package),
        }
        for b in case_bookings(session, case)
    ]
    asked = [key for key in latest.profile if question_for(key) is not None]
    state = InterviewState(dict(latest.profile), asked, case_id=case.id)
    return {
        "case": case,
        "latest": latest.result,
        "history": list(reversed(case.assessments)),
        "bookings": bookings,
        "edit_state": state.to_json(),
        "has_password": case.password_hash is not None,
        "assigned": consultants.get(case.consultant_id) if case.consultant_id else None,
    }


@router.post("/cases", response_class=HTMLResponse)
def save_case(request: Request, state: str = Form(""), csrf: str = Form("")) -> Response:
    try:
        check_csrf(request, csrf)
    except CsrfRejected:
        return refused(request)
    profile, error = profile_of(InterviewState.from_json(state))
    if profile is None:
        return page(
            request,
            "message.html",
            status_code=422,
            title="Cannot save these answers",
            message=f"Some answers are not valid: {error}",
        )
    now = datetime.now(UTC)
    with session_scope() as session:
        created = create_case(session, profile, date.today())
        started = owner_session_by_token(session, created.case_id, created.token, now)
    link = str(request.url_for("open_case_link", case_id=created.case_id)) + f"?key={created.token}"
    response = page(request, "case_saved.html", status_code=201, case_id=created.case_id, link=link)
    return _sign_in(request, created.case_id, started.cookie, response)


@router.get("/cases/open", response_class=HTMLResponse)
def open_form(request: Request) -> HTMLResponse:
    return page(request, "case_open.html", form={}, error=None)


@router.post("/cases/open", response_class=HTMLResponse)
def open_with_password(
    request: Request,
    reference: str = Form("", max_length=100),
    password: str = Form("", max_length=1000),
    csrf: str = Form(""),
) -> Response:
    case_id = reference.strip()
    started = password_sign_in(
        request, csrf, "case_open.html", {"reference": reference},
        lambda session, client, now: owner_login(session, case_id, password, client, now),
        "That reference and password do not open a case.",
    )  # fmt: skip
    if not isinstance(started, StartedSession):
        return started
    return _sign_in(
        request, case_id, started.cookie, RedirectResponse(_case_path(case_id), status_code=303)
    )


@router.get("/cases/{case_id}/open", response_class=HTMLResponse, name="open_case_link")
def open_case_link(
    request: Request, case_id: str, key: str = Query("", max_length=200)
) -> Response:
    try:
        with session_scope() as session:
            started = owner_session_by_token(session, case_id, key, datetime.now(UTC))
    except CaseNotFound:
        return not_found(request)
    return _sign_in(
        request, case_id, started.cookie, RedirectResponse(_case_path(case_id), status_code=303)
    )


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, case_id: str, notice: str | None = None) -> HTMLResponse:
    try:
        with _owner(request, case_id) as (session, case):
            return page(
                request, "case.html", notice=notice, owner=True, **case_context(session, case)
            )
    except CaseNotFound:
        return not_found(request)


@contextmanager
def _owner_form(request: Request, case_id: str, csrf: str) -> Iterator[tuple[Session, Case]]:
    check_csrf(request, csrf)
    with _owner(request, case_id) as found:
        yield found


def _form_failure(request: Request, exc: Exception) -> HTMLResponse:
    if isinstance(exc, CsrfRejected):
        return refused(request)
    return not_found(request)


def _back_to_case(case_id: str, notice: str) -> RedirectResponse:
    from urllib.parse import quote

    return RedirectResponse(f"{_case_path(case_id)}?notice={quote(notice)}", status_code=303)


@router.post("/cases/{case_id}/password", response_class=HTMLResponse)
def set_password(
    request: Request,
    case_id: str,
    password: str = Form("", max_length=1000),
    confirm: str = Form("", max_length=1000),
    csrf: str = Form(""),
) -> Response:
    try:
        with _owner_form(request, case_id, csrf) as (session, case):
            error = None if password == confirm else "The two passwords differ."
            if error is None:
                try:
                    case.password_hash = hash_password(password)
                except PasswordRejected as exc:
                    error = str(exc).capitalize() + "."
            if error:
                return page(
                    request,
                    "case.html",
                    status_code=422,
                    owner=True,
                    password_error=error,
                    **case_context(session, case),
                )
    except (CsrfRejected, CaseNotFound) as exc:
        return _form_failure(request, exc)
    return _back_to_case(case_id, "Password set: you can now open the case with it.")


@router.post("/cases/{case_id}/reassess", response_class=HTMLResponse)
def reassess_today(request: Request, case_id: str, csrf: str = Form("")) -> Response:
    """Run the latest answers through today's rules (rules change; answers may not have)."""
    try:
        with _owner_form(request, case_id, csrf) as (session, case):
            add_assessment(session, case, latest_profile(case), date.today())
    except (CsrfRejected, CaseNotFound) as exc:
        return _form_failure(request, exc)
    return _back_to_case(case_id, f"Re-assessed with the rules as of {date.today()}.")


@router.post("/cases/{case_id}/assessments", response_class=HTMLResponse)
def save_answers(
    request: Request, case_id: str, state: str = Form(""), csrf: str = Form("")
) -> Response:
    """Save changed interview answers to the case as a new assessment."""
    profile, error = profile_of(InterviewState.from_json(state))
    try:
        with _owner_form(request, case_id, csrf) as (session, case):
            if profile is None:
                return page(
                    request,
                    "case.html",
                    status_code=422,
                    owner=True,
                    notice=f"Not saved: {error}",
                    **case_context(session, case),
                )
            add_assessment(session, case, profile, date.today())
    except (CsrfRejected, CaseNotFound) as exc:
        return _form_failure(request, exc)
    return _back_to_case(case_id, "Your new answers are saved and assessed.")


@router.post("/cases/{case_id}/delete", response_class=HTMLResponse)
def delete(request: Request, case_id: str, csrf: str = Form("")) -> Response:
    try:
        with _owner_form(request, case_id, csrf) as (session, case):
            session.delete(case)
    except (CsrfRejected, CaseNotFound) as exc:
        return _form_failure(request, exc)
    response = page(
        request,
        "message.html",
        title="Case deleted",
        message="The case, its answers and its history are deleted for good.",
    )
    clear_cookie(request, response, OWNER_COOKIE, path=_case_path(case_id))
    return response


@router.post("/cases/{case_id}/logout", response_class=HTMLResponse)
def logout(request: Request, case_id: str, csrf: str = Form("")) -> Response:
    try:
        check_csrf(request, csrf)
    except CsrfRejected:
        return refused(request)
    with session_scope() as session:
        end_session(session, request.cookies.get(OWNER_COOKIE))
    response = RedirectResponse("/", status_code=303)
    clear_cookie(request, response, OWNER_COOKIE, path=_case_path(case_id))
    return response


def _booking_form(
    request: Request, session: Session, case: Case, choice: dict[str, str], **extra: Any
) -> dict[str, Any]:
    """The booking page: choices, and the free slots once a consultant and package are chosen."""
    consultants = session.scalars(select(Consultant).order_by(Consultant.name)).all()
    slots: list[datetime] = []
    error = extra.pop("error", None)
    if choice.get("consultant") and choice.get("package"):
        try:
            start = date.fromisoformat(choice["start"]) if choice.get("start") else date.today()
            slots = free_slots(
                session,
                choice["consultant"],
                choice["package"],
                start,
                14,
                choice.get("tz") or "America/Toronto",
                datetime.now(UTC),
            )
        except (BookingError, ValueError) as exc:
            error = error or str(exc)
    days: dict[str, list[datetime]] = {}
    for slot in slots:
        days.setdefault(slot.strftime("%A %Y-%m-%d"), []).append(slot)
    return {
        "case": case,
        "consultants": consultants,
        "slot_days": list(days.items()),
        "packages": settings()["packages"],
        "choice": choice,
        "slots": slots,
        "error": error,
        **extra,
    }


@router.get("/cases/{case_id}/book", response_class=HTMLResponse)
def booking_page(
    request: Request,
    case_id: str,
    consultant: str = Query("", max_length=36),
    package: str = Query("", max_length=20),
    tz: str = Query("America/Toronto", max_length=64),
    start: str = Query("", max_length=10),
    move: str = Query("", max_length=36),
) -> HTMLResponse:
    choice = {"consultant": consultant, "package": package, "tz": tz, "start": start, "move": move}
    try:
        with _owner(request, case_id) as (session, case):
            return page(request, "book.html", **_booking_form(request, session, case, choice))
    except CaseNotFound:
        return not_found(request)


def _contact(email: str) -> str | None:
    email = email.strip()
    if not email:
        return None
    if len(email) > 200 or "@" not in email.strip("@") or any(c.isspace() for c in email):
        raise BookingError(f"{email!r} is not an e-mail address")
    return email


@router.post("/cases/{case_id}/book", response_class=HTMLResponse)
def book_slot(
    request: Request,
    case_id: str,
    consultant: str = Form("", max_length=36),
    package: str = Form("", max_length=20),
    tz: str = Form("America/Toronto", max_length=64),
    starts_at: str = Form("", max_length=40),
    email: str = Form("", max_length=300),
    move: str = Form("", max_length=36),
    csrf: str = Form(""),
) -> Response:
    choice = {"consultant": consultant, "package": package, "tz": tz, "move": move}
    now = datetime.now(UTC)
    try:
        with session_scope() as session:
            throttle_bookings(session, client_key(request), now)
    except TooManyAttempts as exc:
        response = page(request, "message.html", status_code=429, title="Too many attempts",
                        message=str(exc).capitalize() + ".")  # fmt: skip
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    try:
        try:
            with _owner_form(request, case_id, csrf) as (session, case):
                moment = _parse_start(starts_at)
                if move:
                    booking = reschedule_booking(
                        session, case_booking(session, case, move), moment, now
                    )
                else:
                    booking = book_for_case(
                        session, case, consultant, package, moment, now, _contact(email)
                    )
                chosen = session.get(Consultant, booking.consultant_id)
                return page(
                    request,
                    "booked.html",
                    status_code=201,
                    case=case,
                    booking=booking,
                    consultant=chosen,
                    viewer_tz=_zone(tz),
                    title=settings()["packages"][booking.package]["title"],
                )
        except BookingError as exc:  # the failed attempt is rolled back; show the form again
            status = 409 if isinstance(exc, SlotTaken) else 422
            with _owner(request, case_id) as (session, case):
                return page(
                    request,
                    "book.html",
                    status_code=status,
                    **_booking_form(request, session, case, choice, error=str(exc)),
                )
    except (CsrfRejected, CaseNotFound) as exc:
        return _form_failure(request, exc)


def _parse_start(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BookingError("choose one of the free times") from None
    if moment.tzinfo is None:
        raise BookingError("choose one of the free times")
    return moment


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return ZoneInfo("UTC")


@router.post("/cases/{case_id}/bookings/{booking_id}/cancel", response_class=HTMLResponse)
def cancel(request: Request, case_id: str, booking_id: str, csrf: str = Form("")) -> Response:
    try:
        try:
            with _owner_form(request, case_id, csrf) as (session, case):
                cancel_booking(session, case_booking(session, case, booking_id), datetime.now(UTC))
        except BookingError as exc:
            with _owner(request, case_id) as (session, case):
                return page(
                    request,
                    "case.html",
                    status_code=422,
                    owner=True,
                    notice=f"Not cancelled: {exc}.",
                    **case_context(session, case),
                )
    except (CsrfRejected, CaseNotFound) as exc:
        return _form_failure(request, exc)
    return _back_to_case(case_id, "The consultation is cancelled.")


@router.get("/cases/{case_id}/bookings/{booking_id}/ics")
def booking_ics(request: Request, case_id: str, booking_id: str) -> Response:
    try:
        with _owner(request, case_id) as (session, case):
            booking = case_booking(session, case, booking_id)
            body = ics(booking, session.get(Consultant, booking.consultant_id))
    except (CaseNotFound, BookingError):
        return not_found(request)
    return Response(
        body,
        media_type="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="consultation.ics"'},
    )
