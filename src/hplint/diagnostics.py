"""The data every stage after the rules passes along: findings and where they are."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based row and column, as printed to users (columns count characters)."""

    row: int
    column: int


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

    def sort_key(self) -> tuple[int, int, int, str]:
        return (self.cell or 0, self.start.row, self.start.column, self.code)
