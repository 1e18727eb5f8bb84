"""Input of `impnav pathways`: the applicant profile, optionally the CRS profile (to re-score
with Canadian experience) and a study plan (to check a study permit)."""

from __future__ import annotations

from pydantic import Field, StrictBool, StrictFloat

from impnav.models.common import Province, Strict
from impnav.models.crs import CrsProfile
from impnav.models.profile import Profile


class StudyPlan(Strict):
    province: Province
    dli_acceptance: StrictBool | None = Field(None, description="Letter of acceptance from a DLI?")
    attestation_letter: StrictBool | None = Field(
        None, description="Provincial or territorial attestation letter (PAL/TAL)?"
    )
    quebec_caq: StrictBool | None = Field(None, description="Quebec acceptance certificate (CAQ)?")
    first_year_tuition: float = Field(0, ge=0, le=1_000_000)
    transport: float = Field(0, ge=0, le=100_000)
    funds_available: StrictFloat | None = Field(None, ge=0)
    family_members_coming: int = Field(0, ge=0, le=20)
    program_length_months: StrictFloat | None = Field(None, ge=0, le=120)
    degree: StrictBool | None = Field(None, description="Does the program lead to a degree?")
    dli_pgwp_eligible: StrictBool | None = None


class PathwaysInput(Strict):
    profile: Profile
    crs: CrsProfile | None = None
    study_plan: StudyPlan | None = None
