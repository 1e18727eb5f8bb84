"""Consultants, their weekly availability, free slots in the applicant's time zone, bookings with
the case attached, cancellation up to a cut-off, .ics confirmations and the mail outbox.

A slot can never be booked twice: each booking holds one `booking_slots` row per 30 minutes,
and the primary key (consultant, slot start) makes the database refuse the second insert, even
when two requests race.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from impnav.store.cases import open_case
from impnav.store.models import (
    Availability,
    AvailabilityException,
    Booking,
    BookingSlot,
    Case,
    Consultant,
    OutboxMessage,
)

MAX_UPCOMING_PER_CASE = 3  # no hoarding of a consultant's calendar by one case
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class BookingError(ValueError):
    """A booking request that cannot be honoured; the message says why."""


class SlotTaken(BookingError):
    pass


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    text = resources.files("impnav.rules").joinpath("data/consultations.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BookingError(f"unknown time zone {name!r}: use e.g. America/Toronto") from None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_consultant(
    session: Session, licence: str, name: str, email: str, languages: list[str], time_zone: str
) -> tuple[Consultant, str]:
    """A consultant and their API token (returned once, stored hashed)."""
    if not re.fullmatch(r"R\d{6}", licence.strip().upper()):
        raise BookingError(f"{licence!r} is not a CICC licence number (R followed by 6 digits)")
    zone(time_zone)
    token = secrets.token_urlsafe(32)
    consultant = Consultant(
        id=str(uuid.uuid4()),
        licence_number=licence.strip().upper(),
        name=name,
        email=email,
        languages=languages,
        time_zone=time_zone,
        token_hash=_hash(token),
    )
    session.add(consultant)
    try:
        session.flush()
    except IntegrityError:
        raise BookingError(f"licence {licence} is already registered") from None
    return consultant, token


def consultant_by_token(session: Session, token: str) -> Consultant | None:
    return session.scalar(select(Consultant).where(Consultant.token_hash == _hash(token)))


def _minutes(hhmm: str) -> int:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", hhmm.strip())
    if not match or int(match[1]) > 24 or int(match[2]) > 59:
        raise BookingError(f"{hhmm!r} is not a time of day (HH:MM)")
    return int(match[1]) * 60 + int(match[2])


def add_availability(
    session: Session, consultant_id: str, weekday: str, start: str, end: str
) -> None:
    if weekday.lower()[:3] not in WEEKDAYS:
        raise BookingError(f"{weekday!r} is not a day of the week")
    first, last = _minutes(start), _minutes(end)
    if last <= first:
        raise BookingError("the window must end after it starts")
    session.add(
        Availability(
            consultant_id=consultant_id,
            weekday=WEEKDAYS.index(weekday.lower()[:3]),
            start_minute=first,
            end_minute=last,
        )
    )
    session.flush()


def add_day_off(session: Session, consultant_id: str, day: date) -> None:
    if session.get(AvailabilityException, (consultant_id, day)) is None:
        session.add(AvailabilityException(consultant_id=consultant_id, day=day))
        session.flush()


def _package(name: str) -> dict[str, Any]:
    found = settings()["packages"].get(name)
    if found is None:
        raise BookingError(f"unknown package {name!r}: {', '.join(settings()['packages'])}")
    return found


def _slot_starts(start: datetime, minutes: int) -> list[datetime]:
    step = settings()["slot_minutes"]
    return [start + timedelta(minutes=m) for m in range(0, minutes, step)]


def _taken(session: Session, consultant_id: str, first: datetime, last: datetime) -> set[datetime]:
    rows = session.scalars(
        select(BookingSlot.slot_start).where(
            BookingSlot.consultant_id == consultant_id,
            BookingSlot.slot_start >= first,
            BookingSlot.slot_start < last,
        )
    )
    return {r if r.tzinfo else r.replace(tzinfo=UTC) for r in rows}


def free_slots(
    session: Session,
    consultant_id: str,
    package: str,
    start: date,
    days: int,
    viewer_tz: str,
    now: datetime,
) -> list[datetime]:
    """Start times, in the viewer's time zone, where the whole package fits and is free."""
    consultant = session.get(Consultant, consultant_id)
    if consultant is None:
        raise BookingError("no such consultant")
    minutes = _package(package)["minutes"]
    local, viewer = zone(consultant.time_zone), zone(viewer_tz)
    windows = session.scalars(
        select(Availability).where(Availability.consultant_id == consultant_id)
    ).all()
    step = settings()["slot_minutes"]
    horizon_start = datetime.combine(start, time(0), local).astimezone(UTC)
    taken = _taken(
        session,
        consultant_id,
        horizon_start - timedelta(days=1),
        horizon_start + timedelta(days=days + 1),
    )
    days_off = set(
        session.scalars(
            select(AvailabilityException.day).where(
                AvailabilityException.consultant_id == consultant_id
            )
        )
    )
    found = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        if day in days_off:
            continue
        for window in (w for w in windows if w.weekday == day.weekday()):
            for minute in range(window.start_minute, window.end_minute - minutes + 1, step):
                begins = datetime.combine(day, time(0), local) + timedelta(minutes=minute)
                begins_utc = begins.astimezone(UTC)
                if begins_utc <= now + timedelta(hours=1):
                    continue
                if any(s in taken for s in _slot_starts(begins_utc, minutes)):
                    continue
                found.append(begins_utc.astimezone(viewer))
    return sorted(found)


