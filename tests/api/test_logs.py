"""No personal data or secrets in logs: the access-log filter, and every log record captured
while a person saves a case, sets a password and books a consultation."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta

import pytest

from impnav.api.logs import RedactAccessLog
from tests.conftest import example_data
from tests.firm import PASSWORD, book, csrf, free_times, save_case


def test_access_log_keeps_no_query_string_or_address() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("203.0.113.9:5123", "GET", "/cases/abc/open?key=SECRET&x=1", "1.1", 303), None,
    )  # fmt: skip
    assert RedactAccessLog().filter(record)
    line = record.getMessage()
    assert "SECRET" not in line and "203.0.113.9" not in line
    assert line == '- - "GET /cases/abc/open HTTP/1.1" 303'


def test_a_whole_visit_logs_nothing_personal(visitor, firm, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG)
    profile = example_data("pnp-nominee")
    owner = visitor()
    case_id, link = save_case(owner)
    owner.post(f"/cases/{case_id}/password",
               data={"password": PASSWORD, "confirm": PASSWORD, "csrf": csrf(owner)})  # fmt: skip
    limit = datetime.now(UTC) + timedelta(hours=48)
    slot = next(t for t in free_times(owner, case_id, firm.dana)
                if datetime.fromisoformat(t) >= limit)  # fmt: skip
    assert book(owner, case_id, firm.dana, slot, email="mai.tran@example.com").status_code == 201
    logged = "\n".join(r.getMessage() for r in caplog.records)
    secrets = [link.split("key=")[1], PASSWORD, "mai.tran@example.com",
               str(profile["date_of_birth"])]  # fmt: skip
    for secret in secrets:
        assert secret not in logged
    assert not re.search(r"\$argon2", logged)


def test_a_real_server_logs_no_personal_data(tmp_path) -> None:
    """`impnav serve` with its access log on: an interview, an offer check, a saved case and a
    booking for a named person leave none of the person's details in what the server prints."""
    import json
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.parse
    import urllib.request
    from datetime import date as day

    from impnav.store.bookings import WEEKDAYS, add_availability, add_consultant, free_slots
    from impnav.store.db import engine_for, session_scope, upgrade
    from tests.conftest import example_json

    url = f"sqlite:///{tmp_path / 'impnav.sqlite3'}"
    upgrade(url)
    with session_scope(engine_for(url)) as session:
        dana, _ = add_consultant(session, "R123456", "Dana Roy", "dana@firm.example", ["en"], "UTC")
        for weekday in WEEKDAYS:
            add_availability(session, dana.id, weekday, "00:00", "24:00")
        dana_id = dana.id
        slot = free_slots(session, dana.id, "intro", day.today() + timedelta(days=3), 1, "UTC",
                          datetime.now(UTC))[0].isoformat()  # fmt: skip
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log_file = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "impnav.cli", "serve", "--port", str(port)],
        env={**os.environ, "IMPNAV_DATABASE_URL": url}, stdout=log_file, stderr=log_file,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"

    def call(method: str, path: str, body: object = None, headers: dict | None = None,
             form: dict | None = None) -> dict:  # fmt: skip
        data, kind = None, "application/json"
        if form is not None:
            data, kind = urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
        sent = {"Content-Type": kind, **(headers or {})}
        request = urllib.request.Request(base + path, data=data, method=method, headers=sent)
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
            return (
                json.loads(text)
                if response.headers.get_content_type() == "application/json"
                else {}
            )

    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        offer = json.loads(json.dumps(example_data("offers/t36-systems-analyst"), default=str))
        profile = example_json("pnp-nominee")
        state = json.dumps({"answers": profile, "asked": []})
        call("POST", "/interview", form={"state": state, "action": "results"})
        call("POST", "/api/v1/offers/check?as_of=2026-11-28", offer)
        created = call("POST", "/api/v1/cases", profile)
        call("POST", "/api/v1/bookings", {"case_id": created["case_id"], "consultant_id": dana_id,
             "package": "intro", "starts_at": slot, "contact_email": "mai.tran@example.com"},
             {"X-Case-Token": created["token"]})  # fmt: skip
        call("GET", "/api/v1/noc/search?q=welder+Rivera&limit=3")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log_file.close()
    printed = (tmp_path / "server.log").read_text()
    assert "POST /api/v1/cases" in printed  # the access log is on: the check is not vacuous
    for secret in ("Rivera", "Alex", "A12345678", "1990-04-12", "1989-08-08",
                   "mai.tran@example.com", created["token"]):  # fmt: skip
        assert secret not in printed, secret
    access_lines = [line for line in printed.splitlines() if 'HTTP/1.1"' in line]
    assert access_lines and not any("127.0.0.1" in line for line in access_lines)
