"""The data every stage after the rules passes along: findings, where they are, and each
file's outcome."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal


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
class Hyperparameter:
    """One hard-coded hyperparameter that an HP101 finding names, placed as the finding
    would be if it were the first one left (another file may tune those before it)."""

    name: str
    value: str  # as the message shows it
    start: Location
    end: Location
    noqa_row: int | None
    # A ``# noqa`` on ``noqa_row`` silences HP101: a finding moved here is dropped.
    silenced: bool = False


@dataclass(frozen=True)
class Untuned:
    """What an HP101 finding is about, kept so that the project's tuning can be applied
    after every file is linted (``projecttuning``): the class and its arguments."""

    qualname: str
    owner: str  # the class as the call spells it, for the message
    arguments: tuple[Hyperparameter, ...]


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
    # HP101: the call's hard-coded hyperparameters, for the project-wide step. Not part of
    # what the finding is (equality): it is the same finding with or without it.
    untuned: Untuned | None = field(default=None, compare=False)

    def sort_key(self) -> tuple[int, int, int, str]:
        return (self.cell or 0, self.start.row, self.start.column, self.code)


# Classes whose parameter of that name means the same for the data they are fitted on: a
# value searched or swept for one of them is chosen for the others (an elbow over
# ``KMeans(n_clusters=k)`` picks the number of clusters a ``MiniBatchKMeans`` then uses).
_SHARED: Final[Mapping[str, frozenset[str]]] = {
    "n_clusters": frozenset(
        {"sklearn.cluster.KMeans", "sklearn.cluster.MiniBatchKMeans", "sklearn.cluster.BisectingKMeans"}
    ),
}


def twins(qualname: str, name: str) -> frozenset[str]:
    """The classes whose parameter ``name`` means what ``qualname``'s does, itself included."""
    family = _SHARED.get(name)
    return family if family is not None and qualname in family else frozenset((qualname,))


@dataclass(frozen=True)
class TuningFacts:
    """What one file tunes, for the findings of every other file of the project.

    ``classes``: (class qualified name, parameter) pairs the file searches; ``names``:
    parameters it tunes without a class hplint knows (an unresolved search target, an
    Optuna suggestion, a grid kept in a ``config.py``), for any class; ``whole``: classes
    every parameter of which counts as searched (a search whose keys cannot be read, for
    the classes its own file constructs). A small value of strings only: it is kept in
    the cache beside the findings.
    """

    classes: frozenset[tuple[str, str]] = frozenset()
    names: frozenset[str] = frozenset()
    whole: frozenset[str] = frozenset()

    def tunes(self, qualname: str, name: str) -> bool:
        return (
            name in self.names or qualname in self.whole
            or any((twin, name) in self.classes for twin in twins(qualname, name))
        )  # fmt: skip

    def __bool__(self) -> bool:
        return bool(self.classes) or bool(self.names) or bool(self.whole)

    @staticmethod
    def union(facts: Iterable[TuningFacts | None]) -> TuningFacts:
        classes: set[tuple[str, str]] = set()
        names: set[str] = set()
        whole: set[str] = set()
        for found in facts:
            if found is not None:
                classes |= found.classes
                names |= found.names
                whole |= found.whole
        return TuningFacts(frozenset(classes), frozenset(names), frozenset(whole))


NO_TUNING = TuningFacts()


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
    # What the file tunes (None: not known, e.g. it could not be read or parsed).
    tuning: TuningFacts | None = None


def io_error(reason: str) -> Diagnostic:
    """HP002 for a file that could not be read or decoded."""
    where = Location(1, 1)
    return Diagnostic("HP002", reason, where, where, None)
