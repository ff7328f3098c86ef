"""The shared flow engine (model/flow.py) and the one value analysis it runs for
(model/scopes.py): control-flow rules checked with a small analysis of our own, and calls
asked about after the pass (``Scopes.want``) answered as when given up front."""

from __future__ import annotations

from collections.abc import Iterable

import libcst as cst

from hplint.model.flow import Forward
from hplint.model.scopes import Scopes

# A state: the ``mark(n)`` calls certainly run so far (None: unreachable).
Marks = frozenset[int]


class MustRun(Forward[Marks]):
    """Which ``mark(n)`` calls run on every path; and, per mark, the states it was
    reached with while not quiet (what an analysis that reports would report)."""

    def __init__(self, scopes: Scopes, guards_with: bool = True) -> None:
        super().__init__()
        self.scopes = scopes
        self.guards_with = guards_with
        self.reported: dict[int, list[Marks]] = {}

    def step(self, order: int, state: Marks) -> Marks:
        node, _ = self.scopes.statement(order)
        if type(node) is cst.Expr and isinstance(node.value, cst.Call):
            call = node.value
            if isinstance(call.func, cst.Name) and call.func.value == "mark":
                mark = int(call.args[0].value.value)  # type: ignore[attr-defined]
                if not self.quiet:
                    self.reported.setdefault(mark, []).append(state)
                return state | {mark}
        return state

    def join(self, states: Iterable[Marks | None]) -> Marks | None:
        found = [s for s in states if s is not None]
        if not found:
            return None
        joined = found[0]
        for state in found[1:]:
            joined &= state
        return joined

    def widen(self) -> Marks:
        return frozenset()


def run(source: str, guards_with: bool = True) -> tuple[Marks | None, dict[int, list[Marks]]]:
    scopes = Scopes(cst.parse_module(source))
    analysis = MustRun(scopes, guards_with)
    out = analysis.run(scopes.flow(0), frozenset())
    return out, analysis.reported


def test_branches_join_what_every_path_ran() -> None:
    out, _ = run("mark(1)\nif c:\n    mark(2)\n    mark(3)\nelse:\n    mark(3)\nmark(4)\n")
    assert out == {1, 3, 4}


def test_a_loop_body_may_not_run_and_is_reported_once_at_its_fixed_point() -> None:
    source = "mark(1)\nfor x in y:\n    mark(2)\n    if c:\n        break\n    mark(3)\nelse:\n    mark(4)\nmark(5)\n"
    out, reported = run(source)
    assert out == {1, 5}  # the break skips the else
    # Each statement of the body is reported once, with the loop head's fixed point.
    assert reported[2] == [frozenset({1})]
    assert reported[3] == [frozenset({1, 2})]


def test_an_exception_may_leave_a_try_body_after_any_statement() -> None:
    source = "try:\n    mark(1)\n    mark(2)\nexcept E:\n    mark(3)\nelse:\n    mark(4)\nfinally:\n    mark(5)\n"
    out, reported = run(source)
    assert reported[3] == [frozenset()]  # the handler may run before mark(1)
    assert reported[4] == [frozenset({1, 2})]  # ``else``: the body ran to its end
    assert reported[5] == [frozenset()]
    assert out == {5}


def test_a_with_body_is_guarded_only_for_analyses_that_ask() -> None:
    source = "with m:\n    mark(1)\nmark(2)\n"
    assert run(source)[0] == {2}  # the context manager may swallow an error before mark(1)
    assert run(source, guards_with=False)[0] == {1, 2}


def test_return_and_raise_end_the_path() -> None:
    out, reported = run("if c:\n    mark(1)\n    raise E\nmark(2)\n")
    assert out == {2} and reported[2] == [frozenset()]
    assert run("mark(1)\nraise E\n")[0] is None


def test_continue_carries_its_state_to_the_loop_head() -> None:
    source = "while c:\n    if d:\n        continue\n    mark(1)\nmark(2)\n"
    out, reported = run(source)
    assert reported[1] == [frozenset()]
    assert out == {2}


def test_calls_wanted_after_the_pass_are_found_as_when_given_up_front() -> None:
    source = (
        "grid = {'C': [1]}\n"
        "def tune():\n"
        "    inner = {'C': [2]}\n"
        "    search(inner)\n"
        "    return [search(grid) for grid in grids]\n"
        "grid['gamma'] = [1]\n"
        "search(grid)\n"
    )
    module = cst.parse_module(source)
    calls: list[tuple[cst.Call, int]] = []

    class Calls(cst.CSTVisitor):
        index = 0

        def visit_Call(self, node: cst.Call) -> None:
            if isinstance(node.func, cst.Name) and node.func.value == "search":
                calls.append((node, self.index))

    for index, statement in enumerate(module.body):
        visitor = Calls()
        visitor.index = index
        statement.visit(visitor)
    assert len(calls) == 3
    given = Scopes(module, calls)
    later = Scopes(module)
    tune = module.body[1]
    assert isinstance(tune, cst.FunctionDef)
    body = later.body_of(tune)
    assert body is not None
    later.flow(body)  # another analysis (the fit state) read the function first
    later.want(calls)
    for call, _ in calls:
        place = given.place_of(call)
        assert place is not None and later.place_of(call) == place
        name = "inner" if place.scope != 0 else "grid"
        found = given.values_of(name, place, call)
        other = later.values_of(name, place, call)
        assert found is not None and other is not None
        assert [v.value for v in found] == [v.value for v in other]
        assert [v.uses for v in found] == [v.uses for v in other]
    # The comprehension's own ``grid`` is not the module's.
    comprehension = calls[1][0]
    place = later.place_of(comprehension)
    assert place is not None and place.scope != 0
    assert later.values_of("grid", place, comprehension) is None
    assert given.values_of("grid", place, comprehension) is None
