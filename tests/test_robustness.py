"""hplint holds up on any input: no crash, no hang, no execution, no lost bytes.

CLI behaviour is tested through the installed `hplint` command; what cannot be arranged
from outside a process (a read that fails, a file that vanishes mid-run, a write that
fails half-way) is injected in-process with monkeypatch.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
import tokenize
from pathlib import Path

import pytest
from click.testing import CliRunner

from hplint import cli, deepstack, engine, fileio, fix, runner
from hplint.cache import Cache
from hplint.config import Settings
from hplint.engine import lint_file, lint_source

from conftest import hplint_executable, run_hplint, write

ROOT = Path(__file__).resolve().parents[1]
BAD = "from sklearn.svm import SVC\n\nmodel = SVC(gama=0.1)\n"
GOOD = "from sklearn.svm import SVC\n\nmodel = SVC(gamma=0.1)\n"
HP401 = "HP401 `SVC` has no parameter `gama`; did you mean `gamma`?"


def concise(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_hplint("check", "--no-cache", "--output-format", "concise", *args, cwd=tmp_path, env=env)


def notebook(*cells: str, outputs: list[dict[str, object]] | None = None) -> str:
    return json.dumps(
        {
            "cells": [
                {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": outputs or [], "source": cell}
                for cell in cells
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


# ---------------------------------------------------------------- internal errors (HP000)

# Loaded by Python at start-up when its directory is on PYTHONPATH: makes hplint fail on
# any file that contains CRASH_ME, the way a bug in a rule would.
SITECUSTOMIZE = '''
import os
if os.environ.get("HPLINT_TEST_CRASH"):
    import hplint.engine

    _real = hplint.engine.lint_source_tuning

    def _injected_failure(source, path="<string>", settings=hplint.engine.DEFAULT_SETTINGS, tree=None):
        if "CRASH_ME" in source:
            raise RuntimeError("injected failure")
        return _real(source, path, settings, tree)

    hplint.engine.lint_source_tuning = _injected_failure
'''


@pytest.fixture
def crashing(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment for a `hplint` that fails on files containing CRASH_ME."""
    inject = tmp_path_factory.mktemp("inject")
    (inject / "sitecustomize.py").write_text(SITECUSTOMIZE)
    return {"PYTHONPATH": str(inject), "HPLINT_TEST_CRASH": "1"}


CRASH_LINE = "HP000 internal error: RuntimeError: injected failure; this is a bug in hplint, please report it (`--verbose` shows the traceback)"


def test_an_internal_error_is_one_hp000_finding_and_the_run_goes_on(
    tmp_path: Path, crashing: dict[str, str]
) -> None:
    write(tmp_path / "src", {"a.py": BAD + "# CRASH_ME\n", "b.py": BAD})
    result = concise(tmp_path, "src", env=crashing)
    assert result.returncode == 2
    assert result.stdout.splitlines() == [
        f"src/a.py:1:1: {CRASH_LINE}",
        f"src/b.py:3:13: {HP401}",
        "Found 2 errors.",
        "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option).",
    ]
    assert result.stderr == "hplint: error: internal error while linting src/a.py: RuntimeError: injected failure\n"


def test_verbose_prints_the_traceback(tmp_path: Path, crashing: dict[str, str]) -> None:
    write(tmp_path, {"a.py": "# CRASH_ME\n"})
    result = concise(tmp_path, "--verbose", env=crashing)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "hplint: error: internal error while linting a.py: RuntimeError: injected failure"
    assert lines[1] == "Traceback (most recent call last):"
    assert "in _injected_failure" in result.stderr
    assert lines[-1] == "RuntimeError: injected failure"


