"""Wages: any pay unit to an hourly rate, and the dated provincial minimum wage table."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

WEEKS_PER_YEAR = 52


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    text = resources.files("impnav.rules").joinpath("data/minimum_wages.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def hourly_rate(wage: float, unit: str, hours_per_week: float) -> float:
    per_week = {
        "hour": wage * hours_per_week,
        "week": wage,
        "month": wage * 12 / WEEKS_PER_YEAR,
        "year": wage / WEEKS_PER_YEAR,
    }[unit]
    return per_week / hours_per_week


def minimum_wage(province: str, on: date) -> float | None:
    """The general minimum wage in force on a date, or None when none is encoded for it."""
    rate = None
    for version in _table()["rates"].get(province, []):
        if version["effective_from"] <= on:
            rate = version["hourly"]
    return rate
