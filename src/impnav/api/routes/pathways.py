"""POST /api/v1/pathways: the LMIA route, permanent residence, family and study permits."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query

from impnav.api.routes.scores import as_of_error
from impnav.crs.crs import CrsDateError
from impnav.models.common import IsoDate
from impnav.models.pathways import PathwaysInput
from impnav.pathways.plan import pathways

router = APIRouter(tags=["pathways"])


@router.post("/pathways")
def pathways_route(data: PathwaysInput, as_of: IsoDate | None = Query(None)) -> dict[str, Any]:
    try:
        return pathways(data, as_of or date.today())
    except CrsDateError as exc:
        raise as_of_error(exc) from None
