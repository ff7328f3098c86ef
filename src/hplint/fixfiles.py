"""Fixing files: what ``check --fix``, ``--diff`` and ``--fix-only`` do to each file.

A file is fixed from its bytes as they are now (not from a cached answer): it is linted,
the applicable fixes are made, and it is linted again until nothing more applies. The
result is written back only if the file still holds the bytes that were read, so a file
changed on disk while hplint ran is never overwritten with stale content.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hplint import engine
from hplint.config import Settings
from hplint.diagnostics import Diagnostic, Edit
from hplint.fileio import write_atomic
from hplint.fix import FixError, Outcome, apply_to_python, choose, decode_python, fix_document, unchanged_on_disk
from hplint.notebook import apply_cell_edits, parse_notebook
from hplint.report.paths import display_path
from hplint.source import SourceError


@dataclass
class Fixed:
    """One file after fixing: its new result, and what changed."""

    result: engine.FileResult
    original: bytes
    data: bytes
    fixed: Counter[str] = field(default_factory=Counter)
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.data != self.original


def is_notebook(path: Path) -> bool:
    return path.suffix.lower() == ".ipynb"


def _parses(notebook: bool, original: bytes) -> Callable[[bytes], bool]:
    """Whether fixed bytes still parse: for a notebook, no cell that parsed before fails now
    (a cell that does not parse is replaced by a stand-in that always does)."""
    broken = frozenset[int]()
    if notebook:
        try:
            broken = parse_notebook(original).broken
        except SourceError:
            pass

    def parses(data: bytes) -> bool:
        try:
            if notebook:
                book = parse_notebook(data)
                if not book.broken <= broken:
                    return False
                python = book.python
            else:
                python = decode_python(data)[0]
        except (SourceError, SyntaxError, UnicodeDecodeError, LookupError):
            return False
        return engine.libcst_parses(python)

    return parses


def fix_bytes(path: Path, data: bytes, settings: Settings, unsafe: bool) -> Fixed:
    """Fix ``data`` (the contents of ``path``, or stdin named ``path``); writes nothing."""
    notebook = is_notebook(path)
    # The results of the input and of the last pass: a failed fix leaves the input.
    first: list[engine.FileResult] = []
    last: list[engine.FileResult] = []

    def lint(current: bytes) -> list[Diagnostic]:
        result = engine.lint_file(path, settings, current)
        last[:] = [result]
        if not first:
            first.append(result)
        return [] if result.internal_error is not None else result.diagnostics

    def apply(current: bytes, edits: Sequence[Edit]) -> bytes:
        return apply_cell_edits(current, edits) if notebook else apply_to_python(current, edits)

    outcome: Outcome = fix_document(data, lint, apply, _parses(notebook, data), unsafe)
    result = first[0] if outcome.data == data else last[0]
    return Fixed(result, data, outcome.data, outcome.fixed, outcome.error)


def fix_file(result: engine.FileResult, settings: Settings, unsafe: bool, write: bool) -> Fixed | None:
    """Fix the file ``result`` came from, if any of its findings has a fix that applies;
    write it back when ``write``. None: nothing to fix."""
    if not choose(result.diagnostics, unsafe):
        return None
    try:
        original = result.path.read_bytes()
    except OSError as error:
        return Fixed(result, b"", b"", error=f"cannot read: {error.strerror or error}")
    fixed = fix_bytes(result.path, original, settings, unsafe)
    if fixed.error is None and fixed.changed and write:
        if not unchanged_on_disk(result.path, original):
            return Fixed(result, original, original, error="changed on disk while hplint was fixing it; left as it is")
        try:
            write_atomic(result.path, fixed.data)
        except OSError as error:
            return Fixed(result, original, original, error=f"cannot write: {error.strerror or error}; left as it is")
    return fixed


def unified_diff(path: Path, before: bytes, after: bytes) -> str:
    """The change as a unified diff (notebooks: of their JSON text)."""
    try:
        old = before.decode("utf-8-sig") if is_notebook(path) else decode_python(before)[0]
        new = after.decode("utf-8-sig") if is_notebook(path) else decode_python(after)[0]
    except (SyntaxError, UnicodeDecodeError, LookupError, FixError):
        return ""
    name = display_path(path)
    lines = difflib.unified_diff(patch_lines(old), patch_lines(new), fromfile=name, tofile=name)
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def patch_lines(text: str) -> list[str]:
    """``text``'s lines as ``patch`` and ``git apply`` read a diff's: each ends at ``\\n``
    only. ``str.splitlines`` also breaks at ``\\r``, ``\\f``, ``\\v``, ``\\x1c``-``\\x1e``,
    ``\\x85``, U+2028 and U+2029, which made a hunk whose lines the tools reject."""
    lines = text.split("\n")
    last = lines.pop()
    return [line + "\n" for line in lines] + ([last] if last else [])
