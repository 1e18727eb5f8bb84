"""What follows "which permit?": the LMIA route when no exemption fits (or to compare), where the
permit leads (Canadian Experience Class, FSW, the CRS score with Canadian experience), the family
(spouse and children, re-using the family stream rules) and a study-permit check.

All amounts and thresholds come from rules/data/pathways.yaml (dated, cited); eligibility of
family members is the stream finder's own verdict, so the two views never disagree.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from impnav.crs.crs import score
from impnav.crs.fsw import assess_fsw
from impnav.engine.eligibility import assess
from impnav.engine.facts import FactContext, Missing, years_between
from impnav.engine.fees import fee_item
from impnav.models.crs import CrsProfile
from impnav.models.pathways import PathwaysInput, StudyPlan
from impnav.models.profile import Profile
from impnav.noc.catalog import unit_group
from impnav.offer.wages import hourly_rate

FSW_SUMMARY = ("points", "pass", "eligible")
PR_NOTE = (
    "A work permit under the International Mobility Program does not by itself lead to permanent "
    "residence: it gives Canadian work experience, which counts in Express Entry and provincial "
    "programs once you qualify."
)


@lru_cache(maxsize=1)
def facts() -> dict[str, Any]:
    text = resources.files("impnav.rules").joinpath("data/pathways.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _dated(versions: list[dict[str, Any]], on: date) -> dict[str, Any] | None:
    for version in versions:
        until = version.get("effective_to")
        if version["effective_from"] <= on and (until is None or on <= until):
            return version
    return None


def lmia_alternative(profile: Profile, on: date) -> dict[str, Any]:
    """The Temporary Foreign Worker Program route the employer would take instead."""
    cfg = facts()["tfwp"]
    offer = profile.job_offer
    out: dict[str, Any] = {
        "lmia_fee": cfg["lmia_fee"]["amount"],
        "recruitment": cfg["recruitment"],
        "worker_steps": cfg["worker_steps"],
        "source": cfg["source"],
        "confidence": cfg["confidence"],
        "stream": None,
        "missing": [],
    }
    needed = {"job_offer.wage": None, "job_offer.wage_unit": None,
              "job_offer.hours_per_week": None, "job_offer.province": None}  # fmt: skip
    if offer is not None:
        needed = {
            "job_offer.wage": offer.wage,
            "job_offer.wage_unit": offer.wage_unit,
            "job_offer.hours_per_week": offer.hours_per_week,
            "job_offer.province": offer.province,
        }
    out["missing"] = [k for k, v in needed.items() if v is None]
    if out["missing"]:
        out["requirements"] = cfg["high_wage"] + cfg["low_wage"]
        return out
    table = _dated(cfg["high_wage_thresholds"], on)
    hourly = hourly_rate(offer.wage, offer.wage_unit.value, offer.hours_per_week)
    out["hourly_wage"] = round(hourly, 2)
    if table is None:
        out["note"] = f"No high-wage threshold is encoded for {on}."
        return out
    threshold = table["hourly"][offer.province]
    out["threshold"] = threshold
    out["stream"] = "high_wage" if hourly >= threshold else "low_wage"
    out["requirements"] = cfg["high_wage"] if out["stream"] == "high_wage" else cfg["low_wage"]
    return out


def _job_teer(profile: Profile) -> int | None:
    if profile.job_offer is None or profile.job_offer.noc is None:
        return None
    return unit_group(profile.job_offer.noc).teer


def canadian_experience_class(profile: Profile, on: date) -> dict[str, Any]:
    """When the permit's job would give the 1,560 hours of skilled Canadian work CEC asks for."""
    cfg = facts()["cec"]
    offer, teer = profile.job_offer, _job_teer(profile)
    out: dict[str, Any] = {"source": cfg["source"], "hours_needed": cfg["hours"], "missing": []}
    for name, value in (("job_offer.noc", teer), ("job_offer.start_date",
                        offer and offer.start_date), ("job_offer.hours_per_week",
                        offer and offer.hours_per_week)):  # fmt: skip
        if value is None:
            out["missing"].append(name)
    if out["missing"]:
        out["eligible_from"] = None
        return out
    reasons = []
    if teer not in cfg["teer"]:
        out["eligible_from"] = None
        out["reasons"] = [f"The job is TEER {teer}: CEC counts only TEER 0-3 work."]
        return out
    weekly = min(offer.hours_per_week, cfg["full_time_hours"])  # hours over 30 a week don't count
    weeks = cfg["hours"] / weekly
    reached = offer.start_date + timedelta(days=round(weeks * 7))
    out["eligible_from"] = reached.isoformat()
    reasons.append(
        f"At {weekly:g} counted hours a week, {cfg['hours']:,} hours are reached around "
        f"{reached.isoformat()}."
    )
    if offer.end_date is not None and offer.end_date < reached:
        reasons.append(
            "The job offer ends before then: the permit would need extending, or other skilled "
            "Canadian work added."
        )
    needed_clb = cfg["clb_teer_0_1"] if teer <= 1 else cfg["clb_teer_2_3"]
    best = FactContext(profile, on).get("languages.best_min_clb")
    if isinstance(best, Missing):
        reasons.append(f"CEC also needs CLB {needed_clb} in all four abilities (TEER {teer}).")
        out["missing"] = list(best.fields)
    elif best < needed_clb:
        reasons.append(f"Your language results (CLB {best}) are below the CLB {needed_clb} needed.")
    else:
        reasons.append(f"Your language results (CLB {best}) meet the CLB {needed_clb} needed.")
    out["language_clb_needed"] = needed_clb
    out["reasons"] = reasons
    return out


