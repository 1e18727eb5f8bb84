"""Facts the rules test: profile fields by dotted path, plus derived facts computed as of a date.

A fact is either a value or `Missing(fields)`, naming the *input* fields a person would have to
answer. Derived facts follow three-valued (Kleene) logic, so adding an answer can settle an unknown
but never unsettle a known value: that is what keeps "eligible" from turning into "needs info".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from impnav.engine.outcome import UNKNOWN, Outcome
from impnav.models.profile import CurriculumLicensing, Profile, StatusKind
from impnav.noc.catalog import unit_group
from impnav.rules.iec import iec_agreement, is_iec_partner


class Missing:
    """An unknown fact and the input fields that would settle it.

    Carries its ready-made "unknown" outcome so that conditions reading it allocate nothing.
    """

    __slots__ = ("fields", "outcome")

    def __init__(self, fields: tuple[str, ...]) -> None:
        self.fields = fields
        self.outcome = Outcome(UNKNOWN, fields)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Missing) and other.fields == self.fields

    def __hash__(self) -> int:
        return hash(self.fields)

    def __repr__(self) -> str:
        return f"Missing({self.fields!r})"


_UNSET = object()
# Per profile path: its parts and the one shared Missing for it (Missing is immutable).
_PATHS: dict[str, tuple[tuple[str, ...], Missing]] = {}
DAYS_PER_MONTH = 365.25 / 12
PRIMARY_AGRICULTURE_TEER_4_5 = frozenset({"84120", "85100", "85101", "85103"})


class FactContext:
    """Answers fact lookups for one profile on one date; each fact is computed at most once."""

    __slots__ = ("as_of", "cache", "outcomes", "profile")

    def __init__(self, profile: Profile, as_of: date) -> None:
        self.profile = profile
        self.as_of = as_of
        self.cache: dict[str, Any] = {}
        self.outcomes: dict[int, Any] = {}  # memoized condition outcomes, by evaluator slot

    def get(self, name: str) -> Any:
        value = self.cache.get(name, _UNSET)
        if value is _UNSET:
            derive = DERIVED.get(name)
            value = derive(self) if derive else self._path(name)
            self.cache[name] = value
        return value

    def _path(self, name: str) -> Any:
        entry = _PATHS.get(name)
        if entry is None:
            entry = _PATHS[name] = (tuple(name.split(".")), Missing((name,)))
        parts, missing = entry
        node: Any = self.profile
        for part in parts:
            node = getattr(node, part)
            if node is None:
                return missing
        return node


Derivation = Callable[[FactContext], Any]
DERIVED: dict[str, Derivation] = {}


def derived(name: str) -> Callable[[Derivation], Derivation]:
    def register(fn: Derivation) -> Derivation:
        DERIVED[name] = fn
        return fn

    return register


def years_between(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@derived("age")
def _age(ctx: FactContext) -> Any:
    born = ctx.profile.date_of_birth
    if born is not None:
        return years_between(born, ctx.as_of)
    if ctx.profile.age is not None:
        return ctx.profile.age
    return Missing(("date_of_birth",))


def _teer(ctx: FactContext, path: str) -> Any:
    code = ctx.get(path)
    if isinstance(code, Missing):
        return code
    group = unit_group(code)
    return group.teer if group else Missing((path,))


@derived("job_offer.teer")
def _offer_teer(ctx: FactContext) -> Any:
    return _teer(ctx, "job_offer.noc")


@derived("family_principal.teer")
def _principal_teer(ctx: FactContext) -> Any:
    return _teer(ctx, "family_principal.noc")


@derived("job_offer.primary_agriculture_teer_4_5")
def _primary_agriculture(ctx: FactContext) -> Any:
    code = ctx.get("job_offer.noc")
    return code if isinstance(code, Missing) else code in PRIMARY_AGRICULTURE_TEER_4_5


@derived("job_offer.in_nominating_province")
def _in_nominating_province(ctx: FactContext) -> Any:
    job = ctx.get("job_offer.province")
    nominated = ctx.get("provincial_nomination.province")
    missing = [v.fields[0] for v in (job, nominated) if isinstance(v, Missing)]
    return Missing(tuple(missing)) if missing else job == nominated


def _months_until(ctx: FactContext, path: str) -> Any:
    until = ctx.get(path)
    if isinstance(until, Missing):
        return until
    return round((until - ctx.as_of).days / DAYS_PER_MONTH, 2)


@derived("family_principal.months_authorized_remaining")
def _principal_months_left(ctx: FactContext) -> Any:
    return _months_until(ctx, "family_principal.work_authorized_until")


def _ict_qualifying(ctx: FactContext, days: int) -> Any:
    """Continuous full-time work for a related company, `days` long, within the last 3 years."""
    history = ctx.profile.work_history
    if history is None:
        return Missing(("work_history",))
    window_start = ctx.as_of - timedelta(days=3 * 365 + 1)
    unknown: list[str] = []
    for i, job in enumerate(history):
        needed = {
            f"work_history[{i}].related_to_canadian_employer": job.related_to_canadian_employer,
            f"work_history[{i}].full_time": job.full_time,
            f"work_history[{i}].start_date": job.start_date,
        }
        if job.related_to_canadian_employer is False or job.full_time is False:
            continue
        gaps = [field for field, value in needed.items() if value is None]
        if gaps:
            unknown.extend(gaps)
            continue
        start = max(job.start_date, window_start)
        end = min(job.end_date or ctx.as_of, ctx.as_of)
        if (end - start).days >= days:
            return True
    return Missing(tuple(unknown)) if unknown else False


@derived("ict.qualifying_year")
def _ict_qualifying_year(ctx: FactContext) -> Any:
    """One year of continuous full-time work for a related company within the last three years."""
    return _ict_qualifying(ctx, 365)


@derived("ict.qualifying_six_months")
def _ict_qualifying_six_months(ctx: FactContext) -> Any:
    """Six months of it: the Peru and Colombia agreements ask for no more."""
    return _ict_qualifying(ctx, 182)


@derived("ict.currently_employed_abroad")
def _ict_current(ctx: FactContext) -> Any:
    """Still employed by the related company abroad (the position must stay available)."""
    history = ctx.profile.work_history
    if history is None:
        return Missing(("work_history",))
    unknown: list[str] = []
    for i, job in enumerate(history):
        if job.related_to_canadian_employer is None:
            unknown.append(f"work_history[{i}].related_to_canadian_employer")
        elif job.related_to_canadian_employer and (
            job.end_date is None or job.end_date >= ctx.as_of
        ):
            return True
    return Missing(tuple(unknown)) if unknown else False


def _complete_minimum(result: Any) -> int | None:
    clb = getattr(result, "clb", None)
    if clb is None:
        return None
    levels = (clb.reading, clb.writing, clb.listening, clb.speaking)
    return None if any(v is None for v in levels) else min(levels)


@derived("languages.best_min_clb")
def _best_min_clb(ctx: FactContext) -> Any:
    """The better official language, scored by its weakest ability (tests ask all four)."""
    langs = ctx.profile.languages
    found = (
        [
            m
            for m in (_complete_minimum(langs.english), _complete_minimum(langs.french))
            if m is not None
        ]
        if langs
        else []
    )
    return max(found) if found else Missing(("languages.english.clb", "languages.french.clb"))


@derived("languages.recent_best_min_clb")
def _recent_best_min_clb(ctx: FactContext) -> Any:
    """As best_min_clb, counting only results from a test taken less than two years ago."""
    langs = ctx.profile.languages
    if langs is None:
        return Missing(("languages.english.clb", "languages.french.clb"))
    found: list[int] = []
    undated: list[str] = []
    complete = False
    for name in ("english", "french"):
        result = getattr(langs, name)
        minimum = _complete_minimum(result)
        if minimum is None:
            continue
        complete = True
        if result.test_date is None:
            undated.append(f"languages.{name}.test_date")
        elif ctx.as_of - result.test_date < timedelta(days=730):
            found.append(minimum)
    if found:
        return max(found)
    if undated:
        return Missing(tuple(undated))
    # Complete results that are all too old count as no recent result at all.
    return 0 if complete else Missing(("languages.english.clb", "languages.french.clb"))


@derived("canadian_study.days_since_completion")
def _days_since_completion(ctx: FactContext) -> Any:
    done = ctx.get("canadian_study.completion_date")
    return done if isinstance(done, Missing) else (ctx.as_of - done).days


LICENSING_CUTOFFS = {
    CurriculumLicensing.cross_jurisdiction: date(2023, 1, 31),
    CurriculumLicensing.same_province: date(2024, 5, 14),
}


@derived("canadian_study.curriculum_licensing_ok")
def _curriculum_licensing_ok(ctx: FactContext) -> Any:
    kind = ctx.get("canadian_study.curriculum_licensing")
    if isinstance(kind, Missing) or kind is CurriculumLicensing.none:
        return kind if isinstance(kind, Missing) else True
    started = ctx.get("canadian_study.start_date")
    if isinstance(started, Missing):
        return started
    return started <= LICENSING_CUTOFFS[kind]


@derived("status_in_canada.valid_or_restorable")
def _valid_or_restorable(ctx: FactContext) -> Any:
    """Holds a valid permit, is on maintained status, or lost status under 90 days ago."""
    kind = ctx.get("status_in_canada.kind")
    if isinstance(kind, Missing):
        return kind
    if kind is StatusKind.maintained_status:
        return True
    if kind not in (StatusKind.worker, StatusKind.pgwp_holder, StatusKind.out_of_status):
        return False
    expiry = ctx.get("status_in_canada.permit_expiry")
    if isinstance(expiry, Missing):
        return expiry
    if kind is StatusKind.out_of_status:
        return (ctx.as_of - expiry).days <= 90
    return expiry >= ctx.as_of


def _iec_row(ctx: FactContext) -> Any:
    return ctx.get("iec.agreement")


@derived("iec.agreement")
def _iec_agreement(ctx: FactContext) -> Any:
    """The agreement row for the person's citizenship(s) and category, None if there is none."""
    category = ctx.get("iec.category")
    citizenships = ctx.get("citizenships")
    missing = [v.fields[0] for v in (category, citizenships) if isinstance(v, Missing)]
    if missing:
        return Missing(tuple(missing))
    for country in citizenships:
        row = iec_agreement(country, category.value)
        if row is not None:
            return row
    return None


