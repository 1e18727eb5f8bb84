"""The CLI contract: JSON shapes, exit codes (0 ok, 2 bad input, 1 internal), messages on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

CONTRACT_STREAM_KEYS = {"code", "title", "verdict", "permit_type", "reasons", "missing"} | {
    "citations",
    "documents",
    "fees",
}


def impnav(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "impnav.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=300,
    )


def test_assess_json_follows_the_contract() -> None:
    run = impnav("assess", str(EXAMPLES / "us-software-professional.yaml"), "--as-of", "2026-11-28",
                 "--format", "json")  # fmt: skip
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["as_of"] == "2026-11-28"
    assert {"streams", "admissibility"} <= set(data)
    first = data["streams"][0]
    assert set(first) >= CONTRACT_STREAM_KEYS
    assert first["code"] == "T36" and first["verdict"] == "eligible"
    assert first["permit_type"] == "employer_specific"
    assert first["fees"]["employer_total"] == 230
    assert first["citations"][0]["regulation"] == "R204(a)"


def test_assess_text_output_is_a_readable_table() -> None:
    run = impnav("assess", str(EXAMPLES / "spouse-of-engineer.yaml"), "--as-of", "2026-11-28")
    assert run.returncode == 0, run.stderr
    assert "C41" in run.stdout and "eligible" in run.stdout
    assert "not legal advice" in run.stdout


def test_every_example_assesses_with_one_eligible_stream_or_more() -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        run = impnav("assess", str(path), "--as-of", "2026-11-28", "-f", "json")
        assert run.returncode == 0, (path, run.stderr)
        assert json.loads(run.stdout)["counts"]["eligible"] >= 1, path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ("age: 250\n", "age"),
        ("citizenships: [Atlantis]\n", "citizenships[0]: unknown country"),
        ("job_offer: {noc: '99999'}\n", "job_offer.noc"),
        ("job_offer: {start_date: 2026-05-01, end_date: 2026-01-01}\n", "end_date is before"),
        ("favourite_colour: blue\n", "favourite_colour"),
        ("- just\n- a list\n", "mapping"),
        ("a: &x [1]\nb: *x\n", "aliases"),
        ("age: 30\nage: 31\n", "given twice"),
        ("job_offer: {cusma_profession: Astronaut}\n", "not a CUSMA Appendix 2 profession"),
    ],
)
def test_bad_profiles_exit_2_with_the_field_named(
    tmp_path: Path, content: str, message: str
) -> None:
    bad = tmp_path / "profile.yaml"
    bad.write_text(content)
    run = impnav("assess", str(bad))
    assert run.returncode == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert len(run.stderr.strip().splitlines()) == 1


def test_missing_file_and_bad_date_exit_2(tmp_path: Path) -> None:
    assert impnav("assess", str(tmp_path / "nope.yaml")).returncode == 2
    run = impnav("assess", str(EXAMPLES / "pnp-nominee.yaml"), "--as-of", "2026-13-01")
    assert run.returncode == 2 and "--as-of" in run.stderr


def test_binary_input_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "profile.json"
    bad.write_bytes(b"\xff\xfe\x00\x81garbage")
    run = impnav("assess", str(bad))
    assert run.returncode == 2 and "UTF-8" in run.stderr


def test_rules_list_and_show() -> None:
    run = impnav("rules", "list", "--format", "json")
    assert run.returncode == 0
    codes = {r["code"] for r in json.loads(run.stdout)}
    assert {"T36", "C41", "C43", "C21"} <= codes
    shown = impnav("rules", "show", "C41", "--format", "json")
    detail = json.loads(shown.stdout)[0]
    assert [v["effective_from"] for v in detail["versions"]] == ["2022-11-16", "2025-01-21"]


def test_rules_show_resolves_an_old_code_with_its_date() -> None:
    run = impnav("rules", "show", "T23")
    assert run.returncode == 0
    assert "T23 was replaced on 2022-12-15" in run.stdout and "T36" in run.stdout
    data = json.loads(impnav("rules", "show", "T23", "-f", "json").stdout)
    assert data[0]["code"] == "T36" and data[0]["resolved_from"]["code"] == "T23"


def test_rules_show_unknown_code_exits_2() -> None:
    run = impnav("rules", "show", "Q42")
    assert run.returncode == 2 and "unknown exemption code" in run.stderr


def test_schema_profile_is_json_schema() -> None:
    run = impnav("schema", "profile")
    schema = json.loads(run.stdout)
    assert schema["title"] == "Profile" and "job_offer" in schema["properties"]


def test_cusma_professions_are_listed() -> None:
    rows = json.loads(impnav("rules", "cusma-professions", "-f", "json").stdout)
    assert len(rows) == 63
    assert any(r["profession"] == "Computer Systems Analyst" for r in rows)


def test_rules_show_flags_an_unverified_rule_and_lists_every_code() -> None:
    flagged = impnav("rules", "show", "F73")
    assert flagged.returncode == 0 and "Unverified:" in flagged.stdout
    checked = impnav("rules", "show", "F72")
    assert checked.returncode == 0 and "Unverified:" not in checked.stdout
    listed = impnav("rules", "list", "--format", "json")
    codes = {r["code"] for r in json.loads(listed.stdout)}
    assert len(codes) == 112 and {"F73", "S61", "H82", "T33", "R02"} <= codes
