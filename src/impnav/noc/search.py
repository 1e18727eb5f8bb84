"""Find NOC 2021 unit groups from what a person does: a title, a duty, or pasted duties.

Two retrievers, fused: BM25 with field weights (titles, French titles, definition, duties) and
sentence embeddings, where each pasted duty is matched against every official duty, title and
definition and a unit group scores by how well it covers all the person's duties. The evidence
returned is the official duties closest to what the person wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from impnav.noc.dataset import load_concordance, load_details
from impnav.noc.index import lexical_index, semantic_index, title_index
from impnav.noc.text import MAX_QUERY_CHARS, query_tokens, split_duties
from impnav.noc.typos import correct


class QueryError(ValueError):
    """A query that cannot be searched (empty, too long)."""


@dataclass(frozen=True)
class Weights:
    """How the retrievers are fused (z-scores of each over all unit groups). 0.7 for the
    semantic side against 0.3 for BM25 over all text was best on the development set, with a
    flat optimum from 0.6 to 0.75; the best-title BM25 adds `title` on top (0.1 lifted reported
    job titles by about 1.5 points of top-1 and cost duty queries under half a point)."""

    semantic: float = 0.7
    title: float = 0.1
    # A query of a few words is a job title: its best-title match then counts three times as
    # much (reported titles +1 point top-1 on the development set, other kinds unchanged).
    title_short: float = 0.3
    short_query_words: int = 4


DEFAULT_WEIGHTS = Weights()


@dataclass
class Match:
    code: str
    title: str
    teer: int
    score: float
    evidence: list[str] = field(default_factory=list)


@dataclass
class SearchResult:
    query: str
    matches: list[Match]
    confidence: str  # high | medium | low
    note: str
    resolved_from_noc2016: str | None = None


@lru_cache(maxsize=1)
def _segments() -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per kind: rows of that kind ordered by group, reduceat offsets, and the groups present."""
    sem = semantic_index()
    out = {}
    for kind in (0, 1, 2):
        rows = np.flatnonzero(sem.kind == kind)
        rows = rows[np.argsort(sem.group[rows], kind="stable")]
        groups = sem.group[rows]
        starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
        out[kind] = (rows, starts, groups[starts])
    return out


@lru_cache(maxsize=64)
def query_words(query: str) -> tuple[str, ...]:
    """The query's stemmed, typo-corrected words; both BM25 indexes read them, so once a query."""
    return tuple(correct(query_tokens(query, "english")))


def lexical_scores(query: str) -> np.ndarray:
    index = lexical_index()
    words = list(query_words(query))
    if not words:
        return np.zeros(len(index.codes), dtype=np.float32)
    return np.asarray(index.bm25.get_scores(words), dtype=np.float32)


def title_scores(query: str) -> np.ndarray:
    """Per unit group, the BM25 score of its best-matching example title."""
    index = title_index()
    out = np.zeros(len(lexical_index().codes), dtype=np.float32)
    words = list(query_words(query))
    if words:
        scores = np.asarray(index.bm25.get_scores(words), dtype=np.float32)
        out[index.groups] = np.maximum.reduceat(scores[index.order], index.starts)
    return out


