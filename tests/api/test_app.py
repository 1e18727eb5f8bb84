"""The HTTP API: contract shapes, 422 with field paths on bad input, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from impnav.api.app import create_app
from tests.conftest import example_json


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


def test_assess_returns_verdicts(client: TestClient) -> None:
    body = example_json("mexican-ict-executive")
    r = client.post("/api/v1/assess", params={"as_of": "2026-11-28"}, json=body)
    assert r.status_code == 200
    data = r.json()
    eligible = {s["id"] for s in data["streams"] if s["verdict"] == "eligible"}
    assert {"T37", "C62"} <= eligible
    assert data["as_of"] == "2026-11-28"


def test_assess_empty_profile_needs_information(client: TestClient) -> None:
    r = client.post("/api/v1/assess", params={"as_of": "2026-11-28"}, json={})
    assert r.status_code == 200
    assert r.json()["counts"]["eligible"] == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"age": 250}, "body.age"),
        ({"citizenships": ["Narnia"]}, "body.citizenships[0]"),
        ({"job_offer": {"noc": "1234"}}, "body.job_offer.noc"),
        ({"job_offer": {"province": "XX"}}, "body.job_offer.province"),
        ({"date_of_birth": "3000-01-01"}, "body.date_of_birth"),
        ({"unknown_field": 1}, "body.unknown_field"),
        (
            {"work_history": [{"start_date": "2020-01-01", "end_date": "2019-01-01"}]},
            "body.work_history[0]",
        ),
    ],
)
def test_bad_profiles_get_422_naming_the_field(client: TestClient, body: dict, field: str) -> None:
    r = client.post("/api/v1/assess", json=body)
    assert r.status_code == 422
    fields = [e["field"] for e in r.json()["detail"]]
    assert field in fields


def test_malformed_json_and_bad_date_are_422(client: TestClient) -> None:
    r = client.post(
        "/api/v1/assess", content=b"{oops", headers={"content-type": "application/json"}
    )
    assert r.status_code == 422
    r = client.post("/api/v1/assess", params={"as_of": "yesterday"}, json={})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "query.as_of"


def test_rules_endpoints(client: TestClient) -> None:
    r = client.get("/api/v1/rules")
    assert r.status_code == 200 and any(x["code"] == "T36" for x in r.json())
    r = client.get("/api/v1/rules/t24")
    assert r.status_code == 200
    assert [x["code"] for x in r.json()] == ["T37", "T38"]
    assert r.json()[0]["resolved_from"]["replaced_on"] == "2022-12-15"
    assert client.get("/api/v1/rules/ZZZ").status_code == 404


def test_openapi_and_health(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/v1/assess" in spec["paths"] and "/api/v1/rules/{code}" in spec["paths"]
    assert client.get("/healthz").json()["status"] == "ok"


def test_api_docs_are_served_without_a_cdn(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "/docs-assets/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower()
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
