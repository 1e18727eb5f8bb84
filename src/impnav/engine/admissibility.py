"""Admissibility steps every applicant still passes, whatever the stream: medical exam, police
certificates and biometrics. Each check says required / not required / unknown, and why."""

from __future__ import annotations

from impnav.engine.facts import FactContext, Missing
from impnav.engine.fees import fee_item
from impnav.models.assessment import AdmissibilityResult, Check

IME_SOURCE = (
    "https://www.canada.ca/en/immigration-refugees-citizenship/corporate/publications-manuals/"
    "operational-bulletins-manuals/standard-requirements/medical-requirements/exam/"
    "who-must-submit-immigration-medical-examination.html"
)
OPEN_PERMIT_SOURCE = (
    "https://www.canada.ca/en/immigration-refugees-citizenship/corporate/publications-manuals/"
    "operational-bulletins-manuals/temporary-residents/foreign-workers/eligibility/open.html"
)
IEC_SOURCE = (
    "https://www.canada.ca/en/immigration-refugees-citizenship/corporate/publications-manuals/"
    "operational-bulletins-manuals/temporary-residents/foreign-workers/experience-eligibility.html"
)
BIOMETRICS_SOURCE = (
    "https://www.canada.ca/en/immigration-refugees-citizenship/corporate/publications-manuals/"
    "operational-bulletins-manuals/fees/immigration/general/biometric.html"
)
VALIDITY_SOURCE = (
    "https://www.canada.ca/en/immigration-refugees-citizenship/corporate/publications-manuals/"
    "operational-bulletins-manuals/temporary-residents/foreign-workers/eligibility/"
    "eligibility-admissibility-conditions-including-validity-period.html"
)


def medical_exam(ctx: FactContext) -> Check:
    """Needed for work in public-health-sensitive settings at any length of stay, and for stays
    over six months after six months in a row in a designated country in the past year."""
    sensitive = ctx.get("admissibility.work_in_health_or_childcare_or_school")
    designated = ctx.get("admissibility.lived_in_designated_country_6_months")
    stay = ctx.get("admissibility.intended_stay_months")
    farm = ctx.get("admissibility.agricultural_work")
    name = "Immigration medical exam"
    if sensitive is True:
        return Check(
            name=name,
            required=True,
            reasons=[
                "You will work in health care, child care or a primary/secondary school: an "
                "exam is required whatever the length of stay."
            ],
            sources=[IME_SOURCE],
        )
    if designated is True and farm is True:
        return Check(
            name=name,
            required=True,
            reasons=["Agricultural workers from designated countries need an exam."],
            sources=[IME_SOURCE],
        )
    if designated is True and not isinstance(stay, Missing) and stay > 6:
        return Check(
            name=name,
            required=True,
            reasons=[
                "You will stay more than six months after six months in a row in a "
                "designated country in the past year."
            ],
            sources=[IME_SOURCE],
        )
    missing = [
        f
        for value in (sensitive, designated, stay, farm)
        if isinstance(value, Missing)
        for f in value.fields
    ]
    undecided = (
        isinstance(sensitive, Missing)
        or isinstance(designated, Missing)
        or (designated is True and (isinstance(stay, Missing) or isinstance(farm, Missing)))
    )
    if undecided:
        return Check(
            name=name,
            required=None,
            reasons=["Whether an exam is needed depends on your work setting and recent travel."],
            missing=missing,
            sources=[IME_SOURCE],
        )
    return Check(
        name=name,
        required=False,
        reasons=[
            "No exam is needed up front. Without one, an open permit excludes work in health "
            "care, child care and primary/secondary schools."
        ],
        sources=[IME_SOURCE, OPEN_PERMIT_SOURCE],
    )


def police_certificates(ctx: FactContext) -> Check:
    countries = ctx.get("admissibility.countries_lived_6_months_since_18")
    reasons = [
        "Officers may ask for police certificates; visa-office instructions say when. IEC "
        "participants need one from each country lived in for six months or more since age 18."
    ]
    if not isinstance(countries, Missing) and countries:
        reasons.append("Countries to cover if asked: " + ", ".join(sorted(countries)) + ".")
    return Check(
        name="Police certificates",
        required=None,
        reasons=reasons,
        missing=[] if not isinstance(countries, Missing) else list(countries.fields),
        sources=[IEC_SOURCE],
        confidence="unverified",
    )


def biometrics(ctx: FactContext) -> Check:
    """Work-permit applicants aged 14 to 79 give biometrics; US nationals applying for a work
    permit are exempt (secondary source)."""
    fee = fee_item("biometrics", ctx.as_of).amount
    age = ctx.get("age")
    citizenships = ctx.get("citizenships")
    name = "Biometrics (fingerprints and photo)"
    if not isinstance(citizenships, Missing) and "US" in citizenships:
        return Check(
            name=name,
            required=False,
            reasons=["US nationals applying for a work permit do not give biometrics."],
            sources=[BIOMETRICS_SOURCE],
            confidence="secondary",
        )
    if isinstance(age, Missing):
        return Check(
            name=name,
            required=None,
            reasons=["Applicants aged 14 to 79 give biometrics."],
            missing=list(age.fields)
            + (list(citizenships.fields) if isinstance(citizenships, Missing) else []),
            sources=[BIOMETRICS_SOURCE],
            fee=fee,
        )
    required = 14 <= age <= 79
    return Check(
        name=name,
        required=required,
        reasons=[
            "Applicants aged 14 to 79 give biometrics; they stay valid 10 years and a permit "
            "cannot run past them."
            if required
            else "Applicants under 14 or over 79 do not give biometrics."
        ],
        missing=list(citizenships.fields) if isinstance(citizenships, Missing) else [],
        sources=[BIOMETRICS_SOURCE],
        fee=fee if required else None,
    )


GENERAL = [
    "Fitting an exemption code only removes the need for an LMIA: every other requirement of "
    "R200 (admissibility, genuine offer, ability to do the job, leaving at the end) still applies.",
    "No permit runs past your passport's expiry (US nationals excepted) or your biometrics' "
    "validity.",
]


def assess_admissibility(ctx: FactContext) -> AdmissibilityResult:
    return AdmissibilityResult(
        medical_exam=medical_exam(ctx),
        police_certificates=police_certificates(ctx),
        biometrics=biometrics(ctx),
        general=GENERAL,
    )
