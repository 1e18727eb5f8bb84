"""Cases on SQLite and PostgreSQL: save, reopen by token, re-assess with history, delete for
real; tokens are stored hashed and a wrong token opens nothing."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from impnav.api.app import create_app
from impnav.models.profile import Profile
from impnav.store.cases import CaseNotFound, create_case, delete_case, open_case, reassess
from impnav.store.db import engine_for, session_scope
from impnav.store.models import Case, CaseAssessment
from tests.conftest import example_data, example_json

ON = date(2026, 11, 28)


def test_case_lifecycle(database: str) -> None:
    bind = engine_for(database)
    profile = Profile.model_validate(example_data("spouse-of-engineer"))
    with session_scope(bind) as session:
        created = create_case(session, profile, ON)
    with session_scope(bind) as session:
        stored = session.get(Case, created.case_id)
        assert stored.token_hash != created.token and len(stored.token_hash) == 64
        case = open_case(session, created.case_id, created.token)
        assert case.assessments[0].result["counts"]["eligible"] == 1
    changed = Profile.model_validate({**example_data("spouse-of-engineer"),
                                      "relationship_to_principal": "none"})  # fmt: skip
    with session_scope(bind) as session:
        case = reassess(session, created.case_id, created.token, changed, ON)
        assert len(case.assessments) == 2
        assert case.assessments[-1].result["counts"]["eligible"] == 0
    with session_scope(bind) as session:
        with pytest.raises(CaseNotFound):
            open_case(session, created.case_id, "not-the-token")
        delete_case(session, created.case_id, created.token)
    with session_scope(bind) as session:
        assert session.scalar(select(func.count()).select_from(CaseAssessment)) == 0
        with pytest.raises(CaseNotFound):
            open_case(session, created.case_id, created.token)


def test_cases_api(database: str) -> None:
    client = TestClient(create_app(), raise_server_exceptions=False)
    created = client.post("/api/v1/cases", params={"as_of": "2026-11-28"},
                          json=example_json("pnp-nominee"))  # fmt: skip
    assert created.status_code == 201
    case_id, token = created.json()["case_id"], created.json()["token"]
    assert len(token) >= 40
    headers = {"X-Case-Token": token}
    got = client.get(f"/api/v1/cases/{case_id}", headers=headers)
    assert got.status_code == 200 and len(got.json()["history"]) == 1
    wrong = client.get(f"/api/v1/cases/{case_id}", headers={"X-Case-Token": "x" * 43})
    assert wrong.status_code == 404
    assert client.get(f"/api/v1/cases/{case_id}").status_code == 404  # no token: same as wrong
    updated = client.put(f"/api/v1/cases/{case_id}", headers=headers,
                         json={**example_json("pnp-nominee"), "age": 250})  # fmt: skip
    assert updated.status_code == 422  # bad input changes nothing
    assert len(client.get(f"/api/v1/cases/{case_id}", headers=headers).json()["history"]) == 1
    assert client.delete(f"/api/v1/cases/{case_id}", headers=headers).status_code == 204
    assert client.get(f"/api/v1/cases/{case_id}", headers=headers).status_code == 404
