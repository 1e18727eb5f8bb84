"""Check an offer of employment before the employer submits it in the IRCC Employer Portal.

Whether the job and worker fit the exemption code is decided by the same rule data as the
stream finder (the offer is read as a profile and its code's stream assessed), so the employer
side and the applicant side never disagree. Around that: the portal's own pitfalls (incomplete
duties, duties that fit another NOC group, durations past the code's maximum, wages under the
provincial minimum, addresses) and the fees each side pays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from impnav.engine.eligibility import assess_stream, versions_in_force
from impnav.engine.facts import FactContext
from impnav.engine.fees import fee_item
from impnav.models.offer import Address, Offer
from impnav.models.profile import Profile
from impnav.offer.wages import hourly_rate, minimum_wage
from impnav.rules.loader import load_rulebook
from impnav.rules.schema import Rule

# Where each profile fact the rules read comes from in the offer, so a failed condition points
# at the offer field to fix.
FIELD_OF_FACT = {
    "citizenships": "worker.citizenships",
    "us_insular_area_citizen": "worker.us_insular_area_citizen",
    "job_offer.noc": "job.noc",
    "job_offer.teer": "job.noc",
    "job_offer.primary_agriculture_teer_4_5": "job.noc",
    "job_offer.province": "job.locations[0].province",
    "job_offer.employer_name": "employer.legal_name",
    "job_offer.position_type": "job.position_type",
    "job_offer.cusma_profession": "worker.cusma_profession",
    "job_offer.cusma_credential_met": "worker.cusma_credential_met",
    "job_offer.at_professional_level": "exemption_explanation",
    "job_offer.regulated_occupation": "job.licence_required",
    "job_offer.provincial_licence_held": "job.licence_held",
    "job_offer.relationship_to_foreign_employer": "worker.intra_company.relationship",
    "job_offer.canadian_entity_doing_business":
        "worker.intra_company.canadian_entity_doing_business",
    "job_offer.new_office": "worker.intra_company.new_office",
    "job_offer.new_office_premises_secured": "exemption_explanation",
    "job_offer.new_office_business_plan": "exemption_explanation",
    "job_offer.specialized_knowledge_proprietary_and_advanced":
        "worker.intra_company.specialized_knowledge_proprietary_and_advanced",
    "job_offer.wage_at_or_above_prevailing": "worker.intra_company.wage_at_or_above_prevailing",
    "ict.qualifying_year": "worker.intra_company",
    "ict.currently_employed_abroad": "worker.intra_company.end_date",
    "ict_years_used": "worker.intra_company.years_already_transferred",
    "languages.french.clb.speaking": "worker.french_speaking_clb",
    "languages.french.clb.listening": "worker.french_listening_clb",
    "significant_benefit_evidence": "significant_benefit_evidence",
    "reciprocal_arrangement": "reciprocal_arrangement",
}  # fmt: skip
POSTAL_PREFIX = {
    "NL": "A", "NS": "B", "PE": "C", "NB": "E", "QC": "GHJ", "ON": "KLMNP", "MB": "R",
    "SK": "S", "AB": "T", "BC": "V", "NT": "X", "NU": "X", "YT": "Y",
}  # fmt: skip
SEE_ATTACHED = re.compile(
    r"\b(see|refer to|as per)\s+(the\s+)?(attached|attachment|enclosed)", re.I
)
SALARY_TOLERANCE = 0.10


@dataclass
class Finding:
    field: str
    message: str


@dataclass
class OfferReport:
    as_of: date
    code: str
    rule_title: str | None
    valid: bool
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    fees: dict[str, Any] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)


def offer_profile(offer: Offer) -> Profile:
    """The offer read as an applicant profile, for the stream rules."""
    job, worker, transfer = offer.job, offer.worker, offer.worker.intra_company
    data: dict[str, Any] = {
        "citizenships": worker.citizenships,
        "us_insular_area_citizen": worker.us_insular_area_citizen,
        "date_of_birth": worker.date_of_birth,
        "significant_benefit_evidence": offer.significant_benefit_evidence,
        "reciprocal_arrangement": offer.reciprocal_arrangement,
        "job_offer": {
            "employer_name": offer.employer.legal_name,
            "title": job.title,
            "noc": job.noc,
            "duties": job.main_duties,
            "wage": job.wage,
            "wage_unit": job.wage_unit,
            "hours_per_week": job.hours_per_week,
            "province": job.locations[0].province,
            "start_date": job.start_date,
            "end_date": job.end_date,
            "is_self_employment": False,  # an offer of employment from an employer
            "position_type": job.position_type,
            "cusma_profession": worker.cusma_profession,
            "cusma_credential_met": worker.cusma_credential_met,
            "regulated_occupation": job.licence_required,
            "provincial_licence_held": job.licence_held,
        },
    }
    if worker.french_speaking_clb is not None or worker.french_listening_clb is not None:
        data["languages"] = {
            "french": {
                "clb": {
                    "speaking": worker.french_speaking_clb,
                    "listening": worker.french_listening_clb,
                }
            }
        }
    if transfer is not None:
        data["job_offer"].update(
            relationship_to_foreign_employer=transfer.relationship,
            canadian_entity_doing_business=transfer.canadian_entity_doing_business,
            new_office=transfer.new_office,
            specialized_knowledge_proprietary_and_advanced=(
                transfer.specialized_knowledge_proprietary_and_advanced
            ),
            wage_at_or_above_prevailing=transfer.wage_at_or_above_prevailing,
        )
        data["work_history"] = [
            {
                "employer": transfer.employer_abroad,
                "start_date": transfer.start_date,
                "end_date": transfer.end_date,
                "full_time": transfer.full_time,
                "position_type": transfer.position_type,
                "related_to_canadian_employer": transfer.relationship.value
                in ("parent", "subsidiary", "branch", "affiliate"),
            }
        ]
        data["ict_years_used"] = transfer.years_already_transferred
    return Profile.model_validate(data)


def _months_between(start: date, end: date) -> float:
    return (end - start).days / (365.25 / 12)


def _code_fit(offer: Offer, rules: list[Rule], on: date, report: OfferReport) -> Rule | None:
    """Assess the code's stream(s) with the offer as a profile; keep the best-fitting one."""
    in_force = {c.rule.id: c for c in versions_in_force(on)}
    ctx = FactContext(offer_profile(offer), on)
    results = [assess_stream(in_force[r.id], ctx) for r in rules if r.id in in_force]
    if not results:
        report.errors.append(
            Finding("exemption_code", f"{offer.exemption_code} is not in force on {on}")
        )
        return None
    rank = {"eligible": 0, "needs_info": 1, "ineligible": 2}
    best = min(results, key=lambda s: rank[s.verdict])
    rule = next(r for r in rules if r.id == best.id)
    report.rule_title = best.title
    report.sources = best.citations[0].sources
    for reason in best.reasons:
        where = next((FIELD_OF_FACT[f] for f in reason.facts if f in FIELD_OF_FACT), "offer")
        if reason.outcome == "not_met":
            report.errors.append(Finding(where, f"{best.code}: {reason.text}"))
        elif reason.outcome == "unknown":
            report.warnings.append(
                Finding(where, f"{best.code}: not shown in the offer - {reason.text}")
            )
    if best.discretionary:
        message = (
            f"{best.code} is decided by an officer on the evidence: explain in detail how the "
            "work meets it, with documents."
        )
        report.warnings.append(Finding("exemption_explanation", message))
    return rule


