"""Express Entry Comprehensive Ranking System score, as of a date, with every factor's points and
the changes that would raise the score most (found by re-scoring, not by rules of thumb).

All point values come from rules/data/crs.yaml; this module only applies the grid.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from impnav.crs.grids import dated_points, load_grid, threshold
from impnav.crs.language import ABILITIES, clb_of, language_source
from impnav.models.crs import CrsProfile, MaritalStatus
from impnav.models.profile import EducationLevel

EDUCATION_ORDER = list(EducationLevel)
EDUCATION_LABELS = {
    EducationLevel.less_than_secondary: "less than secondary school",
    EducationLevel.secondary: "a secondary school diploma",
    EducationLevel.one_year_post_secondary: "a one-year post-secondary credential",
    EducationLevel.two_year_post_secondary: "a two-year post-secondary credential",
    EducationLevel.bachelors_or_three_year: "a bachelor's degree or a program of 3+ years",
    EducationLevel.two_or_more_one_three_year: "two or more credentials, one of 3+ years",
    EducationLevel.masters_or_professional: "a master's or entry-to-practice professional degree",
    EducationLevel.doctoral: "a doctoral degree",
}
DISCLAIMER = (
    "impnav gives information, not legal advice. Scores follow IRCC's published CRS grid as "
    "encoded for the 'as of' date; IRCC's own calculation is the one that counts."
)


class CrsDateError(ValueError):
    """The CRS did not exist on the date asked for."""


@dataclass(frozen=True)
class CrsFacts:
    """A profile reduced to what the grid reads; suggestions change these and re-score."""

    age: int
    with_spouse: bool
    education: EducationLevel
    first: dict[str, int]
    first_name: str
    second: dict[str, int] | None
    second_name: str | None
    canadian_experience: int
    foreign_experience: int
    certificate_of_qualification: bool
    provincial_nomination: bool
    canadian_education: str
    sibling_in_canada: bool
    arranged_employment: str
    spouse_education: EducationLevel | None
    spouse_language: dict[str, int] | None
    spouse_canadian_experience: int


def facts_of(profile: CrsProfile) -> CrsFacts:
    with_spouse = (
        profile.marital_status in (MaritalStatus.married, MaritalStatus.common_law)
        and profile.spouse_accompanying
        and not profile.spouse_is_canadian
    )
    first_name = profile.first_language.language or "english"
    second = profile.second_language
    second_name = None
    if second is not None:
        second_name = second.language or ("french" if first_name == "english" else "english")
    spouse = profile.spouse
    return CrsFacts(
        age=profile.age,
        with_spouse=with_spouse,
        education=profile.education,
        first=clb_of(profile.first_language),
        first_name=first_name,
        second=clb_of(second) if second is not None else None,
        second_name=second_name,
        canadian_experience=profile.canadian_experience_years,
        foreign_experience=profile.foreign_experience_years,
        certificate_of_qualification=profile.certificate_of_qualification,
        provincial_nomination=profile.provincial_nomination,
        canadian_education=profile.canadian_education.value,
        sibling_in_canada=profile.sibling_in_canada,
        arranged_employment=profile.arranged_employment.value,
        spouse_education=spouse.education if spouse and with_spouse else None,
        spouse_language=(
            clb_of(spouse.first_language)
            if spouse and with_spouse and spouse.first_language
            else None
        ),
        spouse_canadian_experience=spouse.canadian_experience_years
        if spouse and with_spouse
        else 0,
    )


def _all_at_least(levels: dict[str, int] | None, clb: int) -> bool:
    return levels is not None and all(levels[a] >= clb for a in ABILITIES)


def _language_tier(levels: dict[str, int]) -> str | None:
    if _all_at_least(levels, 9):
        return "clb9"
    if _all_at_least(levels, 7):
        return "clb7"
    return None


def _experience_tier(years: int) -> str | None:
    return "two_years" if years >= 2 else "one_year" if years >= 1 else None


def points(f: CrsFacts, on: date) -> tuple[int, dict[str, int], dict[str, int]]:
    """(total, breakdown, details) for reduced facts on a date."""
    grid = load_grid("crs")
    if on < grid["in_force_from"]:
        raise CrsDateError(f"as_of: the CRS started on {grid['in_force_from']}")
    col = "with" if f.with_spouse else "without"
    core_g, d = grid["core"], {}

    d["core.age"] = threshold(core_g["age"], f.age, col)
    d["core.education"] = core_g["education"][f.education.value][col]
    for a in ABILITIES:
        d[f"core.first_language.{a}"] = threshold(core_g["first_language"], f.first[a], col)
    second_cfg = core_g["second_language"]
    second_raw = (
        sum(threshold(second_cfg["rows"], f.second[a], col) for a in ABILITIES) if f.second else 0
    )
    d["core.second_language"] = min(
        second_raw, second_cfg["max_with_spouse" if f.with_spouse else "max_without_spouse"]
    )
    d["core.canadian_experience"] = threshold(
        core_g["canadian_experience"], f.canadian_experience, col
    )
    core_cap = core_g["max_with_spouse" if f.with_spouse else "max_without_spouse"]
    core = min(sum(v for k, v in d.items() if k.startswith("core.")), core_cap)

    spouse = 0
    if f.with_spouse:
        sp = grid["spouse"]
        d["spouse.education"] = (
            sp["education"][f.spouse_education.value] if f.spouse_education else 0
        )
        d["spouse.first_language"] = (
            sum(threshold(sp["first_language"], f.spouse_language[a], "points") for a in ABILITIES)
            if f.spouse_language
            else 0
        )
        d["spouse.canadian_experience"] = threshold(
            sp["canadian_experience"], f.spouse_canadian_experience, "points"
        )
        spouse = min(
            d["spouse.education"] + d["spouse.first_language"] + d["spouse.canadian_experience"],
            sp["max"],
        )

    tr = grid["transferability"]
    lang_tier = _language_tier(f.first)
    exp_tier = _experience_tier(f.canadian_experience)
    edu_tier = tr["education_tier"][f.education.value]
    d["transferability.education_language"] = (
        tr["education_language"][edu_tier][lang_tier] if edu_tier and lang_tier else 0
    )
    d["transferability.education_canadian_experience"] = (
        tr["education_canadian_experience"][edu_tier][exp_tier] if edu_tier and exp_tier else 0
    )
    d["transferability.education"] = min(
        d["transferability.education_language"]
        + d["transferability.education_canadian_experience"],
        tr["group_cap"],
    )
    foreign_tier = 2 if f.foreign_experience >= 3 else 1 if f.foreign_experience >= 1 else 0
    d["transferability.foreign_language"] = (
        tr["foreign_language"][foreign_tier][lang_tier] if foreign_tier and lang_tier else 0
    )
    d["transferability.foreign_canadian_experience"] = (
        tr["foreign_canadian_experience"][foreign_tier][exp_tier]
        if foreign_tier and exp_tier
        else 0
    )
    d["transferability.foreign_experience"] = min(
        d["transferability.foreign_language"] + d["transferability.foreign_canadian_experience"],
        tr["group_cap"],
    )
    coq = 0
    if f.certificate_of_qualification:
        if _all_at_least(f.first, 7):
            coq = tr["certificate_of_qualification"]["clb7"]
        elif _all_at_least(f.first, 5):
            coq = tr["certificate_of_qualification"]["clb5"]
    d["transferability.certificate_of_qualification"] = min(coq, tr["group_cap"])
    transferability = min(
        d["transferability.education"]
        + d["transferability.foreign_experience"]
        + d["transferability.certificate_of_qualification"],
        tr["total_cap"],
    )

    add = grid["additional"]
    d["additional.provincial_nomination"] = (
        dated_points(add["provincial_nomination"], on) if f.provincial_nomination else 0
    )
    d["additional.arranged_employment"] = (
        dated_points(add[f"arranged_employment_{f.arranged_employment}"], on)
        if f.arranged_employment in ("teer_0_major_00", "teer_1_2_3")
        else 0
    )
    d["additional.canadian_education"] = (
        dated_points(add[f"canadian_education_{f.canadian_education}"], on)
        if f.canadian_education != "none"
        else 0
    )
    d["additional.sibling_in_canada"] = (
        dated_points(add["sibling_in_canada"], on) if f.sibling_in_canada else 0
    )
    d["additional.french"] = _french_points(f, add, on)
    additional = min(sum(v for k, v in d.items() if k.startswith("additional.")), add["max"])

    breakdown = {
        "core": core,
        "spouse": spouse,
        "transferability": transferability,
        "additional": additional,
    }
    return sum(breakdown.values()), breakdown, d


def _french_points(f: CrsFacts, add: dict[str, Any], on: date) -> int:
    """NCLC 7+ in all four French abilities; 'bilingual' points need CLB 5+ in all four English."""
    results = {f.first_name: f.first}
    if f.second is not None and f.second_name is not None:
        results[f.second_name] = f.second
    if not _all_at_least(results.get("french"), 7):
        return 0
    if _all_at_least(results.get("english"), 5):
        return dated_points(add["french_with_english"], on)
    return dated_points(add["french_with_weak_or_no_english"], on)


def _next_education(level: EducationLevel) -> EducationLevel | None:
    i = EDUCATION_ORDER.index(level)
    return EDUCATION_ORDER[i + 1] if i + 1 < len(EDUCATION_ORDER) else None


def _candidates(f: CrsFacts) -> list[tuple[str, CrsFacts]]:
    """Concrete changes a person could make, each as the facts it would produce."""
    other = "french" if f.first_name == "english" else "english"
    out: list[tuple[str, CrsFacts]] = []
    if not f.provincial_nomination:
        out.append(
            ("Get a provincial or territorial nomination", replace(f, provincial_nomination=True))
        )
    for level in (9, 10):
        if not _all_at_least(f.first, level):
            lifted = {a: max(v, level) for a, v in f.first.items()}
            out.append(
                (
                    f"First official language at CLB {level} in every ability",
                    replace(f, first=lifted),
                )
            )
    if f.canadian_experience < 5:
        out.append(
            (
                "One more year of skilled work experience in Canada",
                replace(f, canadian_experience=f.canadian_experience + 1),
            )
        )
    if f.foreign_experience < 3:
        out.append(
            (
                "One more year of skilled work experience abroad",
                replace(f, foreign_experience=f.foreign_experience + 1),
            )
        )
    for level in (7, 9):
        if not _all_at_least(f.second, level):
            base = f.second or dict.fromkeys(ABILITIES, 0)
            lifted = {a: max(v, level) for a, v in base.items()}
            name = "NCLC" if other == "french" else "CLB"
            out.append(
                (
                    f"Second official language ({other}) at {name} {level} in every ability",
                    replace(f, second=lifted, second_name=other),
                )
            )
    nxt = _next_education(f.education)
    if nxt is not None:
        out.append((f"Complete {EDUCATION_LABELS[nxt]}", replace(f, education=nxt)))
    if f.canadian_education != "three_year_or_more":
        out.append(
            (
                "A Canadian post-secondary credential from a program of 3 years or more",
                replace(f, canadian_education="three_year_or_more"),
            )
        )
    if not f.certificate_of_qualification:
        out.append(
            (
                "A certificate of qualification in a skilled trade (from a province or territory)",
                replace(f, certificate_of_qualification=True),
            )
        )
    if f.with_spouse:
        if not _all_at_least(f.spouse_language, 9):
            base = f.spouse_language or dict.fromkeys(ABILITIES, 0)
            lifted = {a: max(v, 9) for a, v in base.items()}
            out.append(
                (
                    "Spouse or partner's language test at CLB 9 in every ability",
                    replace(f, spouse_language=lifted),
                )
            )
        if f.spouse_canadian_experience < 5:
            out.append(
                (
                    "One more year of Canadian work experience for your spouse or partner",
                    replace(f, spouse_canadian_experience=f.spouse_canadian_experience + 1),
                )
            )
    return out


def suggestions(f: CrsFacts, on: date, total: int) -> list[dict[str, Any]]:
    found = []
    for change, changed in _candidates(f):
        new_total = points(changed, on)[0]
        if new_total > total:
            found.append({"change": change, "gain": new_total - total, "new_total": new_total})
    found.sort(key=lambda s: (-s["gain"], s["change"]))
    return found


def score(profile: CrsProfile, on: date) -> dict[str, Any]:
    """The CRS result in the contract's shape (DESIGN.md)."""
    f = facts_of(profile)
    total, breakdown, details = points(f, on)
    grid = load_grid("crs")
    return {
        "as_of": on.isoformat(),
        "total": total,
        "breakdown": breakdown,
        "details": details,
        "suggestions": suggestions(f, on, total),
        "with_spouse": f.with_spouse,
        "languages": {
            "first": {"language": f.first_name, "clb": f.first},
            "second": (
                {"language": f.second_name, "clb": f.second} if f.second is not None else None
            ),
        },
        "sources": [grid["source"], language_source()],
        "notices": [n["text"] for n in grid.get("notices", []) if n["effective_from"] <= on],
        "disclaimer": DISCLAIMER,
    }