@derived("iec.partner_country")
def _iec_partner_any(ctx: FactContext) -> Any:
    """A citizen of any IEC partner country, whatever the category (settles non-partners early)."""
    citizenships = ctx.get("citizenships")
    if isinstance(citizenships, Missing):
        return citizenships
    return any(is_iec_partner(c) for c in citizenships)


@derived("iec.partner_country_for_category")
def _iec_partner(ctx: FactContext) -> Any:
    row = _iec_row(ctx)
    return row if isinstance(row, Missing) else row is not None


@derived("iec.age_within_limits")
def _iec_age(ctx: FactContext) -> Any:
    """Age on the invitation date (or the assessment date) inside the agreement's range."""
    row = _iec_row(ctx)
    if isinstance(row, Missing) or row is None:
        return row if row is not None else False
    on = ctx.profile.iec.invitation_date if ctx.profile.iec.invitation_date else ctx.as_of
    if ctx.profile.date_of_birth is not None:
        age = years_between(ctx.profile.date_of_birth, on)
    elif ctx.profile.age is not None:
        age = ctx.profile.age
    else:
        return Missing(("date_of_birth",))
    return row.min_age <= age <= row.max_age


def _iec_requirement(ctx: FactContext, required_flag: str, answer: str) -> Any:
    """True when the person's agreement does not ask for it, else the person's answer."""
    row = _iec_row(ctx)
    if isinstance(row, Missing) or row is None:
        return row if row is not None else False
    return ctx.get(answer) if getattr(row, required_flag) else True


@derived("iec.student_requirement_met")
def _iec_student(ctx: FactContext) -> Any:
    return _iec_requirement(ctx, "requires_registered_student", "iec.registered_student")


@derived("iec.residence_requirement_met")
def _iec_residence(ctx: FactContext) -> Any:
    return _iec_requirement(ctx, "requires_residence", "iec.resident_of_citizenship_country")


@lru_cache(maxsize=1)
def known_fact_names() -> frozenset[str]:
    """Every derived fact plus every dotted path into the Profile model (for the rule lint)."""
    names: set[str] = set(DERIVED)

    def walk(model: type, prefix: str) -> None:
        for field_name, info in model.model_fields.items():
            path = f"{prefix}{field_name}"
            names.add(path)
            for candidate in getattr(info.annotation, "__args__", (info.annotation,)):
                if isinstance(candidate, type) and hasattr(candidate, "model_fields"):
                    walk(candidate, path + ".")

    walk(Profile, "")
    return frozenset(names)
