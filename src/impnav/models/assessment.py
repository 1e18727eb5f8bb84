"""What an assessment returns: verdicts with reasons, missing facts, citations, documents, fees.

This is the JSON contract of `impnav assess --format json` and `POST /api/v1/assess`.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

Verdict = Literal["eligible", "ineligible", "needs_info"]
Confidence = Literal["verified", "secondary", "unverified"]

DISCLAIMER = (
    "impnav gives information, not legal advice. Verdicts follow IRCC's published instructions as "
    "encoded on the 'as of' date; an officer decides every application."
)


class Reason(BaseModel):
    text: str = Field(description="The condition in plain words")
    outcome: Literal["met", "not_met", "unknown"]
    facts: list[str] = Field(description="Profile fields this condition read")
    missing: list[str] = Field(default_factory=list)
    regulation: str
    confidence: Confidence = "verified"


class Citation(BaseModel):
    regulation: str
    sources: list[str]
    effective_from: date
    effective_to: date | None = None


class FeeItem(BaseModel):
    key: str
    label: str
    payer: Literal["applicant", "employer"]
    amount: float | None = Field(description="CAD; null when no amount is encoded for the date")
    source: str | None = None
    confidence: Confidence = "verified"
    note: str | None = None


class Fees(BaseModel):
    currency: Literal["CAD"] = "CAD"
    items: list[FeeItem]
    applicant_total: float
    employer_total: float


class FormerCodeOut(BaseModel):
    code: str
    replaced_on: date


class StreamResult(BaseModel):
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
    notes: list[str] = Field(default_factory=list)
    former_codes: list[FormerCodeOut] = Field(default_factory=list)


class Check(BaseModel):
    """One admissibility step: required (true/false) or null when a fact is still missing."""

    name: str
    required: bool | None
    reasons: list[str]
    missing: list[str] = Field(default_factory=list)
    sources: list[str]
    fee: float | None = None
    confidence: Confidence = "verified"


class AdmissibilityResult(BaseModel):
    medical_exam: Check
    police_certificates: Check
    biometrics: Check
    general: list[str]


class Assessment(BaseModel):
    as_of: date
    disclaimer: str = DISCLAIMER
    streams: list[StreamResult]
    admissibility: AdmissibilityResult
    counts: dict[Verdict, int]