@dataclass(frozen=True)
class BookingView:
    booking: Booking
    consultant: Consultant


def book(
    session: Session,
    case_id: str,
    case_token: str,
    consultant_id: str,
    package: str,
    starts_at: datetime,
    now: datetime,
    contact_email: str | None = None,
) -> Booking:
    """Book for the case the token opens (raises CaseNotFound for a wrong token)."""
    case = open_case(session, case_id, case_token)
    return book_for_case(session, case, consultant_id, package, starts_at, now, contact_email)


def book_for_case(
    session: Session,
    case: Case,
    consultant_id: str,
    package: str,
    starts_at: datetime,
    now: datetime,
    contact_email: str | None = None,
) -> Booking:
    """Book a consultation for an already authorised case and assign the case to the
    consultant; the consultant (and the applicant, given an address) get the .ics by mail."""
    if session.get(Consultant, consultant_id) is None:
        raise BookingError("no such consultant")
    upcoming = session.scalar(
        select(func.count())
        .select_from(Booking)
        .where(Booking.case_id == case.id, Booking.status == "booked", Booking.ends_at >= now)
    )
    if (upcoming or 0) >= MAX_UPCOMING_PER_CASE:
        raise BookingError(
            f"a case may hold at most {MAX_UPCOMING_PER_CASE} upcoming consultations; "
            "cancel or move one instead"
        )
    if starts_at.tzinfo is None:
        raise BookingError("starts_at needs a time zone offset (e.g. 2027-01-11T10:00:00-05:00)")
    starts = starts_at.astimezone(UTC)
    spec = _package(package)
    day = starts.astimezone(zone(session.get(Consultant, consultant_id).time_zone)).date()
    offered = free_slots(session, consultant_id, package, day, 1, "UTC", now)
    if starts not in offered:
        raise SlotTaken("that time is not free for this consultant and package")
    booking = Booking(
        id=str(uuid.uuid4()),
        consultant_id=consultant_id,
        case_id=case.id,
        package=package,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=spec["minutes"]),
        status="booked",
    )
    session.add(booking)
    for slot in _slot_starts(starts, spec["minutes"]):
        session.add(
            BookingSlot(consultant_id=consultant_id, slot_start=slot, booking_id=booking.id)
        )
    try:
        session.flush()
    except IntegrityError:
        raise SlotTaken("that time was just booked by someone else") from None
    consultant = session.get(Consultant, consultant_id)
    case.consultant_id = consultant_id
    booking.contact_email = contact_email
    session.add(
        OutboxMessage(
            recipient=consultant.email,
            subject=f"New consultation: {spec['title']} on {starts.isoformat()}",
            body=f"A {spec['minutes']}-minute {spec['title'].lower()} was booked; the case "
            "is attached in your impnav dashboard.",
            attachment=ics(booking, consultant),
        )
    )
    if contact_email:
        session.add(
            OutboxMessage(
                recipient=contact_email,
                subject=f"Your impnav consultation on {starts.isoformat()}",
                body=f"Your {spec['minutes']}-minute {spec['title'].lower()} with "
                f"{consultant.name} (licence {consultant.licence_number}) is booked. The "
                "attached calendar file adds it to your calendar. You can cancel or move it "
                f"up to {settings()['cancel_cutoff_hours']} hours before, from your case page.",
                attachment=ics(booking, consultant),
            )
        )
    session.flush()
    return booking


def _own_booking(session: Session, booking_id: str, case_token: str) -> Booking:
    booking = session.get(Booking, booking_id)
    if booking is None or booking.case_id is None:
        raise BookingError("no such booking")
    open_case(session, booking.case_id, case_token)
    return booking


