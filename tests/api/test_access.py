"""Access probes: every case and booking endpoint, of the API and of the pages, tried with no
credentials, another owner's credentials and another consultant's: all refused (401/403/404),
none shows the case, and nothing changes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from impnav.api.app import create_app
from impnav.store.db import session_scope
from impnav.store.models import Booking, Case
from tests.conftest import example_json
from tests.firm import book, consultant_login, csrf, free_times, save_case

REFUSED = {401, 403, 404}
SECRET_BITS = ("1989-08-08", "Prairie Steelworks", "date_of_birth")  # from the owner's profile


@pytest.fixture
def world(firm, visitor):
    """Alice's case booked with Dana; Bob owns another case; Lee is another consultant."""
    alice = visitor()
    case_id, _ = save_case(alice)
    limit = datetime.now(UTC) + timedelta(hours=48)
    slot = next(
        t for t in free_times(alice, case_id, firm.dana) if datetime.fromisoformat(t) >= limit
    )
    page = book(alice, case_id, firm.dana, slot)
    booking_id = re.search(r"/bookings/([0-9a-f-]+)/ics", page.text)[1]
    api = TestClient(create_app(), base_url="https://testserver")
    bob_token = api.post("/api/v1/cases", json=example_json("spouse-of-engineer")).json()["token"]
    bob = visitor()
    bob_case, _ = save_case(bob, "spouse-of-engineer")
    lee = visitor()
    consultant_login(lee, "R654321")
    return {
        "case": case_id,
        "booking": booking_id,
        "slot": slot,
        "api": api,
        "bob_token": bob_token,
        "bob": bob,
        "bob_case": bob_case,
        "lee": lee,
        "visitor": visitor,
    }


def _api_calls(w, firm) -> list[tuple[str, str, dict]]:
    case, booking = w["case"], w["booking"]
    later = (datetime.fromisoformat(w["slot"]) + timedelta(hours=1)).isoformat()
    return [
        ("GET", f"/api/v1/cases/{case}", {}),
        ("PUT", f"/api/v1/cases/{case}", {"json": example_json("pnp-nominee")}),
        ("DELETE", f"/api/v1/cases/{case}", {}),
        (
            "POST",
            "/api/v1/bookings",
            {
                "json": {
                    "case_id": case,
                    "consultant_id": firm.dana,
                    "package": "intro",
                    "starts_at": later,
                }
            },
        ),
        ("GET", f"/api/v1/bookings/{booking}/ics", {}),
        ("DELETE", f"/api/v1/bookings/{booking}", {}),
        ("POST", f"/api/v1/bookings/{booking}/reschedule", {"json": {"starts_at": later}}),
        ("GET", f"/api/v1/consultant/cases/{case}", {}),
    ]


@pytest.mark.parametrize("who", ["nobody", "another owner", "another consultant"])
def test_api_refuses_everyone_but_the_owner(world, firm, who: str) -> None:
    headers = {
        "nobody": {},
        "another owner": {"X-Case-Token": world["bob_token"]},
        "another consultant": {"X-Consultant-Token": firm.lee_token},
    }[who]
    for method, path, extra in _api_calls(world, firm):
        answer = world["api"].request(method, path, headers=headers, **extra)
        assert answer.status_code in REFUSED, (who, method, path, answer.status_code)
        assert not any(bit in answer.text for bit in SECRET_BITS), (who, method, path)
    _unchanged(world)


def test_the_assigned_consultant_reads_but_does_not_own(world, firm) -> None:
    api = world["api"]
    seen = api.get(
        f"/api/v1/consultant/cases/{world['case']}", headers={"X-Consultant-Token": firm.dana_token}
    )
    assert seen.status_code == 200 and seen.json()["case_id"] == world["case"]
    for method, path, extra in _api_calls(world, firm)[:-1]:
        answer = api.request(method, path, headers={"X-Consultant-Token": firm.dana_token}, **extra)
        assert answer.status_code in REFUSED, (method, path)
    _unchanged(world)


def _page_calls(w) -> list[tuple[str, str, dict]]:
    case, booking = w["case"], w["booking"]
    return [
        ("GET", f"/cases/{case}", {}),
        ("GET", f"/cases/{case}/book", {}),
        ("GET", f"/cases/{case}/bookings/{booking}/ics", {}),
        ("POST", f"/cases/{case}/password", {"password": "x" * 12, "confirm": "x" * 12}),
        ("POST", f"/cases/{case}/reassess", {}),
        ("POST", f"/cases/{case}/assessments", {"state": "{}"}),
        ("POST", f"/cases/{case}/bookings/{booking}/cancel", {}),
        ("POST", f"/cases/{case}/book", {"starts_at": w["slot"]}),
        ("POST", f"/cases/{case}/delete", {}),
        ("GET", f"/consultant/cases/{case}", {}),
    ]


def _replaying(world) -> TestClient:
    """A visitor that sends Bob's own valid owner cookie to every path (not only his case)."""
    cookie = next(c for c in world["bob"].cookies.jar if c.name == "impnav_case")
    client = world["visitor"]()
    client.cookies.set("impnav_case", cookie.value, domain=cookie.domain, path="/")
    assert client.get(f"/cases/{world['bob_case']}").status_code == 200  # it is a real session
    return client


@pytest.mark.parametrize(
    "who", ["nobody", "another owner", "another owner's cookie replayed", "another consultant"]
)
def test_pages_refuse_everyone_but_the_owner(world, who: str) -> None:
    if who == "another owner's cookie replayed":
        client = _replaying(world)
    else:
        client = {
            "nobody": world["visitor"](),
            "another owner": world["bob"],
            "another consultant": world["lee"],
        }[who]
    for method, path, data in _page_calls(world):
        if method == "GET":
            answer = client.get(path)
        else:
            answer = client.post(path, data={**data, "csrf": csrf(client)})
        refused = answer.status_code in REFUSED or answer.url.path == "/consultant/login"
        assert refused, (who, method, path, answer.status_code)
        assert not any(bit in answer.text for bit in SECRET_BITS), (who, method, path)
    _unchanged(world)


def _unchanged(w) -> None:
    with session_scope() as session:
        case = session.get(Case, w["case"])
        assert case is not None and len(case.assessments) == 1 and case.password_hash is None
        assert session.get(Booking, w["booking"]).status == "booked"


def test_the_booking_api_answers_429_after_too_many_attempts(world, firm) -> None:
    from impnav.store.accounts import BOOKING_ATTEMPTS

    api = world["api"]
    body = {"case_id": world["case"], "consultant_id": firm.dana, "package": "intro",
            "starts_at": world["slot"]}  # fmt: skip
    answers = [api.post("/api/v1/bookings", json=body, headers={"X-Case-Token": "x" * 43})
               for _ in range(BOOKING_ATTEMPTS + 1)]  # fmt: skip
    codes = [a.status_code for a in answers]
    first_refusal = codes.index(429)  # the world's own booking counted as one attempt
    assert set(codes[:first_refusal]) == {404} and first_refusal >= BOOKING_ATTEMPTS - 1
    assert int(answers[first_refusal].headers["Retry-After"]) > 0
