"""`# noqa` comments, file-level exemptions, noqa_row and --add-noqa's text edits."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from hplint.config import Settings
from hplint.diagnostics import Diagnostic, Location
from hplint.engine import lint_source
from hplint.suppress import Scan, _file_exemptions, _scan_for, add_noqa, parse_directives, scan, split_lines

HEAD = "from sklearn.svm import SVC\n"


def codes(source: str, path: str = "train.py", settings: Settings = Settings()) -> list[tuple[int, str]]:
    return [(d.start.row, d.code) for d in lint_source(HEAD + source, path, settings)]


@pytest.mark.parametrize(
    "comment",
    ["# noqa", "#noqa", "# NOQA", "# NoQa", "# noqa: HP401", "#noqa:HP401", "# noqa:HP401,HP402",
     "# noqa: HP402 HP401", "# noqa: HP402, HP401", "# explained # noqa: HP401", "# noqa F401"],
)  # fmt: skip
def test_directives_that_silence_hp401(comment: str) -> None:
    assert codes(f"SVC(gama=1)  {comment}\n") == []


@pytest.mark.parametrize(
    "comment",
    ["# noqa: HP402", "# noqa:", "# noqa: hp401", "# noqanything", "# no qa", "# noqa-HP401"],
)
def test_comments_that_do_not_silence_hp401(comment: str) -> None:
    assert codes(f"SVC(gama=1)  {comment}\n") == [(2, "HP401")]


def test_noqa_with_codes_silences_only_those() -> None:
    assert codes("SVC(gama=1, C=-1)  # noqa: HP402\n") == [(2, "HP401")]


def test_noqa_inside_a_string_is_not_a_directive() -> None:
    assert codes("SVC(gama='# noqa')\n") == [(2, "HP401")]


def test_noqa_goes_on_the_line_where_the_finding_starts() -> None:
    source = "SVC(  # noqa: HP401\n    gama=1,\n)\n"
    assert codes(source) == [(3, "HP401")]
    assert codes("SVC(\n    gama=1,  # noqa: HP401\n)\n") == []


def test_multiline_string_moves_noqa_row_to_its_end() -> None:
    source = 'SVC(gama="""a\nb""")\n'
    [finding] = lint_source(HEAD + source)
    assert (finding.start.row, finding.noqa_row) == (2, 3)
    assert codes('SVC(gama="""a\nb""")  # noqa: HP401\n') == []


@pytest.mark.skipif(sys.version_info < (3, 12), reason="PEP 701 f-strings: Python 3.12+")
def test_single_quoted_fstring_across_rows_moves_noqa_row_to_its_end() -> None:
    # A file without "noqa" tokenizes only statements that may move a row: from 3.12 on,
    # a single-quoted f-string's replacement field may span rows.
    source = 'SVC(gama=1, tol=f"{a +\n  b}")\n'
    [finding] = lint_source(HEAD + source)
    assert (finding.start.row, finding.noqa_row) == (2, 3)
    assert codes('SVC(gama=1, tol=f"{a +\n  b}")  # noqa: HP401\n') == []


def test_backslash_continuation_moves_noqa_row_to_its_last_line() -> None:
    [finding] = lint_source(HEAD + "x = SVC(random_state=1, gama=2) + \\\n    1\n")
    assert finding.noqa_row == 3
    assert codes("x = SVC(random_state=1, gama=2) + \\\n    1  # noqa\n") == []


@pytest.mark.parametrize(
    ("directive", "expected"),
    [
        ("# hplint: noqa", []),
        ("#hplint:noqa", []),
        ("# HPLINT: NOQA", []),
        ("# hplint: noqa: HP402", [(3, "HP401")]),
        ("# hplint: noqa: HP401, HP402", []),
        ("# not a hplint: noqa", [(3, "HP401"), (3, "HP402")]),
    ],
)
def test_file_level_exemption(directive: str, expected: list[tuple[int, str]]) -> None:
    assert codes(f"{directive}\nSVC(gama=1, C=-1)\n") == [(row + 0, code) for row, code in expected]


def test_syntax_errors_cannot_be_silenced() -> None:
    assert [d.code for d in lint_source("# hplint: noqa\nx = (  # noqa\n")] == ["HP001"]


def test_per_file_ignores_by_glob() -> None:
    settings = Settings(per_file_ignores=(("tests/*", ("HP401",)), ("*_tmp.py", ("HP4",))))
    source = "SVC(gama=1, C=-1)\n"
    assert codes(source, "tests/deep/test_x.py", settings) == [(2, "HP402")]
    assert codes(source, "src/scratch_tmp.py", settings) == []
    assert codes(source, "src/train.py", settings) == [(2, "HP401"), (2, "HP402")]


def test_parse_directives() -> None:
    [bare] = parse_directives("# noqa")
    assert bare.codes is None
    [listed] = parse_directives("#NOQA:HP401,  HP402 because")
    assert listed.codes == ("HP401", "HP402")
    assert parse_directives("# noqa:") == []


def test_add_noqa_appends_and_extends() -> None:
    source = HEAD + "SVC(gama=1)\nSVC(gama=1, C=-1)  # noqa: HP402\nSVC(gama=1)  # why\n"
    found = lint_source(source)
    edited, changed = add_noqa(source, found)
    assert changed == 3
    assert edited == HEAD + (
        "SVC(gama=1)  # noqa: HP401\n"
        "SVC(gama=1, C=-1)  # noqa: HP402, HP401\n"
        "SVC(gama=1)  # why  # noqa: HP401\n"
    )
    assert lint_source(edited) == []
    assert add_noqa(edited, lint_source(edited)) == (edited, 0)


def test_add_noqa_keeps_line_endings_and_other_lines() -> None:
    source = HEAD.replace("\n", "\r\n") + "SVC(gama=1)   \r\nx = 1\r\n"
    edited, changed = add_noqa(source, lint_source(source))
    assert changed == 1
    assert edited == HEAD.replace("\n", "\r\n") + "SVC(gama=1)  # noqa: HP401\r\nx = 1\r\n"


def test_add_noqa_after_a_multiline_string() -> None:
    source = HEAD + 'SVC(gama="""a\nb""")\n'
    edited, _ = add_noqa(source, lint_source(source))
    assert edited == HEAD + 'SVC(gama="""a\nb""")  # noqa: HP401\n'


ROW_CASES = [
    "x = '''a\nb'''; y = 1\nz = f(1,\n      2) \\\n    + 3\n\n# c \\\nw = 4\n",
    "def f():\n    s = '''one\n    two'''\n    return s\n@d(\n  1)\nclass A: pass\n",
    "a = 1 \\\n\nb = 2\r\nc = '''x\r\ny'''\r\n",
    "x = f'''{1}\n{2}'''\nif x:\n    y = (1,\n         2)\n# trailing\n",
    # Statements sharing rows: the second and third start on the first's last row.
    'x = 0; doc = """Title\n"""; clf = SVC(C=1, kernel="""lin\near""")\ny = 2\n',
    "a = 1; b = '''x\ny'''; c = 2\nd = '''p\nq'''\n",
    # Triple quotes on one row (not tokenized) next to strings across rows (tokenized).
    'def f():\n    """One row."""\n    return ("a"\n            "b")\ng = 1\n',
    'x = \'"""\' + """\nacross"""\ny = b"""p\nq"""\nz = "a\\\nb"\nw = 0\n',
    "s = f\"\"\"{1}\"\"\"\nt = f'{1}' \\\n    f'{2}'\n@d('''x\ny''')\ndef g(): pass\n",
]

