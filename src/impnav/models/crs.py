"""Input of the CRS and FSW calculators (DESIGN.md "CRS profile fields").

Language results come as CLB levels or as raw scores of an approved test; raw scores are
validated against the test's scale here and converted to CLB by `impnav.crs.language`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import Field, StrictBool, StrictFloat, StrictInt, model_validator

from impnav.crs.language import ABILITIES, check_scores, infer_language
from impnav.models.common import IsoDate, Strict
from impnav.models.profile import EducationLevel

Clb = Annotated[int, Field(strict=True, ge=0, le=12, description="CLB/NCLC level, 0 to 12")]
Years = Annotated[int, Field(strict=True, ge=0, le=60)]


class MaritalStatus(StrEnum):
    single = "single"
    married = "married"
    common_law = "common_law"
    divorced = "divorced"
    separated = "separated"
    widowed = "widowed"
    annulled = "annulled"


class CanadianEducation(StrEnum):
    none = "none"
    one_or_two_year = "one_or_two_year"
    three_year_or_more = "three_year_or_more"


class ArrangedEmployment(StrEnum):
    none = "none"
    teer_0_major_00 = "teer_0_major_00"
    teer_1_2_3 = "teer_1_2_3"
    other = "other"


class ClbLevels(Strict):
    reading: Clb
    writing: Clb
    listening: Clb
    speaking: Clb


class LanguageInput(Strict):
    """Either `clb` levels, or a `test` with its four raw scores (and its date for TEF)."""

    language: Literal["english", "french"] | None = Field(
        None, description="Which official language; inferred from the test when one is given"
    )
    clb: ClbLevels | None = None
    test: Literal["ielts", "celpip", "pte_core", "tef", "tcf"] | None = None
    reading: StrictFloat | None = None
    writing: StrictFloat | None = None
    listening: StrictFloat | None = None
    speaking: StrictFloat | None = None
    test_date: IsoDate | None = Field(None, description="Needed for TEF Canada (its scale changed)")

    @model_validator(mode="after")
    def _clb_or_scores(self) -> Self:
        scores = {a: getattr(self, a) for a in ABILITIES}
        if self.test is None:
            if any(v is not None for v in scores.values()):
                raise ValueError("raw scores need the test they come from (test: ielts, ...)")
            if self.clb is None:
                raise ValueError("give either clb levels or a test with its four scores")
            return self
        if self.clb is not None:
            raise ValueError("give either clb levels or test scores, not both")
        missing = [a for a, v in scores.items() if v is None]
        if missing:
            raise ValueError(f"{self.test} needs all four scores; missing: {', '.join(missing)}")
        check_scores(self.test, scores, self.test_date)
        inferred = infer_language(self.test)
        if self.language is not None and self.language != inferred:
            raise ValueError(f"{self.test} is a test of {inferred}, not {self.language}")
        self.language = inferred
        return self


class SpouseFactors(Strict):
    education: EducationLevel | None = None
    first_language: LanguageInput | None = None
    canadian_experience_years: Years = 0
    canadian_study_two_years: bool = Field(
        False, description="FSW: two or more years of full-time study in Canada"
    )


class CrsProfile(Strict):
    age: int = Field(ge=0, le=120)
    marital_status: MaritalStatus = MaritalStatus.single
    spouse_accompanying: bool = False
    spouse_is_canadian: bool = Field(
        False, description="Spouse is a Canadian citizen or permanent resident"
    )
    education: EducationLevel
    first_language: LanguageInput
    second_language: LanguageInput | None = None
    canadian_experience_years: Years = 0
    foreign_experience_years: Years = 0
    certificate_of_qualification: bool = False
    provincial_nomination: bool = False
    canadian_education: CanadianEducation = CanadianEducation.none
    sibling_in_canada: bool = False
    arranged_employment: ArrangedEmployment = ArrangedEmployment.none
    spouse: SpouseFactors | None = None
    # FSW-only facts (defaults are the cautious answers).
    one_year_continuous_skilled: StrictBool | None = Field(
        None,
        description="FSW minimum: one year of continuous full-time (or equal part-time) paid work "
        "in one TEER 0-3 occupation in the last 10 years; inferred from experience when absent",
    )
    canadian_study_two_years: bool = Field(
        False, description="FSW adaptability: two or more years of full-time study in Canada"
    )
    relative_in_canada: bool = Field(
        False, description="FSW adaptability: an adult relative who is a citizen or PR in Canada"
    )
    family_size: StrictInt | None = Field(
        None, ge=1, le=30, description="People in the family unit, for proof of funds"
    )
    authorized_to_work_in_canada: bool = False

    @model_validator(mode="after")
    def _languages_differ(self) -> Self:
        first = self.first_language.language or "english"
        if self.second_language is not None:
            second = self.second_language.language or (
                "french" if first == "english" else "english"
            )
            if second == first:
                raise ValueError("second_language must be the other official language")
        return self


class Suggestion(Strict):
    change: str
    gain: int
    new_total: int


class LanguageLevels(Strict):
    language: Literal["english", "french"]
    clb: dict[str, int]


class CrsLanguages(Strict):
    first: LanguageLevels
    second: LanguageLevels | None


class CrsResult(Strict):
    """`impnav crs` / `POST /api/v1/crs` output."""

    as_of: date
    total: int = Field(ge=0, le=1200)
    breakdown: dict[Literal["core", "spouse", "transferability", "additional"], int]
    details: dict[str, int] = Field(description="Points of every factor, by dotted name")
    suggestions: list[Suggestion] = Field(description="Changes that raise the score, best first")
    with_spouse: bool = Field(description="Scored with the accompanying-spouse columns")
    languages: CrsLanguages
    sources: list[str]
    notices: list[str] = Field(description="Pending or unverified rule changes for this date")
    disclaimer: str


class Minimum(Strict):
    name: str
    met: bool
    reason: str


class ProofOfFunds(Strict):
    family_size: int
    required: bool
    amount: StrictInt | None
    currency: Literal["CAD"]
    table_from: IsoDate | None
    source: str
    confidence: str
    notes: list[str]


class FswResult(Strict):
    """`impnav fsw` / `POST /api/v1/fsw` output."""

    as_of: date
    points: int = Field(ge=0, le=100)
    passed: bool = Field(alias="pass")
    pass_mark: int
    eligible: bool = Field(description="67 points or more and every minimum requirement met")
    breakdown: dict[str, int]
    details: dict[str, int]
    minimums: list[Minimum]
    proof_of_funds: ProofOfFunds
    sources: list[str]
    regulation: str
