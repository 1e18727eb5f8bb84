"""Text handling shared by the NOC index and queries: splitting pasted duties into sentences and
tokenizing with stemming (English, and French for French titles), and reading American spellings
the Canadian way (the NOC's own), since many job postings and resumes are written in US English."""

from __future__ import annotations

import re
from functools import lru_cache

import bm25s
import Stemmer

MAX_QUERY_CHARS = 5000
_SPLIT = re.compile(r"(?:\r?\n|;|•|·|(?<=[a-z0-9)])\.\s+(?=[A-Z])|\s-\s)+")


# American spelling -> the NOC's Canadian spelling, only for stems where the two differ in the
# NOC text itself (checked against the elements file: "labour" 373 times, "labor" only inside
# "laboratory"; "centre", "counsellor", "colour", "mould", "fibre", "jewellery", ...). Words that
# Canada spells the American way ("organize", "program", "tire", "check") are left alone.
_US_TO_CANADIAN = {
    "labor": "labour", "center": "centre", "counselor": "counsellor",
    "counseling": "counselling", "counseled": "counselled", "color": "colour",
    "behavior": "behaviour", "harbor": "harbour", "jewelry": "jewellery", "jeweler": "jeweller",
    "theater": "theatre", "fiber": "fibre", "defense": "defence", "license": "licence",
    "mold": "mould", "traveler": "traveller", "traveling": "travelling", "traveled": "travelled",
    "modeling": "modelling", "labeling": "labelling", "neighbor": "neighbour",
    "signaling": "signalling", "parlor": "parlour", "vapor": "vapour", "tumor": "tumour",
    "catalog": "catalogue", "favor": "favour", "honor": "honour", "odor": "odour",
    "armor": "armour", "leveling": "levelling", "fueling": "fuelling", "canceled": "cancelled",
    "enrollment": "enrolment", "gray": "grey", "sulfur": "sulphur",
}  # fmt: skip
_US_WORD = re.compile(
    "(" + "|".join(sorted(_US_TO_CANADIAN, key=len, reverse=True)) + ")(s|ed|er|ers|ing)?"
)


def tokenizer_signature() -> str:
    """What BM25 tokens depend on besides the data: the spelling table (part of the cache key)."""
    return repr(sorted(_US_TO_CANADIAN.items()))


def canadian_word(word: str) -> str:
    """`laborers` -> `labourers`, `center` -> `centre`; any other lower-case word unchanged."""
    found = _US_WORD.fullmatch(word)
    return _US_TO_CANADIAN[found.group(1)] + (found.group(2) or "") if found else word


class CanadianStemmer:
    """Snowball stemming after reading each word's American spelling the Canadian way. bm25s
    calls it once per distinct word of a corpus, so the spelling costs nothing per document."""

    def __init__(self, language: str) -> None:
        self._snowball = Stemmer.Stemmer(language)

    def stemWords(self, words: list[str]) -> list[str]:  # the name bm25s calls
        return self._snowball.stemWords([canadian_word(w) for w in words])


@lru_cache(maxsize=4)
def stemmer(language: str, canadian: bool = True) -> Stemmer.Stemmer | CanadianStemmer:
    return CanadianStemmer(language) if canadian else Stemmer.Stemmer(language)


def tokenize(texts: list[str], language: str = "english", canadian: bool = True) -> object:
    """bm25s tokens with stop words removed and words stemmed (so plurals and tenses match);
    `canadian=False` gives plain BM25 tokens (the benchmark's baselines)."""
    stop = "en" if language == "english" else "fr"
    words = stemmer(language, canadian)
    return bm25s.tokenize(texts, stopwords=stop, stemmer=words, show_progress=False)


def split_duties(text: str) -> list[str]:
    """Split pasted duties (lines, bullets, semicolons, sentences) into separate statements."""
    parts = [p.strip(" .,-*\t") for p in _SPLIT.split(text)]
    parts = [p for p in parts if len(p) >= 3]
    return parts or [text.strip()]


def query_tokens(text: str, language: str = "english", canadian: bool = True) -> list[str]:
    """The stemmed words of one query, as the index's BM25 scorer reads them."""
    stop = "en" if language == "english" else "fr"
    words = stemmer(language, canadian)
    tokens = bm25s.tokenize(
        [text], stopwords=stop, stemmer=words, return_ids=False, show_progress=False
    )
    return list(tokens[0])
