"""The 63 professions of CUSMA Appendix 2 (a closed list) and their minimum credentials."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

NOT_LISTED = {"none", "not listed", "other"}


@lru_cache(maxsize=1)
def professions() -> dict[str, dict[str, str]]:
    """Profession name -> {minimum_education_or_credentials, notes}, in the Appendix's order."""
    text = resources.files("impnav.rules").joinpath("data/cusma_professions.csv").read_text("utf-8")
    return {row.pop("profession"): row for row in csv.DictReader(text.splitlines())}


def canonical_profession(name: str) -> str:
    """Return the Appendix 2 spelling of `name` (case-insensitive), or raise ValueError.

    The list is closed, so an unknown name is an input error rather than a silent "not listed";
    "none" says plainly that the job is not one of the listed professions.
    """
    wanted = " ".join(name.split()).casefold()
    if wanted in NOT_LISTED:
        return "none"
    for known in professions():
        if known.casefold() == wanted:
            return known
    raise ValueError(
        f"{name!r} is not a CUSMA Appendix 2 profession; "
        "`impnav rules cusma-professions` lists all 63"
    )
