"""Properties of the CRS over random valid profiles: bounded, additive, and monotone in
language, experience and education."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from impnav.crs.crs import CrsFacts, points
from impnav.models.profile import EducationLevel

ABILITIES = ("reading", "writing", "listening", "speaking")
LEVELS = st.fixed_dictionaries({a: st.integers(0, 12) for a in ABILITIES})
DATES = st.dates(date(2015, 1, 1), date(2030, 12, 31))
ARRANGED = st.sampled_from(["none", "teer_0_major_00", "teer_1_2_3", "other"])
CDN_EDU = st.sampled_from(["none", "one_or_two_year", "three_year_or_more"])


@st.composite
def facts(draw: st.DrawFn) -> CrsFacts:
    first_name = draw(st.sampled_from(["english", "french"]))
    has_second = draw(st.booleans())
    with_spouse = draw(st.booleans())
    return CrsFacts(
        age=draw(st.integers(0, 100)),
        with_spouse=with_spouse,
        education=draw(st.sampled_from(list(EducationLevel))),
        first=draw(LEVELS),
        first_name=first_name,
        second=draw(LEVELS) if has_second else None,
        second_name=("french" if first_name == "english" else "english") if has_second else None,
        canadian_experience=draw(st.integers(0, 15)),
        foreign_experience=draw(st.integers(0, 15)),
        certificate_of_qualification=draw(st.booleans()),
        provincial_nomination=draw(st.booleans()),
        canadian_education=draw(CDN_EDU),
        sibling_in_canada=draw(st.booleans()),
        arranged_employment=draw(ARRANGED),
        spouse_education=draw(st.sampled_from(list(EducationLevel))) if with_spouse else None,
        spouse_language=draw(LEVELS) if with_spouse and draw(st.booleans()) else None,
        spouse_canadian_experience=draw(st.integers(0, 10)) if with_spouse else 0,
    )


@settings(max_examples=400, deadline=None)
@given(facts(), DATES)
def test_total_is_bounded_and_sums_the_breakdown(f: CrsFacts, on: date) -> None:
    total, breakdown, _ = points(f, on)
    assert 0 <= total <= 1200
    assert total == sum(breakdown.values())
    assert breakdown["core"] + breakdown["spouse"] <= 500
    assert breakdown["transferability"] <= 100 and breakdown["additional"] <= 600


@settings(max_examples=300, deadline=None)
@given(facts(), DATES, st.sampled_from(ABILITIES), st.integers(1, 4))
def test_better_first_language_never_lowers_the_score(f, on, ability, step) -> None:
    from dataclasses import replace

    better = {**f.first, ability: min(12, f.first[ability] + step)}
    assert points(replace(f, first=better), on)[0] >= points(f, on)[0]


@settings(max_examples=300, deadline=None)
@given(facts(), DATES, st.integers(1, 3))
def test_more_experience_never_lowers_the_score(f, on, step) -> None:
    from dataclasses import replace

    base = points(f, on)[0]
    assert points(replace(f, canadian_experience=f.canadian_experience + step), on)[0] >= base
    assert points(replace(f, foreign_experience=f.foreign_experience + step), on)[0] >= base


@settings(max_examples=300, deadline=None)
@given(facts(), DATES)
def test_more_education_never_lowers_the_score(f, on) -> None:
    from dataclasses import replace

    order = list(EducationLevel)
    i = order.index(f.education)
    if i + 1 < len(order):
        assert points(replace(f, education=order[i + 1]), on)[0] >= points(f, on)[0]
