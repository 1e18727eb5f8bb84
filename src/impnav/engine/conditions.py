"""Evaluate rule conditions in three-valued logic: met, not met, or unknown (facts missing).

Conditions are compiled once into small closures so that assessing every stream for a profile
costs microseconds, not a re-interpretation of the YAML each time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from impnav.engine.facts import _UNSET, DERIVED, FactContext, Missing
from impnav.engine.outcome import MET, MET_OUTCOME, NOT_MET, NOT_MET_OUTCOME, UNKNOWN, Outcome
from impnav.rules.schema import Condition

Evaluator = Callable[[FactContext], Outcome]


def _literal(value: Any) -> Any:
    """ISO dates written as strings in the YAML compare as dates. Enum facts need no
    conversion: they are StrEnums, equal to (and hashed like) their string values."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


# The test each operator applies to a present value `v`, against the rule's constant `ARG`.
_TESTS = {
    "equals": "v == ARG",
    "not_equals": "v != ARG",
    "is_in": "v in ARG",
    "not_in": "v not in ARG",
    "any_in": "not ARG.isdisjoint(v)",
    "none_in": "ARG.isdisjoint(v)",
    "at_least": "v >= ARG",
    "at_most": "v <= ARG",
    "less_than": "v < ARG",
    "starts_with_any": "str(v).startswith(ARG)",
    "present": "ARG",
}


def _constant(cond: Condition) -> Any:
    op = cond.operator
    arg = getattr(cond, op)
    if op in ("is_in", "not_in", "any_in", "none_in"):
        return frozenset(arg)
    if op == "starts_with_any":
        return tuple(arg)
    return _literal(arg)


def _compile_leaf(cond: Condition) -> Evaluator:
    """Generate one small function per test: reading the fact and testing it in a single Python
    call matters, since a profile runs about 160 of them.

    Only vetted text reaches the generated source: operator templates from `_TESTS` and fact
    paths checked to be dotted identifiers. Rule values are passed in as constants, never as code.
    """
    fact = cond.fact
    assert fact is not None
    op = cond.operator
    if fact in DERIVED:
        read = [
            "    v = ctx.cache.get(FACT, UNSET)",
            "    if v is UNSET:",
            "        v = ctx.get(FACT)",
            "    if v.__class__ is Missing:",
            "        return v.outcome",
        ]
    else:
        parts = fact.split(".")
        if not all(p.isidentifier() for p in parts):
            raise ValueError(f"not a profile path: {fact!r}")
        read = ["    v = ctx.profile"]
        for part in parts:
            read += [f"    v = v.{part}", "    if v is None:", "        return ABSENT"]
    if op == "present":
        body = ["    return MET_OUTCOME if ARG else NOT_MET_OUTCOME"]
    else:
        body = [f"    return MET_OUTCOME if {_TESTS[op]} else NOT_MET_OUTCOME"]
    source = "\n".join(["def leaf(ctx):", *read, *body])
    # A missing fact answers "unknown", except "present: false" on a raw field, which it settles.
    unknown = Outcome(UNKNOWN, (fact,))
    wants_absent = op == "present" and cond.present is False
    namespace = {
        "ARG": _constant(cond),
        "FACT": fact,
        "UNSET": _UNSET,
        "Missing": Missing,
        "MET_OUTCOME": MET_OUTCOME,
        "NOT_MET_OUTCOME": NOT_MET_OUTCOME,
        "ABSENT": MET_OUTCOME if wants_absent else unknown,
    }
    exec(compile(source, f"<condition {fact} {op}>", "exec"), namespace)
    return namespace["leaf"]


_SHARED: dict[str, Evaluator] = {}


def _key(cond: Condition) -> str:
    """What a condition tests, without its wording: equal keys give equal outcomes."""
    return cond.model_dump_json(exclude={"explain", "confidence", "source"}, exclude_none=True)


def compile_condition(cond: Condition) -> Evaluator:
    """Compile once per distinct test. Rules repeat tests (citizenship, the principal's TEER...),
    so an evaluator is shared between rules; a group's outcome is also memoized per assessment
    (a leaf is cheaper to re-run than to memoize, since its fact is cached already)."""
    key = _key(cond)
    shared = _SHARED.get(key)
    if shared is None:
        raw = _compile(cond)
        if cond.fact is not None:
            _SHARED[key] = raw
            return raw
        slot = len(_SHARED)

        def shared(ctx: FactContext) -> Outcome:
            outcomes = ctx.outcomes
            out = outcomes.get(slot)
            if out is None:
                out = outcomes[slot] = raw(ctx)
            return out

        _SHARED[key] = shared
    return shared


def _compile(cond: Condition) -> Evaluator:
    if cond.fact is not None:
        return _compile_leaf(cond)

    children = [compile_condition(c) for c in (cond.all or cond.any or [])]
    if cond.all is not None:
        return _all_of(children)
    return _any_of(children)


def _all_of(children: list[Evaluator]) -> Evaluator:
    def group(ctx: FactContext) -> Outcome:
        missing: list[str] = []
        status = MET
        for child in children:
            out = child(ctx)
            if out is NOT_MET_OUTCOME:
                return out
            if out is not MET_OUTCOME:
                status = UNKNOWN
                missing.extend(out.missing)
        if status == MET:
            return MET_OUTCOME
        return Outcome(status, tuple(dict.fromkeys(missing)))

    return group


def _any_of(children: list[Evaluator]) -> Evaluator:
    def group(ctx: FactContext) -> Outcome:
        missing: list[str] = []
        status = NOT_MET
        for child in children:
            out = child(ctx)
            if out is MET_OUTCOME:
                return out
            if out is not NOT_MET_OUTCOME:
                status = UNKNOWN
                missing.extend(out.missing)
        if status == NOT_MET:
            return NOT_MET_OUTCOME
        return Outcome(status, tuple(dict.fromkeys(missing)))

    return group


def referenced_facts(cond: Condition) -> list[str]:
    """Every fact a condition reads, for the rule lint."""
    if cond.fact is not None:
        return [cond.fact]
    return [f for child in (cond.all or cond.any or []) for f in referenced_facts(child)]
