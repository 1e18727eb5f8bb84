"""POST /api/v1/offers/check: check an offer of employment before the Employer Portal."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from impnav.models.common import IsoDate
from impnav.models.offer import Offer
from impnav.offer.check import check_offer, report_json

router = APIRouter(tags=["employers"])


class FindingOut(BaseModel):
    field: str
    message: str


class OfferCheckResult(BaseModel):
    valid: bool
    as_of: date
    exemption_code: str
    stream: str | None
    errors: list[FindingOut]
    warnings: list[FindingOut]
    fees: dict[str, Any]
    sources: list[str]


@router.post("/offers/check", response_model=OfferCheckResult)
def offers_check(offer: Offer, as_of: IsoDate | None = Query(None)) -> dict:
    return report_json(check_offer(offer, as_of or date.today()))
