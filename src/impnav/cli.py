"""The `impnav` command line: assess profiles, read the rules, export schemas, serve the app.

Contract (DESIGN.md): JSON on stdout with `--format json`; exit 0 on success, 2 on bad input with
a one-line message on stderr naming the field, 1 on an internal error (never a traceback).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console

from impnav import render
from impnav.crs.crs import CrsDateError, score
from impnav.crs.fsw import assess_fsw
from impnav.engine.eligibility import assess
from impnav.inputs import InputError, load_model
from impnav.models.assessment import to_jsonable
from impnav.models.crs import CrsProfile
from impnav.models.profile import Profile
from impnav.rules.cusma import professions
from impnav.rules.loader import UnknownCodeError, load_rulebook
from impnav.rules.views import rule_detail, rule_summaries

M = TypeVar("M")

app = typer.Typer(
    help="impnav: find and check Canada's LMIA-exempt work permit streams (IMP). "
    "Information, not legal advice.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
rules_app = typer.Typer(help="Read the encoded exemption-code rules.", no_args_is_help=True)
schema_app = typer.Typer(help="Print JSON Schemas of the input files.", no_args_is_help=True)
noc_app = typer.Typer(
    help="Find NOC 2021 unit groups from duties; show a unit group.", no_args_is_help=True
)
app.add_typer(rules_app, name="rules")
app.add_typer(schema_app, name="schema")
app.add_typer(noc_app, name="noc")
offer_app = typer.Typer(
    help="Check an offer of employment before the Employer Portal.", no_args_is_help=True
)
app.add_typer(offer_app, name="offer")
db_app = typer.Typer(
    help="The database (SQLite file, or PostgreSQL by IMPNAV_DATABASE_URL).", no_args_is_help=True
)
app.add_typer(db_app, name="db")


consultant_app = typer.Typer(
    help="Licensed consultants and their availability.", no_args_is_help=True
)
app.add_typer(consultant_app, name="consultant")


@consultant_app.command("add")
def consultant_add_cmd(
    licence: Annotated[str, typer.Option(help="CICC licence number, e.g. R123456")],
    name: Annotated[str, typer.Option(help="Full name")],
    email: Annotated[str, typer.Option(help="Where booking notices go")],
    time_zone: Annotated[str, typer.Option("--tz", help="e.g. America/Toronto")],
    languages: Annotated[str, typer.Option(help="Comma-separated, e.g. en,fr")] = "en",
) -> None:
    """Register a consultant; prints their API token once (keep it: it is stored hashed)."""
    from impnav.store.bookings import BookingError, add_consultant
    from impnav.store.db import session_scope

    try:
        with session_scope() as session:
            consultant, token = add_consultant(
                session, licence, name, email, [x.strip() for x in languages.split(",")], time_zone
            )
            consultant_id = consultant.id
    except BookingError as exc:
        _fail(str(exc))
    sys.stdout.write(f"consultant {consultant_id}\ntoken {token}\n")


@consultant_app.command("availability")
def consultant_availability_cmd(
    consultant_id: Annotated[str, typer.Argument(help="The consultant's id")],
    weekday: Annotated[str, typer.Option(help="mon .. sun")],
    start: Annotated[str, typer.Option("--from", help="HH:MM, consultant's time")],
    end: Annotated[str, typer.Option("--to", help="HH:MM, consultant's time")],
) -> None:
    """Add a weekly availability window."""
    from impnav.store.bookings import BookingError, add_availability
    from impnav.store.db import session_scope

    try:
        with session_scope() as session:
            add_availability(session, consultant_id, weekday, start, end)
    except BookingError as exc:
        _fail(str(exc))
    sys.stdout.write(f"available {weekday} {start}-{end}\n")


@consultant_app.command("day-off")
def consultant_day_off_cmd(
    consultant_id: Annotated[str, typer.Argument(help="The consultant's id")],
    day: Annotated[str, typer.Argument(help="YYYY-MM-DD")],
) -> None:
    """Mark a day off (no slots that day)."""
    from impnav.store.bookings import add_day_off
    from impnav.store.db import session_scope

    on = _parse_date(day)
    with session_scope() as session:
        add_day_off(session, consultant_id, on)
    sys.stdout.write(f"day off {on.isoformat()}\n")


@consultant_app.command("password")
def consultant_password_cmd(
    licence: Annotated[str, typer.Argument(help="CICC licence number, e.g. R123456")],
    stdin: Annotated[
        bool, typer.Option("--stdin", help="Read the password from standard input")
    ] = False,
) -> None:
    """Set a consultant's web log-in password (asked twice, not echoed); ends their sessions."""
    from impnav.store.accounts import PasswordRejected, set_consultant_password
    from impnav.store.db import session_scope

    if stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with session_scope() as session:
            set_consultant_password(session, licence, password)
    except (PasswordRejected, LookupError) as exc:
        _fail(str(exc).strip("'\""))
    sys.stdout.write(f"password set for {licence.strip().upper()}\n")


