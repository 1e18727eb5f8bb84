"""Screen a pool of candidates: for each profile, the best stream, the verdict counts and (when
a CRS profile is given) the CRS score.

`screen_record` is a pure function of one record, so the same code runs in three ways: in this
process, across local processes (`screen_file`, what `impnav screen` uses), or on a cluster
(`screen_partition`, for `dask.dataframe.map_partitions` over Parquet; see the README).
"""

from __future__ import annotations

import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from impnav.batch.records import RESULT_COLUMNS, ResultWriter, parse_row, read_records
from impnav.crs.crs import facts_of, points
from impnav.engine.eligibility import assess
from impnav.inputs import describe_validation_error
from impnav.models.crs import CrsProfile
from impnav.models.profile import Profile

CHUNK = 250  # records per task: large enough to amortize process hand-off, small for memory


def screen_record(record: dict[str, Any], as_of: date) -> dict[str, Any]:
    """One record -> one result row (never raises for bad data: the row says what is wrong)."""
    row: dict[str, Any] = {"id": record.get("id")}
    if record.get("error"):
        return {**row, "error": record["error"]}
    try:
        profile = Profile.model_validate(record.get("profile") or {})
        crs = CrsProfile.model_validate(record["crs"]) if record.get("crs") else None
    except ValidationError as exc:
        return {**row, "error": describe_validation_error(exc)}
    result = assess(profile, as_of)
    best = result.streams[0] if result.streams else None
    row.update(
        best_code=best.code if best else None,
        best_title=best.title if best else None,
        best_verdict=best.verdict if best else None,
        eligible=result.counts["eligible"],
        needs_info=result.counts["needs_info"],
        ineligible=result.counts["ineligible"],
        eligible_codes=";".join(s.code for s in result.streams if s.verdict == "eligible"),
        crs_score=None,
    )
    if crs is not None:
        try:
            row["crs_score"] = points(facts_of(crs), as_of)[0]  # no suggestions: just the total
        except ValueError as exc:
            row["error"] = f"crs: {exc}"
    return row


def _screen_chunk(records: list[dict[str, Any]], as_of: date) -> list[dict[str, Any]]:
    return [screen_record(r, as_of) for r in records]


def screen_partition(frame: Any, as_of: date) -> Any:
    """A pandas DataFrame of records (`id`, `profile`, optional `crs`, as JSON text or objects)
    -> a DataFrame of results: the unit of work for Dask's `map_partitions`."""
    import pandas as pd

    rows = [
        screen_record(parse_row(raw, i), as_of)
        for i, raw in enumerate(frame.to_dict("records"), start=1)
    ]
    return pd.DataFrame([{k: r.get(k) for k in RESULT_COLUMNS} for r in rows],
                        columns=list(RESULT_COLUMNS))  # fmt: skip


@dataclass
class ScreenSummary:
    profiles: int = 0
    errors: int = 0
    best_verdicts: Counter = field(default_factory=Counter)
    best_codes: Counter = field(default_factory=Counter)

    def add(self, row: dict[str, Any]) -> None:
        self.profiles += 1
        if row.get("error") and not row.get("best_code"):
            self.errors += 1
            return
        self.best_verdicts[row.get("best_verdict")] += 1
        if row.get("best_verdict") == "eligible":
            self.best_codes[row.get("best_code")] += 1


def _chunks(records: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(records)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _warm() -> None:
    """Each worker loads and compiles the rules once, before its first chunk."""
    from impnav.engine.eligibility import compiled_rules

    compiled_rules()


def screen_records(
    records: Iterable[dict[str, Any]],
    as_of: date,
    workers: int,
    on_row: Callable[[dict[str, Any]], None],
) -> None:
    """Screen in input order with `workers` processes (1: in this process). At most two chunks
    per worker are in flight, so memory stays bounded whatever the size of the pool."""
    if workers <= 1:
        for chunk in _chunks(records, CHUNK):
            for row in _screen_chunk(chunk, as_of):
                on_row(row)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm) as pool:
        pending: deque[Future] = deque()
        for chunk in _chunks(records, CHUNK):
            pending.append(pool.submit(_screen_chunk, chunk, as_of))
            if len(pending) >= 2 * workers:
                for row in pending.popleft().result():
                    on_row(row)
        while pending:
            for row in pending.popleft().result():
                on_row(row)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def screen_file(
    source: Path,
    target: Path,
    as_of: date,
    workers: int,
    progress: Callable[[int], None] | None = None,
) -> ScreenSummary:
    """Read `source`, screen every record, write `target`; returns the summary."""
    summary = ScreenSummary()
    writer = ResultWriter(target)

    def handle(row: dict[str, Any]) -> None:
        writer.write(row)
        summary.add(row)
        if progress:
            progress(1)

    try:
        screen_records(read_records(source), as_of, workers, handle)
    finally:
        writer.close()
    return summary