def test_hp000_in_machine_output_selection_and_ignore(tmp_path: Path, crashing: dict[str, str]) -> None:
    write(tmp_path, {"a.py": "# CRASH_ME\n", "nb.ipynb": notebook("# CRASH_ME\n")})
    result = run_hplint("check", "--no-cache", "--output-format", "json", cwd=tmp_path, env=crashing)
    assert result.returncode == 2
    items = json.loads(result.stdout)
    assert [(Path(i["filename"]).name, i["code"], i["name"], i["location"]) for i in items] == [
        ("a.py", "HP000", "internal-error", {"row": 1, "column": 1}),
        ("nb.ipynb", "HP000", "internal-error", {"row": 1, "column": 1}),
    ]
    # Reported whatever is selected ...
    assert concise(tmp_path, "--select", "HP4", "a.py", env=crashing).stdout.startswith(f"a.py:1:1: {CRASH_LINE}")
    # ... and hidden only when ignored; the run still fails.
    ignored = concise(tmp_path, "--ignore", "HP000", "a.py", env=crashing)
    assert (ignored.returncode, ignored.stdout) == (2, "")
    assert "internal error while linting a.py" in ignored.stderr


def test_an_internal_error_is_not_cached(tmp_path: Path, crashing: dict[str, str]) -> None:
    write(tmp_path, {"a.py": BAD + "# CRASH_ME\n"})
    for _ in range(2):
        result = run_hplint("check", "--output-format", "concise", cwd=tmp_path, env=crashing)
        assert result.stdout.splitlines()[0] == f"a.py:1:1: {CRASH_LINE}"
    fixed = run_hplint("check", "--output-format", "concise", cwd=tmp_path)
    assert (fixed.returncode, fixed.stdout.splitlines()[0]) == (1, f"a.py:3:13: {HP401}")


def test_an_internal_error_on_stdin_fails_the_run(tmp_path: Path, crashing: dict[str, str]) -> None:
    result = run_hplint(
        "check", "--output-format", "concise", "-", cwd=tmp_path, env=crashing, input="# CRASH_ME\n"
    )
    assert (result.returncode, result.stdout.splitlines()[0]) == (2, f"-:1:1: {CRASH_LINE}")


def test_a_failure_while_decoding_is_contained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.py"
    target.write_text(BAD)

    def broken(data: bytes) -> str:
        raise LookupError("codec registry broken")

    monkeypatch.setattr(engine, "decode", broken)
    result = lint_file(target, Settings(), target.read_bytes())
    assert result.internal_error == "LookupError: codec registry broken"
    assert [d.code for d in result.diagnostics] == ["HP000"]
    assert result.traceback is not None and "in broken" in result.traceback


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "content",
    [b"", b"# only a comment\n", b"\n\n\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf# comment\r\n", b"\t\n", b"\x0c\n"],
    ids=["empty", "comments", "blank lines", "only a BOM", "BOM and comment", "a tab", "a form feed"],
)
def test_files_with_nothing_to_check_pass(tmp_path: Path, content: bytes) -> None:
    write(tmp_path, {"a.py": content})
    result = run_hplint("check", "--no-cache", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "All checks passed!\n", "")


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (("\ufeff" + BAD).encode(), "3:13"),
        (BAD.replace("\n", "\r\n").encode(), "3:13"),
        (BAD.replace("\n", "\r").encode(), "3:13"),
        (b"from sklearn.svm import SVC\r\n\rmodel = SVC(gama=0.1)\n", "3:13"),
        # Columns count characters: a tab is one.
        (b"from sklearn.svm import SVC\nif True:\n\tmodel = SVC(\tgama=0.1)\n", "3:15"),
        # \f, \v, \x1c and \u2028 are not line ends in Python source; the form feed is a
        # column (2:25 was LibCST's column, issue 24's D1).
        ("from sklearn.svm import SVC\n\x0cs = 'a\u2028b\x1c'; model = SVC(gama=0.1)\n".encode(), "2:26"),
        # Latin-1 by its cookie: the column counts the two characters, not their bytes.
        ("#!/usr/bin/env python\n# -*- coding: cp1252 -*-\nfrom sklearn.svm import SVC\ns = 'é€'; SVC(gama=1)\n".encode("cp1252"), "4:15"),
    ],
    ids=["BOM", "CRLF", "CR", "mixed endings", "tabs", "not line ends", "cp1252 cookie"],
)
def test_positions_are_right_whatever_the_encoding_and_line_ends(
    tmp_path: Path, content: bytes, where: str
) -> None:
    write(tmp_path, {"a.py": content})
    result = concise(tmp_path)
    assert result.stdout.splitlines()[0] == f"a.py:{where}: {HP401}"
    # The full output shows the line the finding is on.
    full = run_hplint("check", "--no-cache", cwd=tmp_path).stdout.split("\n")
    row = where.split(":")[0]
    shown = next(line for line in full if line.startswith(f"{row} | "))
    assert "gama" in shown