outbox_app = typer.Typer(help="Booking notices waiting to be mailed.", no_args_is_help=True)
app.add_typer(outbox_app, name="outbox")


@outbox_app.command("send")
def outbox_send_cmd() -> None:
    """Mail pending notices through IMPNAV_SMTP_HOST (and _PORT, _FROM, _USER, _PASSWORD)."""
    from impnav.store.db import session_scope
    from impnav.store.outbox import SmtpSettings, send_pending

    smtp = SmtpSettings.from_env()
    if smtp is None:
        _fail("IMPNAV_SMTP_HOST is not set: nothing can be sent")
    with session_scope() as session:
        sent, failed = send_pending(session, smtp)
    sys.stdout.write(f"sent {sent}, failed {failed} (failed ones are retried next time)\n")


@db_app.command("upgrade")
def db_upgrade_cmd() -> None:
    """Create or upgrade the database schema (Alembic migrations); safe to repeat."""
    from impnav.store.db import database_url, upgrade

    upgrade()
    url = database_url()
    shown = url.split("@")[-1] if "@" in url else url  # never print a password
    sys.stdout.write(f"database at the latest schema: {shown}\n")


@db_app.command("downgrade")
def db_downgrade_cmd(
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. 0003_exceptions or base")],
) -> None:
    """Step the schema back to an earlier revision (data in dropped tables is lost)."""
    from alembic.util import CommandError

    from impnav.store.db import downgrade

    try:
        downgrade(revision)
    except CommandError as exc:
        _fail(f"cannot downgrade to {revision!r}: {exc}")
    sys.stdout.write(f"database at revision {revision}\n")


# Tables need room: when output is piped (no terminal width), render at 120 columns.
out = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 120)


class Format(StrEnum):
    text = "text"
    json = "json"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="text (default) or json")]


def _fail(message: str, code: int = 2) -> NoReturn:
    """One unwrapped line on stderr (tools grep it), then the contract's exit code."""
    sys.stderr.write(f"impnav: {' '.join(message.split())}\n")
    raise typer.Exit(code)


def _parse_date(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"--as-of: expected a date as YYYY-MM-DD, got {value!r}")


def _load(path: Path, model: type[M]) -> M:
    """Read and validate an input file, or stop with the contract's exit code 2 and message."""
    try:
        return load_model(path, model)
    except InputError as exc:
        _fail(str(exc))


def _emit(fmt: Format, data: object, text: Callable[[Console, Any], None]) -> None:
    """JSON on stdout for tools, or the Rich rendering for people."""
    if fmt is Format.json:
        _print_json(data)
    else:
        text(out, data)


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


