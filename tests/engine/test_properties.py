"""Property tests: any valid profile is assessed without error, and answering one more question
never turns an `eligible` verdict into `needs_info` (the engine's logic is monotone)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from impnav.engine.eligibility import assess
from impnav.models.profile import Profile
from tests.conftest import example_data
from tests.strategies import model_strategy

EXAMPLES = [
    "us-software-professional",
    "mexican-ict-executive",
    "indian-ict-specialist",
    "francophone-nurse-aide",
    "spouse-of-engineer",
    "spouse-of-masters-student",
    "pgwp-graduate",
    "irish-working-holiday",
    "bowp-cec-applicant",
    "pnp-nominee",
]
DATES = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))


def _leaves(data: object, prefix: tuple = ()) -> list[tuple]:
    """Every (path, value) of a nested profile, lists kept whole."""
    if isinstance(data, dict):
        return [leaf for k, v in data.items() for leaf in _leaves(v, (*prefix, k))]
    return [(prefix, data)]


def _without(data: dict, path: tuple) -> dict:
    import copy

    out = copy.deepcopy(data)
    node = out
    for key in path[:-1]:
        node = node[key]
    node.pop(path[-1])
    return out


@st.composite
def partial_profiles(draw: st.DrawFn) -> tuple[dict, tuple]:
    """An example profile with a random subset of its answers removed, plus one removed answer."""
    data = example_data(draw(st.sampled_from(EXAMPLES)))
    leaves = _leaves(data)
    kept = draw(st.lists(st.booleans(), min_size=len(leaves), max_size=len(leaves)))
    dropped = [path for (path, _), keep in zip(leaves, kept, strict=True) if not keep]
    for path in dropped:
        data = _without(data, path)
    return data, draw(st.sampled_from(leaves))[0]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partial_profiles(), DATES)
def test_adding_a_fact_never_turns_eligible_into_needs_info(sample: tuple, on: date) -> None:
    fuller, path = sample
    try:
        smaller = _without(fuller, path)
    except (KeyError, TypeError):
        return  # that answer was already removed
    before = {s.id: s.verdict for s in assess(Profile.model_validate(smaller), on).streams}
    after = {s.id: s.verdict for s in assess(Profile.model_validate(fuller), on).streams}
    for stream_id, verdict in before.items():
        if verdict == "eligible":
            assert after[stream_id] != "needs_info", (stream_id, path)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model_strategy(Profile), st.dates(min_value=date(2016, 1, 1), max_value=date(2030, 12, 31)))
def test_any_valid_profile_is_assessed(data: dict, on: date) -> None:
    try:
        profile = Profile.model_validate(data)
    except ValidationError:
        assume(False)  # e.g. an end date drawn before its start date
    result = assess(profile, on)
    assert sum(result.counts.values()) == len(result.streams) > 0
    for stream in result.streams:
        assert (stream.verdict == "needs_info") == bool(stream.missing)
        assert stream.citations and stream.reasons
