"""Downloadable reports of an assessment: Markdown, and PDF rendered with fpdf2."""

from __future__ import annotations

from fpdf import FPDF

from impnav.models.assessment import Assessment

GROUPS = (
    ("eligible", "Eligible"),
    ("needs_info", "Needs information"),
    ("ineligible", "Not eligible"),
)


def markdown_report(result: Assessment) -> str:
    lines = [
        "# impnav assessment",
        "",
        f"Rules as of {result.as_of.isoformat()}: {result.counts['eligible']} eligible, "
        f"{result.counts['needs_info']} need information, {result.counts['ineligible']} not "
        "eligible.",
        "",
    ]
    for verdict, title in GROUPS:
        streams = [s for s in result.streams if s.verdict == verdict]
        if not streams:
            continue
        lines += [f"## {title}", ""]
        for s in streams:
            permit = "open" if s.permit_type == "open" else "employer-specific"
            lines += [f"### {s.code} {s.title}", "", f"{s.summary} ({permit} permit)", ""]
            marks = {"met": "[x]", "not_met": "[ ] not met:", "unknown": "[?] unknown:"}
            lines += [f"- {marks[r.outcome]} {r.text}" for r in s.reasons]
            if s.missing:
                lines += ["", f"Still needed: {', '.join(s.missing)}"]
            if verdict != "ineligible":
                lines += ["", "Documents:", *[f"- [ ] {d}" for d in s.documents]]
                fees = ", ".join(
                    f"{f.label} ${f.amount:,.2f}" for f in s.fees.items if f.amount is not None
                )
                lines += ["", f"Fees: {fees}", f"Duration: {s.duration}"]
            citation = s.citations[0]
            lines += ["", f"Sources ({citation.regulation}): " + ", ".join(citation.sources), ""]
    lines += ["## Admissibility", ""]
    for check in (
        result.admissibility.medical_exam,
        result.admissibility.police_certificates,
        result.admissibility.biometrics,
    ):
        status = "depends" if check.required is None else ("required" if check.required else "no")
        lines.append(f"- {check.name}: {status}. {' '.join(check.reasons)}")
    lines += ["", f"_{result.disclaimer}_", ""]
    return "\n".join(lines)


def _latin1(text: str) -> str:
    """The core PDF fonts cover Latin-1: map the few typographic characters outside it."""
    table = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
             "\u2014": "-", "\u2026": "...", "\u2264": "<=", "\u2265": ">="}  # fmt: skip
    text = "".join(table.get(ch, ch) for ch in text)
    return text.encode("latin-1", "replace").decode("latin-1")


def pdf_report(result: Assessment) -> bytes:
    pdf = FPDF(format="Letter")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 9, "impnav assessment", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for line in markdown_report(result).splitlines()[2:]:
        if line.startswith("## "):
            pdf.set_font("Helvetica", "B", 13)
            pdf.multi_cell(0, 8, _latin1(line[3:]), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", size=10)
        elif line.startswith("### "):
            pdf.set_font("Helvetica", "B", 11)
            pdf.multi_cell(0, 7, _latin1(line[4:]), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", size=10)
        elif line:
            pdf.multi_cell(0, 5, _latin1(line), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(2)
    return bytes(pdf.output())
