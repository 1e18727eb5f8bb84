"""Misspelled query words are read as the NOC word one edit away."""

from __future__ import annotations

import pytest

from impnav.noc.search import search
from impnav.noc.text import query_tokens
from impnav.noc.typos import correct


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("acountant", "accountant"), ("plumer", "plumber"), ("electrican", "electrician")],
)
def test_a_typo_becomes_the_vocabulary_word(typed: str, meant: str) -> None:
    assert correct(query_tokens(typed)) == query_tokens(meant)


def test_known_and_short_words_are_left_alone() -> None:
    words = query_tokens("nurse cook welder")
    assert correct(words) == words
    assert correct(["tehc"]) == ["tehc"]  # under five letters: too risky to change


@pytest.mark.parametrize(
    ("query", "code"), [("acountant", "11100"), ("plumer", "72300"), ("truck drivr", "73300")]
)
def test_misspelled_titles_still_find_their_group(query: str, code: str) -> None:
    assert search(query, limit=1).matches[0].code == code
