"""Convert language test results to CLB/NCLC levels with IRCC's equivalence tables (dated data).

The tables live in rules/data/language_tests.yaml; each level row gives the minimum score per
ability. TEF Canada changed its scale for tests taken from 2023-12-11, so TEF needs a test date.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

ABILITIES = ("reading", "writing", "listening", "speaking")


@lru_cache(maxsize=1)
def _tables() -> dict[str, Any]:
    text = resources.files("impnav.rules").joinpath("data/language_tests.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def language_source() -> str:
    return _tables()["source"]


def infer_language(test: str) -> str:
    return _tables()["tests"][test]["language"]


def _scale(test: str, test_date: date | None) -> dict[str, Any]:
    """The table (score range and level rows) in force for this test on its date."""
    spec = _tables()["tests"][test]
    if "versions" not in spec:
        return spec
    if test_date is None:
        raise ValueError(f"{test}: give test_date, since the score scale depends on it")
    for version in spec["versions"]:
        until = version.get("effective_to")
        if version["effective_from"] <= test_date and (until is None or test_date <= until):
            return version
    first = spec["versions"][0]["effective_from"]
    raise ValueError(f"{test}: results from before {first} are not accepted")


def check_scores(test: str, scores: dict[str, float], test_date: date | None) -> None:
    """Raise ValueError naming the ability when a score is impossible on the test's scale."""
    scale = _scale(test, test_date)["score"]
    label = _tables()["tests"][test]["label"]
    for ability in ABILITIES:
        value = scores[ability]
        top = scale["max"][ability] if isinstance(scale["max"], dict) else scale["max"]
        step = scale["step"]
        on_grid = abs(round(value / step) * step - value) < 1e-9
        if not (scale["min"] <= value <= top) or not on_grid:
            unit = "in steps of 0.5" if step == 0.5 else "in whole numbers"
            raise ValueError(
                f"{ability}: {value:g} is not a {label} score ({scale['min']} to {top}, {unit})"
            )


def scores_to_clb(test: str, scores: dict[str, float], test_date: date | None) -> dict[str, int]:
    """CLB level per ability: the highest level whose minimum the score reaches, else 0."""
    levels = _scale(test, test_date)["levels"]
    out = {}
    for ability in ABILITIES:
        reached = [lvl for lvl, mins in levels.items() if scores[ability] >= mins[ability]]
        out[ability] = max(reached) if reached else 0
    return out


def clb_of(language: Any) -> dict[str, int]:
    """CLB per ability of a LanguageInput (given directly, or converted from its test)."""
    if language.clb is not None:
        return {a: getattr(language.clb, a) for a in ABILITIES}
    scores = {a: getattr(language, a) for a in ABILITIES}
    return scores_to_clb(language.test, scores, language.test_date)
