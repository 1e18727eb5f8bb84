"""Pathways: every branch of the LMIA route, CEC timing, Express Entry re-scoring, family and
study-permit checks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from impnav.models.pathways import PathwaysInput, StudyPlan
from impnav.models.profile import Profile
from impnav.pathways.plan import (
    canadian_experience_class,
    express_entry,
    family,
    lmia_alternative,
    pathways,
    study,
)
from tests.conftest import EXAMPLES, changed

ON = date(2026, 11, 28)
EXAMPLE = yaml.safe_load((EXAMPLES / "pathways" / "ict-specialist-with-family.yaml").read_text())


def profile(**changes) -> Profile:
    return Profile.model_validate(changed(EXAMPLE["profile"], changes))


def test_high_and_low_wage_streams_by_provincial_threshold() -> None:
    high = lmia_alternative(profile(), ON)
    assert high["stream"] == "high_wage" and high["threshold"] == 36.60
    low = lmia_alternative(profile(**{"job_offer.wage": 25.0}), ON)
    assert low["stream"] == "low_wage"
    assert any("6%" in r for r in low["requirements"])


def test_threshold_changed_on_2025_06_27() -> None:
    wage = {"job_offer.wage": 35.0, "job_offer.province": "ON"}
    assert lmia_alternative(profile(**wage), date(2025, 6, 26))["stream"] == "high_wage"
    assert lmia_alternative(profile(**wage), date(2025, 6, 27))["stream"] == "low_wage"


def test_lmia_needs_wage_and_province() -> None:
    result = lmia_alternative(profile(**{"job_offer.province": None}), ON)
    assert result["stream"] is None and result["missing"] == ["job_offer.province"]


def test_cec_date_counts_at_most_30_hours_a_week() -> None:
    cec = canadian_experience_class(profile(), ON)
    assert cec["eligible_from"] == "2028-02-28"  # 52 weeks from 2027-03-01
    part_time = canadian_experience_class(profile(**{"job_offer.hours_per_week": 15}), ON)
    assert part_time["eligible_from"] == "2029-02-26"  # 104 weeks


def test_cec_excludes_teer_4_5_and_flags_short_offers_and_language() -> None:
    teer4 = canadian_experience_class(profile(**{"job_offer.noc": "64100"}), ON)
    assert teer4["eligible_from"] is None and "TEER 4" in teer4["reasons"][0]
    short = canadian_experience_class(profile(**{"job_offer.end_date": "2027-12-31"}), ON)
    assert any("ends before then" in r for r in short["reasons"])
    weak = profile(**{"languages.english.clb.writing": 6})
    assert any("below the CLB 7" in r for r in canadian_experience_class(weak, ON)["reasons"])
    teer3 = canadian_experience_class(
        profile(**{"job_offer.noc": "63200", "languages.english.clb.writing": 6}), ON
    )
    assert teer3["language_clb_needed"] == 5 and "meet" in teer3["reasons"][-1]


def test_cec_needs_the_job() -> None:
    cec = canadian_experience_class(profile(**{"job_offer.noc": None}), ON)
    assert cec["missing"] == ["job_offer.noc"]


def test_express_entry_rescored_with_one_more_year() -> None:
    from impnav.models.crs import CrsProfile

    assert express_entry(None, ON) is None
    ee = express_entry(CrsProfile.model_validate(EXAMPLE["crs"]), ON)
    assert ee["crs_with_one_more_year_in_canada"] == ee["crs_now"] + ee["gain"]
    assert ee["gain"] > 0 and ee["fsw"]["points"] > 0


def test_family_spouse_and_children() -> None:
    fam = family(profile(), ON)
    assert {s["code"]: s["verdict"] for s in fam["spouse"]} == {"C41": "eligible",
                                                               "C47": "ineligible"}  # fmt: skip
    statuses = [c["status"] for c in fam["children"]]
    assert "without a permit" in statuses[0] and statuses[1] == "working-age dependent child"
    assert fam["children"][1]["open_work_permit"] == {"C46": "ineligible", "C48": "ineligible"}
    assert fam["fees"]["open_work_permits"] == 1 and fam["fees"]["per_person"] == 255


def test_spouse_of_a_teer_4_worker_after_2025_has_no_open_permit() -> None:
    fam = family(profile(**{"job_offer.noc": "64100"}), ON)
    assert all(s["verdict"] == "ineligible" for s in fam["spouse"])
    assert fam["fees"]["open_work_permits"] == 0


def test_children_22_and_over_and_missing_birth_dates() -> None:
    fam = family(profile(dependants=[{"date_of_birth": "2000-01-01"}, {"accompanying": True}]), ON)
    assert "22 or older" in fam["children"][0]["status"]
    assert fam["children"][1]["missing"] == ["dependants[1].date_of_birth"]


def plan(**fields) -> StudyPlan:
    base = {"province": "ON", "dli_acceptance": True, "attestation_letter": True,
            "first_year_tuition": 30000, "transport": 2000, "funds_available": 60000}  # fmt: skip
    return StudyPlan.model_validate({**base, **fields})


def test_study_funds_by_date_and_family_size() -> None:
    single = study(plan(), ON)
    assert single["living_costs"] == 22895 and single["checks"][-1]["needed"] == 54895
    assert single["checks"][-1]["met"] is True
    family_of_9 = study(plan(family_members_coming=8), ON)
    assert family_of_9["living_costs"] == 60589 + 2 * 6170
    assert study(plan(funds_available=40000), ON)["checks"][-1]["met"] is False
    assert study(plan(), date(2025, 8, 31))["living_costs"] == 20635
    assert study(plan(family_members_coming=3), date(2025, 8, 31))["living_costs"] is None


def test_study_documents_by_province_and_date() -> None:
    quebec = [c["check"] for c in study(plan(province="QC"), ON)["checks"]]
    assert any("CAQ" in c for c in quebec) and not any("PAL" in c for c in quebec)
    before_pal = [c["check"] for c in study(plan(), date(2024, 1, 21))["checks"]]
    assert not any("PAL" in c for c in before_pal)


def test_pgwp_notes_for_short_or_non_degree_programs() -> None:
    notes = study(plan(program_length_months=6, degree=False, dli_pgwp_eligible=False), ON)
    assert len(notes["pgwp_notes"]) == 3


def test_whole_view_and_optional_parts() -> None:
    data = PathwaysInput.model_validate({"profile": EXAMPLE["profile"]})
    result = pathways(data, ON)
    assert result["imp_eligible"] == ["C63"]
    assert result["permanent_residence"]["express_entry"] is None
    assert result["study_permit"] is None
    assert "does not by itself lead" in result["permanent_residence"]["note"]


def test_cli_and_api(tmp_path: Path) -> None:
    import json

    from fastapi.testclient import TestClient

    from impnav.api.app import create_app
    from tests.test_cli import impnav

    path = EXAMPLES / "pathways" / "ict-specialist-with-family.yaml"
    run = impnav("pathways", str(path), "--as-of", "2026-11-28", "-f", "json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["lmia_alternative"]["stream"] == "high_wage"
    text = impnav("pathways", str(path), "--as-of", "2026-11-28")
    assert "Toward permanent residence" in text.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("profile: {age: 300}\n")
    failed = impnav("pathways", str(bad))
    assert failed.returncode == 2 and "profile.age" in failed.stderr
    client = TestClient(create_app(), raise_server_exceptions=False)
    body = json.loads(json.dumps(EXAMPLE, default=str))
    r = client.post("/api/v1/pathways", params={"as_of": "2026-11-28"}, json=body)
    assert r.status_code == 200 and r.json()["family"]["spouse"][0]["code"] == "C41"
    r = client.post("/api/v1/pathways", json={"profile": {"age": 300}})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "body.profile.age"
