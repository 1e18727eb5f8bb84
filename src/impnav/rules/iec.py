"""International Experience Canada agreements: who may take part, in which category, to what age."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class IecAgreement:
    country: str
    country_name: str
    category: str
    label: str
    min_age: int
    max_age: int
    permit_type: str
    max_months: int
    max_validity: str
    requires_residence: bool
    requires_registered_student: bool
    conditions: str


@lru_cache(maxsize=1)
def _table() -> tuple[str, dict[tuple[str, str], IecAgreement]]:
    text = resources.files("impnav.rules").joinpath("data/iec_agreements.yaml").read_text("utf-8")
    doc = yaml.safe_load(text)
    table: dict[tuple[str, str], IecAgreement] = {}
    for row in doc["agreements"]:
        agreement = IecAgreement(**row)
        key = (agreement.country, agreement.category)
        # Some countries have a sub-stream with a narrower age range (e.g. Spain's ICEX Vives):
        # the general row, with the widest range, decides eligibility for the category.
        current = table.get(key)
        if current is None or agreement.max_age > current.max_age:
            table[key] = agreement
    return doc["source"], table


def iec_agreement(country: str, category: str) -> IecAgreement | None:
    return _table()[1].get((country, category))


def iec_source() -> str:
    return _table()[0]


@lru_cache(maxsize=1)
def _partners() -> frozenset[str]:
    return frozenset(country for country, _category in _table()[1])


def is_iec_partner(country: str) -> bool:
    return country in _partners()
