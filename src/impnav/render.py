"""Human-readable terminal output (Rich) for the CLI. JSON output never passes through here."""

from __future__ import annotations

from datetime import date

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from impnav.models.assessment import Assessment, Check, StreamResult
from impnav.rules.views import ConditionView, RuleDetail, RuleSummary

VERDICT_STYLE = {
    "eligible": "[bold green]eligible[/]",
    "needs_info": "[bold yellow]needs info[/]",
    "ineligible": "[red]not eligible[/]",
}
OUTCOME_MARK = {"met": "[green]✓[/]", "not_met": "[red]✗[/]", "unknown": "[yellow]?[/]"}


def _flags(stream: StreamResult) -> str:
    flags = []
    if stream.discretionary:
        flags.append("officer discretion")
    if stream.confidence != "verified" or any(r.confidence != "verified" for r in stream.reasons):
        flags.append("partly unverified")
    return f" [dim]({', '.join(flags)})[/]" if flags else ""


def _summary_line(stream: StreamResult) -> str:
    if stream.verdict == "needs_info":
        shown = ", ".join(stream.missing[:3])
        more = len(stream.missing) - 3
        return f"Needs {len(stream.missing)}: {shown}" + (f" (+{more} more)" if more > 0 else "")
    if stream.verdict == "ineligible":
        failed = [r.text for r in stream.reasons if r.outcome == "not_met"]
        extra = f" (+{len(failed) - 1} more)" if len(failed) > 1 else ""
        return (failed[0] + extra) if failed else ""
    return f"All {len(stream.reasons)} conditions met"


def assessment(console: Console, result: Assessment) -> None:
    console.print(
        f"[bold]impnav assessment[/] as of {result.as_of.isoformat()}: "
        f"{result.counts['eligible']} eligible, {result.counts['needs_info']} need information, "
        f"{result.counts['ineligible']} not eligible"
    )
    table = Table(show_lines=False, expand=False)
    table.add_column("Verdict", no_wrap=True)
    table.add_column("Code", no_wrap=True)
    table.add_column("Stream")
    table.add_column("Permit", no_wrap=True)
    table.add_column("Reg.", no_wrap=True)
    table.add_column("Why / what is missing", ratio=2)
    for s in result.streams:
        table.add_row(
            VERDICT_STYLE[s.verdict],
            s.code,
            escape(s.title) + _flags(s),
            "open" if s.permit_type == "open" else "employer",
            s.citations[0].regulation,
            escape(_summary_line(s)),
        )
    console.print(table)
    for s in result.streams:
        if s.verdict == "ineligible":
            continue
        console.print(f"\n[bold]{s.code} {escape(s.title)}[/] - {VERDICT_STYLE[s.verdict]}")
        for r in s.reasons:
            flag = " [dim](unverified)[/]" if r.confidence == "unverified" else ""
            console.print(f"  {OUTCOME_MARK[r.outcome]} {escape(r.text)}{flag}")
        fees = ", ".join(
            f"{i.label}: ${i.amount:,.2f}" if i.amount is not None else f"{i.label}: not encoded"
            for i in s.fees.items
        )
        console.print(f"  [dim]Fees[/] {escape(fees)}")
        console.print(f"  [dim]Source[/] {s.citations[0].sources[0]}")
    console.print("\n[bold]Admissibility (every applicant)[/]")
    for check in (
        result.admissibility.medical_exam,
        result.admissibility.police_certificates,
        result.admissibility.biometrics,
    ):
        console.print(
            f"  {escape(check.name)}: {_required(check)} - {escape(' '.join(check.reasons))}"
        )
    console.print(f"\n[dim]{escape(result.disclaimer)}[/]")


def _required(check: Check) -> str:
    if check.required is None:
        return "[yellow]depends[/]"
    return "[bold]required[/]" if check.required else "not required"


def rules_table(console: Console, rows: list[RuleSummary], on: date) -> None:
    table = Table(title=f"Encoded exemption codes (as of {on.isoformat()})")
    for col in ("Code", "Title", "Family", "Regulation", "Permit", "Portal offer + fee"):
        table.add_column(col)
    for r in rows:
        title = escape(r.title) + ("" if r.in_force else " [dim](not in force)[/]")
        table.add_row(
            r.code,
            title,
            r.family,
            r.regulation or "",
            "open" if r.permit_type == "open" else "employer-specific",
            "yes" if r.employer_portal_offer else "no",
        )
    console.print(table)


def _conditions(console: Console, conds: list[ConditionView], depth: int) -> None:
    pad = "  " * depth
    for c in conds:
        flag = " [dim](unverified)[/]" if c.confidence == "unverified" else ""
        test = f" [dim]{escape(f'[{c.fact} {c.operator} {c.value}]')}[/]" if c.fact else ""
        console.print(f"{pad}- {escape(c.explain)}{test}{flag}")
        if c.all or c.any:
            console.print(f"{pad}  [dim]{'all of' if c.all else 'any of'}:[/]")
            _conditions(console, c.all or c.any or [], depth + 2)


