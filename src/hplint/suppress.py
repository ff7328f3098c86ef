"""What a file's author has silenced: ``# noqa`` comments and per-file ignores.

The comment syntax is ruff's: ``# noqa`` silences every finding on its line, ``# noqa: HP401,
HP402`` (codes separated by commas and/or spaces, ``#noqa:HP401`` too, ``noqa`` in any case)
only those codes; ``# hplint: noqa`` anywhere in a comment of its own exempts the whole file
and ``# hplint: noqa: HP401`` the file from those codes. A directive goes on the line where
the finding starts, or, when that line ends inside a multi-line string or with a backslash,
on the line where the string or the continuation ends: the finding's ``noqa_row``.
Directives for unknown or unused codes suppress nothing; HP003 (in preview) reports them.
Syntax errors (HP001) cannot be silenced by comments, as in ruff.
"""

from __future__ import annotations

import ast
import bisect
import io
import re
import sys
import token
import tokenize
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from hplint.config import Settings
from hplint.diagnostics import Diagnostic, Edit, Fix, Location, Untuned
from hplint.fix import apply_edits
from hplint.lines import split_lines as split_lines  # re-exported: reports and the server use it

_CODES = r"[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*"
# `# noqa`, `#noqa: X1`, `# NOQA:X1, X2`; a `noqa` glued to more letters is not a directive.
LINE_DIRECTIVE = re.compile(rf"#\s*(?i:noqa)(?:(?P<colon>:)\s*(?P<codes>{_CODES})?)?(?![\w-])")
FILE_DIRECTIVE = re.compile(
    rf"#\s*(?i:hplint)\s*:\s*(?i:noqa)(?:(?P<colon>:)\s*(?P<codes>{_CODES})?)?(?![\w-])"
)
_SPLIT = re.compile(r"[\s,]+")

UNSUPPRESSIBLE = frozenset({"HP001"})


@dataclass(frozen=True)
class Directive:
    """One ``noqa`` directive: ``codes`` is None for a bare ``# noqa`` (everything)."""

    codes: tuple[str, ...] | None
    start: int  # offsets of the directive within its comment
    end: int

    def covers(self, code: str) -> bool:
        return self.codes is None or code in self.codes


def parse_directives(comment: str, pattern: re.Pattern[str] = LINE_DIRECTIVE) -> list[Directive]:
    """Every directive in a comment. ``# noqa:`` with no valid code after it is ignored."""
    found = []
    for match in pattern.finditer(comment):
        codes = match.group("codes")
        if match.group("colon") and codes is None:
            continue
        parsed = tuple(_SPLIT.split(codes.strip())) if codes else None
        found.append(Directive(parsed, match.start(), match.end()))
    return found


@dataclass(frozen=True)
class Scan:
    """A file's comments by row, and where each row's ``noqa`` comment goes."""

    comments: dict[int, tuple[int, str]]  # row -> (0-based column, comment text)
    noqa_rows: dict[int, int]

    def noqa_row(self, row: int) -> int:
        # Rows only ever move down: a string's last line may itself be continued.
        while row in self.noqa_rows:
            row = self.noqa_rows[row]
        return row


def scan(source: str) -> Scan:
    """Tokenize ``source`` for its comments and the rows a ``noqa`` must move from."""
    lines = split_lines(source)
    found = _scan_lines(lines, 0)
    if found is None:
        # LibCST accepted what this Python's tokenizer does not (newer syntax): fall back
        # to a plain reading of each line.
        comments = {
            row: (line.index("#"), line[line.index("#") :].rstrip("\r\n"))
            for row, line in enumerate(lines, 1)
            if "#" in line
        }
        return Scan(comments, {})
    return found


