"""Source text in, diagnostics out: the one entry point the CLI and tests call."""

from __future__ import annotations

import ast
import warnings

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst

from hplint import catalog, model
from hplint.config import Settings
from hplint.diagnostics import Diagnostic, Location
from hplint.model.positions import Positions
from hplint.rules import RULES
from hplint.source import SourceError, read_source

DEFAULT_SETTINGS = Settings()


@dataclass(frozen=True)
class FileResult:
    """The outcome of linting one file."""

    path: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # The decoded text, for output formats that show source lines.
    source: str | None = None
    # Set when hplint itself failed on this file (a bug): the run exits with status 2.
    internal_error: str | None = None


def lint_source(
    source: str, path: str = "<string>", settings: Settings = DEFAULT_SETTINGS
) -> list[Diagnostic]:
    """Lint Python source text and return its diagnostics in source order."""
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        return [_syntax_error(source, error)] if settings.enabled("HP001") else []
    except RecursionError:
        where = Location(1, 1)
        too_deep = Diagnostic("HP001", "SyntaxError: too deeply nested to parse", where, where, 1)
        return [too_deep] if settings.enabled("HP001") else []
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
    return found


def _syntax_error(source: str, error: cst.ParserSyntaxError) -> Diagnostic:
    """HP001, worded and placed as Python itself reports the error where it can.

    Python's parser (``ast.parse``, which compiles nothing and runs nothing) names the
    problem far better than LibCST's token list; LibCST's own message is used for the
    rare source that only LibCST rejects.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(source)
    except SyntaxError as python_error:
        if python_error.lineno is not None:
            where = Location(python_error.lineno, max(python_error.offset or 1, 1))
            return Diagnostic("HP001", f"SyntaxError: {python_error.msg}", where, where, where.row)
    except (ValueError, RecursionError, MemoryError):
        pass
    message = error.message.strip().splitlines()[0] if error.message.strip() else "invalid syntax"
    where = Location(error.raw_line, error.raw_column + 1)
    return Diagnostic("HP001", f"SyntaxError: {message}", where, where, where.row)


def io_error(reason: str) -> Diagnostic:
    """HP002 for a file that could not be read or decoded."""
    where = Location(1, 1)
    return Diagnostic("HP002", reason, where, where, None)


def lint_file(path: Path, settings: Settings = DEFAULT_SETTINGS) -> FileResult:
    """Read, decode and lint one file; failures become diagnostics, never exceptions."""
    try:
        source = read_source(path)
    except SourceError as error:
        found = [io_error(str(error))] if settings.enabled("HP002") else []
        return FileResult(path, found)
    try:
        return FileResult(path, lint_source(source, str(path), settings), source)
    except Exception as error:  # noqa: BLE001 - one file's failure must not stop the run
        return FileResult(path, [], source, internal_error=f"{type(error).__name__}: {error}")


def lint_paths(paths: Iterable[Path], settings: Settings = DEFAULT_SETTINGS) -> Iterator[FileResult]:
    """Lint files in the order given."""
    for path in paths:
        yield lint_file(path, settings)
