"""Load and validate all rule data shipped in the package, once per process."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

import yaml

from impnav.rules.schema import FeeSchedule, Renumbering, RenumberingFile, Rule, RuleFamilyFile


class UnknownCodeError(LookupError):
    """An exemption code that impnav has no rule for, nor a record of its renumbering."""


@dataclass(frozen=True)
class Resolution:
    """Where a code given by a person leads: its current rule(s), and why if it was renumbered."""

    asked: str
    rules: tuple[Rule, ...]
    renumbering: Renumbering | None = None


@dataclass(frozen=True)
class RuleBook:
    rules: tuple[Rule, ...]
    fees: FeeSchedule
    renumbered: dict[str, Renumbering]

    def by_code(self, code: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.code == code)

    def resolve(self, code: str) -> Resolution:
        """Find the rule(s) for a code, following the 2022-12-15 renumbering for old codes."""
        wanted = code.strip().upper()
        current = self.by_code(wanted)
        if current:
            return Resolution(wanted, current)
        change = self.renumbered.get(wanted)
        if change:
            successors = tuple(r for new in change.new for r in self.by_code(new))
            if successors:
                return Resolution(wanted, successors, change)
            raise UnknownCodeError(
                f"{wanted} was replaced on {change.replaced_on} by {', '.join(change.new)}, "
                "which impnav does not encode yet"
            )
        raise UnknownCodeError(f"unknown exemption code {wanted!r}")

    def in_force(self, on: date) -> list[Rule]:
        return [r for r in self.rules if r.version_on(on) is not None]


def _read_yaml(path: Traversable) -> object:
    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path.name}: not valid YAML: {exc}") from exc


@lru_cache(maxsize=1)
def load_rulebook() -> RuleBook:
    """Read every rule file; raise ValueError naming the file on any invalid rule."""
    root = resources.files("impnav.rules").joinpath("data")
    rules: list[Rule] = []
    for entry in sorted(root.joinpath("streams").iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".yaml"):
            continue
        try:
            rules.extend(RuleFamilyFile.model_validate(_read_yaml(entry)).rules)
        except ValueError as exc:
            raise ValueError(f"rule file {entry.name}: {exc}") from exc
    ids = [r.id for r in rules]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"duplicate rule ids: {sorted(duplicates)}")
    fees = FeeSchedule.model_validate(_read_yaml(root.joinpath("fees.yaml")))
    renumbering = RenumberingFile.model_validate(_read_yaml(root.joinpath("renumbering.yaml")))
    return RuleBook(
        rules=tuple(rules),
        fees=fees,
        renumbered={r.old: r for r in renumbering.renumbered},
    )