def _scan_lines(lines: Sequence[str], before: int) -> Scan | None:
    """``scan`` of ``lines``, which are rows ``before + 1`` on and start a statement; None
    where the tokenizer refuses them."""
    comments: dict[int, tuple[int, str]] = {}
    moved: dict[int, int] = {}
    fstring_starts: list[int] = []
    fstring_start = getattr(token, "FSTRING_START", None)
    fstring_end = getattr(token, "FSTRING_END", None)
    try:
        # newline=None: a lone \r ends a line too, as Python numbers rows (old Mac files).
        text = io.StringIO("".join(lines), newline=None)
        for tok in tokenize.generate_tokens(text.readline):
            first, last = tok.start[0] + before, tok.end[0] + before
            if tok.type == tokenize.COMMENT:
                comments[first] = (tok.start[1], tok.string)
            elif tok.type == tokenize.STRING and last > first:
                moved.update((row, last) for row in range(first, last))
            elif fstring_start is not None and tok.type == fstring_start:
                fstring_starts.append(first)
            elif fstring_end is not None and tok.type == fstring_end and fstring_starts:
                start = fstring_starts.pop()
                moved.update((row, last) for row in range(start, last))
    except (tokenize.TokenError, SyntaxError):
        return None
    # A backslash continuation: the comment can only go after the last continued line.
    target = before + len(lines)
    for row in range(before + len(lines), before, -1):
        continued = _continued(lines[row - before - 1])
        if row in moved or row in comments or not continued:
            target = moved.get(row, row)
        else:
            moved[row] = target
    return Scan(comments, moved)


def _continued(line: str) -> bool:
    """Whether ``line`` ends in a backslash: the statement goes on on the next row."""
    return line.rstrip("\r\n").endswith("\\")


def _scan_for(diagnostics: Sequence[Diagnostic], source: str, tree: ast.Module | None) -> Scan:
    """``scan(source)`` as far as ``apply`` reads it for ``diagnostics``.

    A string or a backslash continuation never leaves its top-level statement, so only the
    statements ``apply`` reads are tokenized: those holding findings, for the rows a
    directive moves to (``noqa_rows``), and those with ``noqa`` in their text, for the
    directives (a comment without ``noqa`` is none). A statement whose rows are read but
    which has no string across rows and no backslash at a line's end moves nothing: it is
    not tokenized at all. The full scan where Python's tree is missing or a row is not
    covered.
    """
    if tree is None:
        return scan(source)
    lines = split_lines(source)
    ends, firsts = _statement_chunks(tree, lines)
    # Chunk index -> whether its comments are read (else only its noqa_rows).
    wanted: dict[int, bool] = {}
    for diagnostic in diagnostics:
        if diagnostic.noqa_row is None:
            continue
        index = bisect.bisect_left(ends, diagnostic.noqa_row)
        if index == len(ends):
            return scan(source)
        wanted.setdefault(index, False)
    if "noqa" in source.lower():
        for row, line in enumerate(lines, 1):
            if "noqa" in line.lower():
                # Past the last statement (index len(ends)): the trailing comment lines.
                wanted[bisect.bisect_left(ends, row)] = True
    comments: dict[int, tuple[int, str]] = {}
    moved: dict[int, int] = {}
    for index, read_comments in wanted.items():
        start = ends[index - 1] if index else 0
        stop = ends[index] if index < len(ends) else len(lines)
        if not read_comments:
            following = firsts[index + 1] if index + 1 < len(firsts) else None
            if not _may_move(lines[start:stop], tree.body[firsts[index] : following]):
                continue
        part = _scan_lines(lines[start:stop], start)
        if part is None or any(row == to for row, to in part.noqa_rows.items()):
            return scan(source)
        comments.update(part.comments)
        moved.update(part.noqa_rows)
    return Scan(comments, moved)


def _statement_chunks(tree: ast.Module, lines: Sequence[str]) -> tuple[list[int], list[int]]:
    """The runs of top-level statements that share no row with another: the last row of
    each and the index of its first statement in ``tree.body``. A run's text goes from the
    row after the previous one's last (leading blank and comment lines included) to its
    own last. A final backslash continued onto blank or comment lines takes them in."""
    ends: list[int] = []
    firsts: list[int] = []
    for index, statement in enumerate(tree.body):
        end = statement.end_lineno or statement.lineno
        if ends and statement.lineno <= ends[-1]:
            # It shares a row with the statement before (``a = """x\n"""; b = 1``): one
            # text, or the second would start inside the first's string.
            end = max(end, ends.pop())
        else:
            firsts.append(index)
        while end < len(lines) and _continued(lines[end - 1]):
            following = lines[end].strip()
            if following and not following.startswith("#"):
                break
            end += 1
        ends.append(end)
    return ends, firsts


