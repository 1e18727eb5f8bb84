"""Hypothesis strategies that build *valid* profiles by walking the pydantic models.

Generic generation from types would produce mostly invalid values (a random string is not a
country or a NOC code), so fields with a closed vocabulary draw from that vocabulary.
"""

from __future__ import annotations

import types
import typing
from datetime import date
from enum import Enum

from annotated_types import Ge, Gt, Le, Lt, MaxLen
from hypothesis import strategies as st
from pydantic import BaseModel

from impnav.models.common import PROVINCES
from impnav.noc.catalog import unit_groups
from impnav.rules.cusma import professions

COUNTRIES = ["US", "MX", "CA", "FR", "IE", "JP", "IN", "PH", "CM", "GB", "CH", "ES", "KR", "BR"]
BY_NAME = {
    "citizenships": st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=3, unique=True),
    "country_of_residence": st.sampled_from(COUNTRIES),
    "country": st.sampled_from(COUNTRIES),
    "countries_lived_6_months_since_18": st.lists(st.sampled_from(COUNTRIES), max_size=3),
    "noc": st.sampled_from(sorted(unit_groups())),
    "province": st.sampled_from(PROVINCES),
    "cusma_profession": st.sampled_from([*list(professions())[:10], "none"]),
    "permit_code": st.sampled_from(["C43", "T36", "C41", "A75"]),
}
DATES = st.dates(min_value=date(1950, 1, 1), max_value=date(2031, 12, 31))
PAST_DATES = st.dates(min_value=date(1950, 1, 1), max_value=date(2025, 12, 31))


def _bounds(metadata: list) -> tuple[float | None, float | None, int | None]:
    low = high = max_len = None
    for m in metadata:
        if isinstance(m, Ge | Gt):
            low = float(getattr(m, "ge", getattr(m, "gt", 0))) + (0.01 if isinstance(m, Gt) else 0)
        if isinstance(m, Le | Lt):
            high = float(getattr(m, "le", getattr(m, "lt", 0)))
        if isinstance(m, MaxLen):
            max_len = m.max_length
    return low, high, max_len


def _for_type(tp: object, name: str, metadata: list) -> st.SearchStrategy:
    if name in BY_NAME:
        return BY_NAME[name]
    if name == "date_of_birth":
        return PAST_DATES
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return st.one_of([_for_type(a, name, metadata) for a in options])
    if origin is typing.Annotated:
        base, *extra = typing.get_args(tp)
        return _for_type(base, name, [*metadata, *extra])
    if origin is list:
        (item,) = typing.get_args(tp)
        _, _, max_len = _bounds(metadata)
        return st.lists(_for_type(item, name, []), max_size=min(max_len or 3, 3))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return model_strategy(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return st.sampled_from(list(tp))
    if tp is bool:
        return st.booleans()
    if tp is date:
        return DATES
    low, high, _ = _bounds(metadata)
    if tp is int:
        return st.integers(int(low or 0), int(high if high is not None else 100))
    if tp is float:
        return st.floats(low or 0, high if high is not None else 1e6, allow_nan=False)
    if tp is str:
        return st.text(min_size=1, max_size=20).filter(str.strip)
    raise TypeError(f"no strategy for {name}: {tp!r}")


def model_strategy(model: type[BaseModel]) -> st.SearchStrategy[dict]:
    fields = {
        name: st.one_of(st.none(), _for_type(info.annotation, name, list(info.metadata)))
        for name, info in model.model_fields.items()
    }
    return st.fixed_dictionaries({}, optional=fields)
