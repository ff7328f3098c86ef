"""Source text in, diagnostics out: the one entry point the CLI and tests call."""

from __future__ import annotations

import ast
import warnings

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst

from hplint import catalog, model, suppress
from hplint.config import Settings
from hplint.diagnostics import Diagnostic, Location
from hplint.model.positions import Positions
from hplint.notebook import parse_notebook, read_notebook
from hplint.rules import RULES
from hplint.source import SourceError, decode, read_source

DEFAULT_SETTINGS = Settings()


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


def lint_source(
    source: str, path: str = "<string>", settings: Settings = DEFAULT_SETTINGS
) -> list[Diagnostic]:
    """Lint Python source text and return its diagnostics in source order."""
    if not _may_use_catalogued_library(source):
        # No rule can report on a file that names no catalogued library: only whether it
        # parses matters, and Python's parser answers that at a tenth of LibCST's cost.
        python_error, final = python_syntax_error(source)
        if python_error is None:
            return []
        if final:
            return [python_error] if settings.enabled_in("HP001", path) else []
    parsed = parse(source)
    if isinstance(parsed, Diagnostic):
        return [parsed] if settings.enabled_in("HP001", path) else []
    module = parsed
    facts = model.build(module, catalog.load())
    positions: Positions | None = None
    found = []
    for rule in RULES:
        if rule.check is None or not settings.enabled(rule.code):
            continue
        for violation in rule.check(facts):
            if positions is None:
                positions = Positions(module)
            start, end = positions.span(violation.node, violation.statement)
            found.append(Diagnostic(violation.code, violation.message, start, end, start.row))
    found.sort(key=Diagnostic.sort_key)
    return suppress.apply(found, source, path, settings)


# Python's parser gives up on these with a SyntaxError, a RecursionError or a MemoryError;
# LibCST's native parser would overflow its stack on the same input and kill the process.
_TOO_DEEP = ("too many nested parentheses", "too many statically nested blocks", "too complex")


def parse(source: str) -> cst.Module | Diagnostic:
    """Parse ``source`` with LibCST, or return the HP001 finding that explains why not.

    Python's own parser (``ast.parse``: it compiles nothing and runs nothing) reads the
    source first. It costs about a tenth of a LibCST parse and buys two things: input
    nested too deeply for any Python is refused before it can crash LibCST, and syntax
    errors are worded and placed as Python reports them. Source that only a newer Python
    accepts still goes to LibCST, which parses every version's syntax.
    """
    python_error, final = python_syntax_error(source)
    if python_error is not None and final:
        return python_error
    try:
        return cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        if python_error is not None:
            return python_error
        lines = error.message.strip().splitlines()
        return _hp001(lines[0] if lines else "invalid syntax", error.raw_line, error.raw_column + 1)


def python_syntax_error(source: str) -> tuple[Diagnostic | None, bool]:
    """Python's own verdict on ``source``: (HP001 or None, whether it is final).

    Final means LibCST must not see the source (nested too deeply); otherwise an error
    may still be Python-version specific, and LibCST gets to try.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(source)
    except SyntaxError as error:
        too_deep = any(reason in error.msg for reason in _TOO_DEEP)
        return _hp001(error.msg, error.lineno or 1, error.offset or 1), too_deep
    except (RecursionError, MemoryError):
        return _hp001("too deeply nested to parse", 1, 1), True
    except ValueError as error:  # e.g. "source code string cannot contain null bytes"
        return _hp001(str(error), 1, 1), True
    return None, False


def _may_use_catalogued_library(source: str) -> bool:
    """Whether the text names a catalogued library at all (a cheap, sound pre-filter).

    Every finding needs a name that resolves through an import of such a library, and
    an import spells the library's name out.
    """
    return any(root in source for root in catalog.load().roots())


def _hp001(message: str, row: int, column: int) -> Diagnostic:
    where = Location(row, max(column, 1))
    return Diagnostic("HP001", f"SyntaxError: {message}", where, where, row)


def io_error(reason: str) -> Diagnostic:
    """HP002 for a file that could not be read or decoded."""
    where = Location(1, 1)
    return Diagnostic("HP002", reason, where, where, None)


def lint_file(
    path: Path, settings: Settings = DEFAULT_SETTINGS, data: bytes | None = None
) -> FileResult:
    """Read (unless ``data`` holds the file's bytes), decode and lint one file.

    Failures become diagnostics, never exceptions.
    """
    if path.suffix.lower() == ".ipynb":
        return _lint_notebook(path, settings, data)
    try:
        source = read_source(path) if data is None else decode(data)
    except SourceError as error:
        found = [io_error(str(error))] if settings.enabled_in("HP002", str(path)) else []
        return FileResult(path, found)
    try:
        return FileResult(path, lint_source(source, str(path), settings), source)
    except Exception as error:  # noqa: BLE001 - one file's failure must not stop the run
        return FileResult(path, [], source, internal_error=f"{type(error).__name__}: {error}")


def _lint_notebook(path: Path, settings: Settings, data: bytes | None) -> FileResult:
    """Lint a notebook's code cells as one module; report rows relative to their cell."""
    try:
        book = read_notebook(path) if data is None else parse_notebook(data)
    except SourceError as error:
        found = [io_error(str(error))] if settings.enabled_in("HP002", str(path)) else []
        return FileResult(path, found)
    try:
        found = [book.map_diagnostic(d) for d in lint_source(book.python, str(path), settings)]
    except Exception as error:  # noqa: BLE001 - one file's failure must not stop the run
        message = f"{type(error).__name__}: {error}"
        return FileResult(path, [], book.python, book.cells, internal_error=message)
    found.sort(key=Diagnostic.sort_key)
    return FileResult(path, found, book.python, book.cells)