def _check_duration(offer: Offer, rule: Rule, report: OfferReport) -> None:
    months = _months_between(offer.job.start_date, offer.job.end_date)
    limit = rule.max_initial_months
    if (
        offer.exemption_code == "T37"
        and offer.worker.intra_company
        and (offer.worker.intra_company.new_office)
    ):
        limit = 12
    if limit and months > limit + 0.5:
        report.errors.append(
            Finding("job.end_date", f"{months:.0f} months is longer than the {limit} months "
                    f"{offer.exemption_code} allows for a first permit")
        )  # fmt: skip


def _check_job(offer: Offer, on: date, report: OfferReport) -> None:
    job = offer.job
    if SEE_ATTACHED.search(job.main_duties):
        report.errors.append(
            Finding("job.main_duties", "Write the duties out in full: 'see attached' is treated "
                    "as an incomplete offer.")
        )  # fmt: skip
    elif len(job.main_duties) < 80:
        report.warnings.append(
            Finding("job.main_duties", "The duties are very short; officers compare them with the "
                    "NOC group's main duties.")
        )  # fmt: skip
    if job.start_date < on:
        report.warnings.append(Finding("job.start_date", "The start date is already past."))
    if job.full_time and job.hours_per_week < 30:
        report.warnings.append(
            Finding("job.hours_per_week", "Full-time work is usually 30 hours a week or more.")
        )
    if not job.full_time and job.hours_per_week >= 30:
        report.warnings.append(
            Finding("job.full_time", "30 hours a week or more is usually full-time work.")
        )
    if len(job.locations) > 2:
        report.warnings.append(
            Finding("job.locations", "The portal form takes two work addresses: list the others "
                    "in the main duties; every location goes on the permit.")
        )  # fmt: skip
    if job.licence_required and job.licence_held is False:
        report.warnings.append(
            Finding("job.licence_held", "The occupation is regulated: the worker needs the "
                    "provincial licence or certification to do the job.")
        )  # fmt: skip


