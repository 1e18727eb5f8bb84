"""Cases over HTTP. The owner's token comes in the `X-Case-Token` header (never in the URL, so it
stays out of server logs); a wrong token and a missing case both answer 404."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Header, HTTPException, Query, Response
from pydantic import BaseModel

from impnav.models.common import IsoDate
from impnav.models.profile import Profile
from impnav.store.cases import (
    CaseNotFound,
    case_view,
    create_case,
    delete_case,
    open_case,
    reassess,
)
from impnav.store.db import session_scope

router = APIRouter(tags=["cases"])
# Optional here so that a missing token is the same 404 as a wrong one: no answer tells a
# stranger whether a case exists.
TOKEN = Header("", alias="X-Case-Token", max_length=200)


class CaseCreated(BaseModel):
    case_id: str
    token: str
    note: str
    latest: dict[str, Any]


def _not_found() -> HTTPException:
    return HTTPException(status_code=404, detail="no case with that id and token")


@router.post("/cases", status_code=201, response_model=CaseCreated)
def cases_create(profile: Profile, as_of: IsoDate | None = Query(None)) -> dict[str, Any]:
    on = as_of or date.today()
    with session_scope() as session:
        created = create_case(session, profile, on)
        view = case_view(open_case(session, created.case_id, created.token))
    return {
        "case_id": created.case_id,
        "token": created.token,
        "note": "Keep this token: it is the only key to the case and cannot be shown again.",
        "latest": view["latest"],
    }


@router.get("/cases/{case_id}")
def cases_get(case_id: str, token: str = TOKEN) -> dict[str, Any]:
    with session_scope() as session:
        try:
            return case_view(open_case(session, case_id, token))
        except CaseNotFound:
            raise _not_found() from None


@router.put("/cases/{case_id}")
def cases_update(
    case_id: str, profile: Profile, token: str = TOKEN, as_of: IsoDate | None = Query(None)
) -> dict[str, Any]:
    with session_scope() as session:
        try:
            return case_view(reassess(session, case_id, token, profile, as_of or date.today()))
        except CaseNotFound:
            raise _not_found() from None


@router.delete("/cases/{case_id}", status_code=204)
def cases_delete(case_id: str, token: str = TOKEN) -> Response:
    with session_scope() as session:
        try:
            delete_case(session, case_id, token)
        except CaseNotFound:
            raise _not_found() from None
    return Response(status_code=204)
