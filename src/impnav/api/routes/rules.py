"""GET /api/v1/rules and /api/v1/rules/{code}: the encoded exemption-code rules."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, HTTPException, Query

from impnav.models.common import IsoDate
from impnav.rules.cusma import professions
from impnav.rules.loader import UnknownCodeError, load_rulebook
from impnav.rules.views import RuleDetail, RuleSummary, rule_detail, rule_summaries

router = APIRouter(tags=["rules"])


@router.get("/rules", response_model=list[RuleSummary])
def list_rules(as_of: IsoDate | None = Query(None)) -> list[RuleSummary]:
    return rule_summaries(load_rulebook(), as_of or date.today())


@router.get("/cusma/professions")
def cusma_professions() -> list[dict[str, str]]:
    """The 63 professions of CUSMA Appendix 2 (T36), a closed list, with minimum credentials."""
    return [{"profession": name, **info} for name, info in professions().items()]


@router.get(
    "/rules/{code}",
    response_model=list[RuleDetail],
    responses={404: {"description": "No rule for that code"}},
)
def show_rule(code: str) -> list[RuleDetail]:
    """The rule(s) for a code. Old codes resolve to their successors with the renumbering date;
    C21 and split codes return more than one rule."""
    if len(code) > 10:
        raise HTTPException(status_code=404, detail="unknown exemption code")
    try:
        resolution = load_rulebook().resolve(code)
    except UnknownCodeError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
    return [rule_detail(r, resolution) for r in resolution.rules]
