"""Every row of every CRS table, with and without an accompanying spouse. Expected values are
transcribed here independently from IRCC's grid, not read from the rule data."""

from __future__ import annotations

from datetime import date

import pytest

from tests.crs.helpers import clb, crs, married

AGE = {
    17: (0, 0), 18: (90, 99), 19: (95, 105), 20: (100, 110), 25: (100, 110), 29: (100, 110),
    30: (95, 105), 31: (90, 99), 32: (85, 94), 33: (80, 88), 34: (75, 83), 35: (70, 77),
    36: (65, 72), 37: (60, 66), 38: (55, 61), 39: (50, 55), 40: (45, 50), 41: (35, 39),
    42: (25, 28), 43: (15, 17), 44: (5, 6), 45: (0, 0), 60: (0, 0), 0: (0, 0),
}  # fmt: skip
EDUCATION = {
    "less_than_secondary": (0, 0), "secondary": (28, 30), "one_year_post_secondary": (84, 90),
    "two_year_post_secondary": (91, 98), "bachelors_or_three_year": (112, 120),
    "two_or_more_one_three_year": (119, 128), "masters_or_professional": (126, 135),
    "doctoral": (140, 150),
}  # fmt: skip
FIRST_LANGUAGE = {
    0: (0, 0), 3: (0, 0), 4: (6, 6), 5: (6, 6), 6: (8, 9), 7: (16, 17), 8: (22, 23),
    9: (29, 31), 10: (32, 34), 11: (32, 34), 12: (32, 34),
}  # fmt: skip
SECOND_LANGUAGE = {0: 0, 4: 0, 5: 1, 6: 1, 7: 3, 8: 3, 9: 6, 10: 6, 12: 6}
CANADIAN_EXPERIENCE = {0: (0, 0), 1: (35, 40), 2: (46, 53), 3: (56, 64), 4: (63, 72),
                       5: (70, 80), 8: (70, 80)}  # fmt: skip
SPOUSE_EDUCATION = {
    "less_than_secondary": 0, "secondary": 2, "one_year_post_secondary": 6,
    "two_year_post_secondary": 7, "bachelors_or_three_year": 8,
    "two_or_more_one_three_year": 9, "masters_or_professional": 10, "doctoral": 10,
}  # fmt: skip
SPOUSE_LANGUAGE = {0: 0, 4: 0, 5: 1, 6: 1, 7: 3, 8: 3, 9: 5, 12: 5}
SPOUSE_EXPERIENCE = {0: 0, 1: 5, 2: 7, 3: 8, 4: 9, 5: 10, 9: 10}


@pytest.mark.parametrize("age", sorted(AGE))
def test_age(age: int) -> None:
    with_spouse, single = AGE[age]
    assert crs(age=age)["details"]["core.age"] == single
    assert crs(age=age, **married())["details"]["core.age"] == with_spouse


@pytest.mark.parametrize("level", sorted(EDUCATION))
def test_education(level: str) -> None:
    with_spouse, single = EDUCATION[level]
    assert crs(education=level)["details"]["core.education"] == single
    assert crs(education=level, **married())["details"]["core.education"] == with_spouse


@pytest.mark.parametrize("level", sorted(FIRST_LANGUAGE))
@pytest.mark.parametrize("ability", ["reading", "writing", "listening", "speaking"])
def test_first_language_each_ability(level: int, ability: str) -> None:
    with_spouse, single = FIRST_LANGUAGE[level]
    levels = {"reading": 3, "writing": 3, "listening": 3, "speaking": 3, ability: level}
    lang = {"clb": levels}
    assert crs(first_language=lang)["details"][f"core.first_language.{ability}"] == single
    spouse_result = crs(first_language=lang, **married())
    assert spouse_result["details"][f"core.first_language.{ability}"] == with_spouse


@pytest.mark.parametrize("level", sorted(SECOND_LANGUAGE))
def test_second_language_per_ability(level: int) -> None:
    one_ability = {"clb": {"reading": level, "writing": 0, "listening": 0, "speaking": 0}}
    assert (
        crs(second_language=one_ability)["details"]["core.second_language"]
        == SECOND_LANGUAGE[level]
    )


def test_second_language_caps() -> None:
    assert crs(second_language=clb(9))["details"]["core.second_language"] == 24
    assert crs(second_language=clb(9), **married())["details"]["core.second_language"] == 22


@pytest.mark.parametrize("years", sorted(CANADIAN_EXPERIENCE))
def test_canadian_experience(years: int) -> None:
    with_spouse, single = CANADIAN_EXPERIENCE[years]
    assert crs(canadian_experience_years=years)["details"]["core.canadian_experience"] == single
    spouse_result = crs(canadian_experience_years=years, **married())
    assert spouse_result["details"]["core.canadian_experience"] == with_spouse


