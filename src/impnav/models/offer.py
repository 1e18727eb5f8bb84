"""An offer of employment as the IRCC Employer Portal asks for it (LMIA-exempt, employer-specific).

Formats are checked here (a malformed business number or postal code is a 422 / exit 2);
whether the offer *fits* its exemption code is the checker's job (`impnav.offer.check`), which
reports problems as errors and warnings rather than rejecting the file.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Self

from pydantic import Field, StrictBool, StrictFloat, StrictInt, field_validator, model_validator

from impnav.models.common import Country, IsoDate, NocCode, Province, Strict
from impnav.models.profile import CorporateRelationship, PositionType, WageUnit
from impnav.rules.codes import normalize_code
from impnav.rules.cusma import canonical_profession

BUSINESS_NUMBER = re.compile(r"^\d{9}([A-Z]{2}\d{4})?$")
POSTAL_CODE = re.compile(r"^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$")
Text = Annotated[str, Field(min_length=1, max_length=500)]


class Address(Strict):
    street: Text
    city: Text
    province: Province
    postal_code: str = Field(description="Canadian postal code, e.g. K1A 0B1")

    @field_validator("postal_code")
    @classmethod
    def _postal_code(cls, value: str) -> str:
        code = value.strip().upper()
        if not POSTAL_CODE.match(code):
            raise ValueError(f"{value!r} is not a Canadian postal code (A1A 1A1)")
        return code[:3] + " " + code[-3:]


class Contact(Strict):
    name: Text
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=200)
    phone: str = Field(pattern=r"^[+0-9 ()\-.]{7,25}$")


class Employer(Strict):
    legal_name: Text
    operating_name: str | None = Field(None, max_length=500)
    business_number: str | None = Field(
        None, description="CRA business number: 9 digits, optionally with a program account"
    )
    address: Address
    contact: Contact
    employees_in_canada: StrictInt | None = Field(None, ge=0, le=2_000_000)
    gross_annual_revenue: StrictFloat | None = Field(None, ge=0)
    year_established: StrictInt | None = Field(None, ge=1600, le=2100)
    compliance_regime_exempt: bool = Field(
        False,
        description="A foreign government, diplomatic mission, international organization or "
        "international bridge/tunnel operator (outside the employer compliance regime)",
    )

    @field_validator("business_number")
    @classmethod
    def _business_number(cls, value: str | None) -> str | None:
        if value is None:
            return value
        compact = re.sub(r"[\s-]", "", value).upper()
        if not BUSINESS_NUMBER.match(compact):
            raise ValueError(
                f"{value!r} is not a CRA business number (9 digits, e.g. 123456789 or "
                "123456789RT0001)"
            )
        return compact


class Job(Strict):
    title: Text
    noc: NocCode
    main_duties: str = Field(min_length=1, max_length=20_000)
    education_requirement: str | None = Field(None, max_length=2000)
    experience_requirement: str | None = Field(None, max_length=2000)
    wage: float = Field(gt=0, le=10_000_000)
    wage_unit: WageUnit
    annual_salary: StrictFloat | None = Field(None, gt=0, le=100_000_000)
    hours_per_week: float = Field(gt=0, le=80)
    full_time: bool = True
    benefits: str | None = Field(None, max_length=2000)
    locations: list[Address] = Field(min_length=1, max_length=20)
    start_date: date
    end_date: date
    position_type: PositionType | None = None
    licence_required: StrictBool | None = None
    licence_held: StrictBool | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self


class TransferHistory(Strict):
    """For intra-company transfers: the worker's job with the related company abroad."""

    employer_abroad: Text
    relationship: CorporateRelationship
    start_date: date
    end_date: IsoDate | None = None
    full_time: bool
    position_type: PositionType
    years_already_transferred: float = Field(0, ge=0, le=50)
    canadian_entity_doing_business: StrictBool | None = None
    new_office: bool = False
    specialized_knowledge_proprietary_and_advanced: StrictBool | None = None
    wage_at_or_above_prevailing: StrictBool | None = None


class Worker(Strict):
    family_name: Text
    given_name: Text
    date_of_birth: date
    citizenships: list[Country] = Field(min_length=1, max_length=5)
    us_insular_area_citizen: StrictBool | None = None
    passport_number: str | None = Field(None, max_length=30)
    cusma_profession: str | None = None
    cusma_credential_met: StrictBool | None = None
    french_speaking_clb: StrictInt | None = Field(None, ge=0, le=12)
    french_listening_clb: StrictInt | None = Field(None, ge=0, le=12)
    intra_company: TransferHistory | None = None

    @field_validator("cusma_profession")
    @classmethod
    def _profession(cls, value: str | None) -> str | None:
        return canonical_profession(value) if value else value


class Offer(Strict):
    exemption_code: str = Field(description="LMIA exemption code chosen in the Employer Portal")
    exemption_explanation: str | None = Field(
        None, max_length=5000, description="How the job and worker meet the exemption"
    )
    significant_benefit_evidence: StrictBool | None = None
    reciprocal_arrangement: StrictBool | None = None
    employer: Employer
    job: Job
    worker: Worker

    @field_validator("exemption_code")
    @classmethod
    def _code(cls, value: str) -> str:
        return normalize_code(value)
