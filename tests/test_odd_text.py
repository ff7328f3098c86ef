"""Text hplint did not write, in what it prints and keys: file names of arbitrary bytes
(Python keeps the bytes that are not UTF-8 as lone surrogates) and notebooks whose JSON
escapes make lone surrogates. Neither may crash a run, lose its output or change its exit
status; every output format goes to a strict UTF-8 stream."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from conftest import run_hplint
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hplint import runner
from hplint.cache import Cache
from hplint.config import Settings
from hplint.report import FORMATS, writer
from hplint.report.paths import display_path, path_text

SOURCE = b"from sklearn.svm import SVC\nSVC(gama=1)\n"
STRICT = {"PYTHONIOENCODING": "utf-8:strict"}
HP4 = Settings(select=("HP4",))


def strict_output(output_format: str, results: list[runner.FileResult]) -> str:
    """What a format writes for ``results`` to a strict UTF-8 stream (raising if it cannot)."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", errors="strict", newline="")
    write = writer(output_format)
    write(results, stream)
    stream.flush()
    return raw.getvalue().decode("utf-8")


def check_readable(output_format: str, text: str) -> None:
    """The machine formats still parse."""
    if output_format in ("json", "gitlab", "sarif"):
        json.loads(text)
    elif output_format == "json-lines":
        for line in text.splitlines():
            json.loads(line)
    elif output_format == "junit":
        ET.fromstring(text)


# ------------------------------------------------------------------- names of any bytes

NAMES = st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\0" not in b and b not in (b".", b".."))


@settings(max_examples=25, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(name=NAMES)
def test_a_file_named_by_any_bytes_is_cached_and_printed_in_every_format(
    tmp_path_factory: pytest.TempPathFactory, name: bytes
) -> None:
    folder = tmp_path_factory.mktemp("names")
    raw = os.fsencode(folder) + b"/" + name + b".py"
    try:
        with open(raw, "wb") as stream:
            stream.write(SOURCE)
    except OSError:
        pytest.skip("the file system refuses the name")
    path = Path(os.fsdecode(raw))
    cache = Cache(folder / "cache", "settings")
    first = runner.lint_one(path, HP4, cache)
    second = runner.lint_one(path, HP4, cache)
    assert [d.code for d in first.diagnostics] == ["HP401"] and second.diagnostics == first.diagnostics
    shown = path_text(str(path))
    assert shown.isprintable() and shown.encode("utf-8")
    if str(path).isprintable():
        assert shown == str(path)  # a name that can be shown is shown as it is
    for output_format in sorted(FORMATS):
        text = strict_output(output_format, [first])
        check_readable(output_format, text)
        assert "HP401" in text, output_format


def test_an_undecodable_name_shows_its_bytes() -> None:
    assert path_text(os.fsdecode(b"old/caf\xe9.py")) == "old/caf\\xe9.py"
    assert path_text("café.py") == "café.py"
    assert display_path(Path(os.fsdecode(b"caf\xe9.py"))) == "caf\\xe9.py"


@pytest.fixture
def old_archive(tmp_path: Path) -> Path:
    (Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9.py"))).write_bytes(SOURCE)
    (tmp_path / "ok.py").write_bytes(SOURCE)
    return tmp_path


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_the_issues_name_in_every_format_on_a_strict_stdout(old_archive: Path, output_format: str) -> None:
    """`caf\\xe9.py` crashed the run in the cache key, and every format on strict stdout."""
    done = run_hplint("check", "--select", "HP4", "--output-format", output_format, cwd=old_archive, env=STRICT)
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    check_readable(output_format, done.stdout)
    if output_format != "sarif":  # sarif: a URI, `caf%E9.py`
        assert "caf\\xe9.py" in done.stdout.replace("\\\\", "\\")
    assert "ok.py" in done.stdout


def test_the_issues_name_through_the_cache_and_an_output_file(old_archive: Path) -> None:
    for _ in range(2):  # writes the cache, then reads it
        done = run_hplint("check", "--select", "HP4", "-o", "out.txt", cwd=old_archive, env=STRICT)
        assert done.returncode == 1, done.stderr
        assert "caf\\xe9.py:2:5: HP401" in (old_archive / "out.txt").read_text(encoding="utf-8")
    assert (old_archive / ".hplint_cache" / "CACHEDIR.TAG").exists()


# ------------------------------------------------------------- notebooks' JSON escapes

def notebook(source: str) -> str:
    """A notebook with one code cell, as JSON (ASCII: lone surrogates as escapes)."""
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_a_lone_surrogate_in_a_cell_is_reported_in_every_format(tmp_path: Path, output_format: str) -> None:
    """The issue's `x = '\\ud800'` crashed the default `full` output: nothing printed for
    any file, exit 1 (from the traceback) instead of the findings' status."""
    (tmp_path / "nb.ipynb").write_text(notebook("from sklearn.svm import SVC\nx = '\ud800'\n"), encoding="ascii")
    (tmp_path / "ok.py").write_bytes(SOURCE)
    done = run_hplint("check", "-n", "--select", "HP", "--output-format", output_format, cwd=tmp_path, env=STRICT)
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    check_readable(output_format, done.stdout)
    assert "HP001" in done.stdout and "HP401" in done.stdout


ESCAPED = st.one_of(
    st.sampled_from(["\ud800", "\udfff", "\udce9", "\x00", "\x1b[31m", "\u2028", "\x85", "\ufeff", '"', "\\"]),
    st.characters(codec=None),
)


@settings(max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(
    odd=st.lists(ESCAPED, min_size=1, max_size=4).map("".join),
    where=st.sampled_from(["string", "comment", "code", "output", "markdown"]),
)
def test_notebooks_with_any_escaped_text_go_through_every_format(odd: str, where: str) -> None:
    """Any text a notebook's JSON can escape, in a cell's string, comment or code, an output
    or a markdown cell: linted without an internal error and printed in every format."""
    from hplint.engine import lint_file

    source = "from sklearn.svm import SVC\n" + {
        "string": f"x = {odd!r}[0] + '{odd.replace(chr(39), '').replace(chr(92), '')}'\n",
        "comment": f"# {odd}\n",
        "code": f"{odd}\n",
    }.get(where, "") + "SVC(gama=1)\n"
    document = json.loads(notebook(source))
    if where == "output":
        document["cells"][0]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": odd}]
    if where == "markdown":
        document["cells"].append({"cell_type": "markdown", "metadata": {}, "source": odd})
    data = json.dumps(document).encode("ascii")
    result = lint_file(Path("nb.ipynb"), Settings(select=("HP",)), data)
    assert result.internal_error is None, result.traceback
    assert result.diagnostics
    for output_format in sorted(FORMATS):
        check_readable(output_format, strict_output(output_format, [result]))
