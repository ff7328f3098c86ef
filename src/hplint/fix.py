"""Applying fixes: edits to a file's text, conflicts resolved over several passes.

A fix's edits come from LibCST node positions (see ``rules.edits``); here they are spliced
into the text, so every byte outside an edit stays as it was. Fixes whose edits overlap
are applied one at a time: the first in source order in this pass, the others after the
file is linted again, up to ``MAX_PASSES`` times. Fixing a file is all or nothing: when a
pass fails (its result no longer parses, or cannot be encoded), the file keeps its text and
no fix counts as made, whatever the passes before it did. ``check --fix``, ``--diff``, their
summary and the language server's fix-all all take ``fix_document``'s outcome.
"""

from __future__ import annotations

import bisect
import io
import tokenize
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hplint.diagnostics import Diagnostic, Edit, Fix, Location
from hplint.lines import split_lines

# As in ruff: a bound on re-linting, for fixes that keep producing new fixable findings.
MAX_PASSES = 10


def offset(lines: Sequence[str], starts: Sequence[int], where: Location) -> int:
    """The character offset of a 1-based row and column in text split into ``lines``."""
    if where.row > len(lines):
        return starts[-1] + len(lines[-1]) if lines else 0
    line = lines[where.row - 1]
    body = len(line.rstrip("\r\n"))
    return starts[where.row - 1] + min(where.column - 1, body)


