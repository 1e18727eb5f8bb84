"""Benchmark of the NOC finder on labelled job texts (evaluation only: never indexed).

For each kind of query (single duty, four-duty set, occupation description, reported job title)
prints top-1 and top-5 accuracy of impnav and of two baselines computed in the same run (BM25
over titles and example titles only; BM25 over all NOC text), then query latency p50/p95 after
load, index load time and peak memory.

    .venv/bin/python bench/noc.py [--cases PATH] [--sample N] [--seed S]
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import statistics
import time
from collections import defaultdict
from pathlib import Path

import bm25s
import numpy as np

DEFAULT_CASES = Path(__file__).resolve().parent.parent.parent / "shared/data/noc_eval_dev/cases.csv"
KINDS = ("task_set", "occupation_description", "reported_job_title", "task_statement")


def load_cases(path: Path, sample: int | None, seed: int) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as f:
        cases = list(csv.DictReader(f))
    if sample:
        rng = random.Random(seed)
        by_kind = defaultdict(list)
        for c in cases:
            by_kind[c["kind"]].append(c)
        cases = [c for rows in by_kind.values() for c in rng.sample(rows, min(sample, len(rows)))]
    return cases


def baselines() -> dict[str, tuple[list[str], bm25s.BM25]]:
    from impnav.noc.dataset import load_details
    from impnav.noc.text import tokenize

    details = load_details()
    codes = sorted(details)
    corpora = {
        "bm25_titles": [" ; ".join([details[c].title, *details[c].example_titles]) for c in codes],
        "bm25_all_text": [
            " ; ".join([details[c].title, *details[c].example_titles, details[c].definition,
                        *details[c].main_duties, *details[c].employment_requirements])
            for c in codes
        ],
    }  # fmt: skip
    out = {}
    for name, corpus in corpora.items():
        retriever = bm25s.BM25()
        retriever.index(tokenize(corpus, canadian=False), show_progress=False)
        out[name] = (codes, retriever)
    return out


def rank_of(codes: list[str], ranked: list[str], label: str) -> int:
    return ranked.index(label) if label in ranked else 10**6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--sample", type=int, default=None, help="cases per kind (default: all)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not args.cases.exists():
        raise SystemExit(f"no evaluation file at {args.cases}")
    cases = load_cases(args.cases, args.sample, args.seed)

    start = time.perf_counter()
    from impnav.noc.index import lexical_index, semantic_index
    from impnav.noc.search import search

    lexical_index()
    semantic_index()
    load_seconds = time.perf_counter() - start
    start = time.perf_counter()
    from impnav.noc.embedder import _runtime

    _runtime()  # the ONNX Runtime session over the model's weights
    model_seconds = time.perf_counter() - start
    search("warm up the model", limit=5)

    from impnav.noc.text import query_tokens

    systems = baselines()
    hits: dict[tuple[str, str], list[int]] = defaultdict(list)
    latencies = []
    for case in cases:
        label, kind, text = case["noc2021_code"], case["kind"], case["text"]
        t0 = time.perf_counter()
        result = search(text, limit=5)
        latencies.append((time.perf_counter() - t0) * 1000)
        hits[("impnav", kind)].append(rank_of([], [m.code for m in result.matches], label))
        words = query_tokens(text, canadian=False)
        for name, (codes, retriever) in systems.items():
            scores = retriever.get_scores(words) if words else np.zeros(len(codes))
            top = [codes[i] for i in np.argsort(-scores)[:5]]
            hits[(name, kind)].append(rank_of([], top, label))

    counts = ", ".join(f"{k} {sum(c['kind'] == k for c in cases)}" for k in KINDS)
    print(f"cases: {len(cases)} ({counts})")
    print(f"{'system':16} {'kind':24} {'top-1':>6} {'top-5':>6}")
    for system in ("impnav", "bm25_titles", "bm25_all_text"):
        for kind in KINDS:
            ranks = hits[(system, kind)]
            if ranks:
                top1 = sum(r == 0 for r in ranks) / len(ranks)
                top5 = sum(r < 5 for r in ranks) / len(ranks)
                print(f"{system:16} {kind:24} {top1:6.3f} {top5:6.3f}")
    p50 = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[18]
    print(f"query latency:   p50 {p50:.1f} ms, p95 {p95:.1f} ms (one process, after load)")
    # The same queries again with BLAS and ONNX Runtime held to one thread: "one core".
    from threadpoolctl import threadpool_limits

    from impnav.noc.embedder import use_threads

    one_core = []
    use_threads(1)
    with threadpool_limits(limits=1):
        search("warm up the one-thread session", limit=5)
        for case in random.Random(args.seed).sample(cases, min(500, len(cases))):
            t0 = time.perf_counter()
            search(case["text"], limit=5)
            one_core.append((time.perf_counter() - t0) * 1000)
    use_threads(None)
    p50 = statistics.median(one_core)
    p95 = statistics.quantiles(one_core, n=20)[18]
    print(f"one thread:      p50 {p50:.1f} ms, p95 {p95:.1f} ms ({len(one_core)} of the queries)")
    print(f"index load:      {load_seconds:.2f} s (embeddings from cache)")
    print(f"model load:      {model_seconds:.2f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory:     {peak:.0f} MB (resident)")


if __name__ == "__main__":
    main()
