"""Every fixture file lints to exactly the findings its `# error: CODE` markers name.

Unmarked lines must stay silent, so each fixture checks precision as well as recall.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hplint.config import Settings
from hplint.engine import lint_source
from hplint.rules import is_preview

from conftest import FIXTURES

MARKER = re.compile(r"#\s*error:\s*(?P<codes>HP\d{3}(?:\s*,\s*HP\d{3})*)")
# A fixture's first line may name the scikit-learn release it is checked against.
TARGET = re.compile(r"# target-sklearn-version: (?P<release>\S+)")


def expected(source: str) -> set[tuple[int, str]]:
    marks = set()
    for row, line in enumerate(source.splitlines(), start=1):
        match = MARKER.search(line)
        if match:
            marks.update((row, code.strip()) for code in match["codes"].split(","))
    return marks


FIXTURE_FILES = sorted(FIXTURES.rglob("*.py"))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    target = TARGET.match(source)
    # The fixtures of a rule in preview are linted with preview on (the others without, as
    # users run hplint by default).
    preview = is_preview(path.relative_to(FIXTURES).parts[0])
    settings = Settings(target_sklearn_version=target["release"] if target else None, preview=preview)
    found = {(d.start.row, d.code) for d in lint_source(source, str(path), settings)}
    assert found == expected(source)


def test_every_fixture_directory_is_named_after_a_rule() -> None:
    from hplint.rules import BY_CODE

    for directory in FIXTURES.iterdir():
        if directory.is_dir():
            assert directory.name in BY_CODE, directory
