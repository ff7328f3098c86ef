"""Linting stays linear in a file's size and findings (issue 24, D9: 16,000 fixable
findings took 41 s, a 100,000-line file did not finish in 120 s).

Not timed: the work is counted, so a loaded machine cannot make these fail or pass. What
is counted: the characters handed to the line splitter (C code, which Python's tracing
does not see), and the lines of Python run (``sys.settrace``'s "line" events, loop
iterations included), compared between a file and one four times its size.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable
from typing import Any

import pytest

from hplint import lines
from hplint.engine import lint_source


def program(statement: str, count: int) -> str:
    return "from sklearn.svm import SVC\n" + "".join(statement.format(i=i) for i in range(count))


class _CountingPattern:
    """``lines._LINES``, counting the characters it is asked to split."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.scanned = 0

    def findall(self, text: str) -> list[str]:
        self.scanned += len(text)
        return self.pattern.findall(text)


def test_a_files_lines_are_split_a_bounded_number_of_times(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each fixable finding split the whole source again (``fix.whole_lines``): 201 times
    the file's size for 200 findings, 401 times for 400."""
    source = program("m{i} = SVC(gama=1)\n", 400)
    counting = _CountingPattern(lines._LINES)
    monkeypatch.setattr(lines, "_LINES", counting)
    found = lint_source(source)
    assert sum(d.fix is not None for d in found) == 400
    assert counting.scanned <= 3 * len(source), counting.scanned / len(source)


def python_lines_run(function: Callable[[], Any]) -> int:
    """How many lines of Python ``function()`` runs, on every thread it starts."""
    count = 0

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    threading.settrace(tracer)  # linting runs on a thread with a deep stack
    sys.settrace(tracer)
    try:
        function()
    finally:
        sys.settrace(None)
        threading.settrace(None)  # type: ignore[arg-type]
    return count


@pytest.mark.parametrize(
    "statement",
    [
        "m{i} = SVC()\n",  # many objects bound to names, no finding
        "m{i} = SVC(gama=1)\n",  # a fixable finding each
        "m{i} = SVC(C=1)\nm{i}.fit(X, y)\n",  # objects fitted, a finding each
        "m{i} = SVC(gama=1)  # noqa: HP101\n",  # findings, some suppressed
    ],
)
def test_four_times_the_statements_cost_four_times_the_work(statement: str) -> None:
    """Measured: 3.96 for the first shape (7.12 when each new object looked through every
    name bound so far, ``fitstate._Scope.new``), 4.0 for the second."""
    lint_source(program(statement, 5))  # imports and the catalog, once
    small = python_lines_run(lambda: lint_source(program(statement, 250)))
    large = python_lines_run(lambda: lint_source(program(statement, 1000)))
    assert large / small < 5, (small, large, large / small)


def test_choosing_a_passs_fixes_checks_a_bounded_number_of_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """`choose` checked each fix against every edit taken: 2,000 fixes, two million checks."""
    from hplint import fix

    found = lint_source(program("m{i} = SVC(gama=1)  # noqa: HP101\n", 2000))
    checks = 0
    real = fix._conflict

    def counted(a: Any, b: Any) -> bool:
        nonlocal checks
        checks += 1
        return real(a, b)

    monkeypatch.setattr(fix, "_conflict", counted)
    assert len(fix.choose(found, unsafe=True)) == 2000
    assert checks <= 3 * 2000, checks
