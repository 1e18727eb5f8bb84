"""Load the CRS and FSW grids (rule data) and look values up in their threshold tables."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=2)
def load_grid(name: str) -> dict[str, Any]:
    """`crs` or `fsw`: the YAML document under rules/data/."""
    text = resources.files("impnav.rules").joinpath(f"data/{name}.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def threshold(rows: list[dict[str, Any]], value: float, column: str) -> int:
    """Points of the first row whose `at_least` the value reaches (rows run high to low)."""
    for row in rows:
        if value >= row["at_least"]:
            return row[column]
    return 0


def dated_points(versions: list[dict[str, Any]], on: date) -> int:
    """Points of a dated parameter on a date: the last version that started on or before it."""
    points = 0
    for version in versions:
        if version["effective_from"] <= on:
            points = version["points"]
    return points
