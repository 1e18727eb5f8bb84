"""Tokenizing for BM25: American spellings read the NOC's Canadian way, pasted duties split."""

from __future__ import annotations

import pytest

from impnav.noc.text import canadian_word, query_tokens, split_duties


@pytest.mark.parametrize(
    ("american", "canadian"),
    [
        ("labor", "labour"),
        ("laborers", "labourers"),
        ("center", "centre"),
        ("counseling", "counselling"),
        ("jewelry", "jewellery"),
        ("molds", "moulds"),
    ],
)
def test_american_spellings_become_canadian(american: str, canadian: str) -> None:
    assert canadian_word(american) == canadian


@pytest.mark.parametrize("word", ["laboratory", "organize", "program", "tire", "centered2"])
def test_other_words_are_left_alone(word: str) -> None:
    assert canadian_word(word) == word


def test_both_spellings_give_the_same_tokens() -> None:
    us = query_tokens("Laborers at a service center, jewelry and color")
    ca = query_tokens("labourers at a service centre, jewellery and colour")
    assert us == ca


def test_plain_tokens_keep_the_american_spelling() -> None:
    """The benchmark's baselines are plain BM25: no spelling help."""
    assert query_tokens("labor", canadian=False) != query_tokens("labour", canadian=False)


def test_pasted_duties_split_into_statements() -> None:
    text = "Prepare budgets; hire staff\n• Train new employees. Review reports - approve spending"
    assert split_duties(text) == [
        "Prepare budgets",
        "hire staff",
        "Train new employees",
        "Review reports",
        "approve spending",
    ]
