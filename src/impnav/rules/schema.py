"""The shape of rule data: exemption-code rules, their dated versions and their conditions.

Rules are law as data (like OpenFisca parameters): every version carries the regulation it rests
on, the IRCC pages it was read from and the dates it was in force. Loading validates all of it, so
a rule file without a source, a date or explanation text never reaches the engine.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

LEAF_OPERATORS = (
    "equals",
    "not_equals",
    "is_in",
    "not_in",
    "any_in",
    "none_in",
    "at_least",
    "at_most",
    "less_than",
    "starts_with_any",
    "present",
)

Confidence = Literal["verified", "secondary", "unverified"]


class RuleModel(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Condition(RuleModel):
    """One test on the profile, or a group of tests (`all` / `any`), with its plain explanation.

    A leaf names a `fact` (a profile path or a derived fact) and exactly one operator.
    """

    explain: str = Field(min_length=5, description="The condition in plain words")
    fact: str | None = None
    equals: Any = None
    not_equals: Any = None
    is_in: list[Any] | None = Field(None, alias="in")
    not_in: list[Any] | None = None
    any_in: list[Any] | None = None
    none_in: list[Any] | None = None
    at_least: Any = None
    at_most: Any = None
    less_than: Any = None
    starts_with_any: list[str] | None = None
    present: bool | None = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None
    confidence: Confidence = "verified"
    source: HttpUrl | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> Self:
        ops = [op for op in LEAF_OPERATORS if getattr(self, op) is not None]
        groups = [g for g in ("all", "any") if getattr(self, g) is not None]
        if self.fact is not None:
            if len(ops) != 1 or groups:
                raise ValueError(f"condition on {self.fact!r} needs exactly one operator")
        elif len(groups) != 1 or ops:
            raise ValueError("a condition is either a fact with one operator or one group")
        return self

    @property
    def operator(self) -> str:
        return next(op for op in LEAF_OPERATORS if getattr(self, op) is not None)


class RuleVersion(RuleModel):
    effective_from: date
    effective_to: date | None = None
    regulation: str = Field(min_length=2)
    sources: list[HttpUrl] = Field(min_length=1)
    all: list[Condition] = Field(min_length=1)
    documents: list[str] | None = None
    duration: str | None = None
    notes: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.effective_to and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        return self

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


class FormerCode(RuleModel):
    code: str
    replaced_on: date


class Rule(RuleModel):
    """One exemption-code stream. `id` is unique; `code` is the IRCC code (C21 has three ids)."""

    id: str
    code: str = Field(pattern=r"^[A-Z]\d{2}$")
    title: str
    family: str
    summary: str = Field(min_length=10)
    permit_type: Literal["open", "employer_specific"]
    employer_portal_offer: bool
    compliance_fee: bool
    applicant_fees: list[str]
    documents: list[str] = Field(min_length=1)
    duration: str
    max_initial_months: int | None = Field(
        None, ge=1, le=120, description="Longest first permit under this code, where one is set"
    )
    discretionary: bool = False
    confidence: Confidence = "verified"
    former_codes: list[FormerCode] = Field(default_factory=list)
    versions: list[RuleVersion] = Field(min_length=1)

    @model_validator(mode="after")
    def _versions_do_not_overlap(self) -> Self:
        ordered = sorted(self.versions, key=lambda v: v.effective_from)
        for earlier, later in itertools.pairwise(ordered):
            if earlier.effective_to is None or earlier.effective_to >= later.effective_from:
                raise ValueError(
                    f"{self.id}: version from {earlier.effective_from} overlaps the one from "
                    f"{later.effective_from}"
                )
        self.versions = ordered
        return self

    def version_on(self, on: date) -> RuleVersion | None:
        return next((v for v in self.versions if v.in_force(on)), None)


class RuleFamilyFile(RuleModel):
    family: str
    rules: list[Rule] = Field(min_length=1)


class FeeVersion(RuleModel):
    effective_from: date
    effective_to: date | None = None
    amount: float = Field(ge=0)
    source: HttpUrl
    confidence: Confidence = "verified"
    note: str | None = None

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


class Fee(RuleModel):
    label: str
    payer: Literal["applicant", "employer"]
    versions: list[FeeVersion] = Field(min_length=1)

    def version_on(self, on: date) -> FeeVersion | None:
        return next((v for v in self.versions if v.in_force(on)), None)


class FeeExemption(RuleModel):
    who: str
    how: str
    source: HttpUrl


class FeeSchedule(RuleModel):
    fees: dict[str, Fee]
    compliance_fee_exemptions: list[FeeExemption] = Field(default_factory=list)


class Renumbering(RuleModel):
    old: str
    new: list[str] = Field(min_length=1)
    replaced_on: date
    note: str
    source: HttpUrl


class RenumberingFile(RuleModel):
    renumbered: list[Renumbering]
