"""The rule data is law as data: every rule must be cited, dated, explained and use real facts."""

from __future__ import annotations

from datetime import date

import pytest

from impnav.engine.conditions import referenced_facts
from impnav.engine.eligibility import compiled_rules
from impnav.engine.facts import known_fact_names
from impnav.rules.loader import load_rulebook
from impnav.rules.schema import Condition, Rule

BOOK = load_rulebook()
ISSUE_CODES = {
    "T34", "T35", "T36", "T37", "T38", "C61", "C62", "C63", "C10", "C11", "C16", "C20", "C21",
    "C41", "C42", "C46", "C47", "C48", "C43", "A75", "T13",
}  # fmt: skip


def _all_conditions(cond: Condition):
    yield cond
    for child in cond.all or cond.any or []:
        yield from _all_conditions(child)


@pytest.mark.parametrize("rule", BOOK.rules, ids=lambda r: r.id)
def test_rule_is_cited_dated_and_explained(rule: Rule) -> None:
    assert rule.documents and rule.duration and rule.summary
    for version in rule.versions:
        assert version.sources, f"{rule.id} {version.effective_from}: no source"
        assert all(str(s).startswith("https://www.canada.ca/") for s in version.sources)
        assert version.regulation.startswith(("R2", "A25"))
        for cond in version.all:
            for node in _all_conditions(cond):
                assert len(node.explain) >= 5


@pytest.mark.parametrize("rule", BOOK.rules, ids=lambda r: r.id)
def test_rule_reads_only_known_facts(rule: Rule) -> None:
    known = known_fact_names()
    for version in rule.versions:
        for cond in version.all:
            for fact in referenced_facts(cond):
                assert fact in known, f"{rule.id}: unknown fact {fact!r}"


@pytest.mark.parametrize("rule", BOOK.rules, ids=lambda r: r.id)
def test_versions_are_contiguous(rule: Rule) -> None:
    """A rule that changed keeps every version, with no gap between them."""
    for earlier, later in zip(rule.versions, rule.versions[1:], strict=False):
        assert earlier.effective_to is not None
        assert (later.effective_from - earlier.effective_to).days == 1, rule.id


def test_every_fee_named_by_a_rule_exists() -> None:
    for rule in BOOK.rules:
        for key in rule.applicant_fees:
            assert key in BOOK.fees.fees, f"{rule.id}: fee {key}"


def test_the_issue_codes_are_all_encoded() -> None:
    assert {r.code for r in BOOK.rules} >= ISSUE_CODES


def test_every_current_code_of_the_ircc_table_has_a_rule() -> None:
    """IRCC's code table (shipped as code_index.yaml, from imp_codes.csv): no current code may
    be left without a rule, and no rule may use a legacy code."""
    from impnav.rules.codes import code_index

    current = {code for code, entry in code_index().items() if not entry["legacy"]}
    encoded = {r.code for r in BOOK.rules}
    assert len(current) == 112
    assert sorted(current - encoded) == []
    assert sorted(encoded - current) == []


def test_unverified_rules_say_so() -> None:
    """A rule whose conditions were not all checked against IRCC's instructions is flagged, and
    the flag reaches the assessment shown to the user."""
    from impnav.engine.eligibility import assess
    from impnav.models.profile import Profile

    flagged = {r.id for r in BOOK.rules if r.confidence == "unverified"}
    assert {"F73", "T52", "C88", "R01"} <= flagged and "F72" not in flagged
    result = assess(Profile(citizenships=["UA"]), date(2026, 11, 28))
    shown = {s.id: s.confidence for s in result.streams}
    assert shown["F73"] == "unverified" and shown["F72"] == "verified"


def test_rules_compile() -> None:
    assert len(compiled_rules()) == len(BOOK.rules)


def test_old_codes_resolve_with_their_date() -> None:
    res = BOOK.resolve("t23")
    assert [r.code for r in res.rules] == ["T36"]
    assert res.renumbering is not None and res.renumbering.replaced_on == date(2022, 12, 15)
    assert [r.code for r in BOOK.resolve("C12").rules] == ["C61", "C62", "C63"]


def test_unknown_code_is_an_error() -> None:
    with pytest.raises(LookupError, match="unknown exemption code"):
        BOOK.resolve("Z99")


def test_a_rule_without_a_source_is_rejected() -> None:
    from pydantic import ValidationError

    raw = {
        "effective_from": "2020-01-01",
        "regulation": "R204(a)",
        "sources": [],
        "all": [{"fact": "age", "at_least": 18, "explain": "Adult applicant."}],
    }
    from impnav.rules.schema import RuleVersion

    with pytest.raises(ValidationError):
        RuleVersion.model_validate(raw)
    raw["sources"] = ["https://www.canada.ca/x.html"]
    raw["all"][0]["explain"] = ""
    with pytest.raises(ValidationError):
        RuleVersion.model_validate(raw)


def test_overlapping_versions_are_rejected() -> None:
    from pydantic import ValidationError

    version = {
        "regulation": "R204(a)",
        "sources": ["https://www.canada.ca/x.html"],
        "all": [{"fact": "age", "at_least": 18, "explain": "Adult applicant."}],
    }
    rule = BOOK.rules[0].model_dump(mode="json")
    rule["versions"] = [
        {**version, "effective_from": "2020-01-01"},
        {**version, "effective_from": "2021-01-01"},
    ]
    with pytest.raises(ValidationError, match="overlaps"):
        Rule.model_validate(rule)


def test_rule_codes_and_regulations_match_the_ircc_code_table() -> None:
    from impnav.rules.codes import code_index

    index = code_index()
    for rule in BOOK.rules:
        entry = index[rule.code]
        assert not entry["legacy"], rule.code
        assert rule.versions[-1].regulation == entry["regulation"], rule.code


def test_readme_states_how_many_rules_are_unverified() -> None:
    """The README's count of unverified rules is the rulebook's, so the claim cannot drift."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"(\d+) of the (\d+) rules\s+rest on", readme)
    assert stated, "README no longer states the number of unverified rules"
    unverified = sum(rule.confidence == "unverified" for rule in BOOK.rules)
    assert (int(stated.group(1)), int(stated.group(2))) == (unverified, len(BOOK.rules))
