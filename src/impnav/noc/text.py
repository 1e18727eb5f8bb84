"""Text handling shared by the NOC index and queries: splitting pasted duties into sentences and
tokenizing with stemming (English, and French for French titles)."""

from __future__ import annotations

import re
from functools import lru_cache

import bm25s
import Stemmer

MAX_QUERY_CHARS = 5000
_SPLIT = re.compile(r"(?:\r?\n|;|•|·|(?<=[a-z0-9)])\.\s+(?=[A-Z])|\s-\s)+")


@lru_cache(maxsize=2)
def stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(language)


def tokenize(texts: list[str], language: str = "english") -> object:
    """bm25s tokens with stop words removed and words stemmed (so plurals and tenses match)."""
    stop = "en" if language == "english" else "fr"
    return bm25s.tokenize(texts, stopwords=stop, stemmer=stemmer(language), show_progress=False)


def split_duties(text: str) -> list[str]:
    """Split pasted duties (lines, bullets, semicolons, sentences) into separate statements."""
    parts = [p.strip(" .,-*\t") for p in _SPLIT.split(text)]
    parts = [p for p in parts if len(p) >= 3]
    return parts or [text.strip()]


def query_tokens(text: str, language: str = "english") -> list[str]:
    """The stemmed words of one query, as the index's BM25 scorer reads them."""
    stop = "en" if language == "english" else "fr"
    tokens = bm25s.tokenize(
        [text], stopwords=stop, stemmer=stemmer(language), return_ids=False, show_progress=False
    )
    return list(tokens[0])
