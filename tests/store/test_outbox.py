"""The outbox reaches a real SMTP server (aiosmtpd on loopback); failures keep the message."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
from sqlalchemy import select

from impnav.store.db import engine_for, session_scope
from impnav.store.models import OutboxMessage
from impnav.store.outbox import SmtpSettings, send_pending


class Recorder(Sink):
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_outbox_is_delivered_and_failures_are_retried(database: str) -> None:
    bind = engine_for(database)
    with session_scope(bind) as session:
        session.add(OutboxMessage(recipient="dana@firm.example", subject="New consultation",
                                  body="A call was booked.", attachment="BEGIN:VCALENDAR\r\n",
                                  created_at=datetime.now(UTC)))  # fmt: skip
    dead = SmtpSettings(host="127.0.0.1", port=_free_port(), sender="impnav@firm.example")
    with session_scope(bind) as session:
        assert send_pending(session, dead) == (0, 1)
    recorder = Recorder()
    port = _free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        live = SmtpSettings(host="127.0.0.1", port=port, sender="impnav@firm.example")
        with session_scope(bind) as session:
            assert send_pending(session, live) == (1, 0)
        with session_scope(bind) as session:
            assert send_pending(session, live) == (0, 0)  # nothing sent twice
            row = session.scalars(select(OutboxMessage)).one()
            assert row.sent_at is not None and row.attempts == 2
    finally:
        controller.stop()
    assert b"New consultation" in recorder.messages[0] and b"text/calendar" in recorder.messages[0]
