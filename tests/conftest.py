from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from hplint.config import Settings
from hplint.engine import lint_source

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def findings(source: str, select: Sequence[str] = ("HP",), preview: bool = False) -> list[tuple[int, str]]:
    """(row, code) of every finding in ``source`` (rules in preview too with ``preview``)."""
    settings = Settings(select=tuple(select), preview=preview)
    return [(d.start.row, d.code) for d in lint_source(source, "test.py", settings)]


def hp101_calls(source: str) -> list[str]:
    """The call each HP101 finding in ``source`` shows, as its message starts
    (```SVC(C=100)```)."""
    settings = Settings(select=("HP101",))
    return [d.message.split(":")[0] for d in lint_source(source, "<test>", settings)]


def hplint_executable() -> str:
    """The installed console script, next to the running interpreter."""
    candidate = Path(sys.executable).with_name("hplint")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("hplint")
    if found is None:
        pytest.fail("the `hplint` command is not installed; run `pip install -e '.[test]'`")
    return found


def run_hplint(
    *args: str, cwd: Path, input: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``hplint`` command as a user would."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("HPLINT_")}
    env = {**base, **(env or {})}
    return subprocess.run(
        [hplint_executable(), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=input,
        env=env,
        timeout=120,
    )


def write(root: Path, files: dict[str, str | bytes]) -> None:
    """Create ``files`` (name -> text or bytes) below ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
