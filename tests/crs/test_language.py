"""Test scores -> CLB: each level's minimum converts to that level, the score just below to the
level under it; impossible scores are errors naming the ability. Tables transcribed here
independently from IRCC's equivalence page."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from impnav.crs.language import scores_to_clb
from impnav.models.crs import LanguageInput

ABILITIES = ("reading", "writing", "listening", "speaking")
MINIMUMS = {
    "ielts": {
        10: (8.0, 7.5, 8.5, 7.5), 9: (7.0, 7.0, 8.0, 7.0), 8: (6.5, 6.5, 7.5, 6.5),
        7: (6.0, 6.0, 6.0, 6.0), 6: (5.0, 5.5, 5.5, 5.5), 5: (4.0, 5.0, 5.0, 5.0),
        4: (3.5, 4.0, 4.5, 4.0),
    },
    "pte_core": {
        10: (88, 90, 89, 89), 9: (78, 88, 82, 84), 8: (69, 79, 71, 76), 7: (60, 69, 60, 68),
        6: (51, 60, 50, 59), 5: (42, 51, 39, 51), 4: (33, 41, 28, 42), 3: (24, 32, 18, 34),
    },
    "tcf": {
        10: (549, 16, 549, 16), 9: (524, 14, 523, 14), 8: (499, 12, 503, 12),
        7: (453, 10, 458, 10), 6: (406, 7, 398, 7), 5: (375, 6, 369, 6), 4: (342, 4, 331, 4),
    },
    "tef_new": {
        10: (546, 558, 546, 556), 9: (503, 512, 503, 518), 8: (462, 472, 462, 494),
        7: (434, 428, 434, 456), 6: (393, 379, 393, 422), 5: (352, 330, 352, 387),
        4: (306, 268, 306, 328),
    },
    "tef_old": {
        10: (263, 393, 316, 393), 9: (248, 371, 298, 371), 8: (233, 349, 280, 349),
        7: (207, 310, 249, 310), 6: (181, 271, 217, 271), 5: (151, 226, 181, 226),
        4: (121, 181, 145, 181),
    },
}  # fmt: skip
TEST_OF = {"tef_new": ("tef", date(2024, 1, 15)), "tef_old": ("tef", date(2022, 5, 2))}
ROWS = [(name, level) for name, table in MINIMUMS.items() for level in table]


def _convert(name: str, scores: tuple) -> dict[str, int]:
    test, when = TEST_OF.get(name, (name, None))
    return scores_to_clb(test, dict(zip(ABILITIES, scores, strict=True)), when)


@pytest.mark.parametrize(("name", "level"), ROWS)
def test_minimum_score_reaches_the_level(name: str, level: int) -> None:
    assert _convert(name, MINIMUMS[name][level]) == dict.fromkeys(ABILITIES, level)


@pytest.mark.parametrize(("name", "level"), ROWS)
def test_score_just_below_the_minimum_is_the_level_below(name: str, level: int) -> None:
    step = 0.5 if name == "ielts" else 1
    below = tuple(s - step for s in MINIMUMS[name][level])
    lowest = min(MINIMUMS[name])
    expected = level - 1 if level > lowest else 0
    assert _convert(name, below) == dict.fromkeys(ABILITIES, expected)


@pytest.mark.parametrize("level", range(0, 13))
def test_celpip_levels_are_clb_levels_capped_at_10(level: int) -> None:
    got = scores_to_clb("celpip", dict.fromkeys(ABILITIES, level), None)
    assert got == dict.fromkeys(ABILITIES, min(level, 10) if level >= 4 else 0)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"test": "ielts", "reading": 9.5, "writing": 7, "listening": 7, "speaking": 7},
         "reading: 9.5 is not a IELTS General Training score"),
        ({"test": "ielts", "reading": 6.3, "writing": 7, "listening": 7, "speaking": 7},
         "steps of 0.5"),
        ({"test": "celpip", "reading": 13, "writing": 7, "listening": 7, "speaking": 7},
         "reading: 13"),
        ({"test": "celpip", "reading": 7.5, "writing": 7, "listening": 7, "speaking": 7},
         "whole numbers"),
        ({"test": "pte_core", "reading": 95, "writing": 70, "listening": 70, "speaking": 70},
         "reading: 95"),
        ({"test": "tef", "reading": 400, "writing": 400, "listening": 400, "speaking": 400},
         "test_date"),
        ({"test": "tef", "reading": 400, "writing": 400, "listening": 300, "speaking": 400,
          "test_date": "2022-01-01"}, "reading: 400"),
        ({"test": "tcf", "reading": 500, "writing": 21, "listening": 500, "speaking": 10},
         "writing: 21"),
        ({"test": "ielts", "reading": 7, "writing": 7, "listening": 7}, "missing: speaking"),
        ({"test": "ielts", "reading": 7, "writing": 7, "listening": 7, "speaking": 7,
          "language": "french"}, "ielts is a test of english"),
        ({"reading": 7, "writing": 7, "listening": 7, "speaking": 7}, "need the test"),
        ({}, "give either clb levels or a test"),
    ],
)  # fmt: skip
def test_invalid_results_are_clear_errors(given: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        LanguageInput.model_validate(given)


def test_clb_given_directly_is_kept() -> None:
    lang = LanguageInput.model_validate({"clb": {"reading": 9, "writing": 8, "listening": 7,
                                                 "speaking": 10}})  # fmt: skip
    assert lang.clb.writing == 8