def _may_move(lines: Sequence[str], statements: Sequence[ast.stmt]) -> bool:
    """Whether tokenizing ``lines``, the text of ``statements``, may move a row: only a
    string token across rows or a backslash at a line's end does. A string across rows is
    triple-quoted or continued by a backslash (before Python 3.12; from 3.12 on, an
    f-string's replacement fields may span rows inside any quotes); a triple quote in the
    text may also sit on one row (a one-line docstring), which Python's tree tells."""
    triple = _ANY_QUOTES_SPAN_ROWS
    for line in lines:
        if _continued(line):
            return True
        triple = triple or '"""' in line or "'''" in line
    return triple and any(_string_across_rows(statement) for statement in statements)


# PEP 701: from Python 3.12, ``f"{a +`` and ``b}"`` on two rows are one string token.
_ANY_QUOTES_SPAN_ROWS = sys.version_info >= (3, 12)


def _string_across_rows(statement: ast.stmt) -> bool:
    """Whether a string literal (or f-string) in ``statement`` spans rows: the string token
    that does, if any, lies within it. (Strings implicitly concatenated across rows count
    too: the answer may cost a needless tokenization, never miss one.) A node on one row
    holds no such string and is not looked into, but for a definition: its decorators
    are above its first row."""
    stack: list[ast.AST] = [statement]
    while stack:
        node = stack.pop()
        first = getattr(node, "lineno", None)
        if first is not None and getattr(node, "end_lineno", None) == first:
            if not isinstance(node, _DEFINITIONS):
                continue
        if isinstance(node, ast.JoinedStr) or (
            isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes))
        ):
            return True  # on more than one row, or it would have been skipped
        stack.extend(ast.iter_child_nodes(node))
    return False


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def apply(
    diagnostics: Sequence[Diagnostic],
    source: str,
    path: str,
    settings: Settings,
    tree: ast.Module | None = None,
) -> list[Diagnostic]:
    """Drop what per-file ignores and ``noqa`` comments silence; set each ``noqa_row``.

    ``tree``: ``ast.parse`` of ``source``, if the caller has it (it spares a full scan)."""
    ignored = settings.ignored_in(path)
    kept = [d for d in diagnostics if not any(d.code.startswith(s) for s in ignored)]
    judged = _judges_noqa(source, path, settings)
    if not judged and not any(d.code not in UNSUPPRESSIBLE for d in kept):
        return kept
    lines = _scan_for(kept, source, tree)
    if judged:
        kept = sorted([*kept, *unused_directives(kept, lines, source, path, settings)], key=Diagnostic.sort_key)
    # --ignore-noqa: every finding stays, each still told the row its noqa would go on.
    honoured = not settings.ignore_noqa
    exempt = _file_exemptions(lines) if honoured else None
    result = []
    for diagnostic in kept:
        if diagnostic.code in UNSUPPRESSIBLE or diagnostic.noqa_row is None:
            result.append(diagnostic)
            continue
        if exempt is not None and (not exempt or diagnostic.code in exempt):
            continue
        row = lines.noqa_row(diagnostic.noqa_row)
        if _silenced(lines, row, diagnostic.code, honoured):
            continue
        if diagnostic.untuned is not None:
            diagnostic = replace(diagnostic, untuned=_judge_arguments(diagnostic.untuned, lines, honoured))
        result.append(diagnostic if row == diagnostic.noqa_row else replace(diagnostic, noqa_row=row))
    return result


def _silenced(lines: Scan, row: int, code: str, honoured: bool) -> bool:
    """Whether a ``noqa`` comment on ``row`` silences ``code``."""
    comment = lines.comments.get(row) if honoured else None
    return comment is not None and any(d.covers(code) for d in parse_directives(comment[1]))


