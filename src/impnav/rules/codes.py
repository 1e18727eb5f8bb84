"""The index of every IRCC exemption code (current and legacy), to validate codes people give.

A code that was renumbered on 2022-12-15 and has exactly one successor is replaced by it; codes
split into several (T24, C12) are kept as given, since only the person knows which one applies.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=1)
def code_index() -> dict[str, dict[str, object]]:
    text = resources.files("impnav.rules").joinpath("data/code_index.yaml").read_text("utf-8")
    return {row["code"]: row for row in yaml.safe_load(text)["codes"]}


@lru_cache(maxsize=1)
def _single_successors() -> dict[str, str]:
    text = resources.files("impnav.rules").joinpath("data/renumbering.yaml").read_text("utf-8")
    rows = yaml.safe_load(text)["renumbered"]
    return {row["old"]: row["new"][0] for row in rows if len(row["new"]) == 1}


def normalize_code(value: str) -> str:
    """Upper-case a code, map a renumbered one to its successor, reject unknown codes."""
    code = value.strip().upper()
    if code not in code_index():
        raise ValueError(f"unknown exemption code {value!r}; `impnav rules list` shows the codes")
    return _single_successors().get(code, code)
