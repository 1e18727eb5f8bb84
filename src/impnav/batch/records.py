"""Candidate records in and screening results out, streamed row by row.

Input: JSON Lines (each line a profile, or `{"id", "profile", "crs"}`), CSV, or Parquet. CSV and
Parquet rows either carry the profile as JSON in a `profile` column (and optionally `crs`), or
one column per profile field with dotted names (`job_offer.noc`), lists separated by `;`.
Output: JSON Lines or CSV, by the file's extension.
"""

from __future__ import annotations

import csv
import json
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from impnav.models.coerce import number_from_text
from impnav.models.introspect import field_at
from impnav.models.profile import Profile

RESULT_COLUMNS = (
    "id", "best_code", "best_title", "best_verdict", "eligible", "needs_info", "ineligible",
    "eligible_codes", "crs_score", "error",
)  # fmt: skip
SUFFIXES = {".jsonl", ".ndjson", ".csv", ".parquet"}


class RecordError(ValueError):
    """An input file the screen cannot read (the message says why)."""


def _field_type(path: str) -> Any:
    found = field_at(Profile, path)
    return found[0] if found else None


def _cell(path: str, text: str) -> Any:
    """A CSV cell as the value the profile field expects."""
    target = _field_type(path)
    if typing.get_origin(target) is list:
        return [item.strip() for item in text.split(";") if item.strip()]
    if target is bool:
        lowered = text.strip().lower()
        return {"true": True, "false": False}.get(lowered, text)
    if target in (int, float):
        return number_from_text(text)
    return text


def profile_from_columns(row: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for column, value in row.items():
        if (
            column in ("id", "crs")
            or value is None
            or (isinstance(value, str) and not value.strip())
        ):
            continue
        node = data
        *parents, last = column.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = _cell(column, value) if isinstance(value, str) else value
    return data


def _record(row: dict[str, Any], number: int) -> dict[str, Any]:
    """One input row as {id, profile, crs}."""
    if "profile" in row:
        profile = row["profile"]
        profile = json.loads(profile) if isinstance(profile, str) else profile
        crs = row.get("crs")
        crs = json.loads(crs) if isinstance(crs, str) and crs.strip() else crs
        return {"id": str(row.get("id") or number), "profile": profile, "crs": crs or None}
    return {"id": str(row.get("id") or number), "profile": profile_from_columns(row), "crs": None}


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """Rows of the input, one at a time (a bad row becomes a record with an `error`)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise RecordError(f"{path}: use a .jsonl, .csv or .parquet file")
    if not path.is_file():
        raise RecordError(f"{path}: no such file")
    if suffix == ".parquet":
        yield from _parquet(path)
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        if suffix == ".csv":
            for number, row in enumerate(csv.DictReader(handle), start=1):
                yield parse_row(row, number)
            return
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield {"id": str(number), "error": f"line {number}: not JSON ({exc.msg})"}
                continue
            if not isinstance(row, dict):
                yield {"id": str(number), "error": f"line {number}: not a JSON object"}
                continue
            if "profile" not in row:
                row = {"id": row.pop("id", None), "profile": row}
            yield parse_row(row, number)


def parse_row(row: dict[str, Any], number: int) -> dict[str, Any]:
    """One raw row as a record; a row that cannot be read becomes a record with an `error`."""
    try:
        return _record(row, number)
    except (ValueError, TypeError) as exc:
        return {"id": str(row.get("id") or number), "error": f"row {number}: {exc}"}


def _parquet(path: Path) -> Iterator[dict[str, Any]]:
    try:
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        raise RecordError("reading Parquet needs pyarrow") from None
    number = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=2048):
        for row in batch.to_pylist():
            number += 1
            yield parse_row(row, number)


def count_rows(path: Path) -> int | None:
    """Rows to expect (for the progress bar); None when not cheap to know."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    with path.open("rb") as handle:
        lines = sum(1 for line in handle if line.strip())
    return lines - 1 if suffix == ".csv" else lines


class ResultWriter:
    """Results to JSON Lines or CSV, written as they come."""

    def __init__(self, path: Path) -> None:
        suffix = path.suffix.lower()
        if suffix not in (".jsonl", ".ndjson", ".csv"):
            raise RecordError(f"{path}: results are written as .jsonl or .csv")
        self.csv = suffix == ".csv"
        self.handle = path.open("w", encoding="utf-8", newline="")
        self.writer = csv.DictWriter(self.handle, RESULT_COLUMNS) if self.csv else None
        if self.writer:
            self.writer.writeheader()

    def write(self, result: dict[str, Any]) -> None:
        if self.writer:
            self.writer.writerow({k: result.get(k) for k in RESULT_COLUMNS})
        else:
            self.handle.write(json.dumps(result, default=str) + "\n")

    def close(self) -> None:
        self.handle.close()
