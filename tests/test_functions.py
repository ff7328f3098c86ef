"""Calls of scikit-learn's validated functions (``train_test_split``, ``f1_score``...):
HP401 and HP402 against scikit-learn's own validation, on generated cases, per release.

The cases come from the function catalog of one release: every function x every parameter
with declared constraints x a pool of literal values (plus each string option, a typo of
it and the option with a stray space), then a misspelt keyword, one positional argument
too many and just enough, per function. They are written as calls in one generated module
and linted once at that target release, as a user's file would be. scikit-learn's verdict
(tests/function_verdicts.py) is its validator on the declared constraints (what
``@validate_params`` runs before the function body) and ``inspect.Signature.bind``.
hplint may miss, but it must never report a call scikit-learn accepts.

The installed release is judged in this process. The older releases can only be judged by
their own scikit-learn: ``HPLINT_RELEASES_WORK=DIR pytest -m slow tests/test_functions.py``
uses the virtualenvs that ``python -m hplint.catalog.releases --work DIR`` made (skipped
without it).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hplint.catalog import functions, load, versioned
from hplint.config import Settings
from hplint.engine import lint_source

sklearn = pytest.importorskip("sklearn")
import function_verdicts  # noqa: E402

INSTALLED = versioned.minor(sklearn.__version__)
VERDICTS = Path(__file__).with_name("function_verdicts.py")

POOL: tuple[Any, ...] = (
    -1, 0, 1, 2, 10, -0.5, 0.0, 0.5, 1.0, 1.5, True, False, None, "auto", "bogus", "",
    "macro", "accuracy", [1, 2], (1, 2), {"a": 1},
)  # fmt: skip


@dataclass(frozen=True)
class Cases:
    """A generated module and, by row, the code hplint may report and what to ask scikit-learn."""

    lines: tuple[str, ...]
    codes: dict[int, str]
    queries: dict[int, dict[str, Any]]


def _values(constraints: Any) -> list[Any]:
    values = list(POOL)
    for constraint in constraints:
        if constraint.get("type") == "options":
            for option in constraint.get("values", ()):
                if isinstance(option, str):
                    values += [option, option + " ", option[:-1] if len(option) > 2 else option + "x"]
        if constraint.get("type") == "interval":
            for bound in (constraint.get("left"), constraint.get("right")):
                if bound is not None:
                    values += [bound, bound - 1, bound + 1, bound + 0.5]
    unique: dict[str, Any] = {}
    for value in values:
        unique.setdefault(repr(value), value)
    return list(unique.values())


def cases(release: str, values: bool = True, calls: bool = True) -> Cases:
    """The cases of every function ``release`` catalogues."""
    catalog = load().at(release)
    lines: list[str] = []
    codes: dict[int, str] = {}
    queries: dict[int, dict[str, Any]] = {}

    def add(line: str, code: str, query: dict[str, Any]) -> None:
        lines.append(line)
        codes[len(lines)] = code
        queries[len(lines)] = query

    for qualname in sorted(functions.at(release)[0]):
        described = functions.lookup(catalog, qualname)
        assert described is not None
        module, _, name = qualname.rpartition(".")
        lines.append(f"from {module} import {name}")
        for parameter in described.parameters.values() if values else ():
            if parameter.constraints is None:
                continue  # nothing declared: scikit-learn does not validate it either
            for value in _values(parameter.constraints):
                query = {"function": qualname, "parameter": parameter.name, "value": repr(value)}
                add(f"{name}({parameter.name}={value!r})", "HP402", query)
        if not calls:
            continue
        names = list(described.parameters)
        positional = len(described.positional_parameters)
        misspelt = names[0] + "x" if names else "bogus"
        add(f"{name}({misspelt}=1)", "HP401", {"function": qualname, "args": 0, "kwargs": [misspelt]})
        for count in (positional + 1, positional):
            add(f"{name}({', '.join(['1'] * count)})", "HP401", {"function": qualname, "args": count, "kwargs": []})
    return Cases(tuple(lines), codes, queries)


def compare(release: str, generated: Cases, verdicts: list[bool]) -> dict[str, Counter[str]]:
    """Lint the generated module at ``release``; tally hplint against scikit-learn per code.
    Fails on any call hplint reports and scikit-learn accepts."""
    found: dict[int, set[str]] = {}
    source = "\n".join(generated.lines) + "\n"
    for d in lint_source(source, "calls.py", Settings(target_sklearn_version=release)):
        found.setdefault(d.start.row, set()).add(d.code)
    tally: dict[str, Counter[str]] = {}
    false_alarms = []
    for (row, code), rejected in zip(generated.codes.items(), verdicts):
        reported = code in found.get(row, set())
        outcome = "agree" if reported == rejected else "false alarm" if reported else "miss"
        tally.setdefault(code, Counter())[outcome] += 1
        if outcome == "false alarm":
            false_alarms.append(generated.lines[row - 1])
    print(f"\nscikit-learn {release}: {', '.join(f'{c} {sum(t.values())} cases {dict(t)}' for c, t in tally.items())}")
    assert not false_alarms, false_alarms[:10]
    return tally


def _assert_agreement(tally: dict[str, Counter[str]], least: int) -> None:
    values, calls = tally["HP402"], tally["HP401"]
    assert sum(values.values()) > least and values["agree"] / sum(values.values()) > 0.95
    assert calls["agree"] == sum(calls.values())


def _installed() -> str:
    if INSTALLED not in functions.releases():
        pytest.skip(f"the function catalog has no scikit-learn {sklearn.__version__}")
    assert INSTALLED is not None
    return INSTALLED


def _judge_here(generated: Cases) -> list[bool]:
    return [function_verdicts.rejects(query) for query in generated.queries.values()]


@pytest.mark.slow
def test_literal_values_agree_with_scikit_learn() -> None:
    release = _installed()
    generated = cases(release, calls=False)
    tally = compare(release, generated, _judge_here(generated))
    values = tally["HP402"]
    assert sum(values.values()) > 5000 and values["agree"] / sum(values.values()) > 0.95


def test_unknown_keywords_and_extra_positions_agree_with_scikit_learn() -> None:
    release = _installed()
    generated = cases(release, values=False)
    tally = compare(release, generated, _judge_here(generated))
    assert tally["HP401"]["agree"] == sum(tally["HP401"].values()) > 600


def _release_venv(release: str) -> Path:
    work = os.environ.get("HPLINT_RELEASES_WORK")
    python = Path(work or ".") / f"venv-{release}" / "bin" / "python"
    if not work or not python.exists():
        pytest.skip("set HPLINT_RELEASES_WORK to the --work directory of hplint.catalog.releases")
    return python


@pytest.mark.slow
@pytest.mark.parametrize("release", [r for r in functions.releases() if r != INSTALLED])
def test_older_releases_agree_with_their_scikit_learn(release: str, tmp_path: Path) -> None:
    python = _release_venv(release)
    generated = cases(release)
    (tmp_path / "cases.json").write_text(json.dumps(list(generated.queries.values())))
    subprocess.run(
        [str(python), str(VERDICTS), str(tmp_path / "cases.json"), str(tmp_path / "verdicts.json")],
        check=True, env={**os.environ, "PYTHONPATH": ""},
    )
    verdicts = json.loads((tmp_path / "verdicts.json").read_text())
    _assert_agreement(compare(release, generated, verdicts), 500)  # 1.2 validates 5 functions


def test_a_function_follows_the_target_release() -> None:
    """``root_mean_squared_error`` arrived in 1.4: unknown before it, checked from it on."""
    source = "from sklearn.metrics import root_mean_squared_error\nroot_mean_squared_error([1], [1], squaredd=1)\n"
    assert [d.code for d in lint_source(source, "a.py", Settings(target_sklearn_version="1.4"))] == ["HP401"]
    assert lint_source(source, "a.py", Settings(target_sklearn_version="1.3")) == []


@pytest.mark.slow
def test_the_committed_function_catalog_is_the_installed_release() -> None:
    from hplint.catalog import generate_functions

    assert generate_functions.main(["--check"]) == 0


def _codes(source: str, release: str) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in lint_source(source, "a.py", Settings(target_sklearn_version=release))]


def test_a_constraint_follows_the_target_release() -> None:
    """1.2 and 1.3 accept an int for a boolean parameter (with a deprecation warning)."""
    source = "from sklearn.metrics import accuracy_score\naccuracy_score([1], [1], normalize=1)\n"
    assert _codes(source, "1.3") == []
    assert [code for code, _ in _codes(source, "1.4")] == ["HP402"]


def test_a_parameter_the_function_lost_is_hp403_from_its_releases() -> None:
    source = "from sklearn.metrics import brier_score_loss\nbrier_score_loss([1], y_prob=[1])\n"
    assert _codes(source, "1.4") == []
    assert _codes(source, "1.9") == [
        ("HP403", "`y_prob` of `brier_score_loss` was deprecated in 1.5 and removed in 1.7 "
                  "(the target is scikit-learn 1.9); use `y_proba` instead")
    ]
    # Deprecated at the target, from the release's docstring: it works, with a warning.
    assert _codes(source, "1.5") == [
        ("HP403", "`y_prob` of `brier_score_loss` was deprecated in 1.5 and is removed in 1.7; use `y_proba` instead")
    ]


def test_a_parameter_added_after_the_target_says_so() -> None:
    source = "from sklearn.model_selection import cross_validate\ncross_validate(model, [1], params={})\n"
    assert _codes(source, "1.4") == []
    assert _codes(source, "1.3") == [
        ("HP401", "`cross_validate` has no parameter `params`; did you mean `fit_params`? (`params` was added in scikit-learn 1.4; "
                  "the target is 1.3)")
    ]


def test_a_deprecated_keyword_is_renamed_to_the_documented_replacement() -> None:
    from hplint.fix import apply_edits

    source = "from sklearn.model_selection import cross_val_score\ncross_val_score(model, X, y, fit_params={})\n"
    (found,) = lint_source(source, "a.py", Settings(target_sklearn_version="1.5"))
    assert found.code == "HP403" and found.fix is not None
    assert apply_edits(source, found.fix.edits) == source.replace("fit_params", "params")
    # No did-you-mean to a deprecated parameter.
    typo = "from sklearn.metrics import mean_squared_error\nmean_squared_error([1.0], [1.0], squaredd=False)\n"
    (found,) = lint_source(typo, "a.py", Settings(target_sklearn_version="1.5"))
    assert found.message == "`mean_squared_error` has no parameter `squaredd`"
