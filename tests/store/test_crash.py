"""Crash safety: `impnav serve` is killed with SIGKILL in the middle of a burst of case saves and
bookings, on SQLite and on PostgreSQL, then started again. Every write the server acknowledged
is there, nothing is half-written (no case without its assessment, no booking without its
slots), and no slot is booked twice."""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from impnav.store.bookings import WEEKDAYS, add_availability, add_consultant, free_slots
from impnav.store.db import engine_for, session_scope
from impnav.store.models import Booking, BookingSlot, Case, CaseAssessment
from tests.conftest import example_json


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "IMPNAV_DATABASE_URL": url}
    server = subprocess.Popen(
        [sys.executable, "-m", "impnav.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    os.killpg(server.pid, signal.SIGKILL)
    raise AssertionError("server did not start")


def _post(port: int, path: str, body: dict, headers: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", **(headers or {})},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {}


def test_sigkill_mid_burst_loses_no_acknowledged_write(database: str) -> None:
    bind = engine_for(database)
    with session_scope(bind) as session:
        consultant, _ = add_consultant(session, "R123456", "Dana Roy", "dana@firm.example",
                                       ["en"], "UTC")  # fmt: skip
        for day in WEEKDAYS:
            add_availability(session, consultant.id, day, "00:00", "24:00")
        consultant_id = consultant.id
        slots = free_slots(session, consultant.id, "intro", date.today() + timedelta(days=2), 3,
                           "UTC", datetime.now(UTC))  # fmt: skip
    port = _free_port()
    server = _serve(database, port)
    acknowledged_cases: list[tuple[str, str]] = []
    acknowledged_bookings: list[str] = []
    stop = threading.Event()

    def burst(seed: int) -> None:
        rng = random.Random(seed)
        while not stop.is_set():
            try:
                status, created = _post(port, "/api/v1/cases", example_json("pnp-nominee"))
                if status != 201:
                    continue
                acknowledged_cases.append((created["case_id"], created["token"]))
                slot = rng.choice(slots).isoformat()
                wanted = {"case_id": created["case_id"], "consultant_id": consultant_id,
                          "package": "intro", "starts_at": slot}  # fmt: skip
                status, booked = _post(port, "/api/v1/bookings", wanted,
                                       {"X-Case-Token": created["token"]})  # fmt: skip
                if status == 201:
                    acknowledged_bookings.append(booked["booking_id"])
            except OSError:  # the server is gone
                time.sleep(0.05)

    threads = [threading.Thread(target=burst, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    while len(acknowledged_cases) < 40 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(server.pid, signal.SIGKILL)  # the server and its workers, mid-burst
    server.wait()
    time.sleep(0.3)
    stop.set()
    for t in threads:
        t.join(timeout=30)
    assert len(acknowledged_cases) >= 40 and acknowledged_bookings

    restarted = _serve(database, port)  # a new server on the same database
    try:
        for case_id, token in acknowledged_cases:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/cases/{case_id}",
                                             headers={"X-Case-Token": token})  # fmt: skip
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.status == 200
    finally:
        os.killpg(restarted.pid, signal.SIGKILL)
        restarted.wait()
    with session_scope(engine_for(database)) as session:
        for booking_id in acknowledged_bookings:
            assert session.get(Booking, booking_id).status == "booked"
        bare_cases = session.scalar(
            select(func.count())
            .select_from(Case)
            .where(~Case.id.in_(select(CaseAssessment.case_id)))
        )
        assert bare_cases == 0  # no case without its assessment
        active = session.scalars(select(Booking).where(Booking.status == "booked")).all()
        for booking in active:  # every booking holds its slots ...
            held = session.scalar(
                select(func.count()).select_from(BookingSlot)
                .where(BookingSlot.booking_id == booking.id)
            )  # fmt: skip
            assert held == 1
        starts = [b.starts_at for b in active]
        assert len(starts) == len(set(starts))  # ... and no slot is held twice
