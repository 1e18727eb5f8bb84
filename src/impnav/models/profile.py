"""The applicant profile: every fact a stream rule may ask about.

Every field is optional so a partial profile can be assessed: a rule whose fact is absent answers
"needs information" and names the field, which is how the guided interview knows what to ask next.
Field descriptions are the questions shown to people, so they are written as plain questions.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StrictBool, StrictFloat, StrictInt, field_validator, model_validator

from impnav.models.common import Country, IsoDate, NocCode, Province, Strict
from impnav.rules.codes import normalize_code
from impnav.rules.cusma import canonical_profession

ClbLevel = Annotated[
    int, Field(strict=True, ge=0, le=12, description="Canadian Language Benchmark, 0 to 12")
]
Months = Annotated[float, Field(strict=True, ge=0, le=600)]


class StatusKind(StrEnum):
    none = "none"
    visitor = "visitor"
    student = "student"
    worker = "worker"
    pgwp_holder = "pgwp_holder"
    maintained_status = "maintained_status"
    out_of_status = "out_of_status"
    permanent_resident = "permanent_resident"
    citizen = "citizen"


class PermitKind(StrEnum):
    employer_specific = "employer_specific"
    open = "open"


class EducationLevel(StrEnum):
    less_than_secondary = "less_than_secondary"
    secondary = "secondary"
    one_year_post_secondary = "one_year_post_secondary"
    two_year_post_secondary = "two_year_post_secondary"
    bachelors_or_three_year = "bachelors_or_three_year"
    two_or_more_one_three_year = "two_or_more_one_three_year"
    masters_or_professional = "masters_or_professional"
    doctoral = "doctoral"


class Credential(StrEnum):
    certificate = "certificate"
    diploma = "diploma"
    advanced_diploma = "advanced_diploma"
    graduate_certificate = "graduate_certificate"
    bachelors = "bachelors"
    masters = "masters"
    doctoral = "doctoral"
    professional_degree = "professional_degree"


class InstitutionType(StrEnum):
    university = "university"
    college = "college"
    polytechnic = "polytechnic"
    private_career_college = "private_career_college"
    other = "other"


class CurriculumLicensing(StrEnum):
    none = "none"
    same_province = "same_province"
    cross_jurisdiction = "cross_jurisdiction"


class Relationship(StrEnum):
    none = "none"
    spouse = "spouse"
    common_law_partner = "common_law_partner"
    dependent_child = "dependent_child"


class CorporateRelationship(StrEnum):
    parent = "parent"
    subsidiary = "subsidiary"
    branch = "branch"
    affiliate = "affiliate"
    contract_or_franchise_only = "contract_or_franchise_only"
    none = "none"


class PositionType(StrEnum):
    executive = "executive"
    senior_manager = "senior_manager"
    functional_manager = "functional_manager"
    specialized_knowledge = "specialized_knowledge"
    supervisory = "supervisory"
    essential_skills = "essential_skills"
    professional = "professional"
    trainee = "trainee"  # management or graduate trainee (trade-agreement transfers)
    other = "other"


class TradeRole(StrEnum):
    investor_develop_and_direct = "investor_develop_and_direct"
    executive = "executive"
    supervisory = "supervisory"
    essential_skills = "essential_skills"
    other = "other"


class IecCategory(StrEnum):
    working_holiday = "working_holiday"
    young_professionals = "young_professionals"
    international_coop = "international_coop"


class GatsProfession(StrEnum):
    """The professions in Canada's GATS commitments for temporary entry."""

    engineer = "engineer"
    agrologist = "agrologist"
    architect = "architect"
    forestry_professional = "forestry_professional"
    geomatics_professional = "geomatics_professional"
    land_surveyor = "land_surveyor"
    foreign_legal_consultant = "foreign_legal_consultant"
    urban_planner = "urban_planner"
    senior_computer_specialist = "senior_computer_specialist"
    none = "none"


