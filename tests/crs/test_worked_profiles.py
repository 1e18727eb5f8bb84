"""Complete worked profiles whose totals were computed by hand from IRCC's grid (the arithmetic
is in each case's `why`), so a wrong table or cap anywhere shows up as a wrong total."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from impnav.crs.crs import score
from impnav.models.crs import CrsProfile

WORKED = yaml.safe_load((Path(__file__).parent / "worked_profiles.yaml").read_text("utf-8"))


def test_there_are_at_least_15_worked_profiles() -> None:
    assert len(WORKED) >= 15


@pytest.mark.parametrize("case", WORKED, ids=[str(i + 1) for i in range(len(WORKED))])
def test_worked_profile(case: dict) -> None:
    result = score(CrsProfile.model_validate(case["profile"]), date.fromisoformat(case["as_of"]))
    assert result["total"] == case["total"], (case["why"], result["details"])
