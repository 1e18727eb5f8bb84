"""Benchmark: assess every stream for 10,000 generated profiles on one core.

Prints profiles/second, the median microseconds per profile, and the ratio of assess time to
the time of json.loads + pydantic validation of the same profiles in the same run.
Target (issue #2): every stream for one profile in under 200 µs.

    make bench        # or: .venv/bin/python bench/assess.py [--profiles N] [--seed S]
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import statistics
import time
import timeit
from datetime import date
from pathlib import Path

import yaml

from impnav.engine.eligibility import assess
from impnav.models.profile import Profile
from impnav.noc.catalog import unit_groups

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
AS_OF = date(2026, 11, 28)


def _drop_random_fields(data: dict, rng: random.Random, rate: float) -> dict:
    out = {}
    for key, value in data.items():
        if rng.random() < rate:
            continue
        out[key] = _drop_random_fields(value, rng, rate) if isinstance(value, dict) else value
    return out


def generate(n: int, seed: int) -> list[str]:
    """n profile documents as JSON text: the examples, varied and partly answered."""
    rng = random.Random(seed)
    bases = [yaml.safe_load(p.read_text()) for p in sorted(EXAMPLES.glob("*.yaml"))]
    nocs = sorted(unit_groups())
    docs = []
    for _ in range(n):
        data = _drop_random_fields(copy.deepcopy(rng.choice(bases)), rng, rate=0.15)
        if "job_offer" in data and rng.random() < 0.5:
            data["job_offer"]["noc"] = rng.choice(nocs)
        if rng.random() < 0.3:
            data["citizenships"] = rng.sample(["US", "MX", "FR", "IE", "IN", "PH", "JP"], 1)
        docs.append(json.dumps(data, default=str))
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    docs = generate(args.profiles, args.seed)
    assess(Profile(), AS_OF)  # load and compile the rules outside the timing

    start = time.perf_counter()
    profiles = [Profile.model_validate(json.loads(d)) for d in docs]
    parse_seconds = time.perf_counter() - start

    per_profile = []
    streams = 0
    start = time.perf_counter()
    for profile in profiles:
        t0 = time.perf_counter_ns()
        result = assess(profile, AS_OF)
        per_profile.append(time.perf_counter_ns() - t0)
        streams += len(result.streams)
    assess_seconds = time.perf_counter() - start

    baseline_us = min(timeit.repeat("sum(range(1000))", number=2000, repeat=5)) / 2000 * 1e6
    median_us = statistics.median(per_profile) / 1000
    p95_us = statistics.quantiles(per_profile, n=20)[18] / 1000
    each = streams // len(profiles)
    print(f"profiles assessed:             {len(profiles):,} ({each} streams each)")
    print(f"profiles/second (assess only): {len(profiles) / assess_seconds:,.0f}")
    print(f"median per profile:            {median_us:,.1f} µs (p95 {p95_us:,.1f} µs)")
    print(f"json.loads + validation:       {parse_seconds / len(profiles) * 1e6:,.1f} µs/profile")
    print(f"assess / (parse + validate):   {assess_seconds / parse_seconds:.2f}")
    print(f"target < 200 µs per profile:   {'met' if median_us < 200 else 'NOT met'}")
    print(f"machine baseline:              sum(range(1000)) = {baseline_us:.1f} µs")


if __name__ == "__main__":
    main()
