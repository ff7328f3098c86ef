"""Tuning anywhere in the project counts (HP101): the step after every file is linted.

A project often searches in one file (``tune.py``) what another constructs with the values
found (``train.py``). Each file's own lint knows only its own tuning, and its findings
are cached per file; so the cross-file answer is not cached at all. Instead each file
keeps, beside its findings:

- ``TuningFacts``: what it tunes, per class and parameter (``rules.tuning.project_facts``);
- on each HP101 finding, ``Untuned``: the class and every hard-coded argument it names.

After the run (warm or cold) the facts of every file are combined into one index, and each
HP101 finding loses the arguments another file tunes: it is dropped when none is left,
else reworded to name the rest and moved to the first of them. A file's cached findings
never depend on other files, so a change to ``tune.py`` alone is seen by ``train.py``.

This module is imported by runs answered from the cache: it stays free of LibCST.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from hplint.diagnostics import Diagnostic, FileResult, Hyperparameter, TuningFacts, Untuned

CODE = "HP101"

# A name that says a dict is a search space (``param_grid``, ``search_space`` ...): its keys
# count as searched (``rules.handtuning.named_spaces``).
SPACE_NAME = re.compile(r"grid|param_?dist|search_?space|hyper_?param|param_?space", re.I)
# A name that says a dict holds what a search found (``best_params``, ``optimal_parameters``):
# its keys count as tuned in its file, whatever their values (``rules.handtuning.pasted_results``).
RESULT_NAME = re.compile(r"best|optimal|optimi[sz]ed|tuned", re.I)
# Libraries whose space builders name the parameter they draw, resolved through an import.
SPACE_LIBRARIES = ("hyperopt", "skopt")
# Libraries whose optimizer is given the bounds of the parameters it draws, by name
# (``BayesianOptimization(f, pbounds={"max_depth": (3, 10)})``).
BOUNDS_LIBRARIES = ("bayes_opt",)


def may_tune(source: str, tree: ast.Module, imported: Sequence[str]) -> bool:
    """Whether a file that no rule can report on (it imports nothing catalogued) may still
    tune something for the other files of its project, and so is analysed for its facts:
    an Optuna objective (``trial.suggest_*``), a hyperopt, scikit-optimize or bayes_opt
    space, a search space written out under a name that says so (a ``config.py``). (A Ray
    Tune config tunes only the classes its own file builds: such a file imports them.) Text
    first, as ``engine._needs_analysis`` does: most such files mention none of them."""
    libraries = (*SPACE_LIBRARIES, *BOUNDS_LIBRARIES)
    if ".suggest_" in source or any(name.partition(".")[0] in libraries for name in imported):
        return True
    if not SPACE_NAME.search(source):
        return False
    return any(
        type(node) is ast.Assign and type(node.value) is ast.Dict
        and any(type(t) is ast.Name and SPACE_NAME.search(t.id) for t in node.targets)
        for node in ast.walk(tree)
    )  # fmt: skip


def message(owner: str, arguments: Sequence[tuple[str, str]]) -> str:
    """```Class(a=1, b=2)`: hyperparameters `a`, `b` are hard-coded and never tuned ...``
    for the (name, value as shown) of each argument."""
    shown = ", ".join(f"{name}={value}" for name, value in arguments)
    listed = ", ".join(f"`{name}`" for name, _ in arguments)
    one = len(arguments) == 1
    subject = f"hyperparameter {listed} is" if one else f"hyperparameters {listed} are"
    return (
        f"`{owner}({shown})`: {subject} hard-coded and never tuned in this project; search "
        f"over {'it' if one else 'them'} (e.g. GridSearchCV) or justify the choice with "
        "`# noqa: HP101`"
    )


def untuned_by(diagnostic: Diagnostic, tuning: TuningFacts) -> Diagnostic | None:
    """``diagnostic`` less what ``tuning`` tunes: itself, reworded, or None (all tuned)."""
    untuned = diagnostic.untuned
    if untuned is None:
        return diagnostic
    return without(diagnostic, lambda argument: tuning.tunes(untuned.qualname, argument.name))


def without(diagnostic: Diagnostic, drop: Callable[[Hyperparameter], bool]) -> Diagnostic | None:
    """``diagnostic`` less the arguments ``drop`` accepts: itself, reworded, or None (none
    left)."""
    untuned = diagnostic.untuned
    if untuned is None or diagnostic.code != CODE:
        return diagnostic
    left = tuple(a for a in untuned.arguments if not drop(a))
    if len(left) == len(untuned.arguments):
        return diagnostic
    if not left or left[0].silenced:
        return None  # all tuned, or a ``# noqa`` where the finding would now start
    first = left[0]
    return replace(
        diagnostic,
        message=message(untuned.owner, [(a.name, a.value) for a in left]),
        start=first.start,
        end=first.end,
        noqa_row=first.noqa_row,
        untuned=Untuned(untuned.qualname, untuned.owner, left),
    )


def filtered(diagnostics: Sequence[Diagnostic], tuning: TuningFacts) -> list[Diagnostic]:
    """``diagnostics`` (one file's, in order) less what ``tuning`` tunes, in order."""
    if not tuning or not any(d.untuned is not None for d in diagnostics):
        return list(diagnostics)
    kept = [found for d in diagnostics if (found := untuned_by(d, tuning)) is not None]
    kept.sort(key=Diagnostic.sort_key)  # a reworded finding may have moved
    return kept


def apply(results: Sequence[FileResult]) -> list[FileResult]:
    """The results with every file's HP101 findings checked against what the whole
    project tunes (every result's ``tuning``)."""
    tuning = TuningFacts.union(result.tuning for result in results)
    if not tuning:
        return list(results)
    return [
        replace(result, diagnostics=filtered(result.diagnostics, tuning))
        if any(d.untuned is not None for d in result.diagnostics) else result
        for result in results
    ]  # fmt: skip
