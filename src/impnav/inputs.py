"""Read PROFILE / OFFER files (JSON or YAML) into models, turning every failure into one clear
message that names the field. Shared by the CLI; the API gets the same messages via pydantic."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

MAX_INPUT_BYTES = 5 * 1024 * 1024
M = TypeVar("M", bound=BaseModel)


class InputError(ValueError):
    """Bad input from a person: the message is safe and specific enough to show as is."""


def field_path(loc: tuple[int | str, ...]) -> str:
    """`("work_history", 0, "start_date")` -> `work_history[0].start_date`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(document)"


def describe_validation_error(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if p not in ("function-after", "function-plain"))
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{field_path(loc)}: {msg}")
    return "; ".join(parts)


class _UniqueKeyLoader(yaml.SafeLoader):
    """Safe YAML that refuses duplicate keys, which would otherwise silently drop answers, and
    aliases, which no profile needs and which can expand exponentially (a "YAML bomb")."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise InputError(f"YAML aliases are not accepted (line {mark.line + 1})")
        return super().compose_node(parent, index)


def _no_duplicates(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            raise InputError(f"{key}: given twice (line {key_node.start_mark.line + 1})")
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)
# YAML 1.1 reads ON, NO, YES and OFF as booleans, which would turn the province code ON (and a
# plain "no") into True/False. Only true/false are booleans here, as in YAML 1.2 and JSON.
_UniqueKeyLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        if tag != "tag:yaml.org,2002:bool"
        else (tag, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"))
        for tag, regexp in resolvers
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_document(text: str, name: str) -> object:
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
        except RecursionError:
            raise InputError(f"{name}: JSON nested too deeply") from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise InputError(f"{name}: not valid YAML or JSON{where}") from None
    except RecursionError:
        raise InputError(f"{name}: document nested too deeply") from None


def load_model(path: Path, model: type[M]) -> M:
    """Read and validate a file; raise InputError with a one-line message on any problem."""
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise InputError(f"{path}: larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except PermissionError:
        raise InputError(f"{path}: cannot be read (permission denied)") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    data = parse_document(text, str(path))
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping of fields at the top level")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc)) from None