def semantic_scores(sentences: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(score per unit group, similarity per indexed text) for the query's sentences.

    Each sentence is compared with every official duty, title and definition; a unit group
    scores, per sentence, its best duty + best title + definition similarity; each sentence's
    scores are standardized over the groups (so a sentence that resembles everything does not
    outweigh a telling one) and averaged, so a group must cover all of the person's duties to
    rank first."""
    from impnav.noc.embedder import encode

    sem = semantic_index()
    n_groups = len(lexical_index().codes)
    sims = encode(sentences) @ sem.vectors.T  # (k, n_texts)
    total = np.zeros((len(sentences), n_groups), dtype=np.float32)
    for kind in (0, 1, 2):
        rows, starts, groups = _segments()[kind]
        total[:, groups] += np.maximum.reduceat(sims[:, rows], starts, axis=1)
    spread = np.maximum(total.std(axis=1, keepdims=True), 1e-6)
    total = (total - total.mean(axis=1, keepdims=True)) / spread
    return total.mean(axis=0), sims.max(axis=0)


def _z(scores: np.ndarray) -> np.ndarray:
    spread = float(scores.std())
    return (scores - scores.mean()) / spread if spread > 0 else scores * 0


def _confidence(scores: np.ndarray, order: np.ndarray) -> tuple[str, str]:
    """Thresholds on the fused z-scores, checked on the development set (5,290 labelled texts)
    with the current index and weights: "high" answers were the labelled group 72% of the time
    (87% within the first five), "medium" 42% (69%), "low" 21% (52%)."""
    top = float(scores[order[0]])
    margin = top - float(scores[order[1]])
    if top < 4.0:
        return "low", "The best match is weak: read the main duties of the groups below."
    if margin < 0.5:
        return "low", "Several groups match almost equally: compare their main duties."
    if margin < 1.0 or top < 5.0:
        return "medium", "The next groups are close: check their main duties too."
    return "high", "One group stands out."


NOC2021_CODE = re.compile(r"^\s*(\d{5})\s*$")
NOC2016_CODE = re.compile(r"^\s*(\d{4})\s*$")


def _exact(code: str, note: str, resolved: str | None = None) -> SearchResult | None:
    details = load_details()
    if code not in details:
        return None
    d = details[code]
    return SearchResult(
        query=code,
        matches=[Match(code, d.title, d.teer, 1.0, d.main_duties[:3])],
        confidence="high",
        note=note,
        resolved_from_noc2016=resolved,
    )


def search(
    query: str,
    limit: int = 10,
    weights: Weights = DEFAULT_WEIGHTS,
    use_semantic: bool = True,
) -> SearchResult:
    text = " ".join(query.split()) if len(query) <= MAX_QUERY_CHARS else None
    if not query.strip():
        raise QueryError("q: the query is empty: describe the duties or give a job title")
    if text is None:
        raise QueryError(f"q: the query is longer than {MAX_QUERY_CHARS} characters")
    if not 1 <= limit <= 50:
        raise QueryError("limit: must be between 1 and 50")

    code = NOC2021_CODE.match(query)
    if code:
        found = _exact(code.group(1), "Exact NOC 2021 code.")
        if found:
            return found
    old = NOC2016_CODE.match(query)
    if old:
        changes = load_concordance().to_2021.get(old.group(1))
        if changes:
            return _from_noc2016(old.group(1), changes)

    index = lexical_index()
    lex = _z(lexical_scores(query))
    short = len(text.split()) <= weights.short_query_words
    titles = (weights.title_short if short else weights.title) * _z(title_scores(query))
    if use_semantic:
        sem, text_sims = semantic_scores(split_duties(query))
        fused = (1 - weights.semantic) * lex + weights.semantic * _z(sem) + titles
    else:
        fused, text_sims = lex + titles, None
    order = np.argsort(-fused)[: max(limit, 2)]
    confidence, note = _confidence(fused, order)
    details = load_details()
    matches = [
        Match(
            code=index.codes[i],
            title=details[index.codes[i]].title,
            teer=details[index.codes[i]].teer,
            score=round(float(fused[i]), 4),
            evidence=_evidence(int(i), text_sims),
        )
        for i in order[:limit]
    ]
    return SearchResult(query=text, matches=matches, confidence=confidence, note=note)


def _evidence(group_row: int, text_sims: np.ndarray | None, top: int = 2) -> list[str]:
    """The group's official duties closest to the query (its first duties without embeddings)."""
    sem = semantic_index() if text_sims is not None else None
    if sem is None:
        code = lexical_index().codes[group_row]
        return load_details()[code].main_duties[:top]
    rows = np.flatnonzero((sem.group == group_row) & (sem.kind == 0))
    best = rows[np.argsort(-text_sims[rows])[:top]]
    return [sem.texts[r] for r in best]


def _from_noc2016(old: str, changes: list[dict[str, str]]) -> SearchResult:
    details = load_details()
    matches = [
        Match(c["code"], details[c["code"]].title, details[c["code"]].teer, 1.0,
              details[c["code"]].main_duties[:2])
        for c in changes
        if c["code"] in details
    ]  # fmt: skip
    note = f"NOC 2016 code {old} became {', '.join(m.code for m in matches)} in NOC 2021" + (
        "; compare their main duties." if len(matches) > 1 else "."
    )
    return SearchResult(
        query=old,
        matches=matches,
        confidence="high" if len(matches) == 1 else "medium",
        note=note,
        resolved_from_noc2016=old,
    )
