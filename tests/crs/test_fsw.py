"""The FSW 67-point grid, its minimum requirements and proof of funds (values transcribed here
independently from IRPR ss. 78-83 and IRCC's funds table)."""

from __future__ import annotations

from datetime import date

import pytest

from impnav.crs.fsw import assess_fsw
from tests.crs.helpers import clb, married, profile

ON = date(2026, 11, 28)
AGE = {17: 0, 18: 12, 35: 12, 36: 11, 37: 10, 38: 9, 39: 8, 40: 7, 41: 6, 42: 5, 43: 4,
       44: 3, 45: 2, 46: 1, 47: 0, 60: 0}  # fmt: skip
EXPERIENCE = {0: 0, 1: 9, 2: 11, 3: 11, 4: 13, 5: 13, 6: 15, 9: 15}
EDUCATION = {"less_than_secondary": 0, "secondary": 5, "one_year_post_secondary": 15,
             "two_year_post_secondary": 19, "bachelors_or_three_year": 21,
             "two_or_more_one_three_year": 22, "masters_or_professional": 23,
             "doctoral": 25}  # fmt: skip
LANGUAGE = {6: 0, 7: 4, 8: 5, 9: 6, 12: 6}


def fsw(**overrides) -> dict:
    return assess_fsw(profile(**overrides), ON)


@pytest.mark.parametrize("age", sorted(AGE))
def test_age(age: int) -> None:
    assert fsw(age=age)["breakdown"]["age"] == AGE[age]


@pytest.mark.parametrize("years", sorted(EXPERIENCE))
def test_experience_counts_canadian_and_foreign(years: int) -> None:
    assert fsw(foreign_experience_years=years)["breakdown"]["experience"] == EXPERIENCE[years]
    if years:
        split = fsw(foreign_experience_years=years - 1, canadian_experience_years=1)
        assert split["breakdown"]["experience"] == EXPERIENCE[years]


@pytest.mark.parametrize("level", sorted(EDUCATION))
def test_education(level: str) -> None:
    assert fsw(education=level)["breakdown"]["education"] == EDUCATION[level]


@pytest.mark.parametrize("level", sorted(LANGUAGE))
def test_first_language(level: int) -> None:
    assert fsw(first_language=clb(level))["breakdown"]["language"] == 4 * LANGUAGE[level]


def test_second_language_needs_clb5_in_all_four() -> None:
    assert fsw(first_language=clb(9), second_language=clb(5))["breakdown"]["language"] == 28
    assert (
        fsw(first_language=clb(9), second_language=clb(5, 5, 5, 4))["breakdown"]["language"] == 24
    )


def test_arranged_employment_still_counts_after_2025_03_25() -> None:
    result = fsw(arranged_employment="teer_1_2_3")
    assert result["breakdown"]["arranged_employment"] == 10
    assert result["details"]["adaptability.arranged_employment"] == 5


def test_adaptability_elements_and_cap() -> None:
    assert fsw(canadian_study_two_years=True)["breakdown"]["adaptability"] == 5
    assert fsw(canadian_experience_years=1)["breakdown"]["adaptability"] == 10
    assert fsw(relative_in_canada=True)["breakdown"]["adaptability"] == 5
    assert fsw(sibling_in_canada=True)["breakdown"]["adaptability"] == 5
    spouse = {"first_language": clb(4), "canadian_experience_years": 1,
              "canadian_study_two_years": True}  # fmt: skip
    assert fsw(**married(spouse=spouse))["details"]["adaptability.spouse_language"] == 5
    assert fsw(**married(spouse=spouse))["breakdown"]["adaptability"] == 10  # 15, capped
    assert fsw(spouse=spouse)["breakdown"]["adaptability"] == 0  # single: spouse ignored


def test_reference_worked_example_is_66_and_passes_with_an_offer() -> None:
    base = {"age": 29, "first_language": clb(9), "education": "bachelors_or_three_year",
            "foreign_experience_years": 1}  # fmt: skip
    result = fsw(**base)
    assert result["points"] == 66 and result["pass"] is False and result["eligible"] is False
    with_offer = fsw(**base, arranged_employment="teer_1_2_3")
    assert with_offer["points"] == 81 and with_offer["eligible"] is True


def test_minimums() -> None:
    weak = fsw(age=25, first_language=clb(10, 10, 10, 6), education="doctoral",
               foreign_experience_years=6, arranged_employment="teer_1_2_3")  # fmt: skip
    assert weak["pass"] is True and weak["eligible"] is False
    assert [m["name"] for m in weak["minimums"] if not m["met"]] == ["language"]
    no_year = fsw(first_language=clb(9), one_year_continuous_skilled=False)
    assert not next(m for m in no_year["minimums"] if m["name"] == "work_experience")["met"]


@pytest.mark.parametrize(
    ("on", "size", "amount"),
    [
        ("2025-07-07", 1, 15263), ("2025-07-07", 4, 28362), ("2025-07-07", 7, 40392),
        ("2025-07-07", 9, 40392 + 2 * 4112), ("2025-07-06", 1, 14690), ("2024-05-28", 7, 38875),
        ("2024-05-28", 8, 38875 + 3958), ("2024-05-27", 1, None),
    ],
)  # fmt: skip
def test_proof_of_funds_by_date_and_family_size(on: str, size: int, amount: int | None) -> None:
    result = assess_fsw(profile(family_size=size), date.fromisoformat(on))
    assert result["proof_of_funds"]["amount"] == amount


def test_funds_not_required_with_work_authorization_and_offer() -> None:
    result = fsw(authorized_to_work_in_canada=True, arranged_employment="teer_0_major_00")
    assert result["proof_of_funds"]["required"] is False


def test_family_size_defaults_to_applicant_and_partner_with_a_note() -> None:
    funds = fsw(**married())["proof_of_funds"]
    assert funds["family_size"] == 2 and "family_size" in funds["notes"][0]
