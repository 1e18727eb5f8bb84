"""Text to typed values, for the web forms and the spreadsheet rows of `impnav screen`. Both give
every value as text, while the input models accept numbers only as numbers (a JSON "5" is
refused, as the API's schema says); so the callers convert the fields that the model types as
numbers, and leave anything that is not a number for the model to refuse with a clear message."""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel

from impnav.models.introspect import unwrap

NUMBER = re.compile(r"-?\d+(\.\d+)?")


def number_from_text(text: str) -> Any:
    """'5' -> 5, '6.5' -> 6.5; anything else unchanged."""
    value = text.strip()
    if not NUMBER.fullmatch(value):
        return text
    return float(value) if "." in value else int(value)


def typed(data: Any, model: type[BaseModel]) -> Any:
    """`data` with numeric text converted wherever `model` expects a number."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key not in out:
            continue
        target = unwrap(info.annotation)
        value = out[key]
        if target in (int, float) and isinstance(value, str):
            out[key] = number_from_text(value)
        elif isinstance(target, type) and issubclass(target, BaseModel):
            out[key] = typed(value, target)
        elif typing.get_origin(target) in (typing.Union, types.UnionType):
            for member in typing.get_args(target):  # e.g. CLB levels or raw test scores
                member = unwrap(member)
                if isinstance(member, type) and issubclass(member, BaseModel):
                    value = typed(value, member)
            out[key] = value
        elif typing.get_origin(target) is list and isinstance(value, list):
            (item,) = typing.get_args(target) or (Any,)
            item = unwrap(item)
            if isinstance(item, type) and issubclass(item, BaseModel):
                out[key] = [typed(v, item) for v in value]
    return out
