"""Data-driven verdict tests: every case in cases/*.yaml, one pytest item each."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from impnav.engine.eligibility import assess
from tests.conftest import build_profile

CASES_DIR = Path(__file__).parent / "cases"
DEFAULT_AS_OF = date(2026, 11, 28)
OUTCOME_FOR = {"eligible": "met", "ineligible": "not_met", "needs_info": "unknown"}


def _load_cases() -> list:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text("utf-8")):
            params.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return params


ALL_CASES = _load_cases()


@pytest.mark.parametrize("case", ALL_CASES)
def test_case(case: dict) -> None:
    profile = build_profile(case.get("example"), case.get("set"), case.get("unset"))
    as_of = case.get("as_of", DEFAULT_AS_OF)
    result = assess(profile, as_of)
    streams = {s.id: s for s in result.streams}
    for stream_id, expected in case["expect"].items():
        if expected == "absent":
            assert stream_id not in streams, f"{stream_id} should not be in force on {as_of}"
            continue
        if isinstance(expected, str):
            expected = {"verdict": expected}
        stream = streams[stream_id]
        detail = [(r.outcome, r.text) for r in stream.reasons]
        assert stream.verdict == expected["verdict"], f"{stream_id}: {detail} {stream.missing}"
        if "reason" in expected:
            wanted = OUTCOME_FOR[expected["verdict"]]
            texts = [r.text for r in stream.reasons if r.outcome == wanted]
            assert any(expected["reason"] in t for t in texts), f"{stream_id}: {texts}"
        for field in expected.get("missing", []):
            assert field in stream.missing, f"{stream_id}: {stream.missing}"


def test_every_rule_has_all_three_verdicts_in_the_cases() -> None:
    """Coverage of the rule data itself: each stream is seen eligible, ineligible and needs_info."""
    from impnav.rules.loader import load_rulebook

    seen: dict[str, set[str]] = {}
    for param in ALL_CASES:
        for stream_id, expected in param.values[0]["expect"].items():
            verdict = expected if isinstance(expected, str) else expected["verdict"]
            seen.setdefault(stream_id, set()).add(verdict)
    for rule in load_rulebook().rules:
        assert {"eligible", "ineligible", "needs_info"} <= seen.get(rule.id, set()), rule.id
