"""Positions, fixes and diffs on sources holding every character that some tool takes for a
line break: ``\\r``, ``\\r\\n``, form feeds (which also reset Python's indentation count),
``\\v``, ``\\x1c``-``\\x1e``, ``\\x85``, U+2028 and U+2029. Python breaks lines only at
``\\n``, ``\\r\\n`` and ``\\r``; ``str.splitlines`` at all of them; ``patch`` at ``\\n``.

The oracle is Python's own tokenizer: every name, string and number LibCST has is where a
token of the same text is, and no fix's edit starts or ends inside a token.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tokenize
from pathlib import Path

import libcst as cst
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_fix_property import check_each_fix, check_fixing, fixable_programs
from test_fuzz import fuzz_settings

from hplint.config import Settings
from hplint.engine import lint_file
from hplint.fix import decode_python
from hplint.fixfiles import fix_bytes, unified_diff
from hplint.lines import split_lines
from hplint.model.positions import Positions

pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")

# Line breaks to str.splitlines, not to Python: allowed in comments and strings.
NOT_PYTHON_BREAKS = ["\f", "\v", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
ENDINGS = ["\n", "\r\n", "\r"]
# Whitespace that may start a line without changing its indentation: Python counts the
# indentation from the last form feed on.
LEADS = ["\f", " \f", "\t\f", "\f\f", "    \f"]


@st.composite
def odd_programs(draw: st.DrawFn) -> str:
    """A program with fixes, its lines led by form feeds, ended by any of Python's line
    breaks, with comments and a string holding the others."""
    lines = draw(fixable_programs()).splitlines()
    odd = st.lists(st.sampled_from(NOT_PYTHON_BREAKS + ["a", " ", "é"]), min_size=1, max_size=6).map("".join)
    lines.insert(3, f"note = {draw(odd)!r} + '{draw(odd)}'")  # after the imports
    out = []
    for line in lines:
        if draw(st.integers(0, 2)) == 0:
            line = draw(st.sampled_from(LEADS)) + line
        if draw(st.integers(0, 3)) == 0:
            line += "  # " + draw(odd)
        out.append(line + draw(st.sampled_from(ENDINGS)))
    return "".join(out)


def tokens(source: str) -> dict[tuple[int, int, int, int], str]:
    """Python's tokens: (start row, start column, end row, end column) -> text, columns in
    characters from 0."""
    found = {}
    for token in tokenize.generate_tokens(io.StringIO(source, newline="").readline):
        (row, column), (end_row, end_column) = token.start, token.end
        found[(row, column, end_row, end_column)] = token.string
    return found


def boundaries(source: str) -> set[tuple[int, int]]:
    """Where an edit may start or end: at a token's start or end, or a line's start or end."""
    places = {(where[0], where[1]) for where in tokens(source)} | {(where[2], where[3]) for where in tokens(source)}
    for row, line in enumerate(split_lines(source), start=1):
        places |= {(row, 0), (row, len(line.rstrip("\r\n"))), (row + 1, 0)}
    return places


TOKENS_OF = (cst.Name, cst.SimpleString, cst.Integer, cst.Float)


def check_positions_against_the_tokenizer(source: str) -> int:
    """Every name, string and number, placed each way hplint can place it, is where
    Python's tokenizer has a token of its text; the number of nodes checked."""
    import ast

    module = cst.parse_module(source)
    tree = ast.parse(source)
    expected = tokens(source)
    from_code = Positions(module, tree, source)
    from_code._text = None  # each statement's generated code, placed by Python's rows
    ways = [Positions(module, tree, source), from_code, Positions(module, None, source)]
    checked = 0
    for index, statement in enumerate(module.body):
        stack: list[cst.CSTNode] = [statement]
        while stack:
            node = stack.pop()
            if isinstance(node, cst.FormattedString):
                continue  # one token up to Python 3.11, several from 3.12
            stack.extend(node.children)
            if not isinstance(node, TOKENS_OF):
                continue
            text = node.value
            for positions in ways:
                start, end = positions.span(node, index)
                key = (start.row, start.column - 1, end.row, end.column - 1)
                assert expected.get(key) == text, (source, text, key, positions)
            checked += 1
    return checked


def check_edits_at_boundaries(path: Path, data: bytes) -> None:
    text = decode_python(data)[0]
    places = boundaries(text)
    for diagnostic in lint_file(path, Settings(select=("HP",)), data).diagnostics:
        assert (diagnostic.start.row, diagnostic.start.column - 1) in places, (diagnostic, text)
        for edit in diagnostic.fix.edits if diagnostic.fix is not None else ():
            for where in (edit.start, edit.end):
                assert (where.row, where.column - 1) in places, (diagnostic, edit, text)