def _check_addresses(offer: Offer, report: OfferReport) -> None:
    places: list[tuple[str, Address]] = [("employer.address", offer.employer.address)]
    places += [(f"job.locations[{i}]", a) for i, a in enumerate(offer.job.locations)]
    for where, address in places:
        if address.postal_code[0] not in POSTAL_PREFIX[address.province]:
            report.errors.append(
                Finding(f"{where}.postal_code", f"{address.postal_code} is not a postal code in "
                        f"{address.province}")
            )  # fmt: skip


def _check_wage(offer: Offer, report: OfferReport) -> None:
    job = offer.job
    hourly = hourly_rate(job.wage, job.wage_unit.value, job.hours_per_week)
    for i, place in enumerate(job.locations):
        minimum = minimum_wage(place.province, job.start_date)
        if minimum is None:
            report.warnings.append(
                Finding(f"job.locations[{i}].province", f"No minimum wage for {place.province} on "
                        f"{job.start_date} is encoded: check it with the province.")
            )  # fmt: skip
        elif hourly < minimum - 0.005:
            report.errors.append(
                Finding("job.wage", f"${hourly:.2f} an hour is below the {place.province} minimum "
                        f"wage of ${minimum:.2f} on {job.start_date}")
            )  # fmt: skip
    if job.annual_salary is not None and job.wage_unit.value != "year":
        expected = hourly * job.hours_per_week * 52
        if abs(expected - job.annual_salary) > SALARY_TOLERANCE * job.annual_salary:
            report.warnings.append(
                Finding("job.annual_salary", f"${job.wage:,.2f} per {job.wage_unit.value} at "
                        f"{job.hours_per_week:g} h a week is about ${expected:,.0f} a year, not "
                        f"${job.annual_salary:,.0f}")
            )  # fmt: skip


def _check_noc_fit(offer: Offer, report: OfferReport) -> None:
    """Warn when the duties read like another unit group (the NOC finder's own judgement)."""
    from impnav.noc.search import search

    result = search(offer.job.main_duties, limit=3)
    codes = [m.code for m in result.matches]
    if offer.job.noc not in codes:
        best = result.matches[0]
        report.warnings.append(
            Finding("job.noc", f"The duties read more like {best.code} {best.title} than "
                    f"{offer.job.noc}; officers refuse offers whose duties do not match the NOC.")
        )  # fmt: skip


