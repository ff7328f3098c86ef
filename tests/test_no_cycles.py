"""Linting a file leaves no reference cycle that holds its syntax tree.

The collector is held off while a file is linted (hplint/parsing.py), so what a cycle
holds stays until the collector next runs, which then walks all of it: a tree freed by
reference counting costs nothing more. (Small cycles of the standard library, such as
``ast.literal_eval``'s own closures, hold no node.)
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import libcst as cst
import pytest

from hplint.engine import lint_source

SOURCE = """\
import numpy as np
from sklearn.model_selection import GridSearchCV
from sklearn.svm import SVC

try:
    from sklearn.utils import if_delegate_has_method
except ImportError:
    pass


class Experiment:
    def __init__(self):
        self.model = SVC(C=1.0)
        self.grid = {"C": [0.1, 1.0], "kernel": ["linear", "rbf"]}

    def run(self, X, y):
        search = GridSearchCV(self.model, self.grid).fit(X, y)
        return search.best_estimator_.coef_


param_grid = {"gamma": np.logspace(-3, 1, 5)}
search = GridSearchCV(SVC(kernel="rbf", C=10), param_grid).fit(X, y)
print(search.best_params_, SVC().support_)
"""


@pytest.fixture
def saved_garbage() -> Iterator[list[object]]:
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield gc.garbage
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()


def test_a_lint_leaves_no_cycle_that_holds_a_node(saved_garbage: list[object]) -> None:
    assert lint_source(SOURCE, "experiment.py")  # it has findings: every rule ran
    gc.collect()
    held = [type(o).__name__ for o in saved_garbage if isinstance(o, cst.CSTNode)]
    assert held == []
