"""`impnav offer check` and `POST /api/v1/offers/check`: contract and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from impnav.api.app import create_app
from tests.conftest import EXAMPLES
from tests.test_cli import impnav

OFFER = EXAMPLES / "offers" / "c63-platform-engineer.yaml"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


def test_cli_json_contract() -> None:
    run = impnav("offer", "check", str(OFFER), "--as-of", "2026-11-28", "--format", "json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert {"valid", "errors", "warnings", "fees"} <= set(data)
    assert data["valid"] is True and data["fees"]["employer_total"] == 230


def test_cli_text_report_shows_errors(tmp_path: Path) -> None:
    data = yaml.safe_load(OFFER.read_text())
    data["job"]["main_duties"] = "See attached."
    bad = tmp_path / "offer.yaml"
    bad.write_text(yaml.safe_dump(data))
    run = impnav("offer", "check", str(bad), "--as-of", "2026-11-28")
    assert run.returncode == 0
    assert "fix before submitting" in run.stdout and "job.main_duties" in run.stdout


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"employer": {"business_number": "12345"}}, "employer.business_number"),
        ({"exemption_code": "Z99"}, "exemption_code"),
        ({"job": {"end_date": "2020-01-01"}}, "job"),
        ({"job": {"wage": -5}}, "job.wage"),
        ({"worker": {"citizenships": []}}, "worker.citizenships"),
    ],
)
def test_bad_offers_exit_2_and_422(tmp_path: Path, client: TestClient, change, field) -> None:
    data = json.loads(json.dumps(yaml.safe_load(OFFER.read_text()), default=str))
    for section, values in change.items():
        if isinstance(values, dict):
            data[section].update(values)
        else:
            data[section] = values
    bad = tmp_path / "offer.json"
    bad.write_text(json.dumps(data))
    run = impnav("offer", "check", str(bad))
    assert run.returncode == 2 and field in run.stderr, run.stderr
    r = client.post("/api/v1/offers/check", json=data)
    assert r.status_code == 422
    assert any(e["field"].startswith(f"body.{field}") for e in r.json()["detail"])


def test_api_check(client: TestClient) -> None:
    data = json.loads(json.dumps(yaml.safe_load(OFFER.read_text()), default=str))
    r = client.post("/api/v1/offers/check", params={"as_of": "2026-11-28"}, json=data)
    assert r.status_code == 200 and r.json()["valid"] is True


def test_schema_offer() -> None:
    schema = json.loads(impnav("schema", "offer").stdout)
    assert {"employer", "job", "worker", "exemption_code"} <= set(schema["properties"])