def _fees(offer: Offer, rule: Rule | None, on: date) -> dict[str, Any]:
    employer, worker = [], []
    if rule is not None and rule.compliance_fee:
        item = fee_item("employer_compliance", on)
        if offer.employer.compliance_regime_exempt:
            employer.append({**_fee(item), "amount": 0.0,
                             "note": "Employer outside the compliance regime: no fee"})  # fmt: skip
        else:
            employer.append(_fee(item))
    for key in rule.applicant_fees if rule is not None else ["work_permit"]:
        worker.append(_fee(fee_item(key, on)))
    age = (on - offer.worker.date_of_birth).days // 365
    if "US" not in offer.worker.citizenships and 14 <= age <= 79:
        worker.append(_fee(fee_item("biometrics", on)))
    exemptions = load_rulebook().fees.compliance_fee_exemptions
    return {
        "currency": "CAD",
        "employer": employer,
        "worker": worker,
        "compliance_fee_exemptions": [
            {"who": e.who, "how": e.how, "source": str(e.source)} for e in exemptions
        ],
        "employer_total": sum(f["amount"] or 0 for f in employer),
        "worker_total": sum(f["amount"] or 0 for f in worker),
    }


def _fee(item: Any) -> dict[str, Any]:
    return {"key": item.key, "label": item.label, "amount": item.amount, "source": item.source}


def check_offer(offer: Offer, on: date, noc_fit: bool = True) -> OfferReport:
    report = OfferReport(as_of=on, code=offer.exemption_code, rule_title=None, valid=False)
    rules = list(load_rulebook().by_code(offer.exemption_code))
    rule = None
    if not rules:
        report.warnings.append(
            Finding("exemption_code", f"impnav does not encode {offer.exemption_code} yet: only "
                    "the general checks ran.")
        )  # fmt: skip
    else:
        employer_specific = [r for r in rules if r.permit_type == "employer_specific"]
        if not employer_specific:
            report.errors.append(
                Finding("exemption_code", f"{offer.exemption_code} gives an open work permit: no "
                        "Employer Portal offer is needed or possible.")
            )  # fmt: skip
        else:
            rule = _code_fit(offer, employer_specific, on, report)
            if rule is not None:
                _check_duration(offer, rule, report)
    _check_job(offer, on, report)
    _check_addresses(offer, report)
    _check_wage(offer, report)
    if noc_fit:
        _check_noc_fit(offer, report)
    if offer.employer.business_number is None and not offer.employer.compliance_regime_exempt:
        report.warnings.append(
            Finding("employer.business_number", "Give the CRA business number if the employer "
                    "has one.")
        )  # fmt: skip
    if offer.worker.passport_number is None:
        report.warnings.append(
            Finding("worker.passport_number", "IRCC matches the offer to the application by exact "
                    "passport number and citizenship: give the number as printed.")
        )  # fmt: skip
    if not offer.exemption_explanation:
        report.warnings.append(
            Finding("exemption_explanation", "Explain how the job and the worker meet the "
                    "exemption; a code without explanation is a common reason for refusal.")
        )  # fmt: skip
    report.fees = _fees(offer, rule, on)
    report.valid = not report.errors
    return report


def report_json(report: OfferReport) -> dict[str, Any]:
    """The contract: {"valid", "errors": [{"field", "message"}], "warnings", "fees", ...}."""
    return {
        "valid": report.valid,
        "as_of": report.as_of.isoformat(),
        "exemption_code": report.code,
        "stream": report.rule_title,
        "errors": [vars(f) for f in report.errors],
        "warnings": [vars(f) for f in report.warnings],
        "fees": report.fees,
        "sources": report.sources,
    }
