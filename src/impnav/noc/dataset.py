"""Everything the NOC finder and `noc show` need about each unit group, from the official
NOC 2021 V1.0 elements file and the NOC 2016 -> 2021 concordance (Statistics Canada, Open
Government Licence - Canada), plus French example titles."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from impnav.noc.catalog import TEER_MEANING, read_packaged_csv, unit_groups

ELEMENT_FIELDS = {
    "Main duties": "main_duties",
    "Employment requirements": "employment_requirements",
    "All examples": "example_titles",
    "Illustrative example(s)": "illustrative_examples",
    "Inclusion(s)": "inclusions",
    "Exclusion(s)": "exclusions",
    "Additional information": "additional_information",
}


@dataclass
class UnitGroupDetail:
    code: str
    title: str
    teer: int
    teer_meaning: str
    definition: str
    main_duties: list[str] = field(default_factory=list)
    employment_requirements: list[str] = field(default_factory=list)
    example_titles: list[str] = field(default_factory=list)
    example_titles_fr: list[str] = field(default_factory=list)
    illustrative_examples: list[str] = field(default_factory=list)
    inclusions: list[str] = field(default_factory=list)
    exclusions: list[str] = field(default_factory=list)
    additional_information: list[str] = field(default_factory=list)
    noc2016: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Concordance:
    """NOC 2016 code -> NOC 2021 codes, with IRCC/StatCan's type of change."""

    to_2021: dict[str, list[dict[str, str]]]


def _is_preamble(text: str) -> bool:
    """The duties list opens with "This group performs some or all of the following duties:"."""
    return text.endswith(":") and "following" in text


@lru_cache(maxsize=1)
def load_details() -> dict[str, UnitGroupDetail]:
    details = {
        g.code: UnitGroupDetail(g.code, g.title, g.teer, TEER_MEANING[g.teer], g.definition)
        for g in unit_groups().values()
    }
    for row in read_packaged_csv("elements.csv.gz"):
        target = ELEMENT_FIELDS.get(row["Element Type Label English"])
        code = row["Code - NOC 2021 V1.0"].zfill(5)
        text = row["Element Description English"].strip()
        if target is None or code not in details or not text:
            continue
        if target == "main_duties" and _is_preamble(text):
            continue
        getattr(details[code], target).append(text)
    for row in read_packaged_csv("example_titles_fr.csv.gz"):
        if row["noc2021_code"] in details:
            details[row["noc2021_code"]].example_titles_fr.append(row["title"])
    for old, changes in load_concordance().to_2021.items():
        for change in changes:
            if change["code"] in details:
                details[change["code"]].noc2016.append(
                    {"code": old, "title": change["noc2016_title"], "change": change["change"]}
                )
    return details


@lru_cache(maxsize=1)
def load_concordance() -> Concordance:
    mapping: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in read_packaged_csv("concordance_2016_2021.csv.gz"):
        old = row["NOC 2016 V1.3 Code"].strip().zfill(4)
        new = row["NOC 2021 V1.0 Code"].strip().zfill(5)
        mapping[old].append(
            {
                "code": new,
                "title": row["NOC 2021 V1.0 Title"].strip(),
                "noc2016_title": row["NOC 2016 V1.3 Title"].strip(),
                "change": row[" GSIM Type of Change"].strip(),
            }
        )
    return Concordance(dict(mapping))