def express_entry(crs: CrsProfile | None, on: date) -> dict[str, Any] | None:
    """The CRS now and after one more year of Canadian work, and the FSW grid."""
    if crs is None:
        return None
    now = score(crs, on)
    later = crs.model_copy(update={"canadian_experience_years": crs.canadian_experience_years + 1})
    after = score(later, on)
    return {
        "crs_now": now["total"],
        "crs_with_one_more_year_in_canada": after["total"],
        "gain": after["total"] - now["total"],
        "fsw": {
            k: v for k, v in assess_fsw(crs, on).items() if k in ("points", "pass", "eligible")
        },
    }


def _family_member(profile: Profile, relationship: str, on: date) -> Profile:
    """The family member's own profile, with this person as the principal."""
    offer = profile.job_offer
    return Profile.model_validate(
        {
            "relationship_to_principal": relationship,
            "family_principal": {
                "status": "worker",
                "noc": offer.noc if offer else None,
                "work_authorized_until": offer.end_date if offer else None,
                "physically_in_canada": True,
                "holds_family_or_dependent_permit": False,
                "transitioning_to_pr": False,
            },
        }
    )


def family(profile: Profile, on: date) -> dict[str, Any]:
    cfg = facts()["family"]
    spouse_codes = ("C41", "C47")
    spouse = [
        {"code": s.code, "verdict": s.verdict, "reasons": [r.text for r in s.reasons
                                                            if r.outcome != "met"]}
        for s in assess(_family_member(profile, "spouse", on), on).streams
        if s.code in spouse_codes
    ]  # fmt: skip
    children = []
    for i, child in enumerate(profile.dependants or []):
        age = years_between(child.date_of_birth, on) if child.date_of_birth else child.age
        entry: dict[str, Any] = {"index": i, "age": age}
        if age is None:
            entry["missing"] = [f"dependants[{i}].date_of_birth"]
        elif age >= cfg["dependent_child_under"]:
            entry["status"] = "not a dependent child (22 or older) unless dependent by condition"
        elif age < cfg["minor_under"]:
            entry["status"] = "may attend preschool, primary or secondary school without a permit"
        else:
            streams = assess(_family_member(profile, "dependent_child", on), on).streams
            verdicts = {s.code: s.verdict for s in streams if s.code in ("C46", "C48")}
            entry["status"] = "working-age dependent child"
            entry["open_work_permit"] = verdicts
        children.append(entry)
    return {
        "spouse": spouse,
        "children": children,
        "fees": _family_fees(spouse, children, on),
        "notes": cfg["notes"],
        "source": cfg["source"],
    }


def _family_fees(spouse: list[dict[str, Any]], children: list[dict[str, Any]], on: date) -> dict:
    """Government fees for family members' open work permits, from the dated fee schedule."""
    permit = fee_item("work_permit", on).amount or 0
    holder = fee_item("open_work_permit_holder", on).amount or 0
    biometrics = fee_item("biometrics", on).amount or 0
    applicants = int(any(s["verdict"] == "eligible" for s in spouse)) + sum(
        1 for c in children if "eligible" in (c.get("open_work_permit") or {}).values()
    )
    return {
        "open_work_permits": applicants,
        "per_person": permit + holder,
        "biometrics": min(applicants * biometrics, 170.0) if applicants else 0.0,
        "note": "Biometrics cost $85 a person, at most $170 for a family applying together.",
    }


def study(plan: StudyPlan | None, on: date) -> dict[str, Any] | None:
    if plan is None:
        return None
    cfg = facts()["study_permit"]
    checks = []
    checks.append({"check": "Letter of acceptance from a designated learning institution",
                   "met": plan.dli_acceptance})  # fmt: skip
    if on >= cfg["pal_from"] and plan.province != "QC":
        checks.append({"check": "Provincial or territorial attestation letter (PAL/TAL)",
                       "met": plan.attestation_letter})  # fmt: skip
    if plan.province == "QC":
        checks.append({"check": "Quebec acceptance certificate (CAQ)", "met": plan.quebec_caq})
    table = _dated(cfg["living_costs"], on)
    size = 1 + plan.family_members_coming
    living = None
    if table is not None:
        amounts = table["amounts"]
        if size in amounts:
            living = amounts[size]
        elif table["each_additional"] is not None and size > max(amounts):
            living = amounts[max(amounts)] + (size - max(amounts)) * table["each_additional"]
    needed = None if living is None else living + plan.first_year_tuition + plan.transport
    funds_met = (
        None if needed is None or plan.funds_available is None else (plan.funds_available >= needed)
    )
    checks.append({"check": "Funds for first-year tuition, living costs and transport",
                   "met": funds_met, "needed": needed})  # fmt: skip
    pgwp = []
    if plan.program_length_months is not None and plan.program_length_months < 8:
        pgwp.append("Programs under 8 months do not lead to a post-graduation work permit.")
    if plan.dli_pgwp_eligible is False:
        pgwp.append("The school or program is not PGWP-eligible.")
    if plan.degree is False:
        pgwp.append("Non-degree programs need a field of study on IRCC's list for a PGWP.")
    return {
        "checks": checks,
        "living_costs": living,
        "family_size": size,
        "pgwp_notes": pgwp,
        "source": cfg["source"],
        "confidence": cfg["confidence"],
    }


def pathways(data: PathwaysInput, on: date) -> dict[str, Any]:
    profile = data.profile
    result = assess(profile, on)
    eligible = [s.code for s in result.streams if s.verdict == "eligible"]
    return {
        "as_of": on.isoformat(),
        "imp_eligible": eligible,
        "lmia_alternative": lmia_alternative(profile, on),
        "permanent_residence": {
            "note": PR_NOTE,
            "canadian_experience_class": canadian_experience_class(profile, on),
            "express_entry": express_entry(data.crs, on),
        },
        "family": family(profile, on),
        "study_permit": study(data.study_plan, on),
    }
