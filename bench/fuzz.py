"""Larger API fuzzing run: the schemathesis suite of tests/api/test_fuzz.py with more examples per
operation. Prints the number of requests and the time; exits non-zero on any finding.

    .venv/bin/python bench/fuzz.py [EXAMPLES_PER_OPERATION]   (default 200)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    examples = sys.argv[1] if len(sys.argv) > 1 else "200"
    env = {**os.environ, "IMPNAV_FUZZ_EXAMPLES": examples, "IMPNAV_FUZZ_MINIMUM": "1"}
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider",
         "tests/api/test_fuzz.py"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    found = re.search(r"fuzzed (\d+) requests over (\d+) operations", run.stdout)
    requests = int(found[1]) if found else 0
    print(f"examples per operation: {examples}")
    print(f"requests sent:          {requests:,}")
    print(f"operations:             {found[2] if found else '?'}")
    print(f"wall time:              {elapsed:.0f} s ({requests / elapsed:.0f} requests/s)")
    print(f"result:                 {'no findings' if run.returncode == 0 else 'FINDINGS'}")
    if run.returncode:
        print(run.stdout[-5000:])
    return run.returncode


if __name__ == "__main__":
    raise SystemExit(main())