def case_booking(session: Session, case: Case, booking_id: str) -> Booking:
    """A booking of this (already authorised) case; any other id is "no such booking"."""
    booking = session.get(Booking, booking_id)
    if booking is None or booking.case_id != case.id:
        raise BookingError("no such booking")
    return booking


def case_bookings(session: Session, case: Case) -> list[Booking]:
    return list(
        session.scalars(
            select(Booking).where(Booking.case_id == case.id).order_by(Booking.starts_at)
        )
    )


def cancel(session: Session, booking_id: str, case_token: str, now: datetime) -> Booking:
    return cancel_booking(session, _own_booking(session, booking_id, case_token), now)


def cancel_booking(session: Session, booking: Booking, now: datetime) -> Booking:
    """Cancel up to the cut-off, free its slots, and unassign the case when no booking with
    that consultant remains."""
    cutoff = timedelta(hours=settings()["cancel_cutoff_hours"])
    starts = (
        booking.starts_at if booking.starts_at.tzinfo else booking.starts_at.replace(tzinfo=UTC)
    )
    if booking.status != "booked":
        raise BookingError("the booking is already cancelled")
    if starts - now < cutoff:
        raise BookingError(
            f"bookings can be changed up to {cutoff.total_seconds() / 3600:g} hours before"
        )
    session.execute(delete(BookingSlot).where(BookingSlot.booking_id == booking.id))
    booking.status = "cancelled"
    session.flush()
    case = session.get(Case, booking.case_id) if booking.case_id else None
    if case is not None and case.consultant_id == booking.consultant_id:
        still = session.scalar(
            select(Booking.id).where(
                Booking.case_id == case.id,
                Booking.consultant_id == booking.consultant_id,
                Booking.status == "booked",
            )
        )
        if still is None:
            case.consultant_id = None
    consultant = session.get(Consultant, booking.consultant_id)
    session.add(
        OutboxMessage(
            recipient=consultant.email,
            subject="Consultation cancelled",
            body=f"The consultation of {starts.isoformat()} was cancelled.",
        )
    )
    session.flush()
    return booking


def reschedule(
    session: Session,
    booking_id: str,
    case_token: str,
    starts_at: datetime,
    now: datetime,
) -> Booking:
    """Move a booking: cancel and book again in one transaction, so a failed move keeps the old
    time (the caller's transaction rolls both back)."""
    booking = _own_booking(session, booking_id, case_token)
    return reschedule_booking(session, booking, starts_at, now)


def reschedule_booking(
    session: Session, booking: Booking, starts_at: datetime, now: datetime
) -> Booking:
    old = cancel_booking(session, booking, now)
    case = session.get(Case, old.case_id)
    return book_for_case(
        session, case, old.consultant_id, old.package, starts_at, now, old.contact_email
    )


def ics(booking: Booking, consultant: Consultant) -> str:
    """An iCalendar (RFC 5545) event for the consultation."""

    def stamp(moment: datetime) -> str:
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    title = _package(booking.package)["title"]
    return "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//impnav//consultations//EN",
            "BEGIN:VEVENT",
            f"UID:{booking.id}@impnav",
            f"DTSTAMP:{stamp(booking.created_at or booking.starts_at)}",
            f"DTSTART:{stamp(booking.starts_at)}",
            f"DTEND:{stamp(booking.ends_at)}",
            f"SUMMARY:impnav {title} with {consultant.name}",
            "DESCRIPTION:Immigration consultation with a licensed consultant.",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )


def consultant_dashboard(
    session: Session, consultant: Consultant, now: datetime
) -> list[dict[str, Any]]:
    """Upcoming consultations with the attached case's latest assessment summary."""
    rows = session.scalars(
        select(Booking)
        .where(
            Booking.consultant_id == consultant.id,
            Booking.status == "booked",
            Booking.ends_at >= now,
        )
        .order_by(Booking.starts_at)
    ).all()
    out = []
    for b in rows:
        case = session.get(Case, b.case_id) if b.case_id else None
        latest = case.assessments[-1].result if case and case.assessments else None
        out.append(
            {
                "booking_id": b.id,
                "package": b.package,
                "starts_at": b.starts_at.isoformat(),
                "case_id": b.case_id,
                "case_summary": {
                    "counts": latest["counts"],
                    "eligible": [
                        s["code"] for s in latest["streams"] if s["verdict"] == "eligible"
                    ],
                }
                if latest
                else None,
            }
        )
    return out
