"""The shipped NOC 2021 data loads completely and correctly."""

from __future__ import annotations

from impnav.noc.catalog import unit_groups
from impnav.noc.dataset import load_concordance, load_details


def test_all_516_unit_groups_with_teer_from_the_second_digit() -> None:
    groups = unit_groups()
    assert len(groups) == 516
    assert all(len(c) == 5 and c.isdigit() and g.teer == int(c[1]) for c, g in groups.items())
    assert groups["00010"].title == "Legislators"  # leading zeros kept


def test_every_group_has_duties_titles_and_requirements() -> None:
    details = load_details()
    assert len(details) == 516
    for d in details.values():
        assert d.main_duties and d.example_titles and d.employment_requirements and d.definition
        assert not any(t.endswith("following duties:") for t in d.main_duties)
    assert sum(bool(d.example_titles_fr) for d in details.values()) > 500


def test_concordance_pads_codes_and_maps_splits() -> None:
    concordance = load_concordance().to_2021
    assert [c["code"] for c in concordance["0011"]] == ["00010"]
    assert {c["code"] for c in concordance["2174"]} == {"21230", "21232", "21234"}
    assert load_details()["21231"].noc2016[0]["code"] == "2173"
