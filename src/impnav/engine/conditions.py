"""Evaluate rule conditions in three-valued logic: met, not met, or unknown (facts missing).

Conditions are compiled once into small closures so that assessing every stream for a profile
costs microseconds, not a re-interpretation of the YAML each time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from impnav.engine.facts import FactContext, Missing
from impnav.rules.schema import Condition

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"


@dataclass(frozen=True)
class Outcome:
    status: str  # met | not_met | unknown
    missing: tuple[str, ...] = ()


Evaluator = Callable[[FactContext], Outcome]


def _plain(value: Any) -> Any:
    """Compare enums by their value and ISO date strings as dates, as written in the YAML."""
    if isinstance(value, Enum):
        return value.value
    return value


def _as_comparable(bound: Any, sample: Any) -> Any:
    if isinstance(sample, date) and isinstance(bound, str):
        return date.fromisoformat(bound)
    return bound


def _predicate(cond: Condition) -> Callable[[Any], bool]:
    op = cond.operator
    arg = getattr(cond, op)
    if op == "equals":
        return lambda v: _plain(v) == arg
    if op == "not_equals":
        return lambda v: _plain(v) != arg
    if op in ("is_in", "not_in"):
        allowed = frozenset(arg)

        def inside(v):
            return _plain(v) in allowed

        return inside if op == "is_in" else (lambda v: not inside(v))
    if op in ("any_in", "none_in"):
        allowed = frozenset(arg)

        def overlap(v):
            return any(_plain(x) in allowed for x in v)

        return overlap if op == "any_in" else (lambda v: not overlap(v))
    if op == "at_least":
        return lambda v: v >= _as_comparable(arg, v)
    if op == "at_most":
        return lambda v: v <= _as_comparable(arg, v)
    if op == "less_than":
        return lambda v: v < _as_comparable(arg, v)
    if op == "starts_with_any":
        prefixes = tuple(arg)
        return lambda v: str(v).startswith(prefixes)
    if op == "present":
        return lambda v: arg
    raise ValueError(f"unknown operator {op}")  # pragma: no cover - schema forbids it


def compile_condition(cond: Condition) -> Evaluator:
    if cond.fact is not None:
        fact = cond.fact
        test = _predicate(cond)
        wants_absent = cond.present is False

        def leaf(ctx: FactContext) -> Outcome:
            value = ctx.get(fact)
            if isinstance(value, Missing):
                # "present: false" is settled by absence only when the field is a raw input.
                if wants_absent and value.fields == (fact,):
                    return Outcome(MET)
                return Outcome(UNKNOWN, value.fields)
            return Outcome(MET if test(value) else NOT_MET)

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
            if out.status == NOT_MET:
                return Outcome(NOT_MET)
            if out.status == UNKNOWN:
                status = UNKNOWN
                missing.extend(out.missing)
        return Outcome(status, tuple(dict.fromkeys(missing)))

    return group


def _any_of(children: list[Evaluator]) -> Evaluator:
    def group(ctx: FactContext) -> Outcome:
        missing: list[str] = []
        status = NOT_MET
        for child in children:
            out = child(ctx)
            if out.status == MET:
                return Outcome(MET)
            if out.status == UNKNOWN:
                status = UNKNOWN
                missing.extend(out.missing)
        return Outcome(status, tuple(dict.fromkeys(missing)))

    return group


def referenced_facts(cond: Condition) -> list[str]:
    """Every fact a condition reads, for the rule lint."""
    if cond.fact is not None:
        return [cond.fact]
    return [f for child in (cond.all or cond.any or []) for f in referenced_facts(child)]
