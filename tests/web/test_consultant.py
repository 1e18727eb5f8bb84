"""Consultant pages: log-in with secure cookies, dashboard with the booked case, read-only case
view for the assigned consultant only, availability forms, rate-limited log-in, log-out."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from impnav.store.db import session_scope
from impnav.store.models import Availability, WebSession
from tests.firm import book, consultant_login, csrf, free_times, save_case


def _booked_case(visitor, firm) -> str:
    owner = visitor()
    case_id, _ = save_case(owner)
    limit = datetime.now(UTC) + timedelta(hours=48)
    slot = next(
        t for t in free_times(owner, case_id, firm.dana) if datetime.fromisoformat(t) >= limit
    )
    assert book(owner, case_id, firm.dana, slot).status_code == 201
    return case_id


def test_dashboard_requires_log_in(visitor) -> None:
    client = visitor()
    page = client.get("/consultant")
    assert page.url.path == "/consultant/login" and "Consultant log-in" in page.text


def test_log_in_sets_secure_cookies_and_rotates_the_csrf_token(visitor) -> None:
    client = visitor()
    before = csrf(client)
    consultant_login(client)
    cookies = {c.name: c for c in client.cookies.jar}
    session = cookies["impnav_session"]
    assert session.secure and session.has_nonstandard_attr("HttpOnly") and session.path == "/"
    assert cookies["impnav_csrf"].value != before
    with session_scope() as db:
        row = db.query(WebSession).one()
        assert row.token_hash != session.value and row.csrf_token == cookies["impnav_csrf"].value


def test_wrong_password_and_rate_limit(visitor) -> None:
    client = visitor()
    for _ in range(5):
        wrong = client.post(
            "/consultant/login",
            data={"licence": "R123456", "password": "not the password", "csrf": csrf(client)},
        )
        assert wrong.status_code == 401 and "do not match" in wrong.text
        assert "impnav_session" not in client.cookies
    locked = client.post(
        "/consultant/login",
        data={"licence": "R123456", "password": "correct horse battery", "csrf": csrf(client)},
    )
    assert locked.status_code == 429 and "Too many failed attempts" in locked.text
    assert "impnav_session" not in client.cookies


def test_dashboard_shows_the_booking_and_the_case(visitor, firm) -> None:
    case_id = _booked_case(visitor, firm)
    dana = visitor()
    consultant_login(dana, "R123456")
    page = dana.get("/consultant")
    assert f"/consultant/cases/{case_id}" in page.text
    case = dana.get(f"/consultant/cases/{case_id}")
    assert case.status_code == 200 and "Case of a client" in case.text
    assert "Delete the case" not in case.text and "Set password" not in case.text
    lee = visitor()
    consultant_login(lee, "R654321")
    assert f"/consultant/cases/{case_id}" not in lee.get("/consultant").text
    refused = lee.get(f"/consultant/cases/{case_id}")
    assert refused.status_code == 404 and case_id not in refused.text


def test_availability_forms(visitor, firm) -> None:
    dana = visitor()
    consultant_login(dana)
    added = dana.post(
        "/consultant/availability",
        data={"weekday": "sat", "start": "18:00", "end": "20:00", "csrf": csrf(dana)},
    )
    assert added.status_code == 200 and "Sat 18:00\u201320:00" in added.text
    bad = dana.post(
        "/consultant/availability",
        data={"weekday": "sat", "start": "20:00", "end": "18:00", "csrf": csrf(dana)},
    )
    assert bad.status_code == 422 and "must end after it starts" in bad.text
    off = dana.post("/consultant/availability", data={"day_off": "2099-12-25", "csrf": csrf(dana)})
    assert "2099-12-25" in off.text
    forged = dana.post(
        "/consultant/availability",
        data={"weekday": "sun", "start": "06:00", "end": "07:00", "csrf": "forged-token-value"},
    )
    assert forged.status_code == 403
    with session_scope() as db:
        early = db.query(Availability).filter_by(consultant_id=firm.dana, start_minute=360)
        assert early.count() == 0


def test_log_out_ends_the_session_for_good(visitor) -> None:
    dana = visitor()
    consultant_login(dana)
    stolen = next(c for c in dana.cookies.jar if c.name == "impnav_session")
    replay = visitor()
    replay.cookies.jar.set_cookie(stolen)
    assert replay.get("/consultant").url.path == "/consultant"  # the copied cookie works...
    out = dana.post("/consultant/logout", data={"csrf": csrf(dana)})
    assert out.url.path == "/consultant/login"
    page = replay.get("/consultant")
    assert page.url.path == "/consultant/login"  # ...until the owner logs out
    with session_scope() as db:
        assert db.query(WebSession).count() == 0


def test_session_cookie_of_a_consultant_does_not_open_owner_pages(visitor, firm) -> None:
    case_id = _booked_case(visitor, firm)
    dana = visitor()
    consultant_login(dana)
    assert dana.get(f"/cases/{case_id}").status_code == 404  # the owner's page, not hers
    form = dana.post(f"/cases/{case_id}/delete", data={"csrf": csrf(dana)})
    assert form.status_code == 404
    assert re.search("Case of a client", dana.get(f"/consultant/cases/{case_id}").text)
