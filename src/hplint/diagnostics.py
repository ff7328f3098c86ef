"""The data every stage after the rules passes along: findings, where they are, and each
file's outcome."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based row and column, as printed to users (columns count characters)."""

    row: int
    column: int


# As in ruff: `--fix` applies safe fixes, `--unsafe-fixes` unsafe ones too; display-only
# fixes are shown (editors, JSON) and never applied by the command line.
Applicability = Literal["safe", "unsafe", "display-only"]
APPLICABILITIES: tuple[Applicability, ...] = ("safe", "unsafe", "display-only")


@dataclass(frozen=True, order=True)
class Edit:
    """Replace the text from ``start`` to ``end`` (same coordinates as the finding's) with
    ``content``; an insertion has ``start == end``, a deletion empty ``content``."""

    start: Location
    end: Location
    content: str
    # For notebooks: the cell the rows count in (a fix may edit another cell than its finding's).
    cell: int | None = None


@dataclass(frozen=True)
class Fix:
    """A change that resolves a finding: edits applied together or not at all."""

    applicability: Applicability
    message: str
    edits: tuple[Edit, ...]

    def applies(self, unsafe: bool) -> bool:
        """Whether ``--fix`` applies it (with ``--unsafe-fixes`` when ``unsafe``)."""
        return self.applicability == "safe" or (unsafe and self.applicability == "unsafe")


@dataclass(frozen=True)
class Diagnostic:
    """One finding in one file."""

    code: str
    message: str
    start: Location
    end: Location
    # Where a `# noqa` comment for this finding goes: the row where the statement starts.
    noqa_row: int | None = None
    # For notebooks: the 1-based cell index; rows are then relative to the cell.
    cell: int | None = None
    # The edit that resolves it, if hplint knows one.
    fix: Fix | None = None

    def sort_key(self) -> tuple[int, int, int, str]:
        return (self.cell or 0, self.start.row, self.start.column, self.code)


@dataclass(frozen=True)
class FileResult:
    """The outcome of linting one file."""

    path: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # The decoded text, for output formats that show source lines.
    source: str | None = None
    # For notebooks: each code cell's text as written, by cell index (``source`` is then
    # the cells' Python joined, and diagnostics' rows are relative to their cell).
    cells: Mapping[int, str] | None = None
    # Set when hplint itself failed on this file (a bug): the run exits with status 2.
    internal_error: str | None = None
    # That failure's traceback, which ``check --verbose`` prints.
    traceback: str | None = None


def io_error(reason: str) -> Diagnostic:
    """HP002 for a file that could not be read or decoded."""
    where = Location(1, 1)
    return Diagnostic("HP002", reason, where, where, None)
