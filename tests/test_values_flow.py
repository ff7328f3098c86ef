"""The value analysis against Python itself, on generated programs.

Each program rebinds and changes a dict ``g`` through assignments, item assignments,
branches, loops (with ``break`` and ``continue``), ``try``/``except`` and ``raise``, then
hands ``g`` to ``probe``. For every choice of the branch conditions, the program is run;
whenever the analysis names one value for ``g`` at the probe, every run that reaches the
probe must hold that dict there, with exactly the keys the analysis says (a superset when it
says the paths met different changes).
"""

from __future__ import annotations

import itertools
import random

import libcst as cst

from hplint.model.scopes import Scopes

CONDITIONS = 3


class _Program:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.counter = 0
        self.lines: list[str] = []

    def fresh(self) -> int:
        self.counter += 1
        return self.counter

    def block(self, indent: int, depth: int, in_loop: bool, size: int) -> None:
        start = len(self.lines)
        for _ in range(size):
            self.statement(indent, depth, in_loop)
        if len(self.lines) == start:
            self.lines.append("    " * indent + "pass")

    def statement(self, indent: int, depth: int, in_loop: bool) -> None:
        pad = "    " * indent
        kinds = ["bind", "bind", "set", "set"]
        if depth < 3:
            kinds += ["if", "for", "try"]
        if in_loop:
            kinds += ["break", "continue"]
        kind = self.rng.choice(kinds)
        c = f"c[{self.rng.randrange(CONDITIONS)}]"
        if kind == "bind":
            self.lines.append(f'{pad}g = {{"C": [{self.fresh()}]}}')
        elif kind == "set":
            number = self.fresh()
            self.lines.append(f'{pad}g["k{number}"] = [{number}]')
        elif kind == "if":
            self.lines.append(f"{pad}if {c}:")
            self.block(indent + 1, depth + 1, in_loop, self.rng.randint(1, 2))
            if self.rng.random() < 0.5:
                self.lines.append(f"{pad}else:")
                self.block(indent + 1, depth + 1, in_loop, self.rng.randint(1, 2))
        elif kind == "for":
            self.lines.append(f"{pad}for _ in range({c}):")
            self.block(indent + 1, depth + 1, True, self.rng.randint(1, 3))
        elif kind == "try":
            self.lines.append(f"{pad}try:")
            self.block(indent + 1, depth + 1, in_loop, self.rng.randint(1, 2))
            self.lines.append(f"{pad}    if {c} == 2:")
            self.lines.append(f"{pad}        raise KeyError")
            self.block(indent + 1, depth + 1, in_loop, 1)
            self.lines.append(f"{pad}except KeyError:")
            self.block(indent + 1, depth + 1, in_loop, 1)
        else:
            self.lines.append(f"{pad}if {c} == 1:")
            self.lines.append(f"{pad}    {kind}")


def _generate(rng: random.Random) -> str:
    program = _Program(rng)
    program.lines.append('g = {"C": [0]}')
    program.block(0, 0, False, rng.randint(2, 6))
    program.lines.append("probe(g)")
    return "\n".join(program.lines) + "\n"


def _run(source: str, conditions: tuple[int, ...]) -> list[dict[str, list[int]]]:
    seen: list[dict[str, list[int]]] = []
    namespace = {"c": list(conditions), "probe": lambda g: seen.append(dict(g))}
    exec(compile(source, "<generated>", "exec"), namespace)  # noqa: S102 - our own programs
    return seen


def _analysis(source: str) -> tuple[int, set[str], bool] | None:
    """(the number of the dict literal, its keys with the changes, exact) or None."""
    module = cst.parse_module(source)
    probe = module.body[-1]
    assert isinstance(probe, cst.SimpleStatementLine)
    expr = probe.body[0]
    assert isinstance(expr, cst.Expr) and isinstance(expr.value, cst.Call)
    call = expr.value
    scopes = Scopes(module, [(call, len(module.body) - 1)])
    place = scopes.place_of(call)
    assert place is not None
    found = scopes.value_of("g", place, call)
    if found is None:
        return None
    assert isinstance(found.value, cst.Dict)
    element = found.value.elements[0]
    assert isinstance(element.value, cst.List)
    origin = int(element.value.elements[0].value.value)  # type: ignore[attr-defined]
    keys = {"C"}
    for use in found.uses:
        assert use.kind == "setitem" and use.key is not None
        keys.add(use.key.value.strip('"'))  # type: ignore[attr-defined]
    return origin, keys, found.exact


def test_the_value_named_is_the_value_every_run_holds() -> None:
    rng = random.Random(20261205)
    followed = checked = 0
    for _ in range(400):
        source = _generate(rng)
        answer = _analysis(source)
        if answer is None:
            continue
        followed += 1
        origin, keys, exact = answer
        for conditions in itertools.product(range(3), repeat=CONDITIONS):
            for seen in _run(source, conditions):
                checked += 1
                assert seen["C"] == [origin], (source, conditions)
                if exact:
                    assert set(seen) == keys, (source, conditions)
                else:
                    assert set(seen) <= keys, (source, conditions)
    # The analysis answers often enough for this to test something.
    assert followed > 100 and checked > 1000, (followed, checked)
