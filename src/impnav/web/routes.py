"""The web app: server-rendered pages (Jinja2), usable without JavaScript, no external assets."""

from __future__ import annotations

from datetime import date
from importlib import resources
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from impnav.models.coerce import typed
from impnav.rules.loader import load_rulebook
from impnav.web.interview import InterviewState, parse_answer, profile_of, question_for, step
from impnav.web.reports import markdown_report, pdf_report
from impnav.web.security import csrf_token

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(resources.files("impnav.web").joinpath("templates")))


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("as_of", date.today().isoformat())
    context.setdefault("csrf", csrf_token(request))
    return templates.TemplateResponse(request, name, context, status_code=status_code)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    return page(request, "home.html", streams=len(load_rulebook().rules))


def _question_page(
    request: Request, state: InterviewState, on: date, error: str | None = None,
    path: str | None = None,
) -> HTMLResponse:  # fmt: skip
    result, question = step(state, on)
    if path:
        question = question_for(path) or question
    if question is None:
        return _results_page(request, state, on)
    decided = sum(1 for s in result.streams if s.verdict != "needs_info")
    previous = state.answers
    for part in question.path.split("."):
        previous = previous.get(part) if isinstance(previous, dict) else None
    return page(
        request,
        "question.html",
        status_code=422 if error else 200,
        q=question,
        state=state.to_json(),
        error=error,
        previous=str(previous).lower() if isinstance(previous, bool) else previous,
        asked_count=len(state.asked),
        decided=decided,
        total=max(len(result.streams), 1),
    )


def _results_page(request: Request, state: InterviewState, on: date) -> HTMLResponse:
    from impnav.models.pathways import PathwaysInput
    from impnav.pathways.plan import pathways

    result, _ = step(state, on)
    profile, error = profile_of(state)
    ahead = pathways(PathwaysInput(profile=profile), on) if profile is not None else None
    return page(request, "results.html", result=result, state=state.to_json(),
                profile_error=error, ahead=ahead, case_id=state.case_id)  # fmt: skip


@router.get("/interview", response_class=HTMLResponse)
def interview_start(request: Request) -> HTMLResponse:
    return _question_page(request, InterviewState({}, []), date.today())


@router.post("/interview", response_class=HTMLResponse)
async def interview_step(
    request: Request, state: str = Form(""), path: str = Form(""), action: str = Form("next")
) -> HTMLResponse:
    on = date.today()
    current = InterviewState.from_json(state)
    if action == "back" and current.asked:
        last = current.asked.pop()
        _unset(current.answers, last)
        return _question_page(request, current, on, path=last)
    if action == "results":
        return _results_page(request, current, on)
    question = question_for(path) if path else None
    if question is not None and action in ("next", "skip"):
        if action == "next":
            form = {k: str(v) for k, v in (await request.form()).items()}
            value = parse_answer(question, form)
            if value is not None:
                trial = InterviewState(
                    _copy_with(current.answers, path, value), current.asked, current.case_id
                )
                _, error = profile_of(trial)
                if error:
                    return _question_page(request, current, on, error=error, path=path)
                current = trial
        current.asked.append(path)
    return _question_page(request, current, on)