def _judge_arguments(untuned: Untuned, lines: Scan, honoured: bool) -> Untuned:
    """Each argument of an HP101 finding with its ``noqa`` row, and whether a directive
    there silences the finding should another file's tuning move it there."""
    judged = []
    for argument in untuned.arguments:
        if argument.noqa_row is not None:
            row = lines.noqa_row(argument.noqa_row)
            argument = replace(argument, noqa_row=row, silenced=_silenced(lines, row, "HP101", honoured))
        judged.append(argument)
    return replace(untuned, arguments=tuple(judged))


# --------------------------------------------------------------------------- HP003

UNUSED_NOQA = "HP003"
# hplint's own codes: the only ones in a `# noqa:` list that hplint judges (`E501` and the
# like belong to other tools, which share the comment).
_OWN_CODE = re.compile(r"HP[0-9]{3}")


def _judges_noqa(source: str, path: str, settings: Settings) -> bool:
    """Whether HP003 looks at this file's ``noqa`` comments."""
    return (
        not settings.ignore_noqa
        and settings.enabled_in(UNUSED_NOQA, path)
        and "noqa" in source.lower()
    )


def unused_directives(
    findings: Sequence[Diagnostic], lines: Scan, source: str, path: str, settings: Settings
) -> list[Diagnostic]:
    """HP003 (ruff's RUF100): each ``# noqa: ...`` directive naming hplint codes that
    suppress nothing on its row, with a safe fix that removes them.

    ``findings``: the file's findings before ``noqa`` comments (after per-file ignores).
    A code is unused when no finding of it has the directive's row as its ``noqa`` row,
    non-enabled when the settings do not run it here, unknown when hplint has no such rule.
    A bare ``# noqa`` is not judged: it silences every tool that reads the comment (ruff,
    flake8), and hplint cannot know what theirs find. Nor is HP003 itself, nor a
    file-level ``# hplint: noqa``."""
    from hplint.rules import BY_CODE

    used: dict[int, set[str]] = {}
    for finding in findings:
        if finding.noqa_row is not None and finding.code not in UNSUPPRESSIBLE:
            used.setdefault(lines.noqa_row(finding.noqa_row), set()).add(finding.code)
        # An HP101 finding moves to another of its arguments when another file tunes the
        # first: a directive on any of their rows may be what silences it then.
        for argument in finding.untuned.arguments if finding.untuned is not None else ():
            if argument.noqa_row is not None:
                used.setdefault(lines.noqa_row(argument.noqa_row), set()).add(finding.code)
    text_lines = split_lines(source)
    found = []
    for row, (column, comment) in sorted(lines.comments.items()):
        directives = parse_directives(comment)
        for directive in directives:
            if directive.codes is None:
                continue
            kinds: dict[str, list[str]] = {"unused": [], "non-enabled": [], "unknown": []}
            for code in directive.codes:
                if not _OWN_CODE.fullmatch(code) or code == UNUSED_NOQA:
                    continue
                if code not in BY_CODE:
                    kinds["unknown"].append(code)
                elif not settings.enabled_in(code, path) or code in UNSUPPRESSIBLE:
                    kinds["non-enabled"].append(code)
                elif code not in used.get(row, ()):
                    kinds["unused"].append(code)
            bad = [code for codes in kinds.values() for code in codes]
            if not bad:
                continue
            detail = "; ".join(
                f"{kind}: " + ", ".join(f"`{code}`" for code in codes) for kind, codes in kinds.items() if codes
            )
            start = Location(row, column + directive.start + 1)
            end = Location(row, column + directive.end + 1)
            body = text_lines[row - 1].rstrip("\r\n") if row <= len(text_lines) else ""
            edit = _without_codes(body, row, column, comment, directive, bad, len(directives) == 1)
            fix = Fix("safe", "Remove unused `noqa` directive", (edit,))
            found.append(Diagnostic(UNUSED_NOQA, f"Unused `noqa` directive ({detail})", start, end, row, fix=fix))
    return found


