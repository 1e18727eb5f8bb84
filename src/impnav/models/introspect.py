"""Reading the input models' own field types, so that forms, spreadsheets and the interview
follow the models instead of keeping lists of their own."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo


def unwrap(annotation: Any) -> Any:
    """`Annotated[X, ...]` and `X | None` -> X (a union of several types stays as it is)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def field_at(model: type[BaseModel], path: str) -> tuple[Any, FieldInfo] | None:
    """(unwrapped type, field info) of a dotted path such as `job_offer.noc`, or None."""
    current: Any = model
    found: tuple[Any, FieldInfo] | None = None
    for part in path.split("."):
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = unwrap(info.annotation)
        found = (current, info)
    return found