def test_noqa_and_add_noqa_in_a_file_with_cr_line_ends(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": b"from sklearn.svm import SVC\rSVC(gama=1)  # noqa: HP401\rSVC(gama=2)\r"})
    assert [line.split(": ")[0] for line in concise(tmp_path).stdout.splitlines()[:-2]] == ["a.py:3:5"]
    first = run_hplint("check", "--add-noqa", "--no-cache", cwd=tmp_path)
    second = run_hplint("check", "--add-noqa", "--no-cache", cwd=tmp_path)
    assert (first.stderr, second.stderr) == ("Added 1 noqa directive.\n", "Added 0 noqa directives.\n")
    assert (tmp_path / "a.py").read_bytes() == (
        b"from sklearn.svm import SVC\rSVC(gama=1)  # noqa: HP401\rSVC(gama=2)  # noqa: HP401\r"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"# -*- coding: utf-8 -*-\nx = '\xe9'\n", "HP002 cannot decode as utf-8: invalid byte 0xe9 at offset 29"),
        (b"# coding: utf-16\nx = 1\n", "HP002 cannot decode as utf-16: invalid byte 0x0a at offset 22"),
        (b"\xef\xbb\xbf# coding: latin-1\nx = 1\n", "HP002 encoding problem: utf-8"),
        (bytes(range(1, 256)) * 4, "HP002 cannot decode as utf-8: invalid byte 0x80 at offset 127"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "HP002 binary file (contains NUL bytes), not Python source"),
    ],
    ids=["invalid for its cookie", "cookie not ASCII-compatible", "BOM and another cookie", "binary without NUL", "PNG"],
)
def test_undecodable_files_get_one_line(tmp_path: Path, content: bytes, message: str) -> None:
    write(tmp_path, {"a.py": content, "b.py": BAD})
    result = concise(tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"a.py:1:1: {message}", f"b.py:3:13: {HP401}", "Found 2 errors.", "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option).",
    ]
    assert result.stderr == ""


def test_a_50_mb_file_is_refused_quickly(tmp_path: Path) -> None:
    # Parsing it would take minutes and more than the machine's 24 GB (measured: 2 MB of
    # dense code, 22 s and 1.6 GB). Refused by size: ~1 s, most of it writing the file.
    line = "x_{0} = compute({0}, 'some text', [1, 2, 3])\n"
    with (tmp_path / "big.py").open("w") as stream:
        stream.write("from sklearn.svm import SVC\n")
        for start in range(0, 1_000_000, 10_000):
            stream.write("".join(line.format(i) for i in range(start, start + 10_000)))
    assert (tmp_path / "big.py").stat().st_size > 50_000_000
    began = time.monotonic()
    result = concise(tmp_path)
    assert time.monotonic() - began < 30
    assert result.stdout.splitlines()[0].startswith(
        "big.py:1:1: HP002 too large to lint: 5"
    ), result.stdout[:300]
    assert result.stdout.splitlines()[0].endswith("characters of Python (the limit is 5,000,000)")


def test_the_size_limit_counts_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "MAX_SOURCE_CHARS", len(BAD))
    assert [d.code for d in lint_source(BAD)] == ["HP401"]
    assert [(d.code, d.message) for d in lint_source(BAD + "\n")] == [
        ("HP002", f"too large to lint: {len(BAD) + 1:,} characters of Python (the limit is {len(BAD):,})")
    ]


@pytest.mark.parametrize("size", [1_000_000, 50_000_000], ids=["1M characters", "50M characters"])
def test_a_notebook_with_a_huge_output(tmp_path: Path, size: int) -> None:
    output = {"output_type": "stream", "name": "stdout", "text": "x" * size}
    write(tmp_path, {"nb.ipynb": notebook("import numpy\n", BAD, outputs=[output])})
    began = time.monotonic()
    result = concise(tmp_path)
    assert time.monotonic() - began < 30
    assert result.stdout.splitlines() == [f"nb.ipynb:cell 2:3:13: {HP401}", "Found 1 error.", "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option)."]  # fmt: skip


