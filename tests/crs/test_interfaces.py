"""`impnav crs|fsw` and `POST /api/v1/crs|fsw`: contract shapes and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from impnav.api.app import create_app
from tests.conftest import EXAMPLES
from tests.test_cli import impnav

CRS_EXAMPLE = EXAMPLES / "crs" / "single-software-developer.yaml"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


def test_cli_crs_json_contract() -> None:
    run = impnav("crs", str(CRS_EXAMPLE), "--as-of", "2026-11-28", "--format", "json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert {"total", "breakdown", "details", "suggestions"} <= set(data)
    assert set(data["breakdown"]) == {"core", "spouse", "transferability", "additional"}
    assert data["total"] == 429
    gains = [s["gain"] for s in data["suggestions"]]
    assert gains == sorted(gains, reverse=True) and all(g > 0 for g in gains)


def test_cli_crs_text_and_fsw() -> None:
    text = impnav("crs", str(CRS_EXAMPLE), "--as-of", "2026-11-28")
    assert text.returncode == 0 and "CRS score: 429" in text.stdout
    fsw = json.loads(impnav("fsw", str(CRS_EXAMPLE), "--as-of", "2026-11-28", "-f", "json").stdout)
    assert fsw["points"] == 68 and fsw["pass"] is True
    assert fsw["proof_of_funds"]["amount"] == 15263


NINES = "first_language: {clb: {reading: 9, writing: 9, listening: 9, speaking: 9}}\n"
IELTS_95 = "first_language: {test: ielts, reading: 9.5, writing: 7, listening: 7, speaking: 7}\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("age: 30\neducation: phd\n" + NINES, "education"),
        ("age: 30\neducation: doctoral\n" + IELTS_95, "first_language: reading: 9.5"),
        ("education: doctoral\n" + NINES, "age: Field required"),
    ],
)
def test_cli_bad_crs_profiles_exit_2(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "crs.yaml"
    bad.write_text(content)
    run = impnav("crs", str(bad))
    assert run.returncode == 2 and message in run.stderr, run.stderr


def test_cli_crs_before_the_crs_existed_is_exit_2() -> None:
    run = impnav("crs", str(CRS_EXAMPLE), "--as-of", "2014-06-01")
    assert run.returncode == 2 and "2015-01-01" in run.stderr


def test_schema_crs() -> None:
    schema = json.loads(impnav("schema", "crs").stdout)
    assert "first_language" in schema["properties"]


def test_api_crs_and_fsw(client: TestClient) -> None:
    body = {"age": 29, "education": "bachelors_or_three_year", "foreign_experience_years": 3,
            "first_language": {"test": "ielts", "reading": 7.5, "writing": 7, "listening": 8,
                               "speaking": 7}}  # fmt: skip
    r = client.post("/api/v1/crs", params={"as_of": "2026-11-28"}, json=body)
    assert r.status_code == 200 and r.json()["total"] == 429
    r = client.post("/api/v1/fsw", params={"as_of": "2026-11-28"}, json=body)
    assert r.status_code == 200 and r.json()["pass"] is True and r.json()["points"] == 68


def test_api_crs_bad_input_is_422_with_the_field(client: TestClient) -> None:
    body = {"age": 29, "education": "doctoral",
            "first_language": {"test": "celpip", "reading": 13, "writing": 7, "listening": 7,
                               "speaking": 7}}  # fmt: skip
    r = client.post("/api/v1/crs", json=body)
    assert r.status_code == 422
    assert r.json()["detail"][0]["field"] == "body.first_language"
    assert "reading: 13" in r.json()["detail"][0]["message"]
    r = client.post(
        "/api/v1/crs",
        params={"as_of": "2010-01-01"},
        json={
            **body,
            "first_language": {"clb": {"reading": 9, "writing": 9, "listening": 9, "speaking": 9}},
        },
    )
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "query.as_of"
