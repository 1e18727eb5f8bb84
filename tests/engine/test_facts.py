"""Derived facts: computed as of the assessment date, three-valued when inputs are missing."""

from __future__ import annotations

from datetime import date

from impnav.engine.facts import FactContext, Missing, years_between
from impnav.models.profile import Profile

ON = date(2026, 11, 28)


def ctx(data: dict, on: date = ON) -> FactContext:
    return FactContext(Profile.model_validate(data), on)


def test_age_from_birth_date_counts_the_birthday_itself() -> None:
    assert years_between(date(2000, 11, 28), ON) == 26
    assert years_between(date(2000, 11, 29), ON) == 25
    assert years_between(date(2000, 2, 29), date(2026, 2, 28)) == 25


def test_age_prefers_birth_date_then_age_then_missing() -> None:
    assert ctx({"date_of_birth": "2000-01-01", "age": 40}).get("age") == 26
    assert ctx({"age": 40}).get("age") == 40
    assert ctx({}).get("age") == Missing(("date_of_birth",))


def test_teer_is_read_from_the_noc_code() -> None:
    assert ctx({"job_offer": {"noc": "21231"}}).get("job_offer.teer") == 1
    assert ctx({"job_offer": {"noc": "00015"}}).get("job_offer.teer") == 0
    assert ctx({}).get("job_offer.teer") == Missing(("job_offer.noc",))


def test_months_of_authorization_left() -> None:
    c = ctx({"family_principal": {"work_authorized_until": "2028-03-28"}})
    assert 15.9 < c.get("family_principal.months_authorized_remaining") < 16.1


def test_ict_year_needs_a_continuous_full_time_year_in_the_window() -> None:
    related = {"full_time": True, "related_to_canadian_employer": True}
    one_year = ctx({"work_history": [{**related, "start_date": "2025-11-27"}]})
    assert one_year.get("ict.qualifying_year") is True
    short = ctx({"work_history": [{**related, "start_date": "2026-01-01"}]})
    assert short.get("ict.qualifying_year") is False
    old = ctx({"work_history": [{**related, "start_date": "2018-01-01", "end_date": "2023-10-01"}]})
    assert old.get("ict.qualifying_year") is False  # only a few weeks fall inside the window
    recent_end = ctx(
        {"work_history": [{**related, "start_date": "2018-01-01", "end_date": "2024-12-31"}]}
    )
    assert recent_end.get("ict.qualifying_year") is True


def test_ict_year_is_unknown_until_the_needed_answers_are_given() -> None:
    c = ctx({"work_history": [{"start_date": "2020-01-01", "full_time": True}]})
    assert c.get("ict.qualifying_year") == Missing(
        ("work_history[0].related_to_canadian_employer",)
    )
    assert ctx({}).get("ict.qualifying_year") == Missing(("work_history",))
    assert ctx({"work_history": []}).get("ict.qualifying_year") is False


def test_best_language_is_the_better_language_by_its_weakest_ability() -> None:
    c = ctx(
        {
            "languages": {
                "english": {"clb": {"reading": 9, "writing": 6, "listening": 9, "speaking": 9}},
                "french": {"clb": {"reading": 7, "writing": 7, "listening": 7, "speaking": 7}},
            }
        }
    )
    assert c.get("languages.best_min_clb") == 7


def test_recent_language_results_ignore_tests_two_years_old() -> None:
    clb = {"reading": 8, "writing": 8, "listening": 8, "speaking": 8}
    fresh = ctx({"languages": {"english": {"clb": clb, "test_date": "2025-01-01"}}})
    assert fresh.get("languages.recent_best_min_clb") == 8
    stale = ctx({"languages": {"english": {"clb": clb, "test_date": "2024-11-28"}}})
    assert stale.get("languages.recent_best_min_clb") == 0
    undated = ctx({"languages": {"english": {"clb": clb}}})
    assert undated.get("languages.recent_best_min_clb") == Missing(("languages.english.test_date",))


def test_restoration_window_is_90_days() -> None:
    def status(expiry: str) -> object:
        data = {"status_in_canada": {"kind": "out_of_status", "permit_expiry": expiry}}
        return ctx(data).get("status_in_canada.valid_or_restorable")

    assert status("2026-08-30") is True
    assert status("2026-08-29") is False


def test_iec_age_is_taken_on_the_invitation_date() -> None:
    base = {"citizenships": ["IE"], "date_of_birth": "1990-10-02"}
    on_invite = ctx(
        {**base, "iec": {"category": "working_holiday", "invitation_date": "2026-10-01"}}
    )
    assert on_invite.get("iec.age_within_limits") is True
    today = ctx({**base, "iec": {"category": "working_holiday"}})
    assert today.get("iec.age_within_limits") is False


def test_each_fact_is_computed_once_per_assessment() -> None:
    c = ctx({"date_of_birth": "2000-01-01"})
    first = c.get("age")
    c.profile = Profile()  # a cached fact does not look at the profile again
    assert c.get("age") == first