def _copy_with(answers: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    import copy

    from impnav.web.interview import set_path

    updated = copy.deepcopy(answers)
    set_path(updated, path, value)
    return updated


def _unset(answers: dict[str, Any], path: str) -> None:
    *parents, last = path.split(".")
    node: Any = answers
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(last, None)


@router.post("/results/export")
def results_export(state: str = Form(""), format: str = Form("md")) -> Response:
    current = InterviewState.from_json(state)
    result, _ = step(current, date.today())
    if format == "pdf":
        return Response(
            pdf_report(result),
            media_type="application/pdf",
            headers={"Content-Disposition": 'attachment; filename="impnav-report.pdf"'},
        )
    return Response(
        markdown_report(result),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="impnav-report.md"'},
    )


@router.get("/noc", response_class=HTMLResponse)
def noc_page(request: Request, q: str | None = None) -> HTMLResponse:
    from impnav.noc.search import QueryError, search

    if q is None:
        return page(request, "noc.html", q=None, result=None)
    try:
        return page(request, "noc.html", q=q, result=search(q, limit=8))
    except QueryError as exc:
        message = str(exc).removeprefix("q: ")
        return page(request, "noc.html", status_code=422, q=q, result=None, error=message)


@router.get("/noc/{code}", response_class=HTMLResponse)
def noc_group_page(request: Request, code: str) -> HTMLResponse:
    from impnav.noc.lookup import NocLookupError, show

    try:
        groups = show(code)
    except NocLookupError as exc:
        return page(request, "not_found.html", status_code=404, message=str(exc))
    return page(request, "noc_group.html", groups=groups, g=groups[0])


ABILITIES = ("reading", "writing", "listening", "speaking")


def _crs_options() -> dict[str, Any]:
    from impnav.models.crs import ArrangedEmployment, CanadianEducation, MaritalStatus
    from impnav.models.profile import EducationLevel

    def pairs(enum: Any) -> tuple[tuple[str, str], ...]:
        return tuple((m.value, m.value.replace("_", " ")) for m in enum)

    return {
        "marital": pairs(MaritalStatus),
        "education": pairs(EducationLevel),
        "canadian_education": pairs(CanadianEducation),
        "arranged": pairs(ArrangedEmployment),
        "tests": (
            ("clb", "CLB/NCLC levels"),
            ("ielts", "IELTS General Training"),
            ("celpip", "CELPIP-General"),
            ("pte_core", "PTE Core"),
            ("tef", "TEF Canada"),
            ("tcf", "TCF Canada"),
        ),
        "abilities": ABILITIES,
    }


def _clb(form: dict[str, str], prefix: str) -> dict[str, Any] | None:
    values = {a: form.get(f"{prefix}_{a}", "").strip() for a in ABILITIES}
    if not any(values.values()):
        return None
    return {"clb": {a: v or None for a, v in values.items()}}


def crs_form_to_profile(form: dict[str, str]) -> dict[str, Any]:
    """Form fields as the CRS profile JSON (unchecked boxes are false, empty numbers 0)."""

    def number(name: str) -> Any:
        value = form.get(name, "").strip()
        return value if value else 0

    data: dict[str, Any] = {
        "age": form.get("age", "").strip() or None,
        "marital_status": form.get("marital_status") or "single",
        "education": form.get("education") or None,
        "canadian_experience_years": number("canadian_experience_years"),
        "foreign_experience_years": number("foreign_experience_years"),
        "canadian_education": form.get("canadian_education") or "none",
    }
    for flag in ("spouse_accompanying", "spouse_is_canadian", "certificate_of_qualification",
                 "provincial_nomination", "sibling_in_canada"):  # fmt: skip
        data[flag] = form.get(flag) == "true"
    first = _clb(form, "first")
    test = form.get("first_test") or "clb"
    if first is not None and test != "clb":
        first = {"test": test, **first["clb"], "test_date": form.get("first_test_date") or None}
    elif first is not None:
        first["language"] = form.get("first_language_name") or "english"
    data["first_language"] = first
    data["arranged_employment"] = form.get("arranged_employment") or "none"
    second = _clb(form, "second")
    if second is not None:
        data["second_language"] = second
    spouse_lang = _clb(form, "spouse")
    if form.get("spouse_education") or spouse_lang or form.get("spouse_canadian_experience_years"):
        data["spouse"] = {
            "education": form.get("spouse_education") or None,
            "first_language": spouse_lang,
            "canadian_experience_years": number("spouse_canadian_experience_years"),
        }
    return data


def _form_errors(exc: Any, prefix_map: dict[str, str] | None = None) -> dict[str, str]:
    """pydantic errors keyed by the form field they belong to (for messages next to fields)."""
    errors: dict[str, str] = {}
    for err in exc.errors(include_url=False):
        loc = [str(p) for p in err["loc"]]
        key = "_".join(loc[:1]) if loc else "form"
        if loc[:1] in (["first_language"], ["second_language"]) and len(loc) > 2:
            key = f"{loc[0].split('_')[0]}_{loc[-1]}"
        elif loc[:1] == ["first_language"]:
            key = "first_test"  # a raw-score problem names the ability in its message
        if loc[:1] == ["spouse"] and len(loc) > 1:
            key = f"spouse_{loc[-1]}" if loc[-1] in ABILITIES else f"spouse_{loc[1]}"
        if prefix_map:
            key = prefix_map.get(key, key)
        errors.setdefault(key, str(err["msg"]).removeprefix("Value error, "))
    return errors


@router.get("/crs", response_class=HTMLResponse)
def crs_page(request: Request) -> HTMLResponse:
    return page(request, "crs.html", form={}, errors={}, result=None, **_crs_options())


@router.post("/crs", response_class=HTMLResponse)
async def crs_submit(request: Request) -> HTMLResponse:
    from pydantic import ValidationError

    from impnav.crs.crs import score
    from impnav.crs.fsw import assess_fsw
    from impnav.models.crs import CrsProfile

    form = {k: str(v) for k, v in (await request.form()).items()}
    try:
        profile = CrsProfile.model_validate(typed(crs_form_to_profile(form), CrsProfile))
    except ValidationError as exc:
        errors = _form_errors(exc)
        return page(request, "crs.html", status_code=422, form=form, errors=errors, result=None,
                    **_crs_options())  # fmt: skip
    on = date.today()
    return page(request, "crs.html", form=form, errors={}, result=score(profile, on),
                fsw=assess_fsw(profile, on), **_crs_options())  # fmt: skip


def offer_form_to_data(form: dict[str, str]) -> dict[str, Any]:
    """Flat form fields (dotted names) as offer JSON; one work location, one citizenship."""
    from impnav.web.interview import set_path

    data: dict[str, Any] = {}
    for name, raw in form.items():
        value: Any = raw.strip()
        if value == "":
            continue
        if name == "worker.citizenships":
            value = [value]
        elif name == "worker.cusma_credential_met":
            value = value == "true"
        set_path(data, name, value)
    job = data.setdefault("job", {})
    if "locations" in job:
        job["locations"] = [job["locations"]]
    return data


def _offer_options() -> dict[str, Any]:
    from impnav.models.common import PROVINCES
    from impnav.models.profile import PositionType, WageUnit

    rules = load_rulebook().rules
    codes = sorted({r.code for r in rules if r.employer_portal_offer})
    return {
        "codes": tuple((c, c) for c in codes),
        "provinces": tuple((p, p) for p in PROVINCES),
        "units": tuple((u.value, u.value) for u in WageUnit),
        "positions": (("", "—"), *((p.value, p.value.replace("_", " ")) for p in PositionType)),
        "yesno": (("", "—"), ("true", "Yes"), ("false", "No")),
    }


def _by_field(findings: list[Any]) -> dict[str, list[str]]:
    """Report findings keyed by the form field that shows them."""
    out: dict[str, list[str]] = {}
    for f in findings:
        key = f.field.replace("[0]", "")
        out.setdefault(key, []).append(f.message)
    return out


@router.get("/offer", response_class=HTMLResponse)
def offer_page(request: Request) -> HTMLResponse:
    return page(request, "offer.html", form={}, errors={}, warnings={}, report=None,
                **_offer_options())  # fmt: skip


@router.post("/offer", response_class=HTMLResponse)
async def offer_submit(request: Request) -> HTMLResponse:
    from pydantic import ValidationError

    from impnav.models.offer import Offer
    from impnav.offer.check import check_offer

    form = {k: str(v) for k, v in (await request.form()).items()}
    try:
        offer = Offer.model_validate(typed(offer_form_to_data(form), Offer))
    except ValidationError as exc:
        errors: dict[str, list[str]] = {}
        for err in exc.errors(include_url=False):
            loc = [str(p) for p in err["loc"] if not str(p).isdigit()]
            key = ".".join(loc) if loc else "offer"
            message = str(err["msg"]).removeprefix("Value error, ")
            errors.setdefault(key if key in form or "." in key else "offer", []).append(message)
        return page(request, "offer.html", status_code=422, form=form, errors=errors,
                    warnings={}, report=None, **_offer_options())  # fmt: skip
    report = check_offer(offer, date.today())
    return page(request, "offer.html", form=form, errors=_by_field(report.errors),
                warnings=_by_field(report.warnings), report=report,
                **_offer_options())  # fmt: skip
