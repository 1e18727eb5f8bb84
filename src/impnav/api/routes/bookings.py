"""Consultations over HTTP: packages, consultants, free slots, bookings (with the case attached,
proved by the case token), cancellation, the .ics file, and the consultant's dashboard."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Header, HTTPException, Query, Request, Response
from pydantic import AwareDatetime, BaseModel, Field
from sqlalchemy import select

from impnav.api.routes.cases import TOKEN as CASE_TOKEN
from impnav.models.common import IsoDate
from impnav.store.accounts import TooManyAttempts, assigned_case, throttle_bookings
from impnav.store.bookings import (
    BookingError,
    SlotTaken,
    book,
    cancel,
    consultant_by_token,
    consultant_dashboard,
    free_slots,
    ics,
    reschedule,
    settings,
)
from impnav.store.cases import CaseNotFound, case_view, open_case
from impnav.store.db import session_scope
from impnav.store.models import Booking, Consultant

router = APIRouter(tags=["consultations"])
CONSULTANT_TOKEN = Header("", alias="X-Consultant-Token", max_length=200)


class BookingRequest(BaseModel):
    case_id: str = Field(max_length=36)
    consultant_id: str = Field(max_length=36)
    package: str = Field(max_length=20)
    starts_at: AwareDatetime
    contact_email: str | None = Field(
        None,
        max_length=200,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="Where the applicant's confirmation (with the .ics file) is mailed",
    )


@contextmanager
def _booking_errors(not_found: str, invalid_field: str) -> Iterator[None]:
    """Booking failures as HTTP answers: unknown case/booking 404, taken slot 409, else 422."""
    try:
        yield
    except CaseNotFound:
        raise HTTPException(status_code=404, detail=not_found) from None
    except SlotTaken as exc:
        raise _problem(409, "body.starts_at", str(exc)) from None
    except BookingError as exc:
        raise _problem(422, invalid_field, str(exc)) from None


def _booked(booking: Booking) -> dict[str, Any]:
    return {
        "booking_id": booking.id,
        "starts_at": booking.starts_at.isoformat(),
        "ends_at": booking.ends_at.isoformat(),
        "ics": f"/api/v1/bookings/{booking.id}/ics",
    }


def _problem(status: int, field: str, message: str) -> HTTPException:
    detail = [{"field": field, "loc": field.split("."), "message": message, "type": "value_error"}]
    return HTTPException(status_code=status, detail=detail)


@router.get("/consultations/packages")
def packages() -> dict[str, Any]:
    return settings()["packages"]


@router.get("/consultants")
def consultants() -> list[dict[str, Any]]:
    with session_scope() as session:
        rows = session.scalars(select(Consultant).order_by(Consultant.name)).all()
        return [
            {
                "id": c.id,
                "name": c.name,
                "licence_number": c.licence_number,
                "languages": c.languages,
                "time_zone": c.time_zone,
            }
            for c in rows
        ]


@router.get("/consultants/{consultant_id}/slots")
def slots(
    consultant_id: str,
    package: str = Query(...),
    start: IsoDate | None = Query(None),
    days: int = Query(7, ge=1, le=31),
    tz: str = Query("America/Toronto", max_length=64),
) -> list[str]:
    with session_scope() as session:
        try:
            found = free_slots(
                session, consultant_id, package, start or date.today(), days, tz, datetime.now(UTC)
            )
        except BookingError as exc:
            raise _problem(422, "query", str(exc)) from None
    return [s.isoformat() for s in found]


@router.post("/bookings", status_code=201)
def create_booking(
    request: BookingRequest, http: Request, token: str = CASE_TOKEN
) -> dict[str, Any]:
    with session_scope() as session:
        try:
            throttle_bookings(session, http.client.host if http.client else "?", datetime.now(UTC))
        except TooManyAttempts as exc:
            retry = {"Retry-After": str(exc.retry_after)}
            raise HTTPException(status_code=429, detail=str(exc), headers=retry) from None
    with _booking_errors("no case with that id and token", "body"), session_scope() as session:
        booking = book(
            session,
            request.case_id,
            token,
            request.consultant_id,
            request.package,
            request.starts_at,
            datetime.now(UTC),
            request.contact_email,
        )
        return _booked(booking)


@router.get("/bookings/{booking_id}/ics")
def booking_ics(booking_id: str, token: str = CASE_TOKEN) -> Response:
    with session_scope() as session:
        booking = session.get(Booking, booking_id)
        try:
            if booking is None or booking.case_id is None:
                raise CaseNotFound(booking_id)
            open_case(session, booking.case_id, token)
        except CaseNotFound:
            raise HTTPException(status_code=404, detail="no such booking") from None
        body = ics(booking, session.get(Consultant, booking.consultant_id))
    return Response(
        body,
        media_type="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="consultation.ics"'},
    )


@router.delete("/bookings/{booking_id}", status_code=204)
def cancel_booking(booking_id: str, token: str = CASE_TOKEN) -> Response:
    with _booking_errors("no such booking", "booking"), session_scope() as session:
        cancel(session, booking_id, token, datetime.now(UTC))
    return Response(status_code=204)


class RescheduleRequest(BaseModel):
    starts_at: AwareDatetime


@router.post("/bookings/{booking_id}/reschedule")
def reschedule_booking(
    booking_id: str, request: RescheduleRequest, token: str = CASE_TOKEN
) -> dict[str, Any]:
    with _booking_errors("no such booking", "booking"), session_scope() as session:
        moved = reschedule(session, booking_id, token, request.starts_at, datetime.now(UTC))
        return _booked(moved)


@router.get("/consultant/bookings")
def dashboard(token: str = CONSULTANT_TOKEN) -> list[dict[str, Any]]:
    with session_scope() as session:
        consultant = consultant_by_token(session, token)
        if consultant is None:
            raise HTTPException(status_code=401, detail="unknown consultant token")
        return consultant_dashboard(session, consultant, datetime.now(UTC))


@router.get("/consultant/cases/{case_id}")
def assigned_case_view(case_id: str, token: str = CONSULTANT_TOKEN) -> dict[str, Any]:
    """A case assigned to this consultant by a booking; any other case answers 404."""
    with session_scope() as session:
        consultant = consultant_by_token(session, token)
        if consultant is None:
            raise HTTPException(status_code=401, detail="unknown consultant token")
        try:
            return case_view(assigned_case(session, consultant, case_id))
        except CaseNotFound:
            raise HTTPException(status_code=404, detail="no such case among yours") from None