DEEP_LINES = {
    # 20,000 lines of nesting: more than Python accepts, refused as Python refuses it.
    "brackets": ("x = " + "[\n" * 20_000 + "1\n" + "]\n" * 20_000, "HP001 SyntaxError: too many nested parentheses"),
    "operators": ("x = (1\n" + "+ 1\n" * 20_000 + ")\n", "HP001 SyntaxError: too deeply nested to parse"),
    "blocks": ("".join(" " * i + "if x:\n" for i in range(2_000)) + " " * 2_000 + "pass\n", "HP001 SyntaxError: too many levels of indentation"),
    "elifs": ("if a:\n    pass\n" + "elif a:\n    pass\n" * 20_000, "HP001 SyntaxError: too deeply nested to parse"),
}  # fmt: skip


def test_20000_lines_of_nesting(tmp_path: Path) -> None:
    write(tmp_path, {f"{name}.py": "import sklearn\n" + source for name, (source, _) in DEEP_LINES.items()})
    result = concise(tmp_path)
    assert result.returncode == 1, result.stderr
    found = {line.split(":")[0]: line.split(": ", 1)[1] for line in result.stdout.splitlines()[:-1]}
    assert found == {f"{name}.py": message for name, (_, message) in DEEP_LINES.items()}


DEEP_BUT_VALID = {
    # Python keeps these flat or accepts their depth; LibCST nests them, and its parser
    # (native code) or the walks over its tree used to overflow a stack: a segfault for
    # the `and` chain, a RecursionError for 195 nested calls.
    "and": "x = (" + " and ".join(["a"] * 20_000) + " and SVC(gama=1))\n",
    "or lines": "x = (a\n" + "or a\n" * 20_000 + "or SVC(gama=1))\n",
    "comparisons": "x = " + " < ".join(["a"] * 20_000) + " < SVC(gama=1)\n",
    "calls": "x = " + "f(" * 195 + "SVC(gama=1)" + ")" * 195 + "\n",
    "keywords": "x = " + "f(k=" * 195 + "SVC(gama=1)" + ")" * 195 + "\n",
    "dicts": "x = " + "{1: " * 195 + "SVC(gama=1)" + "}" * 195 + "\n",
    "f-strings": "x = " + "f'{" * 150 + "SVC(gama=1)" + "}'" * 150 + "\n",
    "pipelines": "from sklearn.pipeline import make_pipeline\nm = " + "make_pipeline(" * 190 + "SVC(gama=1)" + ")" * 190 + "\n",
    "elifs": "if a:\n    pass\n" + "elif a:\n    pass\n" * 900 + "else:\n    SVC(gama=1)\n",
    "decorators": "@d\n" * 20_000 + "def f(): pass\nSVC(gama=1)\n",
}


