"""Search quality floor on a small hand-written sample (not the evaluation set), code lookups,
confidence and bad input."""

from __future__ import annotations

import pytest

from impnav.noc.search import QueryError, search

SAMPLE = [
    ("Prepare financial statements and audit accounting records", "11100"),
    ("registered nurse in a hospital ward", "31301"),
    ("I write and test code for mobile apps and fix bugs reported by users", "21232"),
    ("drive a tractor-trailer to haul freight long distances", "73300"),
    ("cook", "63200"),
    (
        "Teach mathematics and science to grade 10 students; prepare lessons and grade exams",
        "41220",
    ),
    ("electrician installing wiring in new houses", "72200"),
    ("Welder", "72106"),
    ("Greet customers, operate the cash register and process payments", "65100"),
    ("plan menus, supervise kitchen staff and create new dishes as head chef", "62200"),
    ("design bridges and supervise road construction projects as a civil engineer", "21300"),
    ("care for children in a daycare; organize games and feed the kids", "42202"),
    ("repair cars, diagnose engine problems and replace brakes", "72410"),
    ("clean offices and empty garbage bins at night", "65312"),
    ("Answer phones, schedule appointments and type letters for the office", "14100"),
    ("analyse data with statistical models and machine learning to forecast sales", "21211"),
    ("pharmacist dispensing prescriptions", "31120"),
    ("carpenter building wooden frames on construction sites", "72310"),
    ("cuisinier", "63200"),
    ("infirmière autorisée", "31301"),
]


@pytest.mark.parametrize(("query", "code"), SAMPLE)
def test_expected_group_in_top_5(query: str, code: str) -> None:
    assert code in [m.code for m in search(query, limit=5).matches]


def test_sample_top_1_floor() -> None:
    hits = sum(search(q, limit=1).matches[0].code == c for q, c in SAMPLE)
    assert hits / len(SAMPLE) >= 0.6


def test_matches_carry_title_teer_score_and_evidence() -> None:
    result = search("Prepare financial statements and audit accounting records", limit=3)
    best = result.matches[0]
    assert best.code == "11100" and best.teer == 1 and best.title
    assert any("financial statements" in e for e in best.evidence)
    scores = [m.score for m in result.matches]
    assert scores == sorted(scores, reverse=True)
    assert result.confidence in ("high", "medium", "low")


def test_vague_query_is_flagged() -> None:
    result = search("work", limit=5)
    assert result.confidence in ("low", "medium")


def test_codes_resolve() -> None:
    assert [m.code for m in search("21231").matches] == ["21231"]
    old = search("2174")
    assert {m.code for m in old.matches} == {"21230", "21232", "21234"}
    assert old.resolved_from_noc2016 == "2174"


@pytest.mark.parametrize(("query", "limit"), [("", 5), ("   ", 5), ("x" * 10_000, 5), ("cook", 0)])
def test_bad_queries(query: str, limit: int) -> None:
    with pytest.raises(QueryError):
        search(query, limit=limit)


def test_american_spelling_finds_the_canadian_group() -> None:
    """The NOC spells it "jewellery" (62202 Jewellers, jewellery and watch repairers...)."""
    assert search("jewelry repairer", limit=3).matches[0].code == "62202"


def test_a_reported_title_matches_its_example_title() -> None:
    """Title words in another order still meet the group's example title ("apprentice embalmer")."""
    from impnav.noc.index import lexical_index
    from impnav.noc.search import title_scores

    scores = title_scores("embalmer apprentice")
    best = lexical_index().codes[int(scores.argmax())]
    assert best == "62201"
