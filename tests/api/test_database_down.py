"""A database that cannot be reached answers 503 with a clear message, never a 500, and the
app recovers by itself once the database is back."""

from __future__ import annotations

import socket

import pytest
from fastapi.testclient import TestClient

from impnav.api.app import create_app
from tests.conftest import example_json


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once the socket closes


def test_postgres_down_is_a_503(monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/postgres?connect_timeout=2"
    monkeypatch.setenv("IMPNAV_DATABASE_URL", url)
    client = TestClient(create_app(), raise_server_exceptions=False)
    saved = client.post("/api/v1/cases", json=example_json("pnp-nominee"))
    assert saved.status_code == 503 and "not available" in saved.json()["detail"]
    assert saved.headers["Retry-After"] == "5"
    page = client.get("/consultant/login")
    assert page.status_code == 200  # pages without the database still work
    client.cookies.set("impnav_session", "x" * 43)
    dashboard = client.get("/consultant")
    assert dashboard.status_code == 503 and "Try again shortly" in dashboard.text
    assert client.post("/api/v1/assess", json=example_json("pnp-nominee")).status_code == 200


def test_recovers_when_the_database_returns(postgres_cluster, monkeypatch) -> None:
    """The same app, its database stopped and started again: 503 while down, 201 after."""
    from impnav.store.db import upgrade

    upgrade(postgres_cluster.url)
    monkeypatch.setenv("IMPNAV_DATABASE_URL", postgres_cluster.url)
    client = TestClient(create_app(), raise_server_exceptions=False)
    assert client.post("/api/v1/cases", json=example_json("pnp-nominee")).status_code == 201
    postgres_cluster.stop()
    try:
        down = client.post("/api/v1/cases", json=example_json("pnp-nominee"))
        assert down.status_code == 503
    finally:
        postgres_cluster.start()
    back = client.post("/api/v1/cases", json=example_json("pnp-nominee"))
    assert back.status_code == 201, back.text