def line_starts(lines: Sequence[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts[: max(len(lines), 1)]


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` (which must not overlap) made."""
    lines = split_lines(text)
    starts = line_starts(lines)
    spans = sorted((offset(lines, starts, e.start), offset(lines, starts, e.end), e.content) for e in edits)
    # One join, not a new copy of the text per edit (quadratic in a file of many fixes).
    pieces: list[str] = []
    at = 0
    for start, end, content in spans:
        pieces += (text[at:start], content)
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def whole_lines(fix: Fix, lines: Sequence[str]) -> Fix:
    """``fix`` with each deletion that would leave a blank line widened to that line;
    ``lines``: the source's ``split_lines``, split once per file, not per fix (a file's
    fixes times its size was the cost)."""
    edits = []
    for edit in fix.edits:
        if edit.content == "" and _blank_around(lines, edit):
            edit = Edit(Location(edit.start.row, 1), Location(edit.end.row + 1, 1), "")
        edits.append(edit)
    return Fix(fix.applicability, fix.message, tuple(edits))


def _blank_around(lines: Sequence[str], edit: Edit) -> bool:
    if not 1 <= edit.start.row <= edit.end.row <= len(lines):
        return False
    before = lines[edit.start.row - 1][: edit.start.column - 1]
    last = lines[edit.end.row - 1]
    after = last[edit.end.column - 1 :]
    # Python's whitespace: ``str.strip`` would also take \x1c-\x1f, \x85, U+2028 ... for blank.
    return not before.strip(" \t\f") and not after.strip(" \t\f\r\n") and last.endswith(("\n", "\r"))


def _span(edit: Edit) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    return (edit.cell or 0, edit.start.row, edit.start.column), (edit.cell or 0, edit.end.row, edit.end.column)


def _conflict(a: Edit, b: Edit) -> bool:
    (a_start, a_end), (b_start, b_end) = _span(a), _span(b)
    if a_start == b_start and (a_start == a_end or b_start == b_end):
        return True  # two insertions at one place, or an insertion where a change starts
    if a_start == a_end or b_start == b_end:
        # An insertion inside a change: the change would splice over what it inserts.
        return b_start < a_start < b_end or a_start < b_start < a_end
    return max(a_start, b_start) < min(a_end, b_end)


def choose(diagnostics: Sequence[Diagnostic], unsafe: bool) -> list[Diagnostic]:
    """The findings whose fixes apply and can be made together in one pass."""
    chosen: list[Diagnostic] = []
    # The edits taken, by their spans in order: they do not overlap, so an edit can only
    # conflict with those starting between the one before its start and its end. Checking
    # every edit taken made a pass over a file's fixes quadratic.
    starts: list[tuple[int, int, int]] = []
    taken: list[Edit] = []
    for diagnostic in sorted(diagnostics, key=Diagnostic.sort_key):
        fix = diagnostic.fix
        if fix is None or not fix.applies(unsafe) or not fix.edits:
            continue
        if any(_conflict(edit, other) for edit in fix.edits for other in _near(edit, starts, taken)):
            continue
        if any(_conflict(a, b) for i, a in enumerate(fix.edits) for b in fix.edits[i + 1 :]):
            continue
        chosen.append(diagnostic)
        for edit in fix.edits:
            at = bisect.bisect_right(starts, _span(edit)[0])
            starts.insert(at, _span(edit)[0])
            taken.insert(at, edit)
    return chosen


def _near(edit: Edit, starts: Sequence[tuple[int, int, int]], taken: Sequence[Edit]) -> Sequence[Edit]:
    """The edits among ``taken`` (which do not overlap, ordered by ``starts``) that may
    conflict with ``edit``: the last starting before it, and those starting within it."""
    start, end = _span(edit)
    return taken[max(bisect.bisect_left(starts, start) - 1, 0) : bisect.bisect_right(starts, end)]


def fixable(diagnostics: Sequence[Diagnostic], unsafe: bool) -> tuple[int, int]:
    """How many findings ``--fix`` would fix, and how many more ``--unsafe-fixes`` would."""
    applicable = sum(1 for d in diagnostics if d.fix is not None and d.fix.applies(unsafe))
    hidden = sum(
        1 for d in diagnostics if d.fix is not None and not d.fix.applies(unsafe) and d.fix.applies(True)
    )
    return applicable, hidden


# --------------------------------------------------------------------------- documents


class FixError(Exception):
    """Fixes that cannot be written back; the message says why."""


def decode_python(data: bytes) -> tuple[str, str]:
    """A Python file's text and the encoding to write it back with."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding), encoding


def apply_to_python(data: bytes, edits: Sequence[Edit]) -> bytes:
    text, encoding = decode_python(data)
    try:
        return apply_edits(text, edits).encode(encoding)
    except UnicodeEncodeError:
        raise FixError(f"the fixed text cannot be written as {encoding}") from None


@dataclass
class Outcome:
    """What fixing one file did; with an ``error``, nothing (``data`` is the input)."""

    data: bytes
    # The findings after the last pass (rows as in the fixed file).
    remaining: list[Diagnostic]
    fixed: Counter[str] = field(default_factory=Counter)
    error: str | None = None


Lint = Callable[[bytes], list[Diagnostic]]


def fix_document(
    data: bytes,
    lint: Lint,
    apply: Callable[[bytes, Sequence[Edit]], bytes],
    parses: Callable[[bytes], bool],
    unsafe: bool,
    first: list[Diagnostic] | None = None,
) -> Outcome:
    """Lint, apply what applies, lint again, until nothing more applies (bounded); all or
    nothing: a pass that fails undoes the passes before it."""
    found = initial = first if first is not None else lint(data)
    outcome = Outcome(data, found)
    for _ in range(MAX_PASSES):
        chosen = choose(found, unsafe)
        if not chosen:
            break
        edits = [edit for d in chosen if d.fix is not None for edit in d.fix.edits]
        try:
            changed = apply(outcome.data, edits)
        except FixError as error:
            return Outcome(data, initial, error=f"{error}; left as it is")
        if changed == outcome.data:
            break
        if not parses(changed):
            codes = ", ".join(sorted({d.code for d in chosen}))
            return Outcome(data, initial, error=f"fixes for {codes} would make the file invalid; left as it is")
        outcome.data = changed
        outcome.fixed.update(d.code for d in chosen)
        found = lint(changed)
        outcome.remaining = found
    return outcome


def unchanged_on_disk(path: Path, original: bytes) -> bool:
    """Whether ``path`` still holds ``original`` (no one wrote it while hplint ran)."""
    try:
        return path.read_bytes() == original
    except OSError:
        return False
