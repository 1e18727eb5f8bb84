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
