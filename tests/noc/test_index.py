"""The BM25 indexes are saved beside the embeddings and read back identical."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from impnav.noc import index
from impnav.noc.text import query_tokens


@pytest.fixture
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("IMPNAV_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_bm25_index_is_saved_then_loaded_with_the_same_scores(empty_cache: Path) -> None:
    texts = ["install electrical wiring in houses", "bake bread and pastries", "audit accounts"]
    built = index._cached_bm25("probe", lambda: texts)
    saved = list(empty_cache.glob("noc-bm25-probe-*"))
    assert len(saved) == 1 and not list(empty_cache.glob("*.tmp"))

    def fail() -> list[str]:
        raise AssertionError("the saved index should have been read, not rebuilt")

    loaded = index._cached_bm25("probe", fail)
    words = query_tokens("electricians wiring a house")
    assert np.allclose(built.get_scores(words), loaded.get_scores(words))
    assert int(np.argmax(loaded.get_scores(words))) == 0


def test_title_index_covers_every_unit_group() -> None:
    titles = index.title_index()
    assert len(titles.groups) == len(index.lexical_index().codes) == 516
