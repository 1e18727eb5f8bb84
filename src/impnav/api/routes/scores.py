"""POST /api/v1/crs and /api/v1/fsw: Express Entry CRS score and the FSW 67-point grid."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, HTTPException, Query

from impnav.crs.crs import CrsDateError, score
from impnav.crs.fsw import assess_fsw
from impnav.models.common import IsoDate
from impnav.models.crs import CrsProfile, CrsResult, FswResult

router = APIRouter(tags=["express entry"])
AS_OF = Query(None, description="Score under the rules in force on this date (default: today)")


def as_of_error(exc: CrsDateError) -> HTTPException:
    """A date the rules do not cover is bad input on the as_of parameter (422, not 500)."""
    detail = [
        {"field": "query.as_of", "loc": ["query", "as_of"], "message": str(exc),
         "type": "value_error"}
    ]  # fmt: skip
    return HTTPException(status_code=422, detail=detail)


@router.post("/crs", response_model=CrsResult)
async def crs(profile: CrsProfile, as_of: IsoDate | None = AS_OF) -> dict:
    try:
        return score(profile, as_of or date.today())
    except CrsDateError as exc:
        raise as_of_error(exc) from None


@router.post("/fsw", response_model=FswResult, response_model_by_alias=True)
async def fsw(profile: CrsProfile, as_of: IsoDate | None = AS_OF) -> dict:
    return assess_fsw(profile, as_of or date.today())
