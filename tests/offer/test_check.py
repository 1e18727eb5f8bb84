"""Offer checks on realistic offers and their faulty variants (cases.yaml), fees, NOC fit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from impnav.models.offer import Offer
from impnav.offer.check import check_offer
from tests.conftest import EXAMPLES, changed

ON = date(2026, 11, 28)
CASES = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text("utf-8"))


def build_offer(example: str, set_: dict | None = None, unset: list | None = None) -> Offer:
    data = yaml.safe_load((EXAMPLES / "offers" / f"{example}.yaml").read_text())
    return Offer.model_validate(changed(data, set_, unset))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_offer_case(case: dict) -> None:
    offer = build_offer(case["example"], case.get("set"), case.get("unset"))
    report = check_offer(offer, ON, noc_fit=False)
    errors = [f.field for f in report.errors]
    warnings = [f.field for f in report.warnings]
    detail = [(f.field, f.message) for f in report.errors]
    if "valid" in case:
        assert report.valid is case["valid"], detail
    elif case.get("errors"):
        assert report.valid is False
    for field in case.get("errors", []):
        assert field in errors, detail
    for field in case.get("warnings", []):
        assert field in warnings, [(f.field, f.message) for f in report.warnings]
    for text in case.get("error_text", []):
        assert any(text in f.message for f in report.errors), detail
    for key, amount in case.get("fees", {}).items():
        assert report.fees[key] == amount


def test_every_example_offer_is_valid_on_its_own() -> None:
    for path in sorted((EXAMPLES / "offers").glob("*.yaml")):
        report = check_offer(build_offer(path.stem), ON, noc_fit=False)
        assert report.valid, (path.stem, [(f.field, f.message) for f in report.errors])


def test_us_worker_pays_no_biometrics_and_fees_come_from_the_schedule() -> None:
    report = check_offer(build_offer("t36-systems-analyst"), ON, noc_fit=False)
    assert [f["key"] for f in report.fees["worker"]] == ["work_permit"]
    assert report.fees["employer_total"] == 230 and report.fees["worker_total"] == 155


def test_duties_of_another_group_are_flagged() -> None:
    offer = build_offer("c16-nurse-aide", {"job.noc": "72106"})  # welders
    report = check_offer(offer, ON)
    assert any(f.field == "job.noc" and "33102" in f.message for f in report.warnings)
    fitting = check_offer(build_offer("c16-nurse-aide"), ON)
    assert not any(f.field == "job.noc" for f in fitting.warnings)


def test_compliance_fee_exemptions_are_listed_with_sources() -> None:
    report = check_offer(build_offer("c62-operations-director"), ON, noc_fit=False)
    exemptions = report.fees["compliance_fee_exemptions"]
    assert len(exemptions) == 3
    assert all(e["source"].startswith("https://www.canada.ca/") for e in exemptions)
