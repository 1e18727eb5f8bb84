"""Batch screening throughput: 100,000 generated profiles through `impnav screen`'s function on
1 and 2 processes. Prints profiles/second and the peak memory of the parent and its workers.

    .venv/bin/python bench/screen.py [--profiles N]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from assess import generate

from impnav.batch.screen import screen_file

AS_OF = date(2026, 11, 28)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "pool.jsonl"
        with source.open("w") as handle:
            for i, doc in enumerate(generate(args.profiles, seed=11)):
                handle.write(json.dumps({"id": i, "profile": json.loads(doc)}) + "\n")
        print(f"profiles: {args.profiles:,} ({source.stat().st_size / 1e6:.0f} MB of JSON Lines)")
        for workers in (1, 2):
            started = time.perf_counter()
            summary = screen_file(source, Path(folder) / f"out{workers}.csv", AS_OF, workers)
            elapsed = time.perf_counter() - started
            print(f"{workers} process(es): {summary.profiles / elapsed:,.0f} profiles/s "
                  f"({elapsed:.0f} s; {summary.errors} errors)")  # fmt: skip
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: parent {parent:.0f} MB, largest worker {children:.0f} MB")


if __name__ == "__main__":
    main()
