"""POST /api/v1/assess: every encoded stream's verdict for a profile, as of a date."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Response

from impnav.engine.eligibility import assess
from impnav.models.assessment import Assessment, to_json_bytes
from impnav.models.common import IsoDate
from impnav.models.profile import Profile

router = APIRouter(tags=["streams"])


@router.post("/assess", response_model=Assessment)
async def assess_profile(
    profile: Profile,
    as_of: IsoDate | None = Query(None, description="Assess under the rules in force on this date"),
) -> Response:
    """The result is serialized by `to_json_bytes` (pydantic-core, each stream's part encoded
    once and reused): FastAPI's generic encoder took about ten times longer than the assessment
    itself for the 113 streams. The OpenAPI schema still comes from `Assessment`, and the fuzz
    tests hold every response to it. It runs on the
    event loop rather than in the thread pool: pure computation of a few milliseconds, served in
    arrival order, instead of forty threads contending for the GIL (the tail latency under load
    was ten times the median)."""
    result = assess(profile, as_of or date.today())
    return Response(content=to_json_bytes(result), media_type="application/json")
