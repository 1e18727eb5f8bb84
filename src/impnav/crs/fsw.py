"""Federal Skilled Worker: minimum requirements, the 67-point selection grid and proof of funds.

Point values come from rules/data/fsw.yaml. The grid is set by regulation (IRPR ss. 78-83) and did
not change on 2025-03-25: arranged employment still earns its FSW points.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from impnav.crs.crs import _all_at_least, facts_of
from impnav.crs.grids import load_grid, threshold
from impnav.crs.language import ABILITIES, clb_of
from impnav.models.crs import CrsProfile, MaritalStatus

QUALIFYING_OFFERS = ("teer_0_major_00", "teer_1_2_3")


def _in_force(version: dict[str, Any], on: date) -> bool:
    until = version.get("effective_to")
    return version["effective_from"] <= on and (until is None or on <= until)


def _family_size(profile: CrsProfile) -> tuple[int, str | None]:
    if profile.family_size is not None:
        return profile.family_size, None
    partnered = profile.marital_status in (MaritalStatus.married, MaritalStatus.common_law)
    size = 2 if partnered else 1
    return size, (
        "family_size not given: counted you"
        + (" and your spouse or partner" if partnered else "")
        + "; add dependent children (even those not coming) with family_size"
    )


def proof_of_funds(profile: CrsProfile, on: date) -> dict[str, Any]:
    cfg = load_grid("fsw")["proof_of_funds"]
    size, note = _family_size(profile)
    has_offer = profile.arranged_employment.value in QUALIFYING_OFFERS
    exempt = profile.authorized_to_work_in_canada and has_offer
    table = next(
        (
            v
            for v in cfg["versions"]
            if v["effective_from"] <= on
            and (v.get("effective_to") is None or on <= v["effective_to"])
        ),
        None,
    )
    amount = None
    if table is not None:
        amounts = table["amounts"]
        top = max(amounts)
        amount = amounts[min(size, top)] + max(0, size - top) * table["each_additional"]
    return {
        "family_size": size,
        "required": not exempt,
        "amount": amount,
        "currency": "CAD",
        "table_from": table["effective_from"].isoformat() if table else None,
        "source": cfg["source"],
        "confidence": cfg["confidence"],
        "notes": [n for n in (note,) if n]
        + (
            ["Not required: you are authorized to work in Canada and have a valid job offer."]
            if exempt
            else []
        )
        + ([] if table else [f"No funds table is encoded for {on.isoformat()}."]),
    }


def assess_fsw(profile: CrsProfile, on: date) -> dict[str, Any]:
    grid = load_grid("fsw")
    f = facts_of(profile)
    first = f.first
    d: dict[str, int] = {}

    for a in ABILITIES:
        d[f"language.first.{a}"] = threshold(grid["language"]["per_ability"], first[a], "points")
    d["language.second"] = (
        grid["language"]["second_language_points"]
        if _all_at_least(f.second, grid["language"]["second_language_min_clb"])
        else 0
    )
    d["education"] = grid["education"][profile.education.value]
    skilled_years = profile.canadian_experience_years + profile.foreign_experience_years
    d["experience"] = threshold(grid["experience"], skilled_years, "points")
    d["age"] = threshold(grid["age"], profile.age, "points")
    has_offer = profile.arranged_employment.value in QUALIFYING_OFFERS
    d["arranged_employment"] = grid["arranged_employment"] if has_offer else 0

    ad = grid["adaptability"]
    spouse = profile.spouse if f.with_spouse else None
    spouse_lang = clb_of(spouse.first_language) if spouse and spouse.first_language else None
    d["adaptability.spouse_language"] = (
        ad["spouse_language_clb4"] if _all_at_least(spouse_lang, 4) else 0
    )
    d["adaptability.applicant_canadian_study"] = (
        ad["applicant_canadian_study"] if profile.canadian_study_two_years else 0
    )
    d["adaptability.spouse_canadian_study"] = (
        ad["spouse_canadian_study"] if spouse and spouse.canadian_study_two_years else 0
    )
    d["adaptability.applicant_canadian_work"] = (
        ad["applicant_canadian_work"] if profile.canadian_experience_years >= 1 else 0
    )
    d["adaptability.spouse_canadian_work"] = (
        ad["spouse_canadian_work"] if spouse and spouse.canadian_experience_years >= 1 else 0
    )
    d["adaptability.arranged_employment"] = ad["arranged_employment"] if has_offer else 0
    d["adaptability.relative_in_canada"] = (
        ad["relative_in_canada"] if profile.relative_in_canada or profile.sibling_in_canada else 0
    )

    language = min(
        sum(v for k, v in d.items() if k.startswith("language.")), grid["language"]["max"]
    )
    adaptability = min(sum(v for k, v in d.items() if k.startswith("adaptability.")), ad["max"])
    breakdown = {
        "language": language,
        "education": d["education"],
        "experience": d["experience"],
        "age": d["age"],
        "arranged_employment": d["arranged_employment"],
        "adaptability": adaptability,
    }
    total = sum(breakdown.values())

    continuous = profile.one_year_continuous_skilled
    assumed = continuous is None
    if assumed:
        continuous = skilled_years >= 1
    minimum_clb = grid["minimum_first_language_clb"]
    minimums = [
        {
            "name": "language",
            "met": _all_at_least(first, minimum_clb),
            "reason": f"CLB {minimum_clb} or higher in all four abilities of the first official "
            "language, from an approved test under two years old.",
        },
        {
            "name": "work_experience",
            "met": bool(continuous),
            "reason": "One year of continuous full-time (or equal part-time) paid work in one "
            "TEER 0-3 occupation within the last 10 years"
            + (" (assumed from the years of experience given)." if assumed else "."),
        },
        {
            "name": "education",
            "met": profile.education.value != "less_than_secondary",
            "reason": "A Canadian secondary or post-secondary credential, or a foreign one with an "
            "Educational Credential Assessment.",
        },
    ]
    passed = total >= grid["pass_mark"]
    return {
        "as_of": on.isoformat(),
        "points": total,
        "pass": passed,
        "pass_mark": grid["pass_mark"],
        "eligible": passed and all(m["met"] for m in minimums),
        "breakdown": breakdown,
        "details": d,
        "minimums": minimums,
        "proof_of_funds": proof_of_funds(profile, on),
        "sources": [grid["source"]],
        "regulation": grid["regulation"],
    }
