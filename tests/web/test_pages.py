"""The web app through HTTP: the interview asks only open questions, keeps answers on errors and
back navigation, shows grouped results, exports reports; the other pages and the 404 page."""

from __future__ import annotations

import html
import json
import re

import pytest
from fastapi.testclient import TestClient

from impnav.api.app import create_app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


def _state(page: str) -> str:
    return html.unescape(re.search(r'name="state" value="([^"]*)"', page).group(1))


def _asked(page: str) -> str:
    return re.search(r'name="path" value="([^"]*)"', page).group(1)


def answer(client: TestClient, page: str, value: str, action: str = "next") -> str:
    data = {"state": _state(page), "path": _asked(page), "value": value, "action": action}
    return client.post("/interview", data=data).text


def test_home_and_static(client: TestClient) -> None:
    home = client.get("/")
    assert home.status_code == 200 and "Find my stream" in home.text
    assert client.get("/static/app.css").status_code == 200
    assert not re.search(r'(src|href)="https?://', home.text.split("<footer>")[0])  # no CDN/fonts


def test_interview_asks_opening_questions_then_goal_driven_ones(client: TestClient) -> None:
    page = client.get("/interview").text
    assert _asked(page) == "citizenships"
    page = answer(client, page, "US")
    assert _asked(page) == "date_of_birth"
    page = answer(client, page, "1990-04-12")
    page = answer(client, page, "none")
    asked = [_asked(page)]
    for _ in range(12):
        if 'name="path" value=""' in page or "Your streams" in page:
            break
        page = answer(client, page, "", action="skip")
        asked.append(_asked(page) if 'name="path"' in page else "")
    assert len(set(asked)) == len(asked), "a question was asked twice"
    assert "job_offer.employer_name" in asked


def test_invalid_answer_is_shown_next_to_the_question_and_answers_are_kept(client) -> None:
    page = answer(client, client.get("/interview").text, "Mexico")
    bad = client.post("/interview", data={"state": _state(page), "path": "date_of_birth",
                                          "value": "3000-01-01", "action": "next"})  # fmt: skip
    assert bad.status_code == 422 and "future" in bad.text
    assert _asked(bad.text) == "date_of_birth" and '"citizenships": ["Mexico"]' in _state(bad.text)


def test_back_returns_to_the_previous_question(client: TestClient) -> None:
    page = answer(client, client.get("/interview").text, "US")
    back = client.post("/interview", data={"state": _state(page), "path": _asked(page),
                                           "action": "back"}).text  # fmt: skip
    assert _asked(back) == "citizenships" and '"answers": {}' in _state(back)


def test_results_group_streams_and_export(client: TestClient) -> None:
    page = answer(client, client.get("/interview").text, "US")
    results = client.post("/interview", data={"state": _state(page), "path": "",
                                              "action": "results"}).text  # fmt: skip
    assert "Your streams" in results and "Not eligible" in results
    assert "IRCC source" in results and 'type="checkbox"' in results
    md = client.post("/results/export", data={"state": _state(results), "format": "md"})
    assert md.status_code == 200 and md.text.startswith("# impnav assessment")
    pdf = client.post("/results/export", data={"state": _state(results), "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_noc_pages(client: TestClient) -> None:
    assert client.get("/noc").status_code == 200
    found = client.get("/noc", params={"q": "registered nurse in a hospital"})
    assert found.status_code == 200 and "/noc/31301" in found.text
    assert client.get("/noc", params={"q": "   "}).status_code == 422
    group = client.get("/noc/31301")
    assert group.status_code == 200 and "Main duties" in group.text
    assert client.get("/noc/2174").text.count("<h1>") == 3
    assert client.get("/noc/99999").status_code == 404


def test_crs_page(client: TestClient) -> None:
    form = {"age": "29", "marital_status": "single", "education": "bachelors_or_three_year",
            "first_language_name": "english", "foreign_experience_years": "3"}  # fmt: skip
    form.update({f"first_{a}": "9" for a in ("reading", "writing", "listening", "speaking")})
    ok = client.post("/crs", data=form)
    assert ok.status_code == 200 and "CRS score: 429" in ok.text and "<svg" in ok.text
    assert "Federal Skilled Worker" in ok.text
    bad = client.post("/crs", data={**form, "first_reading": "15"})
    assert bad.status_code == 422 and "less than or equal to 12" in bad.text
    assert 'value="29"' in bad.text  # other answers kept


def test_offer_page(client: TestClient) -> None:
    assert client.get("/offer").status_code == 200
    form = {"exemption_code": "C16", "employer.legal_name": "Résidence Beauséjour",
            "employer.address.street": "35 rue Church", "employer.address.city": "Moncton",
            "employer.address.province": "NB", "employer.address.postal_code": "E1C 4Z3",
            "employer.contact.name": "Luc", "employer.contact.email": "rh@x.example",
            "employer.contact.phone": "506 555 0123", "job.title": "Préposée",
            "job.noc": "33102", "job.main_duties": "See attached", "job.wage": "21.5",
            "job.wage_unit": "hour", "job.hours_per_week": "37.5",
            "job.locations.street": "35 rue Church", "job.locations.city": "Moncton",
            "job.locations.province": "NB", "job.locations.postal_code": "E1C 4Z3",
            "job.start_date": "2027-01-11", "job.end_date": "2029-01-10",
            "worker.family_name": "Nkono", "worker.given_name": "Chantal",
            "worker.date_of_birth": "1995-11-03", "worker.citizenships": "CM"}  # fmt: skip
    checked = client.post("/offer", data=form)
    assert checked.status_code == 200 and "Fix before submitting" in checked.text
    assert "see attached" in checked.text
    invalid = client.post("/offer", data={**form, "employer.address.postal_code": "12345"})
    assert invalid.status_code == 422 and "not a Canadian postal code" in invalid.text


def test_unknown_page_is_friendly_and_api_404_stays_json(client: TestClient) -> None:
    page = client.get("/no/such/page")
    assert page.status_code == 404 and "does not exist" in page.text
    api = client.get("/api/v1/nothing")
    assert api.status_code == 404 and api.headers["content-type"].startswith("application/json")


def test_the_situations_checklist_decides_many_codes_at_once(client: TestClient) -> None:
    """One tick-all-that-apply question settles the codes that hang on a special situation."""
    answers = {
        "citizenships": ["SY"],
        "date_of_birth": "1990-01-01",
        "relationship_to_principal": "none",
    }
    state = json.dumps({"answers": answers, "asked": list(answers)})
    page = client.post("/interview", data={"state": state, "path": "situations", "action": "next",
                                           "choice__refugee_claimant": "on"})  # fmt: skip
    assert page.status_code == 200
    assert json.loads(_state(page.text))["answers"]["situations"] == ["refugee_claimant"]
    results = client.post("/interview", data={"state": _state(page.text), "action": "results"}).text
    assert "S61 Refugee claimants" in results
    none_ticked = client.post("/interview", data={"state": state, "path": "situations",
                                                  "action": "next"})  # fmt: skip
    assert json.loads(_state(none_ticked.text))["answers"]["situations"] == []


def test_the_checklist_question_renders_as_checkboxes(client: TestClient) -> None:
    from impnav.web.interview import question_for

    question = question_for("situations")
    assert question is not None and question.kind == "checklist"
    assert ("refugee_claimant", "refugee claimant") in question.options
