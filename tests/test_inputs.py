"""Hostile input files: every example truncated at many points, other encodings, oversized files,
YAML bombs and deeply nested documents. Each is either a valid model or one clear InputError;
through the CLI, exit code 2 with a one-line message, within bounded time and memory."""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from impnav.inputs import MAX_INPUT_BYTES, InputError, load_model
from impnav.models.crs import CrsProfile
from impnav.models.offer import Offer
from impnav.models.pathways import PathwaysInput
from impnav.models.profile import Profile

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
KINDS = {"": Profile, "crs": CrsProfile, "offers": Offer, "pathways": PathwaysInput}


def _examples() -> list[tuple[Path, type]]:
    found = []
    for folder, model in KINDS.items():
        for path in sorted((EXAMPLES / folder).glob("*.yaml")):
            found.append((path, model))
    return found


@pytest.mark.parametrize(("path", "model"), _examples(), ids=lambda v: getattr(v, "name", ""))
def test_every_truncation_is_a_model_or_a_clear_error(path: Path, model: type, tmp_path) -> None:
    raw = path.read_bytes()
    cuts = random.Random(path.name).sample(range(1, len(raw)), k=min(40, len(raw) - 1))
    target = tmp_path / path.name
    outcomes = {"valid": 0, "refused": 0}
    for cut in cuts:
        target.write_bytes(raw[:cut])
        try:
            load_model(target, model)
            outcomes["valid"] += 1
        except InputError as exc:
            message = str(exc)
            assert message and "\n" not in message and "Traceback" not in message
            outcomes["refused"] += 1
    assert outcomes["refused"] > 0  # the cuts did reach invalid documents


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("citizenships: [MX]\n".encode("utf-16"), "not UTF-8"),
        ("citizenships: [MX]\nfield: café\n".encode("latin-1"), "not UTF-8"),
        (b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "aliases are not accepted"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b"a:\n" + b"".join(b"  " * i + b"- \n" for i in range(1, 3000)), ""),
        (b"citizenships: [MX]\ncitizenships: [US]\n", "given twice"),
        (b"- just\n- a list\n", "mapping of fields"),
        (b"\x00\x01\x02binary", ""),
    ],
    ids=["utf-16", "latin-1", "yaml-bomb", "deep-json", "deep-yaml", "duplicate", "list", "binary"],
)
def test_hostile_documents_are_refused_clearly(content: bytes, expected: str, tmp_path) -> None:
    target = tmp_path / "input.yaml"
    target.write_bytes(content)
    with pytest.raises(InputError) as refused:
        load_model(target, Profile)
    assert expected in str(refused.value)
    assert "\n" not in str(refused.value)


def test_oversized_file_is_refused_before_reading(tmp_path) -> None:
    target = tmp_path / "big.yaml"
    with target.open("wb") as handle:
        handle.write(b"citizenships: [MX]\n")
        handle.write(b"#" * (10 * 1024 * 1024))
    with pytest.raises(InputError, match="larger than"):
        load_model(target, Profile)
    assert target.stat().st_size > MAX_INPUT_BYTES


def _limited() -> None:
    """Run the CLI with at most 2 GB of address space: a blow-up fails instead of swapping."""
    limit = 2 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"a: &a [x, x]\nb: &b [*a, *a]\n", "aliases"),
        (b"[" * 200_000, "nested too deeply"),
        ("citizenships: [MX]\n".encode("utf-16"), "not UTF-8"),
        (b"citizenships: [MX]\n" + b"#" * (10 * 1024 * 1024), "larger than"),
    ],
    ids=["bomb", "deep-json", "utf-16", "10MB"],
)
def test_cli_exit_code_2_in_bounded_time_and_memory(content: bytes, message: str, tmp_path) -> None:
    target = tmp_path / "input.yaml"
    target.write_bytes(content)
    started = time.perf_counter()
    command = [sys.executable, "-m", "impnav.cli", "assess", str(target)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120, preexec_fn=_limited)
    assert run.returncode == 2, run.stderr
    assert message in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert time.perf_counter() - started < 120
