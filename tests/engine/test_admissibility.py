"""Admissibility steps for everyone: medical exam, police certificates, biometrics."""

from __future__ import annotations

from datetime import date

from impnav.engine.admissibility import biometrics, medical_exam, police_certificates
from impnav.engine.facts import FactContext
from impnav.models.profile import Profile

ON = date(2026, 11, 28)


def check(fn, **data):
    return fn(FactContext(Profile.model_validate(data), ON))


def test_health_childcare_school_work_needs_an_exam_at_any_length() -> None:
    ime = check(medical_exam, admissibility={"work_in_health_or_childcare_or_school": True})
    assert ime.required is True


def test_long_stay_after_a_designated_country_needs_an_exam() -> None:
    adm = {
        "work_in_health_or_childcare_or_school": False,
        "lived_in_designated_country_6_months": True,
    }
    assert check(medical_exam, admissibility={**adm, "intended_stay_months": 12}).required is True
    short = check(
        medical_exam, admissibility={**adm, "intended_stay_months": 5, "agricultural_work": False}
    )
    assert short.required is False


def test_farm_work_from_a_designated_country_needs_an_exam() -> None:
    adm = {
        "work_in_health_or_childcare_or_school": False,
        "lived_in_designated_country_6_months": True,
        "intended_stay_months": 3,
        "agricultural_work": True,
    }
    assert check(medical_exam, admissibility=adm).required is True


def test_exam_unknown_until_setting_and_travel_are_known() -> None:
    ime = check(medical_exam)
    assert ime.required is None
    assert "admissibility.work_in_health_or_childcare_or_school" in ime.missing


def test_no_exam_otherwise() -> None:
    adm = {
        "work_in_health_or_childcare_or_school": False,
        "lived_in_designated_country_6_months": False,
    }
    assert check(medical_exam, admissibility=adm).required is False


def test_biometrics_by_age_and_us_exemption() -> None:
    assert check(biometrics, age=30, citizenships=["FR"]).required is True
    assert check(biometrics, age=30, citizenships=["FR"]).fee == 85
    assert check(biometrics, age=13, citizenships=["FR"]).required is False
    assert check(biometrics, age=80, citizenships=["FR"]).required is False
    assert check(biometrics, age=30, citizenships=["US", "FR"]).required is False
    assert check(biometrics).required is None


def test_police_certificates_list_the_countries() -> None:
    pc = check(
        police_certificates, admissibility={"countries_lived_6_months_since_18": ["IE", "AU"]}
    )
    assert "AU, IE" in " ".join(pc.reasons)
    assert pc.confidence == "unverified"
