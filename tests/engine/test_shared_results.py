"""The engine shares one frozen result per (rule version, date, outcome of each condition): a
profile's answer must be exactly what it would be if it were built fresh, whatever was assessed
before it, and nobody can alter a shared result."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from impnav.engine import eligibility
from impnav.engine.eligibility import assess, versions_in_force
from impnav.models.profile import Profile
from tests.engine.test_properties import DATES, partial_profiles

ON = date(2026, 11, 28)


def _fresh(profile: Profile, on: date):
    """The assessment with every stored result forgotten first."""
    for compiled in versions_in_force(on):
        compiled.results.clear()
    return assess(profile, on)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(partial_profiles(), min_size=2, max_size=4), DATES)
def test_shared_results_equal_fresh_ones(samples: list, on: date) -> None:
    profiles = [Profile.model_validate(data) for data, _ in samples]
    shared = [assess(p, on) for p in profiles]  # each may reuse results of the ones before
    for profile, answer in zip(profiles, shared, strict=True):
        assert answer == _fresh(profile, on)


def test_a_stored_result_cannot_be_changed() -> None:
    from tests.conftest import example_data

    stream = assess(Profile.model_validate(example_data("mexican-ict-executive")), ON).streams[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        stream.verdict = "eligible"  # type: ignore[misc]


def test_results_stay_right_when_the_store_is_full(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import example_data

    monkeypatch.setattr(eligibility, "_RESULTS_PER_VERSION", 1)
    names = ["mexican-ict-executive", "spouse-of-engineer", "pgwp-graduate"]
    profiles = [Profile.model_validate(example_data(n)) for n in names]
    expected = [_fresh(p, ON) for p in profiles]
    for _ in range(2):
        for profile, answer in zip(profiles, expected, strict=True):
            assert assess(profile, ON) == answer
    assert all(len(c.results) <= 1 for c in versions_in_force(ON))