def test_deep_but_valid_python_is_linted(tmp_path: Path) -> None:
    header = "from sklearn.svm import SVC\n"
    write(tmp_path, {f"{name.replace(' ', '_')}.py": header + source for name, source in DEEP_BUT_VALID.items()})
    result = concise(tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    codes = {line.split(":")[0]: line.split(": ", 1)[1].split()[0] for line in result.stdout.splitlines()[:-2]}
    assert codes == {f"{name.replace(' ', '_')}.py": "HP401" for name in DEEP_BUT_VALID}


def test_valid_python_libcst_cannot_parse_is_not_a_syntax_error() -> None:
    # 20,000 implicitly concatenated strings: Python accepts them, LibCST's parser gives up.
    source = "import sklearn\nx = (" + "'a'\n" * 20_000 + ")\n"
    assert lint_source(source) == []


def test_symlinks_to_nowhere_and_to_themselves(tmp_path: Path) -> None:
    write(tmp_path, {"pkg/train.py": BAD})
    (tmp_path / "pkg" / "self.py").symlink_to("self.py")
    (tmp_path / "pkg" / "ping.py").symlink_to("pong.py")
    (tmp_path / "pkg" / "pong.py").symlink_to("ping.py")
    (tmp_path / "pkg" / "gone.py").symlink_to("nowhere.py")
    (tmp_path / "pkg" / "up").symlink_to("..", target_is_directory=True)
    result = concise(tmp_path, "pkg")
    assert result.returncode == 1
    loops = "HP002 Too many levels of symbolic links"
    assert result.stdout.splitlines() == [
        "pkg/gone.py:1:1: HP002 No such file or directory",
        f"pkg/ping.py:1:1: {loops}",
        f"pkg/pong.py:1:1: {loops}",
        f"pkg/self.py:1:1: {loops}",
        f"pkg/train.py:3:13: {HP401}",
        "Found 5 errors.",
        "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option).",
    ]
    # Named on the command line, a loop is a path that leads nowhere.
    named = concise(tmp_path, "pkg/self.py", "pkg/train.py")
    assert (named.returncode, named.stderr) == (2, "hplint: error: pkg/self.py: No such file or directory\n")
    assert named.stdout.splitlines()[0] == f"pkg/train.py:3:13: {HP401}"


def test_unreadable_file_with_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root reads everything, so the failure is injected (test_engine covers it uncached).
    write(tmp_path, {"secret.py": BAD, "train.py": BAD})
    real = Path.read_bytes

    def guarded(self: Path) -> bytes:
        if self.name == "secret.py":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    cache = Cache(tmp_path / "cache", "x")
    secret, train = runner.run([tmp_path / "secret.py", tmp_path / "train.py"], Settings(), 1, cache)
    assert [(d.code, d.message) for d in secret.diagnostics] == [("HP002", "Permission denied")]
    assert [d.code for d in train.diagnostics] == ["HP401"]


def invoke(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run ``hplint`` in this process (for failures injected with monkeypatch)."""
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli.main, args, catch_exceptions=False)
    finally:
        os.chdir(previous)
    return result.exit_code, result.stdout, result.stderr


def test_unreadable_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"locked/a.py": BAD, "open/b.py": BAD})
    real = os.scandir

    def guarded(path: str | os.PathLike[str] = ".") -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", guarded)
    code, out, err = invoke(["check", "--no-cache", "--output-format", "concise", "."], tmp_path)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "locked:1:1: HP002 cannot read directory: Permission denied",
        f"open/b.py:3:13: {HP401}",
        "Found 2 errors.",
        "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option).",
    ]


@pytest.mark.parametrize("cached", [True, False], ids=["cache", "no cache"])
def test_a_file_that_vanishes_during_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: bool) -> None:
    write(tmp_path, {"a.py": BAD, "b.py": BAD, "c.py": BAD})
    real = cli.discover

    def discover_then_delete(*args: object, **kwargs: object) -> object:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        (tmp_path / "b.py").unlink()
        return found

    monkeypatch.setattr(cli, "discover", discover_then_delete)
    options = [] if cached else ["--no-cache"]
    code, out, err = invoke(["check", *options, "--output-format", "concise", "."], tmp_path)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"a.py:3:13: {HP401}",
        "b.py:1:1: HP002 No such file or directory",
        f"c.py:3:13: {HP401}",
        "Found 3 errors.",
        "No fixes available (2 hidden fixes can be enabled with the `--unsafe-fixes` option).",
    ]


def test_a_file_that_vanishes_before_add_noqa_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"a.py": BAD})
    real = cli._add_noqa

    def vanish_first(result: engine.FileResult) -> int | None:
        result.path.unlink()
        return real(result)

    monkeypatch.setattr(cli, "_add_noqa", vanish_first)
    code, _, err = invoke(["check", "--no-cache", "--add-noqa", "."], tmp_path)
    assert (code, err) == (0, "Added 0 noqa directives.\n")
    assert not (tmp_path / "a.py").exists()


def _notebook(*cells: str) -> str:
    items = [{"cell_type": "code", "metadata": {}, "source": c.splitlines(keepends=True)} for c in cells]
    return json.dumps({"cells": items, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


def _fail_to_rewrite(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, how: str) -> None:
    """Make ``--add-noqa`` unable to rewrite its file, in one of the ways it can fail."""
    from hplint import notebook, suppress
    from hplint.diagnostics import Edit, Location
    from hplint.fix import FixError

    if how == "edit":

        def refuse(data: bytes, edits: object) -> bytes:
            raise FixError("cannot rewrite it")

        monkeypatch.setattr(notebook, "apply_cell_edits", refuse)
        monkeypatch.setattr(fix, "apply_to_python", refuse)
    elif how == "unsafe":  # the comment would break the code (a cell, in a notebook)
        monkeypatch.setattr(
            suppress, "noqa_edits", lambda text, found, cell=None: [Edit(Location(1, 1), Location(1, 1), "(", cell)]
        )
    else:
        real = cli._add_noqa

        def change_first(result: engine.FileResult) -> int | None:
            result.path.write_bytes(result.path.read_bytes().replace(b"gama=0.1", b"gama=0.2"))
            return real(result)

        monkeypatch.setattr(cli, "_add_noqa", change_first)


@pytest.mark.parametrize("how", ["edit", "unsafe", "changed"])
@pytest.mark.parametrize("name", ["book.ipynb", "train.py"])
def test_add_noqa_that_cannot_rewrite_a_file_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, how: str
) -> None:
    text = _notebook("x = 1\n", BAD) if name.endswith(".ipynb") else BAD
    write(tmp_path, {name: text})
    _fail_to_rewrite(monkeypatch, tmp_path, how)
    code, _, err = invoke(["check", "--no-cache", "--add-noqa", name], tmp_path)
    assert code == 2
    [message, summary] = err.splitlines()
    assert message.startswith(f"hplint: error: {name}: ") and message.endswith("; file left unchanged")
    assert summary == "Added 0 noqa directives."
    if how != "changed":
        assert (tmp_path / name).read_text(encoding="utf-8") == text


@pytest.mark.parametrize("mode", ["--fix-only", "--diff", "--fix"])
def test_a_fix_of_stdin_that_fails_is_an_error(monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    from hplint.fix import FixError

    def refuse(data: bytes, edits: object) -> bytes:
        raise FixError("cannot rewrite it")

    # fixfiles holds its own reference (imported by name), whichever test imported it first.
    from hplint import fixfiles

    monkeypatch.setattr(fixfiles, "apply_to_python", refuse)
    args = ["check", "--no-cache", "--unsafe-fixes", "--exit-zero", mode, "--stdin-filename", "train.py", "-"]
    result = CliRunner().invoke(cli.main, args, input=BAD, catch_exceptions=False)
    assert result.exit_code == 2
    assert "hplint: error: train.py: cannot rewrite it; left as it is\n" in result.stderr


# ------------------------------------------------------------------------ never execute

PAYLOAD = '''import os, pathlib, sys
pathlib.Path({marker!r}).write_text("executed")
from sklearn.svm import SVC
SVC(gama=1)
sys.exit(3)
os._exit(4)
'''


def test_linted_code_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    payload = PAYLOAD.format(marker=str(marker))
    # Files named like modules hplint imports, in the working directory: a linter that
    # put the linted tree on sys.path would import them.
    names = ["train.py", "click.py", "libcst.py", "json.py", "ast.py", "tokenize.py", "pathspec.py",
             "sitecustomize.py", "usercustomize.py", "sklearn/__init__.py", "hplint/__init__.py",
             "conftest.py", "setup.py", "__main__.py"]  # fmt: skip
    files: dict[str, str | bytes] = {name: payload for name in names}
    files["nb.ipynb"] = notebook(payload)
    # Enough files for the parallel runner to start worker processes.
    files.update({f"many/m{i}.py": payload for i in range(20)})
    write(tmp_path, files)
    for args in (["--no-cache"], ["-j", "2"], ["--add-noqa", "--no-cache"]):
        result = run_hplint("check", "--output-format", "concise", *args, cwd=tmp_path)
        assert not marker.exists(), (args, result.stdout, result.stderr)
        assert result.returncode in (0, 1), result.stderr
    result = run_hplint("check", "--output-format", "concise", "--no-cache", cwd=tmp_path)
    # Every finding got its noqa comment above, in the notebook too.
    assert result.stdout == "All checks passed!\n"
    assert not marker.exists()


# Names through which Python code runs other code or unpickles data (comments and strings
# are not searched: only the package's code).
FORBIDDEN = {"eval", "exec", "__import__", "import_module", "pickle", "cPickle", "marshal", "runpy", "shelve"}


def test_the_package_has_no_way_to_run_or_unpickle_code() -> None:
    package = ROOT / "src" / "hplint"
    # Build time: they import scikit-learn and the other estimator libraries (linting
    # reads only the data they write: relations.py's through no_effect.py).
    allowed = {
        package / "catalog" / "generate.py",
        package / "catalog" / "libraries.py",
        package / "catalog" / "relations.py",
    }
    offenders = []
    for path in sorted(package.rglob("*.py")):
        if path in allowed:
            continue
        with path.open("rb") as stream:
            for token in tokenize.tokenize(stream.readline):
                if token.type == tokenize.NAME and token.string in FORBIDDEN:
                    offenders.append(f"{path.relative_to(ROOT)}:{token.start[0]}: {token.line.strip()}")
    assert offenders == []
    # The search itself works.
    assert "eval" in {t.string for t in tokenize.generate_tokens(iter(["x = eval('1')\n"]).__next__)}


# ------------------------------------------------------------------------ never lose bytes


def test_write_atomic_replaces_and_keeps_mode_and_symlinks(tmp_path: Path) -> None:
    target = tmp_path / "a.py"
    target.write_bytes(b"old\n")
    target.chmod(0o751)
    link = tmp_path / "link.py"
    link.symlink_to("a.py")
    fileio.write_atomic(link, b"new\n")
    assert link.is_symlink() and target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o751
    fresh = tmp_path / "fresh.py"
    fileio.write_atomic(fresh, b"x\n")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.py", "fresh.py", "link.py"]


@pytest.mark.parametrize("failing", ["write", "fsync", "chmod", "replace"])
def test_a_failure_mid_write_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "a.py"
    target.write_bytes(b"original\n")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if failing == "write":
        real_fdopen = os.fdopen

        class Half:
            def __init__(self, *args: object, **kwargs: object) -> None:
                self.stream = real_fdopen(*args, **kwargs)  # type: ignore[call-overload]

            def __enter__(self) -> Half:
                return self

            def __exit__(self, *exc: object) -> None:
                self.stream.close()

            def write(self, data: bytes) -> int:
                self.stream.write(data[: len(data) // 2])
                raise OSError(28, "No space left on device")

        monkeypatch.setattr(fileio.os, "fdopen", Half)
    else:
        monkeypatch.setattr(fileio.os, failing, fail)
    with pytest.raises(OSError):
        fileio.write_atomic(target, b"replacement that is never complete\n")
    assert target.read_bytes() == b"original\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.py"]


def test_add_noqa_keeps_permissions(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": BAD})
    (tmp_path / "train.py").chmod(0o640)
    result = run_hplint("check", "--add-noqa", "--no-cache", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "Added 1 noqa directive.\n")
    assert (tmp_path / "train.py").read_text().endswith("SVC(gama=0.1)  # noqa: HP401\n")
    assert stat.S_IMODE((tmp_path / "train.py").stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["train.py"]


def test_add_noqa_that_cannot_write_leaves_the_file_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {"a.py": BAD, "b.py": BAD})

    def full_disk(source: object, destination: object) -> None:
        if str(destination).endswith("a.py"):
            raise OSError(28, "No space left on device")
        os.rename(str(source), str(destination))

    monkeypatch.setattr(fileio.os, "replace", full_disk)
    code, _, err = invoke(["check", "--no-cache", "--add-noqa", "."], tmp_path)
    assert code == 2
    assert err.splitlines() == [
        "hplint: error: cannot write a.py: No space left on device; file left unchanged",
        "Added 1 noqa directive.",
    ]
    assert (tmp_path / "a.py").read_text() == BAD
    assert (tmp_path / "b.py").read_text().endswith("  # noqa: HP401\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.py", "b.py"]


# ------------------------------------------------------------------------- concurrency


def many_files(root: Path, count: int) -> None:
    files: dict[str, str | bytes] = {}
    for i in range(count):
        kind = i % 5
        if kind == 0:
            files[f"pkg{i % 7}/bad_{i}.py"] = BAD + f"SVC(C={i}, gama={i})\n"
        elif kind == 1:
            files[f"pkg{i % 7}/good_{i}.py"] = GOOD + f"x = {i}\n"
        elif kind == 2:
            files[f"pkg{i % 7}/broken_{i}.py"] = f"def f({i}:\n"
        elif kind == 3:
            files[f"pkg{i % 7}/nb_{i}.ipynb"] = notebook("from sklearn.svm import SVC\n", f"SVC(gama={i})\n")
        else:
            files[f"pkg{i % 7}/plain_{i}.py"] = f"print({i})\n"
    write(root, files)


def start(cwd: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HPLINT_")}
    return subprocess.Popen(
        [hplint_executable(), "check", "--output-format", "json", *args, "."],
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_two_processes_share_one_cache(tmp_path: Path) -> None:
    project = tmp_path / "project"
    many_files(project, 300)
    shared = tmp_path / "shared-cache"
    expected = run_hplint("check", "--output-format", "json", "--no-cache", ".", cwd=project)
    assert expected.returncode == 1 and len(json.loads(expected.stdout)) >= 240

    runs = [start(project, "--cache-dir", str(shared)) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    for (stdout, stderr), run in zip(outputs, runs):
        assert (run.returncode, stderr) == (1, "")
        assert stdout == expected.stdout

    entries = [p for p in shared.rglob("*") if p.is_file() and p.name not in ("CACHEDIR.TAG", ".gitignore")]
    assert len(entries) == 300
    assert all(p.suffix == ".json" for p in entries)  # no temporary file left behind
    for entry in entries:
        assert isinstance(json.loads(entry.read_text(encoding="utf-8")), list)

    # Every entry corrupted, in every way a crash or a bad disk could: each is ignored
    # and rewritten, and the answer does not change.
    garbage = ["", "[", "{}", "null", '[["HP401"]]', '[["HP401", "m", Infinity, 1, 1, 1, null, null]]',
               "[" * 100_000 + "]" * 100_000, "\x00\xff", '"abcdefgh"']  # fmt: skip
    for i, entry in enumerate(entries):
        entry.write_bytes(garbage[i % len(garbage)].encode("latin-1"))
    again = start(project, "--cache-dir", str(shared))
    stdout, stderr = again.communicate(timeout=300)
    assert (again.returncode, stderr, stdout) == (1, "", expected.stdout)
    for entry in entries:
        assert isinstance(json.loads(entry.read_text(encoding="utf-8")), list)


def test_a_corrupt_cache_entry_does_not_crash_a_worker(tmp_path: Path) -> None:
    target = tmp_path / "train.py"
    target.write_text(BAD)
    cache = Cache(tmp_path / "cache", "x")
    entry = cache._entry(target, target.read_bytes())
    entry.parent.mkdir(parents=True)
    garbage_entries = ['[[["HP401", "m", 1e400, 1, 1, 1, null, null]], null]', "[" * 100_000 + "]" * 100_000, "{}", '"12345678"']
    for garbage in garbage_entries:
        entry.write_text(garbage)
        assert cache.get(target, target.read_bytes()) is None
        result = runner.lint_one(target, Settings(), cache)
        assert [d.code for d in result.diagnostics] == ["HP401"]
        assert cache.get(target, target.read_bytes()) == (result.diagnostics, result.tuning)


def test_deep_stack_helper_restores_the_recursion_limit() -> None:
    before = sys.getrecursionlimit()
    assert deepstack.on_deep_stack(sys.getrecursionlimit) >= 200_000
    with pytest.raises(ZeroDivisionError):
        deepstack.on_deep_stack(lambda: 1 // 0)
    assert sys.getrecursionlimit() == before
