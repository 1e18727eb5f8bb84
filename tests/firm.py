"""A small firm for the page and access tests (a pytest plugin): two consultants with passwords
and open hours every day, and visitors (test clients over HTTPS, so Secure cookies come back)
to drive the pages."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from impnav.api.app import create_app
from impnav.store.accounts import set_consultant_password
from impnav.store.bookings import WEEKDAYS, add_availability, add_consultant
from impnav.store.db import session_scope
from tests.conftest import example_json

PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Firm:
    dana: str  # consultant ids
    lee: str
    dana_token: str  # API tokens
    lee_token: str


@pytest.fixture
def firm(sqlite_database: str) -> Firm:
    with session_scope() as session:
        dana, dana_token = add_consultant(
            session, "R123456", "Dana Roy", "dana@firm.example", ["en", "fr"], "UTC"
        )
        lee, lee_token = add_consultant(
            session, "R654321", "Lee Park", "lee@firm.example", ["en"], "America/Vancouver"
        )
        for day in WEEKDAYS:
            add_availability(session, dana.id, day, "00:00", "24:00")
            add_availability(session, lee.id, day, "08:00", "16:00")
        set_consultant_password(session, "R123456", PASSWORD)
        set_consultant_password(session, "R654321", PASSWORD)
    return Firm(dana.id, lee.id, dana_token, lee_token)


@pytest.fixture
def visitor(firm: Firm) -> Callable[[], TestClient]:
    """A fresh visitor (own cookies) each call, on one app."""
    app = create_app()
    return lambda: TestClient(app, base_url="https://testserver", follow_redirects=True)


def csrf(client: TestClient) -> str:
    if "impnav_csrf" not in client.cookies:
        client.get("/")
    return client.cookies["impnav_csrf"]


def interview_state(example: str = "pnp-nominee") -> str:
    return json.dumps({"answers": example_json(example), "asked": []})


def save_case(client: TestClient, example: str = "pnp-nominee") -> tuple[str, str]:
    """Save a case from the results page; returns (case id, private link)."""
    page = client.post("/cases", data={"state": interview_state(example), "csrf": csrf(client)})
    assert page.status_code == 201, page.text
    link = re.search(r'id="case-link">([^<]+)<', page.text)[1]
    case_id = re.search(r'id="case-reference">([^<]+)<', page.text)[1]
    return case_id, link


def consultant_login(client: TestClient, licence: str = "R123456") -> None:
    page = client.post(
        "/consultant/login", data={"licence": licence, "password": PASSWORD, "csrf": csrf(client)}
    )
    assert page.status_code == 200 and "Upcoming consultations" in page.text, page.text


def free_times(client: TestClient, case_id: str, consultant: str, package: str = "intro") -> list:
    page = client.get(
        f"/cases/{case_id}/book", params={"consultant": consultant, "package": package, "tz": "UTC"}
    )
    assert page.status_code == 200
    return re.findall(r'name="starts_at" value="([^"]+)"', page.text)


def book(client: TestClient, case_id: str, consultant: str, starts_at: str, **extra: str):
    data = {
        "consultant": consultant,
        "package": "intro",
        "tz": "UTC",
        "starts_at": starts_at,
        "csrf": csrf(client),
        **extra,
    }
    return client.post(f"/cases/{case_id}/book", data=data)