# Sources with directives: the statements holding them are tokenized for their comments.
NOQA_CASES = [
    "x = 1  # noqa\ny = '''# noqa\n'''  # noqa: HP401\nz = 2\n# hplint: noqa: HP402\n",
    "# hplint: noqa\nx = 1\n",
    "x = 1\n# trailing\n#   HPLINT:NOQA: HP401 \n\n",
    "s = '''a\nb'''  # NoQA\nt = 'noqa'\nu = 3 \\\n  + 4  # noqa: HP101\n",
    "def f():\n    '''Doc.'''\n    return 1  # noqa\n\n\nclass A:  # noqa: HP401\n    x = '#noqa'\n",
]


def _parsed_sources(
    patterns: tuple[str, ...], extra: list[str], noqa: bool
) -> Iterator[tuple[str, ast.Module]]:
    """The repository's files matching ``patterns`` and ``extra`` sources that Python parses,
    with their trees: those that mention ``noqa``, or those that do not."""
    root = Path(__file__).resolve().parents[1]
    files = sorted(path for pattern in patterns for path in root.glob(pattern))
    for source in [path.read_text(encoding="utf-8") for path in files] + extra:
        if ("noqa" in source.lower()) != noqa:
            continue
        try:
            yield source, ast.parse(source)
        except SyntaxError:
            continue


def _finding(row: int) -> Diagnostic:
    return Diagnostic("HP401", "m", Location(row, 1), Location(row, 2), row)


def test_noqa_rows_from_the_statements_with_findings_match_the_full_scan() -> None:
    """Without ``noqa`` in the text only the statements holding findings are tokenized;
    every row gets the ``noqa_row`` the whole file's scan gives it."""
    patterns = ("tests/fixtures/**/*.py", "examples/*.py", "src/**/*.py")
    checked = 0
    for source, tree in _parsed_sources(patterns, ROW_CASES, noqa=False):
        whole = scan(source)
        rows = range(1, len(split_lines(source)) + 1)
        for row in rows:
            partial = _scan_for([_finding(row)], source, tree)
            assert partial.noqa_row(row) == whole.noqa_row(row), (source, row)
            checked += 1
        # Findings on every row at once: statements scanned together agree too.
        partial = _scan_for([_finding(r) for r in rows], source, tree)
        assert [partial.noqa_row(r) for r in rows] == [whole.noqa_row(r) for r in rows], source
        assert _scan_for([], source, None) == whole
    assert checked > 1000


def test_directives_from_the_statements_read_match_the_full_scan() -> None:
    """With ``noqa`` in the text only the statements holding findings or a ``noqa`` are
    tokenized: each row's directives and the file's exemptions are the whole scan's."""

    def read(found: Scan, rows: Iterable[int]) -> list[object]:
        """What ``apply`` reads of a scan for findings on ``rows``."""
        moved = [found.noqa_row(row) for row in rows]
        comments = [found.comments.get(row) for row in moved]
        directives = [parse_directives(comment[1]) if comment else [] for comment in comments]
        return [moved, directives, _file_exemptions(found)]

    patterns = ("tests/**/*.py", "examples/*.py", "src/**/*.py")
    checked = 0
    for source, tree in _parsed_sources(patterns, NOQA_CASES, noqa=True):
        whole = scan(source)
        lines = split_lines(source)
        # A finding alone on each row near a directive (every row costs minutes).
        near = {r + d for r, line in enumerate(lines, 1) if "noqa" in line.lower() for d in range(-3, 4)}
        for row in sorted(near & set(range(1, len(lines) + 1))):
            assert read(_scan_for([_finding(row)], source, tree), [row]) == read(whole, [row]), (source, row)
            checked += 1
        rows = range(1, len(lines) + 1)
        assert read(_scan_for([_finding(r) for r in rows], source, tree), rows) == read(whole, rows), source
    assert checked > 300
