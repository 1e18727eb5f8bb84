"""`impnav noc search|show` and `GET /api/v1/noc/...` contracts and errors."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from impnav.api.app import create_app
from tests.test_cli import impnav


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


def test_cli_search_json_contract() -> None:
    run = impnav("noc", "search", "registered nurse in a hospital", "--limit", "3", "-f", "json")
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    assert len(rows) == 3 and {"code", "title", "teer", "score"} <= set(rows[0])
    assert rows[0]["code"] == "31301"


def test_cli_show_and_errors() -> None:
    shown = json.loads(impnav("noc", "show", "21231", "-f", "json").stdout)
    assert shown["title"] == "Software engineers and designers" and shown["teer"] == 1
    assert impnav("noc", "show", "99999").returncode == 2
    assert impnav("noc", "show", "abc").returncode == 2
    long = impnav("noc", "search", "x" * 10_000)
    assert long.returncode == 2 and "longer than" in long.stderr


def test_api_search_show_and_errors(client: TestClient) -> None:
    r = client.get("/api/v1/noc/search", params={"q": "cook", "limit": 3})
    assert r.status_code == 200 and r.json()["matches"][0]["code"] == "63200"
    assert client.get("/api/v1/noc/search", params={"q": " "}).status_code == 422
    r = client.get("/api/v1/noc/search", params={"q": "x" * 10_000})
    assert r.status_code == 422
    assert client.get("/api/v1/noc/search", params={"q": "cook", "limit": 0}).status_code == 422
    r = client.get("/api/v1/noc/2174")
    assert r.status_code == 200 and len(r.json()) == 3
    assert client.get("/api/v1/noc/00000").status_code == 404
