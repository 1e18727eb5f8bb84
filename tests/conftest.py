"""Shared helpers: realistic example profiles from examples/, changed one fact at a time."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from impnav.models.profile import Profile

pytest_plugins = ["tests.databases", "tests.firm"]

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def example_data(name: str) -> dict[str, Any]:
    return yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text("utf-8"))


def example_json(name: str) -> dict[str, Any]:
    """An example as an HTTP client would send it: dates as ISO strings."""
    return json.loads(json.dumps(example_data(name), default=str))


def _walk(data: dict[str, Any], dotted: str) -> tuple[dict[str, Any], str]:
    *parents, last = dotted.split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
    return node, last


def changed(
    data: dict[str, Any], set_: dict[str, Any] | None = None, unset: list[str] | None = None
) -> dict[str, Any]:
    """A deep copy of `data` with dotted paths replaced (`set_`) or removed (`unset`)."""
    data = copy.deepcopy(data)
    for dotted, value in (set_ or {}).items():
        node, key = _walk(data, dotted)
        node[key] = value
    for dotted in unset or []:
        node, key = _walk(data, dotted)
        node.pop(key, None)
    return data


def build_profile(
    example: str | None = None,
    set_: dict[str, Any] | None = None,
    unset: list[str] | None = None,
) -> Profile:
    """An example profile with some facts replaced (`set_`) or removed (`unset`)."""
    return Profile.model_validate(changed(example_data(example) if example else {}, set_, unset))


@pytest.fixture
def example():
    return example_data
