"""LibCST parsing without node validation, and the collector held off: same trees, and
both switches put back however the block ends, on any thread."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import libcst as cst
import pytest

from hplint import parsing

ROOT = Path(__file__).parent
SOURCES = sorted([*(ROOT / "fixtures").rglob("*.py"), *(ROOT.parent / "examples").rglob("*.py")])
TRICKY = [
    "x = not(a)\nlambda: (yield)\n",
    "def f(a, /, b=1, *c, d: int = 2, **e) -> None:\n    return lambda x, *, y=1: x\n",
    "if (n := 10) > 5:\n    print(f'{n!r:>{w}}' 'tail', rb'\\x00')\n",
    "async def f():\n    async with a as b, c:\n        await d\n    return [i async for i in g()]\n",
    "match p:\n    case {'k': [1, *rest]} | Point(x=0) if rest:\n        pass\n",
    "try:\n    pass\nexcept* (A, B) as e:\n    raise\n",
    "x = 1 if y else 2; del a[1:2, ::3]\n@d\nclass C(B, metaclass=M): ...\n",
]


def _must_validate() -> None:
    with pytest.raises(cst.CSTValidationError):
        cst.Name("not a name")


@pytest.mark.parametrize("source", [*(p.read_text(encoding="utf-8") for p in SOURCES), *TRICKY])
def test_the_tree_is_the_one_libcst_builds_with_validation(source: str) -> None:
    try:
        expected = cst.parse_module(source)
    except cst.ParserSyntaxError:  # the HP001 fixtures
        with pytest.raises(cst.ParserSyntaxError):
            parsing.parse_module(source)
        return
    tree = parsing.parse_module(source)
    assert tree.deep_equals(expected)
    assert tree.code == source


def test_fixtures_and_examples_were_found() -> None:
    assert len(SOURCES) > 20


def test_validation_is_back_after_a_parse_and_after_a_failed_parse() -> None:
    parsing.parse_module("x = 1\n")
    _must_validate()
    with pytest.raises(cst.ParserSyntaxError):
        parsing.parse_module("def (:\n")
    _must_validate()


def test_nested_users_restore_validation_only_when_the_last_leaves() -> None:
    with parsing.validation_off():
        with parsing.validation_off():
            cst.Name("not a name")  # not checked inside
        cst.Name("not a name")
    _must_validate()


def test_validation_is_restored_when_threads_overlap() -> None:
    inside = threading.Barrier(2)

    def parse_while_the_other_does() -> None:
        with parsing.validation_off():
            inside.wait(timeout=10)
            cst.parse_module("y = 2\n")
            inside.wait(timeout=10)

    threads = [threading.Thread(target=parse_while_the_other_does) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    _must_validate()


def test_the_collector_is_paused_inside_and_restored_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with parsing.collector_paused():
            assert not gc.isenabled()
            with parsing.collector_paused():
                assert not gc.isenabled()
            assert not gc.isenabled()
            raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_the_caller_disabled_stays_disabled() -> None:
    gc.disable()
    try:
        with parsing.collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
