"""Misspelled query words, corrected against the NOC's own vocabulary before BM25 scores them.

People type "acountant", "plumer" or "electrican"; BM25 knows only exact (stemmed) words, so a
typo silently drops the most telling word of a short query. A stemmed query word that the NOC
text never uses is replaced by a vocabulary word one edit away (a letter missing, extra or
changed), the most widespread one when several are. Symmetric deletes (SymSpell's idea) make that
a dictionary lookup: every vocabulary word is stored under itself and each one-letter deletion,
and a query word is looked up the same way. Short words (under five letters) are left alone:
at that length one edit too often turns one real word into another.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from impnav.noc.index import lexical_index

MIN_LENGTH = 5


def _deletions(word: str) -> set[str]:
    return {word[:k] + word[k + 1 :] for k in range(len(word))}


@lru_cache(maxsize=1)
def _candidates() -> dict[str, str]:
    """Every vocabulary word and each of its one-letter deletions -> the most widespread word."""
    retriever = lexical_index().bm25
    vocab: dict[str, int] = retriever.vocab_dict
    indptr = np.asarray(retriever.scores["indptr"])
    if len(indptr) == len(vocab):  # bm25s may omit the closing offset
        indptr = np.append(indptr, len(retriever.scores["data"]))
    document_frequency = np.diff(indptr)
    best: dict[str, tuple[int, str]] = {}
    for word, row in vocab.items():
        if len(word) < MIN_LENGTH - 1 or not word.isalpha():
            continue
        frequency = int(document_frequency[row])
        for key in {word, *_deletions(word)}:
            if key not in best or best[key][0] < frequency:
                best[key] = (frequency, word)
    return {key: word for key, (_, word) in best.items()}


def correct(words: list[str]) -> list[str]:
    """The query's stemmed words with unknown ones replaced by their nearest vocabulary word."""
    vocab = lexical_index().bm25.vocab_dict
    fixed = []
    for word in words:
        if word in vocab or len(word) < MIN_LENGTH or not word.isalpha():
            fixed.append(word)
            continue
        candidates = _candidates()
        match = candidates.get(word)
        if match is None:
            match = next((candidates[d] for d in sorted(_deletions(word)) if d in candidates), word)
        fixed.append(match)
    return fixed
