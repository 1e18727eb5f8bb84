"""The NOC 2021 unit groups (code, title, TEER), shipped inside the package.

Loaded once on first use. The stream rules need only the code list and the TEER of each unit
group; the NOC finder builds its own richer index.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class UnitGroup:
    code: str
    title: str
    teer: int


@lru_cache(maxsize=1)
def unit_groups() -> dict[str, UnitGroup]:
    """All 516 unit groups of NOC 2021 V1.0 keyed by their five-digit code."""
    text = resources.files("impnav.noc").joinpath("data/unit_groups.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return {r["code"]: UnitGroup(r["code"], r["title"], int(r["teer"])) for r in rows}


def unit_group(code: str) -> UnitGroup | None:
    return unit_groups().get(code)
