"""Build CRS profiles compactly for the tests."""

from __future__ import annotations

from datetime import date

from impnav.crs.crs import score
from impnav.models.crs import CrsProfile

TODAY = date(2026, 11, 28)


def clb(r: int, w: int | None = None, li: int | None = None, s: int | None = None) -> dict:
    w = r if w is None else w
    li = r if li is None else li
    s = r if s is None else s
    return {"clb": {"reading": r, "writing": w, "listening": li, "speaking": s}}


def profile(**overrides) -> CrsProfile:
    data = {"age": 29, "education": "secondary", "first_language": clb(3)}
    data.update(overrides)
    return CrsProfile.model_validate(data)


def married(**overrides) -> dict:
    return {"marital_status": "married", "spouse_accompanying": True, **overrides}


def crs(on: date = TODAY, **overrides) -> dict:
    return score(profile(**overrides), on)