def rule_detail(console: Console, d: RuleDetail) -> None:
    if d.resolved_from:
        console.print(
            f"[yellow]{d.resolved_from.code} was replaced on "
            f"{d.resolved_from.replaced_on.isoformat()}:[/] {escape(d.resolved_from.note)}"
        )
    console.print(f"[bold]{d.code} {escape(d.title)}[/]  ({d.family})")
    console.print(escape(d.summary))
    permit = "open" if d.permit_type == "open" else "employer-specific"
    portal = "yes" if d.employer_portal_offer else "no"
    console.print(f"Permit: {permit}; Employer Portal offer and compliance fee: {portal}")
    if d.confidence != "verified":
        console.print(
            "[yellow]Unverified:[/] not every condition of this rule could be checked against "
            "IRCC's instructions (the unconfirmed ones are marked). Confirm before relying on it."
        )
    if d.former_codes:
        console.print(f"Formerly: {', '.join(d.former_codes)}")
    for v in reversed(d.versions):
        until = v.effective_to.isoformat() if v.effective_to else "today"
        console.print(
            f"\n[bold]Version {v.effective_from.isoformat()} to {until}[/] - {v.regulation}"
        )
        _conditions(console, v.conditions, 1)
        console.print("  [dim]Documents:[/]")
        for doc in v.documents:
            console.print(f"    - {escape(doc)}")
        console.print(f"  [dim]Duration:[/] {escape(v.duration)}")
        for note in v.notes:
            console.print(f"  [dim]Note:[/] {escape(note)}")
        for src in v.sources:
            console.print(f"  [dim]Source:[/] {src}")


def professions_table(console: Console, rows: list[dict[str, str]]) -> None:
    table = Table(title="CUSMA Appendix 2 professions (T36)")
    table.add_column("Profession")
    table.add_column("Minimum education or credentials")
    for row in rows:
        table.add_row(escape(row["profession"]), escape(row["minimum_education_or_credentials"]))
    console.print(table)


