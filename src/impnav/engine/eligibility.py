"""The stream finder: every encoded exemption code gets a verdict for a profile, as of a date.

Pure: no I/O after the rule book is loaded (once per process). Everything about a rule version
that does not depend on the profile (citations, documents, fees, reason texts) is prepared once
and shared, so one assessment only evaluates conditions.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from impnav.engine.admissibility import assess_admissibility
from impnav.engine.conditions import Evaluator, compile_condition
from impnav.engine.conditions import referenced_facts as facts_of
from impnav.engine.facts import FactContext
from impnav.engine.fees import stream_fees
from impnav.engine.outcome import (
    MET,
    MET_OUTCOME,
    NOT_MET,
    NOT_MET_OUTCOME,
    UNKNOWN,
    Outcome,
)
from impnav.models.assessment import (
    Assessment,
    Citation,
    FormerCodeOut,
    Reason,
    StreamResult,
)
from impnav.models.profile import Profile
from impnav.noc.catalog import unit_groups
from impnav.rules.iec import is_iec_partner
from impnav.rules.loader import RuleBook, load_rulebook
from impnav.rules.schema import Condition, Rule, RuleVersion


@dataclass(frozen=True)
class CompiledCondition:
    condition: Condition
    evaluate: Evaluator
    facts: list[str]
    met: Reason
    not_met: Reason
    unknowns: dict[tuple[str, ...], Reason]

    def unknown(self, missing: tuple[str, ...]) -> Reason:
        """The same condition usually misses the same facts: build each such reason once."""
        reason = self.unknowns.get(missing)
        if reason is None:
            reason = replace(self.met, outcome=UNKNOWN, missing=list(missing))
            if len(self.unknowns) < 64:
                self.unknowns[missing] = reason
        return reason


@dataclass(frozen=True)
class CompiledVersion:
    rule: Rule
    version: RuleVersion
    conditions: tuple[CompiledCondition, ...]
    citations: list[Citation]
    documents: list[str]
    duration: str
    former_codes: list[FormerCodeOut]
    # Results already built, by (date, outcome of each condition): a stream's result depends on
    # nothing else, and profiles share most of them, so building the results (most of an
    # assessment's time; the conditions are the smaller part) becomes a dictionary lookup.
    # Results are frozen, so sharing them is safe; bounded by clearing, which costs a rebuild.
    results: dict[tuple[date, tuple[Outcome, ...]], StreamResult] = field(
        default_factory=dict, compare=False, repr=False
    )


_RESULTS_PER_VERSION = 1024


def _compile_version(rule: Rule, version: RuleVersion) -> CompiledVersion:
    compiled = []
    for cond in version.all:
        facts = list(dict.fromkeys(facts_of(cond)))
        confidence = (
            "unverified"
            if cond.confidence == "unverified" or _has_unverified(cond)
            else cond.confidence
        )
        base = Reason(
            text=cond.explain,
            outcome=MET,
            facts=facts,
            regulation=version.regulation,
            confidence=confidence,
        )
        compiled.append(
            CompiledCondition(
                condition=cond,
                evaluate=compile_condition(cond),
                facts=facts,
                met=base,
                not_met=replace(base, outcome=NOT_MET),
                unknowns={},
            )
        )
    return CompiledVersion(
        rule=rule,
        version=version,
        conditions=tuple(compiled),
        citations=[
            Citation(
                regulation=version.regulation,
                sources=[str(s) for s in version.sources],
                effective_from=version.effective_from,
                effective_to=version.effective_to,
            )
        ],
        documents=version.documents or rule.documents,
        duration=version.duration or rule.duration,
        former_codes=[
            FormerCodeOut(code=f.code, replaced_on=f.replaced_on) for f in rule.former_codes
        ],
    )


def _has_unverified(cond: Condition) -> bool:
    children = cond.all or cond.any or []
    return any(c.confidence == "unverified" or _has_unverified(c) for c in children)


@lru_cache(maxsize=1)
def compiled_rules() -> tuple[tuple[Rule, tuple[CompiledVersion, ...]], ...]:
    book: RuleBook = load_rulebook()
    # Load the reference tables derived facts read, so no assessment pays for first use.
    unit_groups()
    is_iec_partner("CA")
    return tuple(
        (rule, tuple(_compile_version(rule, v) for v in rule.versions)) for rule in book.rules
    )


@lru_cache(maxsize=256)
def versions_in_force(on: date) -> tuple[CompiledVersion, ...]:
    """The compiled version of every rule in force on a date (rules not in force are left out)."""
    found = []
    for _rule, versions in compiled_rules():
        for compiled in versions:
            if compiled.version.in_force(on):
                found.append(compiled)
                break
    return tuple(found)


def assess_stream(compiled: CompiledVersion, ctx: FactContext) -> StreamResult:
    """Verdict for one stream: any condition not met -> ineligible; any unknown -> needs_info."""
    outcomes = tuple([cond.evaluate(ctx) for cond in compiled.conditions])
    key = (ctx.as_of, outcomes)
    found = compiled.results.get(key)
    if found is None:
        if len(compiled.results) >= _RESULTS_PER_VERSION:
            compiled.results.clear()
        found = compiled.results[key] = _build_result(compiled, outcomes, ctx.as_of)
    return found


def _build_result(
    compiled: CompiledVersion, outcomes: tuple[Outcome, ...], as_of: date
) -> StreamResult:
    reasons: list[Reason] = []
    missing: list[str] = []
    failed = unknown = False
    for cond, out in zip(compiled.conditions, outcomes, strict=True):
        if out is MET_OUTCOME:
            reasons.append(cond.met)
        elif out is NOT_MET_OUTCOME:
            failed = True
            reasons.append(cond.not_met)
        else:
            unknown = True
            missing.extend(out.missing)
            reasons.append(cond.unknown(out.missing))
    verdict = "ineligible" if failed else "needs_info" if unknown else "eligible"
    rule = compiled.rule
    return StreamResult(
        id=rule.id,
        code=rule.code,
        title=rule.title,
        family=rule.family,
        summary=rule.summary,
        verdict=verdict,
        permit_type=rule.permit_type,
        employer_portal_offer=rule.employer_portal_offer,
        compliance_fee=rule.compliance_fee,
        discretionary=rule.discretionary,
        confidence=rule.confidence,
        reasons=reasons,
        missing=list(dict.fromkeys(missing)) if verdict == "needs_info" else [],
        citations=compiled.citations,
        documents=compiled.documents,
        fees=stream_fees(rule, as_of),
        duration=compiled.duration,
        notes=compiled.version.notes,
        former_codes=compiled.former_codes,
    )


_RANK = {"eligible": 0, "needs_info": 1, "ineligible": 2}


def assess(profile: Profile, as_of: date) -> Assessment:
    """Assess every stream in force on `as_of`, best prospects first."""
    ctx = FactContext(profile, as_of)
    streams = [assess_stream(compiled, ctx) for compiled in versions_in_force(as_of)]
    streams.sort(key=lambda s: (_RANK[s.verdict], len(s.missing)))
    counts = {"eligible": 0, "needs_info": 0, "ineligible": 0}
    for s in streams:
        counts[s.verdict] += 1
    return Assessment(
        as_of=as_of,
        streams=streams,
        admissibility=assess_admissibility(ctx),
        counts=counts,
    )
