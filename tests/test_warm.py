"""The shortcuts a warm run takes agree with the general paths they stand in for.

Each shortcut answers the common case from strings or bytes (a run answered from the cache
asks for every file: its display name, its encoding, its cache entry) and leaves the rest
to the general code; these tests give both the same tricky inputs.
"""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

from hplint import cache as cache_module
from hplint import catalog, runner
from hplint.cache import Cache, _modules
from hplint.config import Settings, _has_hplint_table, _may_name_hplint
from hplint.files import discover
from hplint.report.paths import _display, display_path
from hplint.source import SourceError, _encoding, decode

BAD = "from sklearn.svm import SVC\nSVC(gama=0.1)\n"

PATHS = [
    ".", "a", "a/b.py", "./a", "a/../b", "../x", "..", "/", "//", "///x", "//x/y", "//x/../y",
    "{cwd}", "{cwd}/x", "{cwd}x/y", "{cwd}/../x", "{cwd}/x/../y", "{cwd}//x", "{cwd}/./x",
    "{top}", "{top}/a b/ü.py", "{top}x/a", "/x/..{cwd}/a", "/a/./../b",
]  # fmt: skip


@pytest.mark.parametrize("where", ["/", "top", "top/a", "top/a/b"])
def test_display_path_agrees_with_pathlib(tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    cwd = Path("/") if where == "/" else tmp_path / where.removeprefix("top").lstrip("/")
    cwd.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(cwd)
    for pattern in PATHS:
        text = pattern.format(cwd=cwd, top=tmp_path)
        assert display_path(Path(text)) == _display(Path(text)), text


ENCODED = [
    b"", b"\n", b"x = 1\n", b"x = 1", b"\xef\xbb\xbfx = 1\n", b"# -*- coding: latin-1 -*-\nx = '\xe9'\n",
    b"#!/usr/bin/env python\n# coding=cp1252\nx = '\x80'\n", b"x = 1\n# coding: latin-1\n",
    b"\n\n# coding: latin-1\n", b"# no cookie\n# still none\n", b"\xef\xbb\xbf# coding: latin-1\n",
    b"\xef\xbb\xbf# coding: utf-8\n", b"# coding: nonsense\n", b"x = '\xe9'\n", b"# \xe9\nx = 1\n",
    b"#\r# coding: latin-1\r", b"\r\n# coding: latin-1\r\n", b"s = 'coding: latin-1'\n", b"\x0c# coding: latin-1\n",
    b"# vim: set fileencoding=latin-1 :\n", b"x = 1\r\ny = 2\r\n", "x = 'é'\n".encode(),
]  # fmt: skip


def _tokenize_encoding(data: bytes) -> str | type[Exception]:
    try:
        return tokenize.detect_encoding(io.BytesIO(data).readline)[0]
    except SyntaxError as error:
        return "utf-8" if str(error.msg).startswith("invalid or missing encoding") else SyntaxError


def _shortcut_encoding(data: bytes) -> str | type[Exception]:
    try:
        return _encoding(data)
    except SyntaxError as error:
        return "utf-8" if str(error.msg).startswith("invalid or missing encoding") else SyntaxError


def _reference_decode(data: bytes) -> str:
    """``decode`` as it was, asking tokenize every time."""
    try:
        encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
    except SyntaxError as error:
        if not str(error.msg).startswith("invalid or missing encoding"):
            return f"SourceError: {error.msg}"
        encoding = "utf-8"
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        return f"SourceError: {type(error).__name__}"


@pytest.mark.parametrize("data", ENCODED)
def test_encoding_shortcut_agrees_with_tokenize(data: bytes) -> None:
    assert _shortcut_encoding(data) == _tokenize_encoding(data)
    expected = _reference_decode(data)
    try:
        assert decode(data) == expected
    except SourceError as error:
        assert expected.startswith("SourceError: ")
        if "Error" not in expected:  # tokenize's own message is passed on as it is
            assert str(error) == expected.removeprefix("SourceError: ")


def test_gunzip_agrees_with_gzip() -> None:
    shipped = [catalog.DATA_FILE, *catalog.LIBRARY_FILES.values()]
    for name in shipped:
        raw = (Path(catalog.__file__).parent / name).read_bytes()
        assert catalog._gunzip(raw) == gzip.decompress(raw)
    assert catalog._gunzip(gzip.compress(b"one") + gzip.compress(b"two")) == b"onetwo"
    assert catalog._gunzip(b"") == gzip.decompress(b"")
    for corrupt in (b"not gzip", gzip.compress(b"abc")[:-3]):
        with pytest.raises(Exception) as expected:
            gzip.decompress(corrupt)
        with pytest.raises(expected.type):
            catalog._gunzip(corrupt)


@pytest.mark.parametrize(
    ("text", "table"),
    [
        ('[project]\nname = "x"\n', False),
        ('[project]\nname = "hplint"\n', False),
        ("[tool.hplint]\nselect = []\n", True),
        ('[tool."\\u0068plint"]\nselect = []\n', True),
        ('[tool."\\U00000068plint"]\nselect = []\n', True),
        ('[tool]\n"\\u0068plint" = {}\n', True),
        ("[tool.other]\nx = 1\n[broken\n", False),
        ("[tool.hplint]\n[broken\n", True),
    ],
)
def test_pyproject_prefilter_never_hides_a_table(tmp_path: Path, text: str, table: bool) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(text)
    assert _has_hplint_table(path) is table
    assert _may_name_hplint(text) or not table


def test_cache_answers_the_same_with_the_resolved_path_given_or_not(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "train.py"
    target.write_text(BAD)
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    (tmp_path / "link.py").symlink_to(target)
    cache = Cache(tmp_path / "cache", "settings")
    data = target.read_bytes()
    paths = (target, tmp_path / "alias" / "train.py", tmp_path / "link.py")
    for path in paths:
        runner.lint_one(path, Settings(), cache)  # each name its own entry (per-file-ignores)
    for path in paths:
        given = cache.get(path, data, os.path.realpath(path))
        assert given is not None and given == cache.get(path, data)
    found = discover([tmp_path / "alias", tmp_path / "link.py"], respect_gitignore=False)
    assert found.resolved == [os.path.realpath(p) for p in found.files] == [str(target)]
    with_resolved = runner.run(found.files, Settings(), 1, cache, found.resolved)
    without = runner.run(found.files, Settings(), 1, cache)
    assert with_resolved == without and [d.code for d in without[0].diagnostics] == ["HP401"]
    with pytest.raises(ValueError):
        runner.run(found.files, Settings(), 1, cache, [])  # never silently fewer results


def test_code_digest_lists_the_modules_rglob_lists(tmp_path: Path) -> None:
    for name in ("a.py", "a-b/x.py", "a/b.py", "a.b/c.py", ".hidden/h.py", "sub/deep/z.py", "notes.txt", "x.pyc", "B.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    (tmp_path / "linked").symlink_to(tmp_path / "sub", target_is_directory=True)
    (tmp_path / "link.py").symlink_to(tmp_path / "a.py")
    package = Path(cache_module.__file__).parent
    for root in (tmp_path, package):
        assert _modules(str(root)) == [p.relative_to(root).as_posix() for p in sorted(root.rglob("*.py"))]


PROBE = """
import atexit, gc, sys
report = sys.argv[1]
# Registered first, so run last: after every handler the command registered.
atexit.register(lambda: open(report, "w").write(f"{gc.get_freeze_count()} {gc.get_threshold()[0]}"))
sys.argv = ["hplint", "check", "--no-cache", *sys.argv[2:]]
from hplint.cli import main
main()
"""


def test_check_collects_rarely_and_freezes_what_it_leaves_before_the_exit_collection(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(BAD)
    report = tmp_path / "collector"
    done = subprocess.run([sys.executable, "-c", PROBE, str(report), "train.py"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1 and "HP401" in done.stdout
    frozen, threshold = map(int, report.read_text().split())
    assert frozen > 1000  # start-up's objects and the results
    assert threshold == 50_000
