"""What an assessment returns: verdicts with reasons, missing facts, citations, documents, fees.

This is the JSON contract of `impnav assess --format json` and `POST /api/v1/assess`.
Plain (slotted) dataclasses rather than pydantic models: the engine builds a few dozen of these
per profile, and construction cost is most of an assessment's time. Pydantic still describes
them (OpenAPI, `to_json`) through a TypeAdapter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter

Verdict = Literal["eligible", "ineligible", "needs_info"]
Confidence = Literal["verified", "secondary", "unverified"]

DISCLAIMER = (
    "impnav gives information, not legal advice. Verdicts follow IRCC's published instructions as "
    "encoded on the 'as of' date; an officer decides every application."
)


@dataclass(slots=True, frozen=True)
class Reason:
    text: Annotated[str, Field(description="The condition in plain words")]
    outcome: Literal["met", "not_met", "unknown"]
    facts: Annotated[list[str], Field(description="Profile fields this condition read")]
    regulation: str
    missing: list[str] = field(default_factory=list)
    confidence: Confidence = "verified"


@dataclass(slots=True, frozen=True)
class Citation:
    regulation: str
    sources: list[str]
    effective_from: date
    effective_to: date | None = None


@dataclass(slots=True, frozen=True)
class FeeItem:
    key: str
    label: str
    payer: Literal["applicant", "employer"]
    amount: Annotated[
        float | None, Field(description="CAD; null when no amount is encoded for the date")
    ]
    source: str | None = None
    confidence: Confidence = "verified"
    note: str | None = None


@dataclass(slots=True, frozen=True)
class Fees:
    items: list[FeeItem]
    applicant_total: float
    employer_total: float
    currency: Literal["CAD"] = "CAD"


@dataclass(slots=True, frozen=True)
class FormerCodeOut:
    code: str
    replaced_on: date


@dataclass(slots=True)
class StreamResult:
    id: str
    code: str
    title: str
    family: str
    summary: str
    verdict: Verdict
    permit_type: Literal["open", "employer_specific"]
    employer_portal_offer: bool
    compliance_fee: bool
    discretionary: bool
    confidence: Confidence
    reasons: list[Reason]
    missing: list[str]
    citations: list[Citation]
    documents: list[str]
    fees: Fees
    duration: str
    notes: list[str] = field(default_factory=list)
    former_codes: list[FormerCodeOut] = field(default_factory=list)


@dataclass(slots=True)
class Check:
    """One admissibility step: required (true/false) or null when a fact is still missing."""

    name: str
    required: bool | None
    reasons: list[str]
    sources: list[str]
    missing: list[str] = field(default_factory=list)
    fee: float | None = None
    confidence: Confidence = "verified"


@dataclass(slots=True)
class AdmissibilityResult:
    medical_exam: Check
    police_certificates: Check
    biometrics: Check
    general: list[str]


@dataclass(slots=True)
class Assessment:
    as_of: date
    streams: list[StreamResult]
    admissibility: AdmissibilityResult
    counts: dict[Verdict, int]
    disclaimer: str = DISCLAIMER


@cache
def _adapter() -> TypeAdapter[Assessment]:
    return TypeAdapter(Assessment)


def to_jsonable(result: Assessment) -> dict[str, Any]:
    """The JSON form of an assessment (dates as ISO strings), as the CLI and API emit it."""
    return _adapter().dump_python(result, mode="json")


def to_json_bytes(result: Assessment) -> bytes:
    """The same JSON as bytes, encoded by pydantic-core in one pass (three times faster than
    `json.dumps(to_jsonable(...))`; the API answers with it)."""
    return _adapter().dump_json(result)