class Situation(StrEnum):
    """Circumstances that open an exemption code of their own; asked once, as a checklist."""

    refugee_claimant = "refugee_claimant"
    unenforceable_removal_order = "unenforceable_removal_order"
    destitute_student = "destitute_student"
    temporary_resident_permit = "temporary_resident_permit"
    abuse_at_work = "abuse_at_work"
    public_policy = "public_policy"
    international_agreement_work = "international_agreement_work"
    religious_work = "religious_work"
    charitable_work = "charitable_work"
    performing_arts = "performing_arts"
    academic_exchange = "academic_exchange"
    summer_camp_counsellor = "summer_camp_counsellor"
    coach_or_athlete = "coach_or_athlete"
    government_research_program = "government_research_program"
    postdoctoral_fellowship = "postdoctoral_fellowship"
    medical_residency = "medical_residency"
    academic_award_research = "academic_award_research"
    equipment_repair = "equipment_repair"
    film_or_tv_production = "film_or_tv_production"
    innovation_stream_employer = "innovation_stream_employer"
    coop_post_secondary = "coop_post_secondary"
    coop_secondary = "coop_secondary"
    atlantic_immigration_program = "atlantic_immigration_program"
    rural_northern_pilot = "rural_northern_pilot"
    community_immigration_pilot = "community_immigration_pilot"  # RCIP or FCIP, since 2025
    provincial_business_candidate = "provincial_business_candidate"
    start_up_visa = "start_up_visa"
    caregiver_pilot_pr_applicant = "caregiver_pilot_pr_applicant"
    live_in_caregiver_pr_applicant = "live_in_caregiver_pr_applicant"
    in_canada_pr_class_applicant = "in_canada_pr_class_applicant"
    sponsored_spouse_or_partner = "sponsored_spouse_or_partner"
    quebec_selection_certificate = "quebec_selection_certificate"
    quebec_investor = "quebec_investor"


class PrProgram(StrEnum):
    federal_skilled_worker = "federal_skilled_worker"
    canadian_experience_class = "canadian_experience_class"
    federal_skilled_trades = "federal_skilled_trades"
    provincial_nominee = "provincial_nominee"
    agri_food_pilot = "agri_food_pilot"
    quebec_skilled_worker = "quebec_skilled_worker"
    quebec_investor = "quebec_investor"
    caregiver = "caregiver"
    other = "other"


class StudyLevel(StrEnum):
    college_or_undergraduate = "college_or_undergraduate"
    masters = "masters"
    doctoral = "doctoral"
    professional_degree = "professional_degree"
    other = "other"


class WageUnit(StrEnum):
    hour = "hour"
    week = "week"
    month = "month"
    year = "year"


class LanguageAbilities(Strict):
    reading: ClbLevel | None = None
    writing: ClbLevel | None = None
    listening: ClbLevel | None = None
    speaking: ClbLevel | None = None


class LanguageResult(Strict):
    """A test result already expressed in CLB/NCLC levels, with the test date."""

    clb: LanguageAbilities | None = Field(None, description="Your CLB/NCLC level in each ability")
    test_date: IsoDate | None = Field(None, description="The date of the language test")
    education_in_this_language: StrictBool | None = Field(
        None, description="Did you complete post-secondary education taught in this language?"
    )


class Languages(Strict):
    english: LanguageResult | None = None
    french: LanguageResult | None = None


class StatusInCanada(Strict):
    kind: StatusKind | None = Field(None, description="Your current status in Canada")
    permit_type: PermitKind | None = Field(None, description="Is your work permit open or tied?")
    permit_expiry: IsoDate | None = Field(None, description="When does your current permit expire?")
    permit_code: str | None = Field(
        None,
        description="Exemption code printed on your permit (old codes such as T23 are converted "
        "to their current code)",
    )
    inside_canada: StrictBool | None = Field(None, description="Are you in Canada now?")
    held_pgwp_before: StrictBool | None = Field(
        None, description="Have you ever held a post-graduation work permit?"
    )

    @field_validator("permit_code")
    @classmethod
    def _known_code(cls, value: str | None) -> str | None:
        return normalize_code(value) if value else value