@pytest.mark.parametrize("level", sorted(SPOUSE_EDUCATION))
def test_spouse_education(level: str) -> None:
    result = crs(**married(spouse={"education": level}))
    assert result["details"]["spouse.education"] == SPOUSE_EDUCATION[level]


@pytest.mark.parametrize("level", sorted(SPOUSE_LANGUAGE))
def test_spouse_language(level: int) -> None:
    result = crs(**married(spouse={"first_language": clb(level)}))
    assert result["details"]["spouse.first_language"] == 4 * SPOUSE_LANGUAGE[level]


@pytest.mark.parametrize("years", sorted(SPOUSE_EXPERIENCE))
def test_spouse_experience(years: int) -> None:
    result = crs(**married(spouse={"canadian_experience_years": years}))
    assert result["details"]["spouse.canadian_experience"] == SPOUSE_EXPERIENCE[years]


def test_spouse_factors_reach_40_at_most() -> None:
    spouse = {"education": "doctoral", "first_language": clb(10), "canadian_experience_years": 6}
    assert crs(**married(spouse=spouse))["breakdown"]["spouse"] == 40


@pytest.mark.parametrize(
    "marriage",
    [
        {"marital_status": "married", "spouse_accompanying": False},
        {"marital_status": "married", "spouse_accompanying": True, "spouse_is_canadian": True},
        {"marital_status": "common_law", "spouse_accompanying": True, "spouse_is_canadian": True},
        {"marital_status": "divorced", "spouse_accompanying": True},
    ],
)
def test_spouse_not_coming_or_canadian_means_single_columns(marriage: dict) -> None:
    result = crs(age=33, spouse={"education": "doctoral"}, **marriage)
    assert result["with_spouse"] is False
    assert result["details"]["core.age"] == 88
    assert result["breakdown"]["spouse"] == 0


def test_common_law_partner_coming_along_uses_spouse_columns() -> None:
    result = crs(age=33, marital_status="common_law", spouse_accompanying=True)
    assert result["with_spouse"] is True and result["details"]["core.age"] == 80


def test_core_maximums() -> None:
    best = {"age": 25, "education": "doctoral", "first_language": clb(10),
            "second_language": clb(9), "canadian_experience_years": 5}  # fmt: skip
    assert crs(**best)["breakdown"]["core"] == 500
    assert crs(**best, **married())["breakdown"]["core"] == 460


# Transferability: (education, first-language CLB, Canadian years, foreign years, certificate)
# -> (education group, foreign group, certificate, total)
TRANSFER = [
    ("secondary", 10, 3, 5, False, (0, 50, 0, 50)),
    ("one_year_post_secondary", 7, 0, 0, False, (13, 0, 0, 13)),
    ("two_year_post_secondary", 9, 0, 0, False, (25, 0, 0, 25)),
    ("bachelors_or_three_year", 8, 1, 0, False, (26, 0, 0, 26)),
    ("bachelors_or_three_year", 10, 1, 0, False, (38, 0, 0, 38)),
    ("bachelors_or_three_year", 10, 2, 0, False, (50, 0, 0, 50)),
    ("bachelors_or_three_year", 6, 2, 0, False, (25, 0, 0, 25)),
    ("two_or_more_one_three_year", 7, 0, 0, False, (25, 0, 0, 25)),
    ("masters_or_professional", 9, 0, 0, False, (50, 0, 0, 50)),
    ("masters_or_professional", 9, 2, 0, False, (50, 0, 0, 50)),
    ("doctoral", 7, 1, 0, False, (50, 0, 0, 50)),
    ("secondary", 7, 0, 1, False, (0, 13, 0, 13)),
    ("secondary", 9, 0, 2, False, (0, 25, 0, 25)),
    ("secondary", 7, 0, 3, False, (0, 25, 0, 25)),
    ("secondary", 9, 0, 3, False, (0, 50, 0, 50)),
    ("secondary", 6, 1, 2, False, (0, 13, 0, 13)),
    ("secondary", 6, 2, 3, False, (0, 50, 0, 50)),
    ("secondary", 7, 1, 1, False, (0, 26, 0, 26)),
    ("secondary", 5, 0, 0, True, (0, 0, 25, 25)),
    ("secondary", 6, 0, 0, True, (0, 0, 25, 25)),
    ("secondary", 7, 0, 0, True, (0, 0, 50, 50)),
    ("secondary", 4, 0, 0, True, (0, 0, 0, 0)),
    ("doctoral", 9, 2, 3, True, (50, 50, 50, 100)),
    ("masters_or_professional", 10, 3, 3, False, (50, 50, 0, 100)),
]


