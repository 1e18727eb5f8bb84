"""Evaluate rule conditions in three-valued logic: met, not met, or unknown (facts missing).

Conditions are compiled once into small closures so that assessing every stream for a profile
costs microseconds, not a re-interpretation of the YAML each time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from impnav.engine.facts import _UNSET, FactContext, Missing
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


def _predicate(cond: Condition) -> Callable[[Any], bool]:
    op = cond.operator
    arg = getattr(cond, op)
    if op == "equals":
        return lambda v: v == arg
    if op == "not_equals":
        return lambda v: v != arg
    if op in ("is_in", "not_in"):
        allowed = frozenset(arg)
        if op == "is_in":
            return allowed.__contains__
        return lambda v: v not in allowed
    if op in ("any_in", "none_in"):
        allowed = frozenset(arg)
        if op == "any_in":
            return lambda v: not allowed.isdisjoint(v)
        return allowed.isdisjoint
    bound = _literal(arg)
    if op == "at_least":
        return lambda v: v >= bound
    if op == "at_most":
        return lambda v: v <= bound
    if op == "less_than":
        return lambda v: v < bound
    if op == "starts_with_any":
        prefixes = tuple(arg)
        return lambda v: str(v).startswith(prefixes)
    if op == "present":
        return lambda v: arg
    raise ValueError(f"unknown operator {op}")  # pragma: no cover - schema forbids it


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
        fact = cond.fact
        test = _predicate(cond)
        wants_absent = cond.present is False

        def leaf(ctx: FactContext) -> Outcome:
            value = ctx.cache.get(fact, _UNSET)
            if value is _UNSET:
                value = ctx.get(fact)
            if value.__class__ is Missing:
                # "present: false" is settled by absence only when the field is a raw input.
                if wants_absent and value.fields == (fact,):
                    return MET_OUTCOME
                return value.outcome
            return MET_OUTCOME if test(value) else NOT_MET_OUTCOME

        return leaf

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