class Education(Strict):
    highest_level: EducationLevel | None = Field(None, description="Highest level of education")
    field: str | None = Field(None, description="Field of study of that education")
    canadian: StrictBool | None = Field(None, description="Was it completed in Canada?")
    program_length_months: Months | None = None


class CanadianStudy(Strict):
    """The program completed in Canada, for the post-graduation work permit."""

    credential: Credential | None = Field(None, description="What did the program lead to?")
    institution_type: InstitutionType | None = Field(None, description="Type of institution")
    dli_pgwp_eligible: StrictBool | None = Field(
        None, description="Was the school a PGWP-eligible designated learning institution?"
    )
    program_length_months: Months | None = Field(None, description="Length of the program")
    full_time_all_sessions: StrictBool | None = Field(
        None, description="Did you study full time in every session (the last one excepted)?"
    )
    start_date: IsoDate | None = Field(None, description="When did the program start?")
    completion_date: IsoDate | None = Field(
        None,
        description="Earliest of: final marks issued, written notice of completion, credential",
    )
    distance_learning_over_half: StrictBool | None = Field(
        None, description="Was more than half of the program taken by distance learning?"
    )
    language_or_general_interest_only: StrictBool | None = Field(
        None, description="Was the program only ESL/FSL or general-interest courses?"
    )
    gac_funded_return_required: StrictBool | None = Field(
        None, description="Did a Global Affairs Canada award require you to return home?"
    )
    non_canadian_institution: StrictBool | None = Field(
        None, description="Was the school a non-Canadian institution located in Canada?"
    )
    curriculum_licensing: CurriculumLicensing | None = Field(
        None, description="Was it a private college delivering a public college's curriculum?"
    )
    field_of_study_eligible: StrictBool | None = Field(
        None, description="Is the program's field of study (CIP) on IRCC's eligible list?"
    )
    study_permit_application_date: IsoDate | None = Field(
        None, description="When did you apply for the study permit for this program?"
    )


