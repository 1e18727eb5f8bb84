"""POST /api/v1/assess: every encoded stream's verdict for a profile, as of a date."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query

from impnav.engine.eligibility import assess
from impnav.models.assessment import Assessment
from impnav.models.common import IsoDate
from impnav.models.profile import Profile

router = APIRouter(tags=["streams"])


@router.post("/assess", response_model=Assessment)
def assess_profile(
    profile: Profile,
    as_of: IsoDate | None = Query(None, description="Assess under the rules in force on this date"),
) -> Assessment:
    return assess(profile, as_of or date.today())