def _without_codes(
    body: str, row: int, column: int, comment: str, directive: Directive, bad: Sequence[str], alone: bool
) -> Edit:
    """The edit taking ``bad`` out of ``directive`` in ``comment`` (at ``column`` of row
    ``row``, whose text is ``body``): the directive keeps its other codes; one left with
    none goes, with the comment when nothing else is in it."""
    assert directive.codes is not None
    kept = [code for code in directive.codes if code not in bad]
    first, last = column + directive.start, column + directive.end
    if kept:
        return Edit(Location(row, first + 1), Location(row, last + 1), "# noqa: " + ", ".join(kept))
    before, after = comment[: directive.start].rstrip(), comment[directive.end :].strip()
    end = Location(row, column + len(comment) + 1)
    if not alone:  # another directive shares the comment: only this one's text goes
        return Edit(Location(row, first + 1), Location(row, last + 1), "")
    if not before and not after.lstrip("#").strip():
        # The comment was only the directive: it goes with the blanks before it.
        return Edit(Location(row, len(body[:column].rstrip()) + 1), end, "")
    if not before:  # `# noqa: HP401  # why` -> `# why`
        return Edit(Location(row, column + 1), end, "# " + after.lstrip("#").strip())
    rest = f"{before} {after}" if after else before  # `# type: ignore  # noqa: HP401`
    return Edit(Location(row, column + 1), end, rest)


def _file_exemptions(lines: Scan) -> frozenset[str] | None:
    """None: no file-level directive; empty: the whole file; else the codes exempted."""
    codes: set[str] = set()
    found = False
    for _, comment in lines.comments.values():
        if "hplint" not in comment.lower():
            continue
        for directive in parse_directives(comment, FILE_DIRECTIVE):
            if directive.start != 0:
                continue
            if directive.codes is None:
                return frozenset()
            found = True
            codes.update(directive.codes)
    return frozenset(codes) if found else None


# --------------------------------------------------------------------------- --add-noqa


def add_noqa(source: str, diagnostics: Iterable[Diagnostic]) -> tuple[str, int]:
    """``source`` with a ``# noqa: CODES`` on each reported row, and how many rows changed."""
    edits = noqa_edits(source, diagnostics)
    return apply_edits(source, edits), len(edits)


def noqa_edits(source: str, diagnostics: Iterable[Diagnostic], cell: int | None = None) -> list[Edit]:
    """The edits that put a ``# noqa: CODES`` on each row reported in ``source``.

    An existing ``# noqa: X`` on the row is extended; other text is never touched, and
    each line keeps its own line ending. With ``cell``, ``source`` is that notebook cell's
    text and only its findings count; the edits name the cell.
    """
    wanted: dict[int, list[str]] = {}
    for diagnostic in diagnostics:
        if diagnostic.noqa_row is None or diagnostic.cell != cell:
            continue
        if diagnostic.code in UNSUPPRESSIBLE or diagnostic.code == UNUSED_NOQA:
            continue  # a directive to keep an unused directive would be one more to remove
        codes = wanted.setdefault(diagnostic.noqa_row, [])
        if diagnostic.code not in codes:
            codes.append(diagnostic.code)
    if not wanted:
        return []
    lines = split_lines(source)
    found = scan(source)
    edits = []
    for row, codes in sorted(wanted.items()):
        if not 1 <= row <= len(lines):
            continue
        body = lines[row - 1].rstrip("\r\n")
        edited = _with_codes(body, found.comments.get(row), sorted(codes))
        if edited != body:
            edits.append(Edit(Location(row, 1), Location(row, len(body) + 1), edited, cell))
    return edits


def _with_codes(body: str, comment: tuple[int, str] | None, codes: list[str]) -> str:
    if comment is not None:
        column, text = comment
        for directive in parse_directives(text):
            if directive.codes is None:
                return body
            missing = [code for code in codes if code not in directive.codes]
            if not missing:
                return body
            merged = "# noqa: " + ", ".join((*directive.codes, *missing))
            start, end = column + directive.start, column + directive.end
            return body[:start] + merged + body[end:]
    return body.rstrip(" \t") + "  # noqa: " + ", ".join(codes)
