"""HP101's evidence from code that did not run as written, in notebooks: a cell that does
not parse holds an earlier version of the code (its outputs are saved), and its calls are
tries as commented-out code's are (``rules/commented.py``; the ``.py`` shapes are in
``fixtures/HP101/commented_code.py``). Run end to end, through the installed command."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_hplint, write
from test_notebooks import notebook

HEAD = "from sklearn.ensemble import BaggingClassifier, ExtraTreesClassifier\n"


def _reported(tmp_path: Path, name: str) -> list[str]:
    result = run_hplint("check", "--isolated", "--select", "HP001,HP101", "--output-format", "json", name, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    rows = json.loads(result.stdout)
    return sorted(row["code"] + (f" {row['message'].split('`')[1]}" if row["code"] == "HP101" else "") for row in rows)


def test_an_earlier_copy_in_a_cell_that_does_not_parse_is_a_try(tmp_path: Path) -> None:
    # An earlier version of the models, in a cell that no longer parses (Python 2).
    earlier = "bag = BaggingClassifier(n_estimators=71)\ntrees = ExtraTreesClassifier(n_estimators=57)\nprint 'fitted', bag"
    later = "def models():\n    bag = BaggingClassifier(n_estimators=51)\n    trees = ExtraTreesClassifier(n_estimators=57)\n    return bag, trees\nfor m in models():\n    m.fit(X, y)"
    write(tmp_path, {"book.ipynb": notebook(HEAD, earlier, later)})
    # n_estimators of the bag was tried (71, then 51); the trees kept 57 in both.
    assert _reported(tmp_path, "book.ipynb") == ["HP001", "HP101 ExtraTreesClassifier(n_estimators=57)"]


def test_a_python_2_cell_keeps_its_search(tmp_path: Path) -> None:
    search = (
        "param_grid = {'n_estimators': [10, 50, 100]}\n"
        "grid = GridSearchCV(BaggingClassifier(), param_grid).fit(X, y)\nprint grid.best_params_"
    )
    final = "bag = BaggingClassifier(n_estimators=50, max_samples=0.5)\nbag.fit(X, y)"
    write(tmp_path, {"py2.ipynb": notebook(HEAD, search, final)})
    assert _reported(tmp_path, "py2.ipynb") == ["HP001", "HP101 BaggingClassifier(max_samples=0.5)"]


def test_code_in_comments_is_parsed_without_a_word_on_stderr() -> None:
    # An invalid escape in a commented-out regex: Python warns when it parses it (a
    # SyntaxWarning from 3.12); hplint parses the comment quietly, and reads it.
    import warnings

    from hplint.rules.commented import _as_code

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = _as_code([' vec = CountVectorizer(token_pattern="\\w+\\d", lowercase=False)'])
    assert module is not None and not caught
