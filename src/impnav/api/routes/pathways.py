"""POST /api/v1/pathways: the LMIA route, permanent residence, family and study permits."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Query

from impnav.crs.crs import CrsDateError
from impnav.models.pathways import PathwaysInput
from impnav.pathways.plan import pathways

router = APIRouter(tags=["pathways"])


@router.post("/pathways")
def pathways_route(data: PathwaysInput, as_of: date | None = Query(None)) -> dict[str, Any]:
    try:
        return pathways(data, as_of or date.today())
    except CrsDateError as exc:
        raise HTTPException(
            status_code=422,
            detail=[
                {
                    "field": "query.as_of",
                    "loc": ["query", "as_of"],
                    "message": str(exc),
                    "type": "value_error",
                }
            ],
        ) from None
