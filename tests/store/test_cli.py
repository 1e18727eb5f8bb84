"""`impnav db upgrade|downgrade` and `impnav consultant add|availability|password` against a
temporary SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "IMPNAV_DATA_DIR": str(tmp_path)}
    env.pop("IMPNAV_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "impnav.cli", *args], capture_output=True,
                          text=True, env=env, timeout=120, input=stdin)  # fmt: skip


def test_consultant_commands(tmp_path: Path) -> None:
    assert run(tmp_path, "db", "upgrade").returncode == 0
    assert (tmp_path / "impnav.sqlite3").exists()
    added = run(tmp_path, "consultant", "add", "--licence", "R765432", "--name", "Ana Silva",
                "--email", "ana@firm.example", "--tz", "America/Vancouver")  # fmt: skip
    assert added.returncode == 0, added.stderr
    consultant_id = added.stdout.split()[1]
    window = run(tmp_path, "consultant", "availability", consultant_id, "--weekday", "tue",
                 "--from", "13:00", "--to", "17:00")  # fmt: skip
    assert window.returncode == 0
    again = run(tmp_path, "consultant", "add", "--licence", "R765432", "--name", "B",
                "--email", "b@firm.example", "--tz", "America/Vancouver")  # fmt: skip
    assert again.returncode == 2 and "already registered" in again.stderr
    bad = run(tmp_path, "consultant", "add", "--licence", "123", "--name", "C",
              "--email", "c@firm.example", "--tz", "America/Vancouver")  # fmt: skip
    assert bad.returncode == 2 and "licence" in bad.stderr


def test_consultant_password_and_db_downgrade(tmp_path: Path) -> None:
    assert run(tmp_path, "db", "upgrade").returncode == 0
    run(tmp_path, "consultant", "add", "--licence", "R765432", "--name", "Ana Silva",
        "--email", "ana@firm.example", "--tz", "America/Vancouver")  # fmt: skip
    short = run(tmp_path, "consultant", "password", "R765432", "--stdin", stdin="short\n")
    assert short.returncode == 2 and "at least 10" in short.stderr
    unknown = run(tmp_path, "consultant", "password", "R000001", "--stdin",
                  stdin="long enough password\n")  # fmt: skip
    assert unknown.returncode == 2 and "no consultant" in unknown.stderr
    done = run(tmp_path, "consultant", "password", "r765432", "--stdin",
               stdin="long enough password\n")  # fmt: skip
    assert done.returncode == 0 and "password set for R765432" in done.stdout
    assert "long enough" not in done.stdout + done.stderr
    down = run(tmp_path, "db", "downgrade", "0003_exceptions")
    assert down.returncode == 0, down.stderr
    bad = run(tmp_path, "db", "downgrade", "no-such-revision")
    assert bad.returncode == 2 and "cannot downgrade" in bad.stderr
    assert run(tmp_path, "db", "upgrade").returncode == 0
