"""The NOC 2021 unit groups (code, title, TEER), read from the official structure file shipped in
the package. The stream rules need only this; the NOC finder loads the full elements lazily."""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

TEER_MEANING = {
    0: "Management occupations.",
    1: "Usually needs a university degree.",
    2: "Usually needs a college diploma or apprenticeship of two years or more, or the job "
    "supervises others or has significant safety duties.",
    3: "Usually needs a college diploma or apprenticeship of less than two years, or more than "
    "six months of on-the-job training.",
    4: "Usually needs a secondary school diploma, or several weeks of on-the-job training.",
    5: "Usually needs a short work demonstration and no formal education.",
}


@dataclass(frozen=True)
class UnitGroup:
    code: str
    title: str
    teer: int
    definition: str


def read_packaged_csv(name: str) -> list[dict[str, str]]:
    """Rows of a gzip-compressed CSV under noc/data (official files keep their UTF-8 BOM)."""
    raw = resources.files("impnav.noc").joinpath(f"data/{name}").read_bytes()
    text = gzip.decompress(raw).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@lru_cache(maxsize=1)
def unit_groups() -> dict[str, UnitGroup]:
    """All 516 unit groups of NOC 2021 V1.0 keyed by five-digit code (TEER = second digit)."""
    groups = {}
    for row in read_packaged_csv("structure.csv.gz"):
        if row["Level"] != "5":
            continue
        code = row["Code - NOC 2021 V1.0"].zfill(5)
        groups[code] = UnitGroup(code, row["Class title"], int(code[1]), row["Class definition"])
    return groups


def unit_group(code: str) -> UnitGroup | None:
    return unit_groups().get(code)
