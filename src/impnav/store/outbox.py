"""Deliver the outbox over SMTP when a server is configured. A message leaves the outbox only
once the server accepted it; a failure is counted and retried on the next run, so a booking is
never lost to a mail problem (it was committed before any mail was tried)."""

from __future__ import annotations

import os
import smtplib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from impnav.store.models import OutboxMessage

MAX_ATTEMPTS = 10


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    starttls: bool = False

    @classmethod
    def from_env(cls) -> SmtpSettings | None:
        host = os.environ.get("IMPNAV_SMTP_HOST")
        if not host:
            return None
        return cls(
            host=host,
            port=int(os.environ.get("IMPNAV_SMTP_PORT", "25")),
            sender=os.environ.get("IMPNAV_SMTP_FROM", "impnav@localhost"),
            user=os.environ.get("IMPNAV_SMTP_USER"),
            password=os.environ.get("IMPNAV_SMTP_PASSWORD"),
            starttls=os.environ.get("IMPNAV_SMTP_STARTTLS", "") == "1",
        )


def _message(row: OutboxMessage, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, row.recipient, row.subject
    mail.set_content(row.body)
    if row.attachment:
        mail.add_attachment(row.attachment.encode(), maintype="text", subtype="calendar",
                            filename="consultation.ics")  # fmt: skip
    return mail


def send_pending(session: Session, smtp: SmtpSettings) -> tuple[int, int]:
    """(sent, failed) for the messages not yet sent and not given up on."""
    pending = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMessage.id)
    ).all()
    sent = failed = 0
    for row in pending:
        row.attempts += 1
        try:
            with smtplib.SMTP(smtp.host, smtp.port, timeout=10) as server:
                if smtp.starttls:
                    server.starttls()
                if smtp.user:
                    server.login(smtp.user, smtp.password or "")
                server.send_message(_message(row, smtp.sender))
            row.sent_at = datetime.now(UTC)
            sent += 1
        except (OSError, smtplib.SMTPException):
            failed += 1
        session.flush()
    return sent, failed
