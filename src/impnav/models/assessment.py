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


@dataclass(slots=True, frozen=True)
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
    """The same JSON as bytes, as the API answers it: byte for byte what pydantic-core gives for
    the whole `Assessment` (a test holds it to that), but each stream's part is encoded once and
    reused. The engine shares one frozen `StreamResult` among all the profiles whose conditions
    came out the same, and the streams are most of the ~400 KB, so encoding an answer becomes
    mostly joining bytes already made."""
    streams = b",".join([_stream_json(s) for s in result.streams])
    return b"".join(
        [
            b'{"as_of":',
            _dump(result.as_of),
            b',"streams":[',
            streams,
            b'],"admissibility":',
            _part_adapter(AdmissibilityResult).dump_json(result.admissibility),
            b',"counts":',
            _dump(result.counts),
            b',"disclaimer":',
            _dump(result.disclaimer),
            b"}",
        ]
    )


# Encoded streams by object identity; each entry keeps its object alive, so an id is never
# reused while it is a key here. Bounded by clearing.
_STREAM_JSON: dict[int, tuple[StreamResult, bytes]] = {}
_STREAM_JSON_LIMIT = 10_000


def _stream_json(stream: StreamResult) -> bytes:
    hit = _STREAM_JSON.get(id(stream))
    if hit is not None and hit[0] is stream:
        return hit[1]
    encoded = _part_adapter(StreamResult).dump_json(stream)
    if len(_STREAM_JSON) >= _STREAM_JSON_LIMIT:
        _STREAM_JSON.clear()
    _STREAM_JSON[id(stream)] = (stream, encoded)
    return encoded


@cache
def _part_adapter(kind: type) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


def _dump(value: Any) -> bytes:
    return _part_adapter(type(value)).dump_json(value)
