"""Every available fix (safe and unsafe), on every fixture and on generated programs and
notebooks, keeps its guarantees:

- alone, it changes nothing outside its edits, the result parses, and its finding is gone
  (one fewer finding with that code and message);
- applied all together with ``--fix --unsafe-fixes``'s passes, the file parses and fixing
  it again changes nothing (idempotence), with no applicable fix left;
- a fixed notebook is the same JSON in the same layout, apart from code cells' sources.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_fuzz import fuzz_settings, notebooks, programs

from hplint.config import Settings
from hplint.diagnostics import Diagnostic
from hplint.engine import lint_file, parse
from hplint.fix import apply_edits, choose, decode_python
from hplint.fixfiles import fix_bytes
from hplint.lines import split_lines
from hplint.notebook import apply_cell_edits, parse_notebook

pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ALL = Settings(select=("HP",))


def _key(diagnostic: Diagnostic) -> tuple[str, str]:
    return diagnostic.code, diagnostic.message


def check_each_fix(path: Path, data: bytes) -> int:
    """Apply each fix of ``data`` alone and check it; the number of fixes checked."""
    before = lint_file(path, ALL, data)
    notebook = path.suffix == ".ipynb"
    counts = Counter(_key(d) for d in before.diagnostics)
    checked = 0
    for diagnostic in before.diagnostics:
        fix = diagnostic.fix
        if fix is None:
            continue
        if notebook:
            after = apply_cell_edits(data, fix.edits)
            python = parse_notebook(after).python
        else:
            text, encoding = decode_python(data)
            python = apply_edits(text, fix.edits)
            after = python.encode(encoding)
            _check_outside_edits(text, python, diagnostic)
        assert not isinstance(parse(python), Diagnostic), (diagnostic, python)
        remaining = Counter(_key(d) for d in lint_file(path, ALL, after).diagnostics)
        assert remaining[_key(diagnostic)] < counts[_key(diagnostic)], (diagnostic, python)
        checked += 1
    return checked


def _check_outside_edits(text: str, fixed: str, diagnostic: Diagnostic) -> None:
    """The text before the first edit and after the last is unchanged, byte for byte."""
    assert diagnostic.fix is not None
    edits = sorted(diagnostic.fix.edits)
    lines = split_lines(text)  # rows as Python counts them, as edits do
    first, last = edits[0].start, edits[-1].end
    head = "".join(lines[: first.row - 1]) + lines[first.row - 1][: first.column - 1] if lines else ""
    tail_lines = lines[last.row - 1 :] if last.row <= len(lines) else []
    tail = "".join(tail_lines)[last.column - 1 :] if tail_lines else ""
    assert fixed.startswith(head) and fixed.endswith(tail), diagnostic


def check_fixing(path: Path, data: bytes) -> int:
    """Fix everything, as `--fix --unsafe-fixes` does; check the result; fixes applied."""
    done = fix_bytes(path, data, ALL, unsafe=True)
    assert done.error is None, done.error
    assert done.result.internal_error is None
    assert not choose(done.result.diagnostics, unsafe=True)
    again = fix_bytes(path, done.data, ALL, unsafe=True)
    assert again.data == done.data and not again.fixed
    if path.suffix == ".ipynb" and done.changed:
        _check_notebook_layout(data, done.data)
    return sum(done.fixed.values())


def _check_notebook_layout(before: bytes, after: bytes) -> None:
    old, new = json.loads(before), json.loads(after)
    for document in (old, new):
        for cell in document["cells"]:
            if cell.get("cell_type") == "code":
                cell["source"] = None
    assert old == new
    indent = 1 if before.startswith(b"{\n") else None
    assert after.decode() == json.dumps(json.loads(after), indent=indent)


FIXTURE_FILES = sorted(FIXTURES.rglob("*.py"))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_fix_of_every_fixture(path: Path) -> None:
    data = path.read_bytes()
    check_each_fix(path, data)
    check_fixing(path, data)


def test_the_fixtures_have_fixes_to_check() -> None:
    total = sum(check_each_fix(path, path.read_bytes()) for path in FIXTURE_FILES)
    assert total >= 20


@fuzz_settings("programs")
@given(program=programs(), ending=st.sampled_from(["\n", "\r\n"]), bom=st.booleans())
def test_every_fix_of_generated_programs(program: list[list[str]], ending: str, bom: bool) -> None:
    source = ending.join(line for statement in program for line in statement) + ending
    data = (b"\xef\xbb\xbf" if bom else b"") + source.encode("utf-8", "surrogatepass")
    check_each_fix(Path("train.py"), data)
    check_fixing(Path("train.py"), data)


# Programs made of the shapes that have fixes: misspelt keywords and options, seeds and
# single candidates in grids, written on one line or several, with comments and trailing
# commas, pipelines and named grids.
ESTIMATORS = {
    "SVC": ("sklearn.svm", ["C", "gamma", "kernel", "random_state", "verbose"], {"kernel": "rbf"}),
    "LogisticRegression": ("sklearn.linear_model", ["C", "penalty", "solver", "random_state", "n_jobs"], {"solver": "lbfgs"}),
    "RandomForestClassifier": ("sklearn.ensemble", ["n_estimators", "max_depth", "criterion", "random_state", "n_jobs"], {"criterion": "gini"}),
}


def misspelt(word: str, at: int) -> str:
    at %= len(word)
    return word[:at] + word[at + 1 :] if at % 2 else word[:at] + word[at] + word[at:]


@st.composite
def fixable_programs(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(sorted(ESTIMATORS)))
    module, parameters, options = ESTIMATORS[name]
    lines = [
        f"from {module} import {name}",
        "from sklearn.pipeline import make_pipeline",
        "from sklearn.model_selection import GridSearchCV, RandomizedSearchCV",
    ]
    arguments = []
    for parameter in draw(st.lists(st.sampled_from(parameters), max_size=3, unique=True)):
        spelt = misspelt(parameter, draw(st.integers(0, 20))) if draw(st.booleans()) else parameter
        value = "0" if parameter in ("random_state", "verbose") else "1"
        arguments.append(f"{spelt}={value}")
    for option, value in options.items():
        if draw(st.booleans()):
            arguments.append(f"{option}={misspelt(value, draw(st.integers(0, 9)))!r}")
    separator = draw(st.sampled_from([", ", ",\n    ", ",  # why\n    "]))
    trailing = draw(st.sampled_from(["", ",", ",\n"]))
    lines.append(f"model = {name}({separator.join(arguments)}{trailing if arguments else ''})")
    piped = draw(st.booleans())
    if piped:
        lines.append("model = make_pipeline(model)")
    prefix = f"{name.lower()}__" if piped else ""
    entries = []
    for parameter in draw(st.lists(st.sampled_from(parameters), min_size=1, max_size=4, unique=True)):
        key = misspelt(parameter, draw(st.integers(0, 20))) if draw(st.integers(0, 3)) == 0 else parameter
        candidates = draw(st.sampled_from(["[0]", "[0, 1]", "[1, 2, 3]", "(1,)"]))
        if parameter in options:
            candidates = draw(st.sampled_from([f"[{options[parameter]!r}]", f"[{misspelt(options[parameter], 3)!r}]"]))
        entries.append(f"{prefix + key!r}: {candidates}")
    layout = draw(st.sampled_from([", ", ",\n    ", ",  # note\n    "]))
    end = draw(st.sampled_from(["", ",", ",\n"]))
    lines.append("grid = {" + layout.join(entries) + end + "}")
    searcher = draw(st.sampled_from(["GridSearchCV", "RandomizedSearchCV"]))
    lines.append(f"search = {searcher}(model, grid)")
    return "\n".join(lines) + "\n"


@fuzz_settings("programs")
@given(source=fixable_programs())
def test_every_fix_of_generated_fixable_programs(source: str) -> None:
    check_each_fix(Path("train.py"), source.encode())
    check_fixing(Path("train.py"), source.encode())


@fuzz_settings("notebooks")
@given(data=notebooks())
def test_every_fix_of_generated_notebooks(data: bytes) -> None:
    check_each_fix(Path("train.ipynb"), data)
    check_fixing(Path("train.ipynb"), data)
