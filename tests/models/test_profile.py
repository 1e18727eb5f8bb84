"""Profile validation: values are normalized, and errors name the field and what is expected."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from impnav.inputs import describe_validation_error
from impnav.models.profile import Profile


def test_countries_accept_codes_and_names() -> None:
    p = Profile.model_validate({"citizenships": ["usa", "Mexico", "fr"]})
    assert p.citizenships == ["US", "MX", "FR"]


def test_provinces_are_normalized() -> None:
    assert Profile.model_validate({"job_offer": {"province": "on"}}).job_offer.province == "ON"


def test_cusma_profession_spelling_is_normalized() -> None:
    p = Profile.model_validate({"job_offer": {"cusma_profession": "computer systems analyst"}})
    assert p.job_offer.cusma_profession == "Computer Systems Analyst"
    p = Profile.model_validate({"job_offer": {"cusma_profession": "None"}})
    assert p.job_offer.cusma_profession == "none"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"age": 250}, "age: Input should be less than or equal to 120"),
        ({"citizenships": ["Atlantis"]}, "citizenships[0]: unknown country 'Atlantis'"),
        ({"job_offer": {"noc": "2123"}}, "job_offer.noc: NOC 2021 codes have five digits"),
        ({"job_offer": {"noc": "99999"}}, "job_offer.noc: 99999 is not a NOC 2021 unit group"),
        ({"languages": {"english": {"clb": {"reading": 13}}}}, "languages.english.clb.reading"),
        ({"iec": {"category": "holiday"}}, "iec.category: Input should be 'working_holiday'"),
    ],
)
def test_errors_name_the_field(data: dict, expected: str) -> None:
    with pytest.raises(ValidationError) as info:
        Profile.model_validate(data)
    assert expected in describe_validation_error(info.value)


def test_the_whole_profile_is_optional() -> None:
    assert Profile().model_dump(exclude_none=True) == {}


def test_permit_codes_are_validated_and_old_codes_renumbered() -> None:
    status = Profile.model_validate({"status_in_canada": {"permit_code": "t23"}}).status_in_canada
    assert status.permit_code == "T36"
    kept = Profile.model_validate({"status_in_canada": {"permit_code": "C12"}}).status_in_canada
    assert kept.permit_code == "C12"  # split into C61/C62/C63: only the person knows which
    with pytest.raises(ValidationError, match="unknown exemption code"):
        Profile.model_validate({"status_in_canada": {"permit_code": "E11"}})
