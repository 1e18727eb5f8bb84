"""The three outcomes of a condition: met, not met, or unknown (with the facts still missing)."""

from __future__ import annotations

from typing import NamedTuple

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"


class Outcome(NamedTuple):
    status: str  # met | not_met | unknown
    missing: tuple[str, ...] = ()


# Settled outcomes carry no data, so every condition shares these two (no allocation per test).
MET_OUTCOME = Outcome(MET)
NOT_MET_OUTCOME = Outcome(NOT_MET)