class WorkExperience(Strict):
    employer: str | None = None
    country: Country | None = None
    noc: NocCode | None = None
    duties: str | None = Field(None, max_length=20_000)
    start_date: IsoDate | None = None
    end_date: IsoDate | None = Field(None, description="Leave empty if you still work there")
    full_time: StrictBool | None = None
    position_type: PositionType | None = None
    related_to_canadian_employer: StrictBool | None = Field(
        None,
        description="Is this employer the parent, subsidiary, branch or affiliate of the "
        "Canadian employer offering you the job?",
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self


class JobOffer(Strict):
    employer_name: str | None = Field(None, description="Name of the Canadian employer")
    title: str | None = None
    noc: NocCode | None = Field(None, description="NOC 2021 code of the job")
    duties: str | None = Field(None, max_length=20_000)
    wage: StrictFloat | None = Field(None, gt=0, le=10_000_000)
    wage_unit: WageUnit | None = None
    hours_per_week: StrictFloat | None = Field(None, gt=0, le=80)
    province: Province | None = Field(None, description="Province or territory of the job")
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    is_self_employment: StrictBool | None = Field(
        None, description="Would you be self-employed in Canada?"
    )
    position_type: PositionType | None = Field(None, description="Level of the position")
    relationship_to_foreign_employer: CorporateRelationship | None = Field(
        None, description="How is the Canadian employer related to your employer abroad?"
    )
    canadian_entity_doing_business: StrictBool | None = Field(
        None, description="Is the Canadian company actively doing business?"
    )
    new_office: StrictBool | None = Field(
        None, description="Is the transfer to open a new office in Canada?"
    )
    new_office_premises_secured: StrictBool | None = None
    new_office_business_plan: StrictBool | None = Field(
        None, description="Is there a business plan, funding and a staffing plan for the office?"
    )
    specialized_knowledge_proprietary_and_advanced: StrictBool | None = Field(
        None,
        description="Do you have both advanced proprietary knowledge of the company's products "
        "or processes and advanced expertise?",
    )
    wage_at_or_above_prevailing: StrictBool | None = Field(
        None, description="Is the wage at or above the Job Bank prevailing wage for the job?"
    )
    cusma_profession: str | None = Field(
        None, description="Which CUSMA Appendix 2 profession is the job?"
    )
    cusma_credential_met: StrictBool | None = Field(
        None, description="Do you hold the Appendix 2 minimum credential for that profession?"
    )
    at_professional_level: StrictBool | None = Field(
        None, description="Will the work be at the level of that profession?"
    )
    regulated_occupation: StrictBool | None = Field(
        None, description="Is the occupation regulated in the province?"
    )
    provincial_licence_held: StrictBool | None = None
    agreement_listed_occupation: StrictBool | None = Field(
        None,
        description="Is the job on the list of professions or occupations in the trade "
        "agreement between Canada and your country?",
    )
    agreement_credential_met: StrictBool | None = Field(
        None,
        description="Do you hold the degree, credential or experience that the agreement sets "
        "for that profession?",
    )
    service_contract_with_canadian_client: StrictBool | None = Field(
        None,
        description="Will you provide a service in Canada under a contract between a Canadian "
        "client and your employer abroad (or you, if self-employed)?",
    )
    gats_profession: GatsProfession | None = Field(
        None, description="Which GATS profession is the service in, if any?"
    )
    years_professional_experience: StrictFloat | None = Field(
        None, ge=0, le=60, description="Years of professional experience in the field"
    )
    years_with_supplying_enterprise: StrictFloat | None = Field(
        None,
        ge=0,
        le=60,
        description="How many years have you worked for the enterprise abroad that holds the "
        "service contract, up to the day you apply?",
    )

    @field_validator("cusma_profession")
    @classmethod
    def _known_profession(cls, value: str | None) -> str | None:
        return canonical_profession(value) if value else value

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self


class FamilyPrincipal(Strict):
    """The worker or student whose family member you are (for family open work permits)."""

    status: StatusKind | None = Field(None, description="The principal's status in Canada")
    permit_code: str | None = Field(
        None, description="Exemption code on the principal's work permit (e.g. T37, F61)"
    )
    noc: NocCode | None = Field(None, description="NOC 2021 code of the principal's job")
    work_authorized_until: IsoDate | None = Field(
        None, description="Until when is the principal authorized to work?"
    )
    physically_in_canada: StrictBool | None = Field(
        None, description="Does the principal live (or will live) in Canada?"
    )
    holds_family_or_dependent_permit: StrictBool | None = Field(
        None,
        description="Is the principal's own permit a family, student-spouse, co-op or "
        "refugee-claimant open permit?",
    )
    lmia_low_wage_or_agricultural: StrictBool | None = Field(
        None, description="Is the principal's permit LMIA-based in the low-wage or farm streams?"
    )
    transitioning_to_pr: StrictBool | None = Field(
        None,
        description="Is the principal in a permanent-residence stream that keeps the earlier "
        "family rules (e.g. a bridging or provincial-nominee permit)?",
    )
    study_level: StudyLevel | None = Field(None, description="The student's program level")
    study_program_months: Months | None = None
    study_full_time: StrictBool | None = None
    study_dli_pgwp_eligible: StrictBool | None = Field(
        None, description="Is the student's school and program PGWP-eligible?"
    )
    study_eligible_listed_program: StrictBool | None = Field(
        None, description="Is the program on an IRCC list of eligible programs or pilots?"
    )
    study_authorized_until: IsoDate | None = None

    @field_validator("permit_code")
    @classmethod
    def _known_code(cls, value: str | None) -> str | None:
        return normalize_code(value) if value else value


class SituationDetails(Strict):
    """Follow-up facts for the special situations (each asked only when a code needs it)."""

    cannot_support_without_work: StrictBool | None = Field(
        None, description="Are you unable to support yourself without working?"
    )
    claim_referred_to_irb: StrictBool | None = Field(
        None, description="Has your refugee claim been referred to the Refugee Protection Division?"
    )
    trp_months_valid: Months | None = Field(
        None, description="For how many more months is your temporary resident permit valid?"
    )
    public_policy_criteria_met: StrictBool | None = Field(
        None, description="Do you meet every criterion of the public policy you apply under?"
    )
    organization_religious_or_charitable: StrictBool | None = Field(
        None,
        description="Is the organization you will work for a religious or charitable one, and "
        "is the work part of its purpose (not ordinary paid labour)?",
    )
    arts_organization_core_funded: StrictBool | None = Field(
        None,
        description="Is the Canadian performing-arts organization non-profit and does it "
        "receive core or operating funding?",
    )
    residential_camp: StrictBool | None = Field(
        None, description="Is the camp residential (not a day camp)?"
    )
    canadian_based_team: StrictBool | None = Field(
        None, description="Will you coach or play for a team based in Canada?"
    )
    doctorate_completed_or_near: StrictBool | None = Field(
        None, description="Have you completed (or nearly completed) a PhD?"
    )
    funded_by_canadian_public_source: StrictBool | None = Field(
        None,
        description="Is your residency or fellowship paid for by a Canadian public source "
        "(a Canadian government, province or publicly funded program)?",
    )
    selected_for_academic_merit: StrictBool | None = Field(
        None, description="Were you chosen for academic excellence, for a paid, time-limited post?"
    )
    essential_to_production: StrictBool | None = Field(
        None,
        description="Is your position essential to a film or TV production in its production "
        "(shooting) stage, high-wage and unionized?",
    )
    provincial_endorsement: StrictBool | None = Field(
        None, description="Has the province endorsed you (certificate of endorsement)?"
    )
    community_recommendation: StrictBool | None = Field(
        None, description="Has a participating community recommended you?"
    )
    designated_organization_support: StrictBool | None = Field(
        None,
        description="Do you have a letter of support and commitment certificate from a "
        "designated venture capital fund, angel group or business incubator?",
    )
    essential_to_start_up: StrictBool | None = Field(
        None,
        description="Did the designated organization name you as essential to the start-up "
        "(not only as a member of the team)?",
    )
    included_in_principal_pr_application: StrictBool | None = Field(
        None, description="Are you included in the principal's permanent-residence application?"
    )
    coop_required_by_program: StrictBool | None = Field(
        None, description="Is the co-op or internship a required part of your study program?"
    )
    coop_at_most_half_of_program: StrictBool | None = Field(
        None, description="Is the work placement at most half of the program?"
    )


class Dependant(Strict):
    date_of_birth: IsoDate | None = None
    age: StrictInt | None = Field(None, ge=0, le=40)
    accompanying: StrictBool | None = None


class IecParticipation(Strict):
    category: IecCategory | None = Field(None, description="Which IEC category?")
    invitation_date: IsoDate | None = Field(None, description="Date of the invitation to apply")
    funds_cad: StrictFloat | None = Field(None, ge=0, description="Funds available, in CAD")
    health_insurance_full_stay: StrictBool | None = Field(
        None, description="Will you have health insurance for the whole stay?"
    )
    accompanying_dependants: StrictBool | None = Field(
        None, description="Would dependants come with you on the IEC permit?"
    )
    registered_student: StrictBool | None = Field(
        None, description="Are you registered at a school in your country (Co-op)?"
    )
    resident_of_citizenship_country: StrictBool | None = None
    via_recognized_organization: StrictBool | None = None


class TradeInvestment(Strict):
    enterprise_ownership_by_nationals_percent: StrictFloat | None = Field(
        None, ge=0, le=100, description="Share of the enterprise owned by citizens of your country"
    )
    substantial_trade: StrictBool | None = Field(
        None, description="Does the enterprise carry on substantial trade with Canada?"
    )
    trade_principally_with_canada: StrictBool | None = Field(
        None, description="Is more than half of that trade between Canada and your country?"
    )
    substantial_investment: StrictBool | None = Field(
        None, description="Has a substantial investment in Canada been made or committed?"
    )
    role: TradeRole | None = Field(None, description="Your role in the enterprise")


class Entrepreneur(Strict):
    owns_business: StrictBool | None = Field(None, description="Do you own the business in Canada?")
    seeking_temporary_only: StrictBool | None = Field(
        None, description="Are you seeking only temporary residence?"
    )
    significant_benefit: StrictBool | None = Field(
        None, description="Will the business bring significant benefit to Canadians?"
    )
    separate_funds: StrictBool | None = Field(
        None, description="Do you have funds to support yourself, separate from business funds?"
    )


class PrApplication(Strict):
    program: PrProgram | None = Field(None, description="Your permanent-residence program")
    submitted: StrictBool | None = None
    completeness_or_eligibility_passed: StrictBool | None = Field(
        None,
        description="Has IRCC confirmed the application complete (Express Entry) or given a "
        "positive eligibility decision?",
    )


class ProvincialNomination(Strict):
    nominated: StrictBool | None = Field(None, description="Has a province nominated you?")
    province: Province | None = None
    support_letter_for_work_permit: StrictBool | None = Field(
        None, description="Did the province give a letter supporting a work permit?"
    )
    employer_restriction: StrictBool | None = Field(
        None, description="Does the nomination tie you to a specific employer?"
    )


class Admissibility(Strict):
    intended_stay_months: Months | None = Field(None, description="How long will you stay?")
    lived_in_designated_country_6_months: StrictBool | None = Field(
        None,
        description="In the past year, did you spend six months or more in a row in a country "
        "on IRCC's list of countries requiring a medical exam?",
    )
    work_in_health_or_childcare_or_school: StrictBool | None = Field(
        None, description="Will you work in health care, child care or a primary/secondary school?"
    )
    agricultural_work: StrictBool | None = None
    countries_lived_6_months_since_18: list[Country] | None = Field(
        None, description="Countries where you lived six months or more since age 18"
    )


class Profile(Strict):
    """Everything impnav may need to know about one applicant. All fields are optional."""

    citizenships: list[Country] | None = Field(None, description="Your citizenships", max_length=5)
    us_insular_area_citizen: StrictBool | None = Field(
        None,
        description="Is your US citizenship through Guam, the Northern Mariana Islands, American "
        "Samoa or the US Virgin Islands?",
    )
    date_of_birth: IsoDate | None = None
    age: StrictInt | None = Field(None, ge=0, le=120)
    country_of_residence: Country | None = None
    status_in_canada: StatusInCanada | None = None
    education: Education | None = None
    canadian_study: CanadianStudy | None = None
    languages: Languages | None = None
    work_history: list[WorkExperience] | None = Field(None, max_length=50)
    ict_years_used: StrictFloat | None = Field(
        None,
        ge=0,
        le=50,
        description="Years already spent in Canada as an intra-company transferee",
    )
    job_offer: JobOffer | None = None
    relationship_to_principal: Relationship | None = Field(
        None, description="Are you the spouse, partner or child of a worker or student in Canada?"
    )
    family_principal: FamilyPrincipal | None = None
    dependants: list[Dependant] | None = Field(None, max_length=20)
    iec: IecParticipation | None = None
    trade_investment: TradeInvestment | None = None
    entrepreneur: Entrepreneur | None = None
    significant_benefit_evidence: StrictBool | None = Field(
        None,
        description="Can you show the work will bring significant economic, social or cultural "
        "benefit to Canadians?",
    )
    reciprocal_arrangement: StrictBool | None = Field(
        None, description="Do Canadians get similar work in your country through an arrangement?"
    )
    pr_application: PrApplication | None = None
    provincial_nomination: ProvincialNomination | None = None
    permanent_residence_countries: list[Country] | None = Field(
        None,
        description="Countries other than Canada where you are a permanent resident",
        max_length=5,
    )
    situations: list[Situation] | None = Field(
        None,
        description="Does any of these describe you or the work you come for? (tick all that "
        "apply; none is an answer too)",
        max_length=len(Situation),
    )
    situation_details: SituationDetails | None = None
    admissibility: Admissibility | None = None

    @field_validator("date_of_birth")
    @classmethod
    def _birth_not_in_future(cls, value: IsoDate | None) -> IsoDate | None:
        if value and value > date.today():
            raise ValueError("date of birth is in the future")
        return value
