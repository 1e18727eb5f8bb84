"""Small validated value types shared by the input models.

Countries, NOC codes and exemption codes are validated at the edge so the engine never sees an
unknown value: a bad value becomes a 422 / exit 2 naming the field, not a silent wrong verdict.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Annotated, Any

import pycountry
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

from impnav.noc.catalog import unit_group

PROVINCES = ("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT")


class Strict(BaseModel):
    """Base for input models: unknown keys are errors, so typos in a profile are caught."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)


def _iso_date(value: Any) -> Any:
    """Dates only as dates or YYYY-MM-DD text: pydantic would otherwise read a number as a Unix
    time (`as_of=0` became 1970-01-01)."""
    if isinstance(value, bool | int | float):
        raise ValueError("use a date as YYYY-MM-DD")
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError(f"{value[:40]!r} is not a date: use YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


@lru_cache(maxsize=1024)
def _country_code(value: str) -> str:
    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        raise ValueError(
            f"unknown country {value!r}: use an ISO 3166 code such as 'US', 'MEX' or a name"
        ) from None


def _check_country(value: str) -> str:
    return _country_code(value.strip())


def _check_province(value: str) -> str:
    code = value.strip().upper()
    if code not in PROVINCES:
        raise ValueError(
            f"unknown province or territory {value!r}: use one of {', '.join(PROVINCES)}"
        )
    return code


def _check_noc(value: str) -> str:
    code = value.strip()
    if not (code.isdigit() and len(code) == 5):
        raise ValueError(f"NOC 2021 codes have five digits, got {value!r}")
    if unit_group(code) is None:
        raise ValueError(f"{code} is not a NOC 2021 unit group")
    return code


Country = Annotated[str, AfterValidator(_check_country)]
Province = Annotated[str, AfterValidator(_check_province)]
NocCode = Annotated[str, AfterValidator(_check_noc)]
