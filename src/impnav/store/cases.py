"""Cases: save an assessment, reopen it with its token, re-assess an updated profile (history
kept), delete it for good. Only the owner (token, link or password) and the assigned consultant
open it."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from impnav.engine.eligibility import assess
from impnav.models.assessment import to_jsonable
from impnav.models.profile import Profile
from impnav.store.models import Case, CaseAssessment, now

TOKEN_BYTES = 32  # 256 bits: unguessable, so the link itself is the key


class CaseNotFound(LookupError):
    """No such case, or the token does not open it (the two are not told apart)."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class CreatedCase:
    case_id: str
    token: str


def _assessment_row(profile: Profile, on: date) -> CaseAssessment:
    return CaseAssessment(
        as_of=on,
        profile=profile.model_dump(mode="json", exclude_none=True),
        result=to_jsonable(assess(profile, on)),
    )


def create_case(session: Session, profile: Profile, on: date) -> CreatedCase:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    case = Case(id=str(uuid.uuid4()), token_hash=hash_token(token))
    case.assessments.append(_assessment_row(profile, on))
    session.add(case)
    session.flush()
    return CreatedCase(case.id, token)


def open_case(session: Session, case_id: str, token: str) -> Case:
    case = session.get(Case, case_id)
    if case is None or not hmac.compare_digest(case.token_hash, hash_token(token)):
        raise CaseNotFound(case_id)
    return case


def reassess(session: Session, case_id: str, token: str, profile: Profile, on: date) -> Case:
    return add_assessment(session, open_case(session, case_id, token), profile, on)


def add_assessment(session: Session, case: Case, profile: Profile, on: date) -> Case:
    """Assess the profile as of `on` and append it to an (authorised) case's history."""
    case.assessments.append(_assessment_row(profile, on))
    case.updated_at = now()
    session.flush()
    return case


def latest_profile(case: Case) -> Profile:
    return Profile.model_validate(case.assessments[-1].profile)


def delete_case(session: Session, case_id: str, token: str) -> None:
    session.delete(open_case(session, case_id, token))
    session.flush()


def case_view(case: Case) -> dict[str, Any]:
    history = [
        {"id": a.id, "as_of": a.as_of.isoformat(), "created_at": a.created_at.isoformat(),
         "counts": a.result.get("counts"), "profile": a.profile}
        for a in case.assessments
    ]  # fmt: skip
    return {
        "case_id": case.id,
        "created_at": case.created_at.isoformat(),
        "updated_at": case.updated_at.isoformat(),
        "latest": case.assessments[-1].result,
        "history": history,
    }


def count_cases(session: Session) -> int:
    return len(session.scalars(select(Case.id)).all())
