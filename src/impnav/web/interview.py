"""The guided interview: ask only the questions that can still change a verdict.

Like docassemble's goal-driven interviews, the next question comes from the engine itself: the
facts still missing for streams that need information, weighted so that streams closest to a
decision are served first. Answers live in the page (a hidden JSON field), so the interview needs
no server-side state, survives back navigation and never stores personal data.
"""

from __future__ import annotations

import json
import typing
from collections import Counter
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from pydantic import ValidationError

from impnav.engine.eligibility import assess
from impnav.inputs import describe_validation_error
from impnav.models.assessment import Assessment
from impnav.models.coerce import number_from_text
from impnav.models.common import PROVINCES
from impnav.models.introspect import field_at
from impnav.models.profile import Profile

# Asked first, in this order: they decide most streams at once.
OPENING = ("citizenships", "date_of_birth", "relationship_to_principal")
# List-valued facts asked as one small form each.
COMPOUND = {
    "work_history": (
        "Your job with a company related to the Canadian employer (parent, subsidiary, branch "
        "or affiliate), if any"
    ),
}
MAX_QUESTIONS = 60


@dataclass(frozen=True)
class Question:
    path: str
    label: str
    kind: str  # text | bool | select | date | number | countries | checklist | work
    options: tuple[tuple[str, str], ...] = ()
    help: str = ""


def _field(path: str) -> tuple[Any, str] | None:
    """(annotation, description) of a dotted Profile path, or None if it is not a plain field."""
    found = field_at(Profile, path)
    if found is None:
        return None
    annotation, info = found
    return annotation, info.description or ""


def _humanize(path: str) -> str:
    return path.split(".")[-1].replace("_", " ").capitalize() + "?"


def question_for(path: str) -> Question | None:
    if path in COMPOUND:
        return Question(path, COMPOUND[path], "work")
    found = _field(path)
    if found is None:
        return None
    annotation, description = found
    label = description or _humanize(path)
    name = path.split(".")[-1]
    if path == "citizenships":
        return Question(path, label, "countries", help="Country names or codes, e.g. US, Mexico")
    if name == "province":
        return Question(path, label, "select", tuple((p, p) for p in PROVINCES))
    if annotation is bool:
        return Question(path, label, "bool", (("true", "Yes"), ("false", "No")))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        options = tuple((m.value, m.value.replace("_", " ")) for m in annotation)
        return Question(path, label, "select", options)
    if annotation is date:
        return Question(path, label, "date")
    if annotation in (int, float):
        return Question(path, label, "number")
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        if isinstance(item, type) and issubclass(item, Enum):
            options = tuple((m.value, m.value.replace("_", " ")) for m in item)
            return Question(
                path, label, "checklist", options, help="Leave all unticked if none apply."
            )
        return None
    hint = "NOC 2021 code (5 digits); not sure? use the NOC finder" if name == "noc" else ""
    return Question(path, label, "text", help=hint)


def next_question(result: Assessment, asked: set[str]) -> Question | None:
    """The unanswered fact that most streams close to a decision are waiting for."""
    for path in OPENING:
        if path not in asked:
            return question_for(path)
    weights: Counter[str] = Counter()
    for stream in result.streams:
        if stream.verdict != "needs_info":
            continue
        for path in stream.missing:
            base = path.split("[")[0]
            weights[base] += 1.0 / len(stream.missing)
    for path, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0])):
        if path in asked:
            continue
        question = question_for(path)
        if question is not None:
            return question
    return None


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def parse_answer(question: Question, form: dict[str, str]) -> Any:
    """The raw form value(s) as profile JSON; validation happens on the whole profile."""
    raw = (form.get("value") or "").strip()
    if question.kind == "bool":
        return {"true": True, "false": False}.get(raw)
    if question.kind == "countries":
        return [c.strip() for c in raw.replace(";", ",").split(",") if c.strip()]
    if question.kind == "number":
        return number_from_text(raw) if raw else None
    if question.kind == "checklist":
        return [value for value, _ in question.options if form.get(f"choice__{value}")]
    if question.kind == "work":
        entry = {
            "start_date": form.get("start_date") or None,
            "end_date": form.get("end_date") or None,
            "full_time": {"true": True, "false": False}.get(form.get("full_time", "")),
            "related_to_canadian_employer": {"true": True, "false": False}.get(
                form.get("related", "")
            ),
        }
        return [entry] if any(v is not None for v in entry.values()) else []
    return raw or None


@dataclass
class InterviewState:
    answers: dict[str, Any]
    asked: list[str]
    case_id: str | None = None  # set when the answers were opened from a saved case

    def to_json(self) -> str:
        data: dict[str, Any] = {"answers": self.answers, "asked": self.asked}
        if self.case_id:
            data["case_id"] = self.case_id
        return json.dumps(data, default=str)

    @classmethod
    def from_json(cls, text: str | None) -> InterviewState:
        if not text:
            return cls({}, [])
        try:
            data = json.loads(text)
            case_id = data.get("case_id")
            case_id = case_id if isinstance(case_id, str) and len(case_id) <= 36 else None
            return cls(dict(data.get("answers", {})), list(data.get("asked", [])), case_id)
        except (ValueError, TypeError, AttributeError):
            return cls({}, [])


def profile_of(state: InterviewState) -> tuple[Profile | None, str | None]:
    try:
        return Profile.model_validate(state.answers), None
    except ValidationError as exc:
        return None, describe_validation_error(exc)


def step(state: InterviewState, on: date) -> tuple[Assessment, Question | None]:
    profile, _ = profile_of(state)
    result = assess(profile or Profile(), on)
    if len(state.asked) >= MAX_QUESTIONS:
        return result, None
    return result, next_question(result, set(state.asked))
