"""Read-only views of the rule book for people and tools (CLI `rules`, API `/rules`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel

from impnav.rules.loader import Resolution, RuleBook
from impnav.rules.schema import Condition, Rule


class RuleSummary(BaseModel):
    id: str
    code: str
    title: str
    family: str
    regulation: str | None
    permit_type: str
    employer_portal_offer: bool
    compliance_fee: bool
    in_force: bool


class ConditionView(BaseModel):
    explain: str
    fact: str | None = None
    operator: str | None = None
    value: Any = None
    confidence: str = "verified"
    all: list[ConditionView] | None = None
    any: list[ConditionView] | None = None


class VersionView(BaseModel):
    effective_from: date
    effective_to: date | None
    regulation: str
    sources: list[str]
    conditions: list[ConditionView]
    documents: list[str]
    duration: str
    notes: list[str]


class Renamed(BaseModel):
    code: str
    replaced_on: date
    note: str


class RuleDetail(BaseModel):
    id: str
    code: str
    title: str
    family: str
    summary: str
    permit_type: str
    employer_portal_offer: bool
    compliance_fee: bool
    applicant_fees: list[str]
    discretionary: bool
    confidence: str
    former_codes: list[str]
    resolved_from: Renamed | None = None
    versions: list[VersionView]


def _condition_view(cond: Condition) -> ConditionView:
    if cond.fact is not None:
        op = cond.operator
        return ConditionView(
            explain=cond.explain,
            fact=cond.fact,
            operator="in" if op == "is_in" else op,
            value=getattr(cond, op),
            confidence=cond.confidence,
        )
    kids = [_condition_view(c) for c in (cond.all or cond.any or [])]
    return ConditionView(
        explain=cond.explain,
        confidence=cond.confidence,
        all=kids if cond.all is not None else None,
        any=kids if cond.any is not None else None,
    )


def rule_summaries(book: RuleBook, on: date) -> list[RuleSummary]:
    rows = []
    for rule in book.rules:
        version = rule.version_on(on) or rule.versions[-1]
        rows.append(
            RuleSummary(
                id=rule.id,
                code=rule.code,
                title=rule.title,
                family=rule.family,
                regulation=version.regulation,
                permit_type=rule.permit_type,
                employer_portal_offer=rule.employer_portal_offer,
                compliance_fee=rule.compliance_fee,
                in_force=rule.version_on(on) is not None,
            )
        )
    return rows


def rule_detail(rule: Rule, resolution: Resolution | None = None) -> RuleDetail:
    renamed = None
    if resolution is not None and resolution.renumbering is not None:
        change = resolution.renumbering
        renamed = Renamed(code=change.old, replaced_on=change.replaced_on, note=change.note)
    return RuleDetail(
        id=rule.id,
        code=rule.code,
        title=rule.title,
        family=rule.family,
        summary=rule.summary,
        permit_type=rule.permit_type,
        employer_portal_offer=rule.employer_portal_offer,
        compliance_fee=rule.compliance_fee,
        applicant_fees=rule.applicant_fees,
        discretionary=rule.discretionary,
        confidence=rule.confidence,
        former_codes=[f.code for f in rule.former_codes],
        resolved_from=renamed,
        versions=[
            VersionView(
                effective_from=v.effective_from,
                effective_to=v.effective_to,
                regulation=v.regulation,
                sources=[str(s) for s in v.sources],
                conditions=[_condition_view(c) for c in v.all],
                documents=v.documents or rule.documents,
                duration=v.duration or rule.duration,
                notes=v.notes,
            )
            for v in rule.versions
        ],
    )
