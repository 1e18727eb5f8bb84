"""The README's command examples are real: each `$ impnav ...` line runs, and the first line of
the output shown under it is what the command prints first."""

from __future__ import annotations

import re
import shlex

from tests.conftest import ROOT
from tests.test_cli import impnav

README = (ROOT / "README.md").read_text("utf-8")
STATEFUL = {"consultant", "db", "serve", "outbox", "screen"}  # need a server, a DB or timing


def _examples() -> list[tuple[list[str], str]]:
    found = []
    lines = README.splitlines()
    for i, line in enumerate(lines):
        match = re.match(r"^\$ (?:IMPNAV_\w+=\S+ )*impnav (.+)$", line)
        if not match or "|" in line or "bad.yaml" in line:
            continue
        if match.group(1).split()[0] in STATEFUL:
            continue  # these write to a database: shown as illustrations, tested in tests/store
        first_output = lines[i + 1] if i + 1 < len(lines) else ""
        found.append((shlex.split(match.group(1)), first_output))
    return found


def test_readme_has_examples_for_every_command() -> None:
    commands = {" ".join(args[:2]) if args[0] == "rules" else args[0] for args, _ in _examples()}
    assert {"assess", "rules list", "rules show"} <= commands
    for name in ("impnav schema profile", "impnav serve", "rules cusma-professions"):
        assert name in README


def test_readme_examples_run_and_print_what_is_shown() -> None:
    for args, first_line in _examples():
        run = impnav(*args)
        assert run.returncode == 0, (args, run.stderr)
        if first_line and not first_line.startswith("```"):
            assert run.stdout.splitlines()[0].strip() == first_line.strip(), args
