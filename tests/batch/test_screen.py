"""Batch screening: the same results from JSON Lines, CSV columns and Parquet, in one process or
several, and through Dask's map_partitions on a local cluster; bad rows are reported, not fatal."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from impnav.batch.records import RecordError, read_records
from impnav.batch.screen import screen_file, screen_partition, screen_record
from tests.conftest import example_json

ON = date(2026, 11, 28)
NAMES = ["mexican-ict-executive", "pnp-nominee", "irish-working-holiday", "spouse-of-engineer",
         "pgwp-graduate", "us-software-professional"]  # fmt: skip
CRS = {"age": 30, "marital_status": "single", "education": "bachelors_or_three_year",
       "first_language": {"language": "english", "clb": {"reading": 9, "writing": 9,
                                                         "listening": 9, "speaking": 9}},
       "canadian_experience_years": 1}  # fmt: skip


def _pool(n: int = 24) -> list[dict]:
    rows = []
    for i in range(n):
        row = {"id": f"c{i}", "profile": example_json(NAMES[i % len(NAMES)])}
        if i % 4 == 0:
            row["crs"] = CRS
        rows.append(row)
    rows.append({"id": "bad", "profile": {"citizenships": ["Atlantis"]}})
    return rows


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _results(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_a_record_gets_its_best_stream_counts_and_crs() -> None:
    row = screen_record(
        {"id": "x", "profile": example_json("mexican-ict-executive"), "crs": CRS}, ON
    )
    assert row["best_verdict"] == "eligible" and "T37" in row["eligible_codes"].split(";")
    assert row["eligible"] + row["needs_info"] + row["ineligible"] > 100
    assert 300 < row["crs_score"] < 600 and "error" not in row
    bad = screen_record({"id": "y", "profile": {"age": -3}}, ON)
    assert bad["error"].startswith("age:") and "best_code" not in bad


def test_one_and_two_processes_give_the_same_rows_in_order(tmp_path: Path) -> None:
    source = _write_jsonl(tmp_path / "pool.jsonl", _pool())
    one = screen_file(source, tmp_path / "one.jsonl", ON, workers=1)
    two = screen_file(source, tmp_path / "two.jsonl", ON, workers=2)
    assert _results(tmp_path / "one.jsonl") == _results(tmp_path / "two.jsonl")
    assert one.profiles == two.profiles == 25 and one.errors == 1
    assert [r["id"] for r in _results(tmp_path / "two.jsonl")][:3] == ["c0", "c1", "c2"]


def test_csv_with_one_column_per_field(tmp_path: Path) -> None:
    source = tmp_path / "pool.csv"
    with source.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "citizenships", "job_offer.employer_name", "job_offer.noc",
                         "job_offer.cusma_profession", "job_offer.cusma_credential_met",
                         "job_offer.is_self_employment", "job_offer.at_professional_level",
                         "job_offer.regulated_occupation", "us_insular_area_citizen"])  # fmt: skip
        writer.writerow(["a1", "US", "Maple Works", "21231", "Computer Systems Analyst", "true",
                         "false", "true", "false", "false"])  # fmt: skip
        writer.writerow(["a2", "FR;DE", "", "", "", "", "", "", "", ""])
    screen_file(source, tmp_path / "out.csv", ON, workers=1)
    rows = list(csv.DictReader((tmp_path / "out.csv").open()))
    assert rows[0]["id"] == "a1" and "T36" in rows[0]["eligible_codes"].split(";")
    assert rows[1]["error"] == "" and "T36" not in rows[1]["eligible_codes"]


def test_parquet_input(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rows = _pool(6)
    crs = [json.dumps(r["crs"]) if r.get("crs") else None for r in rows]
    profiles = [json.dumps(r["profile"]) for r in rows]
    table = pa.table({"id": [r["id"] for r in rows], "profile": profiles, "crs": crs})
    pq.write_table(table, tmp_path / "pool.parquet")
    summary = screen_file(tmp_path / "pool.parquet", tmp_path / "out.jsonl", ON, workers=2)
    out = _results(tmp_path / "out.jsonl")
    assert summary.profiles == 7 and out[0]["crs_score"] is not None and out[-1]["error"]


def test_unreadable_inputs_are_clear(tmp_path: Path) -> None:
    with pytest.raises(RecordError, match=r"\.jsonl, \.csv or \.parquet"):
        list(read_records(tmp_path / "pool.xlsx"))
    with pytest.raises(RecordError, match="no such file"):
        list(read_records(tmp_path / "missing.jsonl"))
    source = tmp_path / "pool.jsonl"
    source.write_text('{"id": 1, "profile": {}}\n[1, 2]\n{broken\n', encoding="utf-8")
    errors = [r.get("error") for r in read_records(source)]
    assert errors[0] is None and "not a JSON object" in errors[1] and "not JSON" in errors[2]


def test_cli_screen(tmp_path: Path) -> None:
    source = _write_jsonl(tmp_path / "pool.jsonl", _pool(12))
    run = subprocess.run([sys.executable, "-m", "impnav.cli", "screen", str(source), "--out",
                          str(tmp_path / "out.csv"), "--as-of", "2026-11-28", "--workers", "2"],
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "screened 13 profiles" in run.stdout and "1 with errors" in run.stdout
    bad = subprocess.run([sys.executable, "-m", "impnav.cli", "screen", str(source), "--out",
                          str(tmp_path / "out.xlsx")], capture_output=True, text=True,
                         timeout=300)  # fmt: skip
    assert bad.returncode == 2 and ".jsonl or .csv" in bad.stderr


def test_the_same_function_on_a_local_dask_cluster(tmp_path: Path) -> None:
    """What the README shows for pools that outgrow one machine: Parquet partitions mapped on a
    Dask cluster (here a local one with two worker processes) give the in-process results."""
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    import pandas as pd

    rows = _pool(30)
    crs = [json.dumps(r["crs"]) if r.get("crs") else "" for r in rows]
    profiles = [json.dumps(r["profile"]) for r in rows]
    frame = pd.DataFrame({"id": [r["id"] for r in rows], "profile": profiles, "crs": crs})
    frame.to_parquet(tmp_path / "pool.parquet")
    expected = screen_partition(frame, ON)
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster, distributed.Client(cluster):
        pool = dd.read_parquet(tmp_path / "pool.parquet").repartition(npartitions=3)
        result = pool.map_partitions(screen_partition, ON, meta=expected.iloc[:0]).compute()
    assert _plain(result.reset_index(drop=True)) == _plain(expected)
    assert (result["best_verdict"] == "eligible").sum() > 0


def _plain(frame) -> list[dict]:
    """Rows as plain values (missing is None whether pandas says None or NaN)."""
    return [{k: (None if v is None or v != v else v) for k, v in row.items()}
            for row in frame.astype(object).to_dict("records")]  # fmt: skip