@pytest.mark.parametrize(("edu", "lang", "cdn", "foreign", "coq", "expected"), TRANSFER)
def test_transferability(edu, lang, cdn, foreign, coq, expected) -> None:
    d = crs(
        education=edu,
        first_language=clb(lang),
        canadian_experience_years=cdn,
        foreign_experience_years=foreign,
        certificate_of_qualification=coq,
    )
    got = (
        d["details"]["transferability.education"],
        d["details"]["transferability.foreign_experience"],
        d["details"]["transferability.certificate_of_qualification"],
        d["breakdown"]["transferability"],
    )
    assert got == expected


def test_transferability_language_needs_all_four_abilities() -> None:
    d = crs(education="masters_or_professional", first_language=clb(10, 10, 10, 8))
    assert d["details"]["transferability.education_language"] == 25  # CLB 7+, one below 9
    d = crs(education="masters_or_professional", first_language=clb(10, 10, 10, 6))
    assert d["details"]["transferability.education_language"] == 0


ARRANGED = [
    ("2016-11-18", "teer_0_major_00", 600),
    ("2016-11-18", "teer_1_2_3", 600),
    ("2016-11-19", "teer_0_major_00", 200),
    ("2016-11-19", "teer_1_2_3", 50),
    ("2025-03-24", "teer_0_major_00", 200),
    ("2025-03-24", "teer_1_2_3", 50),
    ("2025-03-25", "teer_0_major_00", 0),
    ("2025-03-25", "teer_1_2_3", 0),
    ("2025-03-24", "other", 0),
]


@pytest.mark.parametrize(("on", "offer", "points"), ARRANGED)
def test_arranged_employment_by_date(on: str, offer: str, points: int) -> None:
    d = crs(on=date.fromisoformat(on), arranged_employment=offer)
    assert d["details"]["additional.arranged_employment"] == points


@pytest.mark.parametrize(
    ("on", "field", "value", "key", "points"),
    [
        ("2016-11-18", "canadian_education", "one_or_two_year", "canadian_education", 0),
        ("2016-11-19", "canadian_education", "one_or_two_year", "canadian_education", 15),
        ("2016-11-19", "canadian_education", "three_year_or_more", "canadian_education", 30),
        ("2017-06-05", "sibling_in_canada", True, "sibling_in_canada", 0),
        ("2017-06-06", "sibling_in_canada", True, "sibling_in_canada", 15),
        ("2015-01-01", "provincial_nomination", True, "provincial_nomination", 600),
    ],
)
def test_additional_points_by_date(on, field, value, key, points) -> None:
    d = crs(on=date.fromisoformat(on), **{field: value})
    assert d["details"][f"additional.{key}"] == points


@pytest.mark.parametrize(
    ("on", "english", "points"),
    [
        ("2017-06-05", None, 0),
        ("2017-06-06", None, 15),
        ("2017-06-06", 5, 30),
        ("2020-10-19", 4, 15),
        ("2020-10-19", 9, 30),
        ("2020-10-20", None, 25),
        ("2020-10-20", 4, 25),
        ("2020-10-20", 5, 50),
        ("2026-11-28", 8, 50),
    ],
)
def test_french_points(on: str, english: int | None, points: int) -> None:
    french = {**clb(7), "language": "french"}
    kwargs = {"first_language": french}
    if english is not None:
        kwargs["second_language"] = {**clb(english), "language": "english"}
    d = crs(on=date.fromisoformat(on), **kwargs)
    assert d["details"]["additional.french"] == points


def test_french_needs_nclc7_in_all_four_abilities() -> None:
    d = crs(first_language=clb(9), second_language={**clb(7, 7, 7, 6), "language": "french"})
    assert d["details"]["additional.french"] == 0


def test_english_with_one_ability_at_clb4_gets_the_lower_french_points() -> None:
    d = crs(
        first_language={**clb(8), "language": "french"},
        second_language={**clb(6, 6, 6, 4), "language": "english"},
    )
    assert d["details"]["additional.french"] == 25


def test_additional_points_cap_at_600() -> None:
    d = crs(
        provincial_nomination=True,
        sibling_in_canada=True,
        canadian_education="three_year_or_more",
        first_language={**clb(9), "language": "french"},
    )
    assert d["breakdown"]["additional"] == 600


def test_the_total_is_the_sum_of_the_breakdown_and_never_above_1200() -> None:
    best = crs(
        age=25, education="doctoral", first_language=clb(10), second_language=clb(10),
        canadian_experience_years=5, foreign_experience_years=3, provincial_nomination=True,
        certificate_of_qualification=True,
    )  # fmt: skip
    assert best["total"] == sum(best["breakdown"].values()) == 1200


def test_unverified_2026_changes_are_flagged_not_scored() -> None:
    assert crs(on=date(2026, 4, 22))["notices"] == []
    notices = crs(on=date(2026, 11, 28))["notices"]
    assert notices and "no official point values" in notices[0]