def _points_table(title: str, rows: dict[str, int]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("Factor")
    table.add_column("Points", justify="right")
    for name, value in rows.items():
        table.add_row(name.replace("_", " "), str(value))
    return table


def crs_result(console: Console, result: dict) -> None:
    spouse = "with an accompanying spouse" if result["with_spouse"] else "as a single applicant"
    console.print(
        f"[bold]CRS score: {result['total']}[/] (as of {result['as_of']}, scored {spouse})"
    )
    console.print(_points_table("Breakdown", result["breakdown"]))
    console.print(_points_table("Every factor", {k: v for k, v in result["details"].items()}))
    if result["suggestions"]:
        table = Table(title="What would raise the score", title_justify="left")
        table.add_column("Change")
        table.add_column("Gain", justify="right")
        table.add_column("New total", justify="right")
        for s in result["suggestions"]:
            table.add_row(escape(s["change"]), f"+{s['gain']}", str(s["new_total"]))
        console.print(table)
    for notice in result["notices"]:
        console.print(f"[yellow]Note:[/] {escape(notice)}")
    console.print(f"[dim]{escape(result['disclaimer'])}[/]")


def fsw_result(console: Console, result: dict) -> None:
    verdict = "[bold green]passes[/]" if result["pass"] else "[red]below the pass mark[/]"
    console.print(
        f"[bold]FSW points: {result['points']}/100[/] - {verdict} ({result['pass_mark']} needed)"
    )
    console.print(_points_table("Selection factors", result["breakdown"]))
    for m in result["minimums"]:
        mark = OUTCOME_MARK["met" if m["met"] else "not_met"]
        console.print(f"  {mark} {escape(m['reason'])}")
    funds = result["proof_of_funds"]
    if funds["required"] and funds["amount"] is not None:
        console.print(
            f"Proof of funds for a family of {funds['family_size']}: "
            f"${funds['amount']:,} (table from {funds['table_from']})"
        )
    for note in funds["notes"]:
        console.print(f"  [dim]{escape(note)}[/]")
    eligible = "meets" if result["eligible"] else "does not meet"
    console.print(f"This profile {eligible} the FSW requirements checked here.")


def noc_search(console: Console, result) -> None:
    console.print(
        f"[bold]NOC 2021 matches[/] ({result.confidence} confidence): {escape(result.note)}"
    )
    table = Table(show_lines=True)
    for col in ("Code", "Unit group", "TEER", "Score", "Closest official duties"):
        table.add_column(col)
    for m in result.matches:
        evidence = "\n".join(f"- {e}" for e in m.evidence)
        table.add_row(m.code, escape(m.title), str(m.teer), f"{m.score:.2f}", escape(evidence))
    console.print(table)
    console.print(
        "[dim]Check the main duties with `impnav noc show CODE`; the duties, not the "
        "title, decide the group.[/]"
    )


def noc_group(console: Console, g) -> None:
    if g.resolved_from_noc2016:
        console.print(f"[yellow]NOC 2016 {g.resolved_from_noc2016} ->[/]")
    console.print(f"[bold]{g.code} {escape(g.title)}[/] - TEER {g.teer}: {escape(g.teer_meaning)}")
    console.print(escape(g.definition))
    sections = (
        ("Main duties", g.main_duties),
        ("Employment requirements", g.employment_requirements),
        ("Example titles", g.illustrative_examples or g.example_titles[:10]),
        ("Inclusions", g.inclusions),
        ("Exclusions", g.exclusions),
    )
    for name, items in sections:
        if items:
            console.print(f"\n[bold]{name}[/]")
            for item in items:
                console.print(f"  - {escape(item)}")
    if g.noc2016:
        olds = ", ".join(f"{o['code']} {o['title']}" for o in g.noc2016)
        console.print(f"\n[dim]From NOC 2016: {escape(olds)}[/]")


def offer_report(console: Console, report) -> None:
    status = (
        "[bold green]ready to submit[/]" if report.valid else "[bold red]fix before submitting[/]"
    )
    stream = f" ({escape(report.rule_title)})" if report.rule_title else ""
    console.print(f"[bold]Offer check[/] {report.code}{stream} as of {report.as_of}: {status}")
    for title, items, mark in (("Errors", report.errors, "[red]✗[/]"),
                               ("Warnings", report.warnings, "[yellow]![/]")):  # fmt: skip
        if items:
            console.print(f"\n[bold]{title}[/]")
            for f in items:
                console.print(f"  {mark} [dim]{escape(f.field)}[/] {escape(f.message)}")
    fees = report.fees
    console.print("\n[bold]Fees[/]")
    for side in ("employer", "worker"):
        for item in fees.get(side, []):
            amount = "not encoded" if item["amount"] is None else f"${item['amount']:,.2f}"
            console.print(f"  {side}: {escape(item['label'])}: {amount}")
    console.print(
        f"  employer total ${fees['employer_total']:,.2f}; "
        f"worker total ${fees['worker_total']:,.2f}"
    )


def pathways(console: Console, r: dict) -> None:
    eligible = ", ".join(r["imp_eligible"]) or "none yet"
    console.print(
        f"[bold]Pathways as of {r['as_of']}[/] - LMIA-exempt streams eligible: {eligible}"
    )
    lmia = r["lmia_alternative"]
    console.print("\n[bold]If no exemption fits: an LMIA (Temporary Foreign Worker Program)[/]")
    if lmia["stream"]:
        console.print(
            f"  {lmia['stream'].replace('_', '-')} stream: ${lmia['hourly_wage']:.2f}/h against a "
            f"threshold of ${lmia['threshold']:.2f}/h; LMIA fee ${lmia['lmia_fee']:,}"
        )
    elif lmia["missing"]:
        console.print(f"  Needs: {', '.join(lmia['missing'])}")
    for line in lmia.get("requirements", []) + lmia["recruitment"]:
        console.print(f"  - {escape(line)}")
    pr = r["permanent_residence"]
    console.print("\n[bold]Toward permanent residence[/]")
    console.print(f"  {escape(pr['note'])}")
    for line in pr["canadian_experience_class"].get("reasons", []):
        console.print(f"  - {escape(line)}")
    ee = pr["express_entry"]
    if ee:
        console.print(
            f"  CRS now {ee['crs_now']}; with one more year of Canadian work "
            f"{ee['crs_with_one_more_year_in_canada']} (+{ee['gain']}); FSW {ee['fsw']['points']}"
            f"/100 ({'passes' if ee['fsw']['pass'] else 'below 67'})"
        )
    fam = r["family"]
    console.print("\n[bold]Family[/]")
    for s in fam["spouse"]:
        console.print(f"  Spouse or partner, {s['code']}: {VERDICT_STYLE[s['verdict']]}")
    for c in fam["children"]:
        console.print(f"  Child {c['index'] + 1} (age {c['age']}): {escape(c.get('status', ''))}")
    study = r["study_permit"]
    if study:
        console.print("\n[bold]Study permit[/]")
        for c in study["checks"]:
            mark = OUTCOME_MARK[{True: "met", False: "not_met", None: "unknown"}[c["met"]]]
            needed = f" (${c['needed']:,.0f})" if c.get("needed") else ""
            console.print(f"  {mark} {escape(c['check'])}{needed}")
        for note in study["pgwp_notes"]:
            console.print(f"  - {escape(note)}")
