"""Stored records: cases (an applicant's saved assessments), consultants, bookings, sessions.
A case is reached by its owner's unguessable token, stored only as a hash, so a database leak
does not open the cases."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    consultant_id: Mapped[str | None] = mapped_column(
        ForeignKey("consultants.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    assessments: Mapped[list[CaseAssessment]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        order_by="CaseAssessment.id",
        passive_deletes=True,
    )


class CaseAssessment(Base):
    """One assessment of the case's profile, kept so the history of answers stays visible."""

    __tablename__ = "case_assessments"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    as_of: Mapped[date] = mapped_column(Date)
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    case: Mapped[Case] = relationship(back_populates="assessments")


class Consultant(Base):
    __tablename__ = "consultants"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    licence_number: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(200))
    languages: Mapped[list[str]] = mapped_column(JSON)
    time_zone: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class Availability(Base):
    """A weekly window in the consultant's own time zone (minutes after midnight)."""

    __tablename__ = "availability"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    consultant_id: Mapped[str] = mapped_column(ForeignKey("consultants.id", ondelete="CASCADE"))
    weekday: Mapped[int] = mapped_column()  # Monday 0 .. Sunday 6
    start_minute: Mapped[int] = mapped_column()
    end_minute: Mapped[int] = mapped_column()


class AvailabilityException(Base):
    """A day off: no slots that day, whatever the weekly windows say."""

    __tablename__ = "availability_exceptions"

    consultant_id: Mapped[str] = mapped_column(
        ForeignKey("consultants.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)


class Booking(Base):
    __tablename__ = "bookings"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    consultant_id: Mapped[str] = mapped_column(ForeignKey("consultants.id", ondelete="CASCADE"))
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    package: Mapped[str] = mapped_column(String(20))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(12), default="booked")
    contact_email: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class BookingSlot(Base):
    """One 30-minute slot a booking holds; the primary key makes a double booking impossible."""

    __tablename__ = "booking_slots"

    consultant_id: Mapped[str] = mapped_column(
        ForeignKey("consultants.id", ondelete="CASCADE"), primary_key=True
    )
    slot_start: Mapped[datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    booking_id: Mapped[str] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"))


class OutboxMessage(Base):
    """Mail to send. Written in the booking's transaction, so a mail failure never loses it."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    recipient: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    attachment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(default=0)


class WebSession(Base):
    """A signed-in browser: a consultant's, or a case owner's (for one case). Held server-side,
    so logging out really ends it; only the hash of the cookie value is stored."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    consultant_id: Mapped[str | None] = mapped_column(
        ForeignKey("consultants.id", ondelete="CASCADE")
    )
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoginFailure(Base):
    """A failed password attempt, keyed by a hash of the account or client it was made for;
    counted over a window to slow down password guessing across all server workers."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
