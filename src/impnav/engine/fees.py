"""Fees of a stream on a date, from the dated fee schedule (never amounts written in code)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from impnav.models.assessment import FeeItem, Fees
from impnav.rules.loader import load_rulebook
from impnav.rules.schema import Rule

COMPLIANCE_FEE = "employer_compliance"


@lru_cache(maxsize=1024)
def fee_item(key: str, on: date) -> FeeItem:
    fee = load_rulebook().fees.fees[key]
    version = fee.version_on(on)
    if version is None:
        return FeeItem(
            key=key,
            label=fee.label,
            payer=fee.payer,
            amount=None,
            note=f"no amount is encoded for {on.isoformat()}",
        )
    return FeeItem(
        key=key,
        label=fee.label,
        payer=fee.payer,
        amount=version.amount,
        source=str(version.source),
        confidence=version.confidence,
        note=version.note,
    )


@lru_cache(maxsize=4096)
def _fees_for(rule_id: str, on: date) -> Fees:
    rule = next(r for r in load_rulebook().rules if r.id == rule_id)
    keys = list(rule.applicant_fees) + ([COMPLIANCE_FEE] if rule.compliance_fee else [])
    items = [fee_item(k, on) for k in keys]
    return Fees(
        items=items,
        applicant_total=sum(i.amount or 0 for i in items if i.payer == "applicant"),
        employer_total=sum(i.amount or 0 for i in items if i.payer == "employer"),
    )


def stream_fees(rule: Rule, on: date) -> Fees:
    """Government fees for one stream: the applicant's, and the employer's compliance fee."""
    return _fees_for(rule.id, on)