@app.command("assess")
def assess_cmd(
    profile: Annotated[Path, typer.Argument(help="Profile file (JSON or YAML)")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Rules as of YYYY-MM-DD")] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """Assess every encoded exemption code for a profile."""
    result = assess(_load(profile, Profile), _parse_date(as_of))
    if fmt is Format.json:
        _print_json(to_jsonable(result))
    else:
        render.assessment(out, result)


@app.command("crs")
def crs_cmd(
    profile: Annotated[Path, typer.Argument(help="CRS profile file (JSON or YAML)")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Grid as of YYYY-MM-DD")] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """Express Entry CRS score with every factor's points and ranked ways to raise it."""
    on = _parse_date(as_of)
    person = _load(profile, CrsProfile)
    try:
        result = score(person, on)
    except CrsDateError as exc:
        _fail(str(exc))
    _emit(fmt, result, render.crs_result)


@app.command("fsw")
def fsw_cmd(
    profile: Annotated[Path, typer.Argument(help="CRS profile file (JSON or YAML)")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Rules as of YYYY-MM-DD")] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """Federal Skilled Worker 67-point grid, minimum requirements and proof of funds."""
    result = assess_fsw(_load(profile, CrsProfile), _parse_date(as_of))
    _emit(fmt, result, render.fsw_result)


@rules_app.command("list")
def rules_list(
    as_of: Annotated[str | None, typer.Option("--as-of", help="Rules as of YYYY-MM-DD")] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """List the encoded codes with their family, regulation and permit type."""
    on = _parse_date(as_of)
    rows = rule_summaries(load_rulebook(), on)
    if fmt is Format.json:
        _print_json([r.model_dump(mode="json") for r in rows])
    else:
        render.rules_table(out, rows, on)


@rules_app.command("show")
def rules_show(
    code: Annotated[str, typer.Argument(help="Exemption code, e.g. T36 (old codes like T23 work)")],
    fmt: FormatOpt = Format.text,
) -> None:
    """Show a rule in full, with every dated version and its conditions."""
    book = load_rulebook()
    try:
        resolution = book.resolve(code)
    except UnknownCodeError as exc:
        _fail(str(exc))
    details = [rule_detail(r, resolution) for r in resolution.rules]
    if fmt is Format.json:
        _print_json([d.model_dump(mode="json") for d in details])
    else:
        for detail in details:
            render.rule_detail(out, detail)


@rules_app.command("cusma-professions")
def rules_cusma_professions(fmt: FormatOpt = Format.text) -> None:
    """The 63 professions of CUSMA Appendix 2 (T36) with their minimum credentials."""
    rows = [{"profession": name, **info} for name, info in professions().items()]
    if fmt is Format.json:
        _print_json(rows)
    else:
        render.professions_table(out, rows)


@noc_app.command("search")
def noc_search_cmd(
    text: Annotated[str, typer.Argument(help="Duties (one or several), a job title, or a code")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many groups, 1 to 50")] = 10,
    fmt: FormatOpt = Format.text,
) -> None:
    """Rank NOC 2021 unit groups by how well they match what you do, with the evidence."""
    from impnav.noc.search import QueryError, search

    try:
        result = search(text, limit=limit)
    except QueryError as exc:
        _fail(str(exc).removeprefix("q: "))
    if fmt is Format.json:
        _print_json(
            [
                {"code": m.code, "title": m.title, "teer": m.teer, "score": m.score,
                 "evidence": m.evidence}
                for m in result.matches
            ]
        )  # fmt: skip
    else:
        render.noc_search(out, result)


@noc_app.command("build-index")
def noc_build_index_cmd() -> None:
    """Build the NOC search index now (about two minutes once; then cached and instant)."""
    import time

    from impnav.noc.index import cache_dir, semantic_index

    start = time.perf_counter()
    index = semantic_index()
    took = time.perf_counter() - start
    sys.stdout.write(
        f"NOC index ready: {index.vectors.shape[0]:,} texts embedded, cached in {cache_dir()} "
        f"({took:.1f} s)\n"
    )


@noc_app.command("show")
def noc_show_cmd(
    code: Annotated[str, typer.Argument(help="NOC 2021 code (5 digits) or NOC 2016 code (4)")],
    fmt: FormatOpt = Format.text,
) -> None:
    """Title, TEER, definition, duties, example titles, requirements and NOC 2016 origin."""
    from dataclasses import asdict

    from impnav.noc.lookup import NocLookupError, show

    try:
        groups = show(code)
    except NocLookupError as exc:
        _fail(str(exc))
    if fmt is Format.json:
        data = [asdict(g) for g in groups]
        _print_json(data[0] if len(data) == 1 and not groups[0].resolved_from_noc2016 else data)
    else:
        for group in groups:
            render.noc_group(out, group)


@offer_app.command("check")
def offer_check_cmd(
    offer: Annotated[Path, typer.Argument(help="Offer file (JSON or YAML)")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Rules as of YYYY-MM-DD")] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """Errors and warnings that would get the offer or the permit refused, and the fees."""
    from impnav.models.offer import Offer
    from impnav.offer.check import check_offer, report_json

    report = check_offer(_load(offer, Offer), _parse_date(as_of))
    if fmt is Format.json:
        _print_json(report_json(report))
    else:
        render.offer_report(out, report)


@app.command("screen")
def screen_cmd(
    source: Annotated[Path, typer.Argument(help="Candidate pool: .jsonl, .csv or .parquet")],
    out: Annotated[Path, typer.Option("--out", help="Results file: .jsonl or .csv")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD (default today)")] = None,
    workers: Annotated[
        int, typer.Option(help="Processes (default: every core)", min=0, max=256)
    ] = 0,
) -> None:
    """Screen a pool of candidates: best stream, verdict counts and CRS for each, streamed."""
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from impnav.batch.records import RecordError, count_rows
    from impnav.batch.screen import default_workers, screen_file

    on = _parse_date(as_of) if as_of else date.today()
    if out.resolve() == source.resolve():
        _fail("--out must be another file than the input")
    try:
        total = count_rows(source) if source.is_file() else None
        started = time.perf_counter()
        columns = (*Progress.get_default_columns()[:1], BarColumn(), MofNCompleteColumn(),
                   TimeRemainingColumn())  # fmt: skip
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("screening", total=total)
            summary = screen_file(source, out, on, workers or default_workers(),
                                  progress=lambda n: bar.advance(task, n))  # fmt: skip
    except RecordError as exc:
        _fail(str(exc))
    elapsed = time.perf_counter() - started
    verdicts = ", ".join(f"{k} {v}" for k, v in sorted(summary.best_verdicts.items(), key=str))
    top = ", ".join(f"{code} {n}" for code, n in summary.best_codes.most_common(5))
    sys.stdout.write(
        f"screened {summary.profiles} profiles as of {on.isoformat()} in {elapsed:.1f} s "
        f"({summary.profiles / max(elapsed, 1e-9):.0f}/s); {summary.errors} with errors\n"
        f"best stream per profile: {verdicts or 'none'}\n"
        f"most frequent eligible best streams: {top or 'none'}\n"
        f"results: {out}\n"
    )


@app.command("pathways")
def pathways_cmd(
    data: Annotated[Path, typer.Argument(help="File with profile (and optional crs, study_plan)")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Rules as of YYYY-MM-DD")] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """LMIA route, the road to permanent residence, family members and study permits."""
    from impnav.models.pathways import PathwaysInput
    from impnav.pathways.plan import pathways

    on = _parse_date(as_of)
    parsed = _load(data, PathwaysInput)
    try:
        result = pathways(parsed, on)
    except CrsDateError as exc:
        _fail(str(exc))
    _emit(fmt, result, render.pathways)


@schema_app.command("profile")
def schema_profile() -> None:
    """JSON Schema of the applicant profile."""
    _print_json(Profile.model_json_schema())


@schema_app.command("offer")
def schema_offer() -> None:
    """JSON Schema of the offer of employment."""
    from impnav.models.offer import Offer

    _print_json(Offer.model_json_schema())


@schema_app.command("crs")
def schema_crs() -> None:
    """JSON Schema of the CRS / FSW profile."""
    _print_json(CrsProfile.model_json_schema())


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port", min=1, max=65535)] = 8000,
    workers: Annotated[
        int, typer.Option(help="Worker processes (0: one per core, at most 4)", min=0, max=64)
    ] = 0,
) -> None:
    """Serve the web app and the JSON API (OpenAPI docs at /docs)."""
    import os

    import uvicorn

    from impnav.batch.screen import default_workers

    count = workers or min(default_workers(), 4)
    # Numerical libraries start one thread per core in every worker; several workers would then
    # fight over the cores. Give each worker its share (unless the operator set it).
    share = str(max(1, default_workers() // count))
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, share)
    uvicorn.run("impnav.api.app:create_app", factory=True, host=host, port=port, workers=count)


def main() -> None:
    try:
        app()
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(1)
    except Exception as exc:  # the contract: a one-line message and exit 1, never a traceback
        sys.stderr.write(f"impnav: internal error: {type(exc).__name__}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
