"""What a run may cost and leave behind: no worker outlives `hplint check`, and no single
file may take more memory than a bounded amount, however it is shaped."""

from __future__ import annotations

import ast
import gc
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from hplint import engine
from hplint.config import Settings
from hplint.engine import lint_source
from hplint.lintprocess import Cancelled, LintFailed, LintProcess

from conftest import hplint_executable, write
from procs import HAS_PROC, alive, children

# --------------------------------------------------------------------------- workers

# Enough files to use worker processes (runner.PARALLEL_THRESHOLD), each slow enough that
# the run is still going when the test looks for its workers.
CORPUS = "from sklearn.svm import SVC\n" + "".join(f"m{i} = SVC(C={i})\n" for i in range(1000))


@pytest.mark.skipif(not HAS_PROC, reason="finds the workers through /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_no_worker_outlives_a_killed_run(tmp_path: Path, signum: signal.Signals) -> None:
    write(tmp_path, {f"m{i}.py": CORPUS for i in range(24)})
    env = {k: v for k, v in os.environ.items() if not k.startswith("HPLINT_")}
    run = subprocess.Popen(
        [hplint_executable(), "check", "--no-cache", "--jobs", "2", "."],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while len(workers) < 2 and run.poll() is None and time.monotonic() < deadline:
            workers |= children(run.pid)
            time.sleep(0.02)
        assert len(workers) >= 2, "the run never started its workers"
        run.send_signal(signum)
        assert run.wait(timeout=30) == -signum
        deadline = time.monotonic() + 15
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = sorted(pid for pid in workers if alive(pid))
        assert not left, f"workers {left} outlived the run killed by {signum.name}"
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        for pid in workers:  # a failed run of this test must not leave them either
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


# --------------------------------------------------------------------------- one file's memory

ML = "from sklearn.svm import SVC\n"


def test_a_dense_file_under_the_character_limit_is_refused_by_its_node_count(tmp_path: Path) -> None:
    # 900 KB, a fifth of the character limit, and yet 450,000 nodes: LibCST took 2.6 GB and
    # a minute over it (measured). Refused before LibCST parses, in bounded memory.
    elements = 450_000
    (tmp_path / "data.py").write_text(ML + "x = [" + "1," * elements + "]\n")
    measure = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(done.stdout, end='')\n"
    )
    began = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", measure, hplint_executable(), "check", "--no-cache", "--output-format", "concise", "."],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    peak_kb, *lines = result.stdout.splitlines()
    assert lines[0] == (
        f"data.py:1:1: HP002 too large to lint: {elements + 8:,} syntax tree nodes (the limit is"
        " 300,000, which bounds the memory one file may take)"
    ), result.stdout
    assert int(peak_kb) < 600_000, f"peak {int(peak_kb) // 1024} MB"
    assert time.monotonic() - began < 60


def test_the_node_limit_applies_only_to_what_libcst_would_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    source = ML + "model = SVC(gama=1)\nx = [" + "1, " * 30 + "]\n"
    nodes = sum(1 for _ in ast.walk(ast.parse(source)))
    monkeypatch.setattr(engine, "_COUNT_NODES_FROM", 0)
    monkeypatch.setattr(engine, "MAX_SYNTAX_NODES", nodes)
    assert [d.code for d in lint_source(source, "m.py", Settings(select=("HP4",)))] == ["HP401"]
    monkeypatch.setattr(engine, "MAX_SYNTAX_NODES", nodes - 1)
    [refused] = lint_source(source, "m.py", Settings(select=("HP4",)))
    assert (refused.code, refused.start.row) == ("HP002", 1)
    assert f"{nodes:,} syntax tree nodes (the limit is {nodes - 1:,}" in refused.message
    assert lint_source(source, "m.py", Settings(select=("HP4",), ignore=("HP002",))) == []
    # A file no rule can report on is never handed to LibCST: nothing to bound.
    assert lint_source(source.replace("sklearn", "mylib"), "m.py") == []


def test_source_only_a_newer_python_parses_is_bounded_by_its_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    # Python 3.11 has no tree for a PEP 695 type alias; LibCST would parse it: the
    # characters stand in for the nodes (on 3.12+, the tree is counted).
    source = ML + "type Grid = dict[str, list[float]]\nmodel = SVC(gama=1)\n"
    monkeypatch.setattr(engine, "_COUNT_NODES_FROM", 0)
    monkeypatch.setattr(engine, "MAX_SYNTAX_NODES", len(source))
    assert [d.code for d in lint_source(source, "m.py", ONLY_HP4)] == ["HP401"]  # LibCST parsed it
    monkeypatch.setattr(engine, "MAX_SYNTAX_NODES", 10)
    assert [d.code for d in lint_source(source, "m.py", ONLY_HP4)] == ["HP002"]


def _cst_nodes() -> int:
    from libcst import CSTNode

    gc.collect()
    return sum(1 for item in gc.get_objects() if isinstance(item, CSTNode))


def test_nothing_of_a_linted_module_stays_alive_after_its_lint() -> None:
    # A module-level cache of the fit-state rules held the last module's facts, and with
    # them its whole tree, until the next lint: in the language server, after the file
    # was closed (1.8 GB after a 1 MB document).
    source = ML + "model = SVC()\nmodel.coef_\n" + "".join(f"m{i} = SVC(C={i})\nm{i}.fit(X, y)\n" for i in range(200))
    lint_source(ML)  # LibCST and the rules are loaded: what they keep for good is counted here
    before = _cst_nodes()
    found = lint_source(source, "m.py", Settings(select=("HP",)))
    assert "HP201" in {d.code for d in found}  # the fit-state rules did run
    assert _cst_nodes() - before < 50


# --------------------------------------------------------------------------- the server's lint process


LARGE = ML + "x = [" + "1," * 150_000 + "]\n"  # seconds of LibCST's parse
SMALL = ML + "SVC(gama=1)\n"
ONLY_HP4 = Settings(select=("HP4",))


def _lint_meanwhile(lints: LintProcess, tag: str) -> tuple[threading.Thread, list[object]]:
    """Start linting LARGE on a thread; return once it runs in the lint process."""
    outcome: list[object] = []

    def lint() -> None:
        try:
            outcome.append(lints.lint(LARGE, "large.py", Settings(), tag=tag))
        except Exception as error:  # noqa: BLE001 - the test looks at it
            outcome.append(error)

    thread = threading.Thread(target=lint)
    thread.start()
    deadline = time.monotonic() + 30
    while lints.running(tag) is None and time.monotonic() < deadline:
        time.sleep(0.01)
    return thread, outcome


def test_a_stale_lint_is_stopped_and_the_next_one_runs() -> None:
    lints = LintProcess()
    try:
        assert [d.code for d in lints.lint(SMALL, "a.py", ONLY_HP4, tag="a")] == ["HP401"]
        thread, outcome = _lint_meanwhile(lints, "b")
        assert not lints.cancel("a")  # not what runs: nothing happens
        began = time.monotonic()
        assert lints.cancel("b")
        thread.join(timeout=30)
        assert isinstance(outcome[0], Cancelled)
        assert time.monotonic() - began < 5
        # A new process takes the next lint.
        assert [d.code for d in lints.lint(SMALL, "a.py", ONLY_HP4, tag="a")] == ["HP401"]
    finally:
        lints.close()


def test_a_lint_process_that_dies_fails_that_lint_only() -> None:
    lints = LintProcess()
    try:
        thread, outcome = _lint_meanwhile(lints, "b")
        process = lints._process
        assert process is not None and process.pid is not None
        os.kill(process.pid, signal.SIGKILL)  # as the system's out-of-memory killer would
        thread.join(timeout=30)
        assert isinstance(outcome[0], LintFailed) and "ended without an answer" in str(outcome[0])
        assert [d.code for d in lints.lint(SMALL, "a.py", ONLY_HP4)] == ["HP401"]
    finally:
        lints.close()


@pytest.mark.skipif(not HAS_PROC, reason="finds the lint process through /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_the_lint_process_does_not_outlive_a_killed_server(signum: signal.Signals) -> None:
    pytest.importorskip("pygls")
    from lsp_wire import Wire

    server = Wire([sys.executable, "-m", "hplint", "server"])
    lints: set[int] = set()
    try:
        server.initialize()
        item = {"uri": "file:///nowhere/large.py", "languageId": "python", "version": 1, "text": LARGE}
        server.notify("textDocument/didOpen", {"textDocument": item})
        deadline = time.monotonic() + 30
        while not lints and time.monotonic() < deadline:
            lints = children(server.process.pid)
            time.sleep(0.05)
        assert lints, "the server never started its lint process"
        time.sleep(1)  # well into the lint: LibCST's parse alone takes seconds
        server.process.send_signal(signum)
        server.process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in lints) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in lints if alive(pid)], f"the server's children outlived it ({signum.name})"
    finally:
        if server.process.poll() is None:
            server.process.kill()
        for pid in lints:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