# ------------------------------------------------------------------------------ patches

HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@\n")


def apply_patch(before: str, diff: str) -> str:
    """``diff`` applied to ``before`` as ``patch`` reads it (lines end at ``\\n`` only),
    checking its form strictly: headers, hunk counts, context, and "No newline" markers
    only after a file's last line."""
    if not diff:
        return before
    lines = [line + "\n" for line in diff.split("\n")[:-1]]
    assert diff.endswith("\n") and lines[0].startswith("--- ") and lines[1].startswith("+++ "), diff
    old = [line + "\n" for line in before.split("\n")]
    old[-1] = old[-1][:-1]
    if old[-1] == "":
        old.pop()
    out: list[str] = []
    at, i = 0, 2
    while i < len(lines):
        found = HUNK.fullmatch(lines[i])
        assert found is not None, (lines[i], diff)
        start, count = int(found[1]), int(found[2] or 1)
        new_count = int(found[4] or 1)
        first = start - 1 if count else start
        out.extend(old[at:first])
        at, i = first, i + 1
        seen_old = seen_new = 0
        while i < len(lines) and not lines[i].startswith("@@"):
            kind, body = lines[i][0], lines[i][1:]
            if i + 1 < len(lines) and lines[i + 1] == "\\ No newline at end of file\n":
                body = body[:-1]
                i += 1
            assert kind in " -+", (lines[i], diff)
            if kind in " -":
                assert old[at] == body, (old[at], body, diff)
                at, seen_old = at + 1, seen_old + 1
            if kind in " +":
                out.append(body)
                seen_new += 1
            i += 1
        assert (seen_old, seen_new) == (count, new_count), diff
    out.extend(old[at:])
    for line in out[:-1]:
        assert line.endswith("\n"), ("a line without its end before the last", diff)
    return "".join(out)


def check_diff(path: Path, data: bytes) -> None:
    done = fix_bytes(path, data, Settings(select=("HP",)), unsafe=True)
    diff = unified_diff(path, data, done.data)
    assert apply_patch(decode_python(data)[0], diff) == decode_python(done.data)[0]


# ---------------------------------------------------------------------------- the tests


@fuzz_settings("programs")
@given(source=odd_programs())
def test_positions_fixes_and_diffs_whatever_breaks_lines(source: str) -> None:
    data = source.encode()
    path = Path("train.py")
    assert check_positions_against_the_tokenizer(source) > 0
    check_edits_at_boundaries(path, data)
    check_each_fix(path, data)
    check_fixing(path, data)
    check_diff(path, data)


SOURCES = {
    "form feed": "from sklearn.ensemble import RandomForestClassifier\n\fm = RandomForestClassifier(n_estimators=10, random_sate=1)\n",
    "dedent": "from sklearn.svm import SVC\nif x:\n    y = 1\n    \fSVC(gama=1)\n",
    "block": "from sklearn.svm import SVC\nif x:\n\f    y = 1\n    SVC(gama=1)\n",
    "others": "from sklearn.svm import SVC\n# \x1c\x1d\x1e\x85\u2028\u2029\v\f\nSVC(gama=1)  # \x85\r\nx = '\u2028'\rSVC(gama=2)",
}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_the_issues_shapes(name: str) -> None:
    """D1 and D6's cases: the fix after a form feed edited the wrong characters, and the
    diff of a file with such characters was malformed."""
    source = SOURCES[name]
    check_positions_against_the_tokenizer(source)
    check_edits_at_boundaries(Path("train.py"), source.encode())
    check_diff(Path("train.py"), source.encode())


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs patch(1)")
def test_patch_applies_the_diff(tmp_path: Path) -> None:
    from conftest import hplint_executable

    data = SOURCES["others"].encode()
    (tmp_path / "train.py").write_bytes(data)
    # Bytes: a text pipe would turn the diff's \r into line ends.
    command = [hplint_executable(), "check", "-n", "--unsafe-fixes", "train.py"]
    diff = subprocess.run([*command, "--diff"], cwd=tmp_path, capture_output=True, timeout=120)
    assert diff.returncode == 1 and diff.stdout.startswith(b"--- train.py\n")
    done = subprocess.run(["patch", "-p0", "-o", "patched.py", "train.py"], input=diff.stdout, cwd=tmp_path, capture_output=True)
    assert done.returncode == 0, done.stdout + done.stderr
    subprocess.run([*command, "--fix"], cwd=tmp_path, capture_output=True, timeout=120)
    assert (tmp_path / "patched.py").read_bytes() == (tmp_path / "train.py").read_bytes() != data
