"""HP101 in a notebook: a construction whose object nothing uses chooses nothing.

A notebook's names are nobody else's to import (nor are those of a script no ``import`` can
name, ``01-train.py``), so a top-level name never read again is
dead; the same binding in a ``.py`` module stays reported (another file may import it).
Run end to end, through the installed ``hplint`` command, as a user would."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_hplint, write
from test_notebooks import notebook

HEAD = "from sklearn.linear_model import Lasso, Ridge\nfrom sklearn.svm import SVC\n"


def _reported(tmp_path: Path, name: str) -> list[tuple[int, str]]:
    result = run_hplint("check", "--isolated", "--select", "HP101", "--output-format", "json", name, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    rows = json.loads(result.stdout)
    return sorted((row["location"]["row"], row["message"].split("`")[1]) for row in rows)


def test_a_name_a_notebook_never_reads_again_is_silent(tmp_path: Path) -> None:
    cells = (
        HEAD,
        "ridge = Ridge(alpha=1.0)",  # an API snippet, never used
        "SVC(C=10)",  # a cell showing the object
        "lasso = Lasso(alpha=0.5)\nlasso.fit(X, y)",  # read again: reported
    )
    write(tmp_path, {"book.ipynb": notebook(*cells)})
    assert [code for _, code in _reported(tmp_path, "book.ipynb")] == ["Lasso(alpha=0.5)"]


def test_a_name_only_shown_again_is_silent(tmp_path: Path) -> None:
    cells = (
        HEAD,
        "ridge = Ridge(alpha=1.0)\nridge  # its parameters shown",
        "print(ridge)",
        "svc = SVC(C=10)\nsvc",
        "svc.fit(X, y)",  # then fitted: reported
        "lasso = Lasso(alpha=0.5)\nlasso",
        "plot_path(X, y, lasso=3)",  # a keyword of that name reads nothing
    )
    write(tmp_path, {"shown.ipynb": notebook(*cells)})
    assert [code for _, code in _reported(tmp_path, "shown.ipynb")] == ["SVC(C=10)"]


def test_a_mention_anywhere_keeps_it_reported(tmp_path: Path) -> None:
    # A magic the converter comments out (``%store ridge``), or names looked up as text.
    write(tmp_path, {
        "magic.ipynb": notebook(HEAD, "ridge = Ridge(alpha=1.0)", "%store ridge"),
        "text.ipynb": notebook(HEAD, "svc = SVC(C=10)", "print(globals()['s' + 'vc'])"),
    })  # fmt: skip
    assert [code for _, code in _reported(tmp_path, "magic.ipynb")] == ["Ridge(alpha=1.0)"]
    assert [code for _, code in _reported(tmp_path, "text.ipynb")] == ["SVC(C=10)"]


def test_code_commented_out_reads_nothing(tmp_path: Path) -> None:
    # Models toggled by commenting their lines: the code as written fits only ``lasso``.
    toggled = notebook(
        HEAD,
        "ridge = Ridge(alpha=1.0)\nlasso = Lasso(alpha=0.5)",
        "# ridge.fit(X, y)\nlasso.fit(X, y)\n    #  preds = ridge.predict(X)",
    )
    # A magic jupytext comments out (``# %timeit``) may run it; so may a line's own code
    # before its comment.
    magic = HEAD + "\n# %%\nridge = Ridge(alpha=1.0)\n# %timeit ridge.fit(X, y)\n"
    trailing = notebook(HEAD, "svc = SVC(C=10)", "fit_all([svc])  # svc first")
    write(tmp_path, {"toggled.ipynb": toggled, "01-magic.py": magic, "trailing.ipynb": trailing})
    assert [code for _, code in _reported(tmp_path, "toggled.ipynb")] == ["Lasso(alpha=0.5)"]
    assert [code for _, code in _reported(tmp_path, "01-magic.py")] == ["Ridge(alpha=1.0)"]
    assert [code for _, code in _reported(tmp_path, "trailing.ipynb")] == ["SVC(C=10)"]


def test_a_notebook_exported_as_a_script_is_a_notebook(tmp_path: Path) -> None:
    # ``jupyter nbconvert --to script`` marks each code cell: nobody imports such a file.
    exported = HEAD + "\n\n# In[1]:\n\n\nridge = Ridge(alpha=1.0)\n\n\n# In[ ]:\n\n\nsvc = SVC(C=10)\nsvc.fit(X, y)\n"
    # A marker-like comment that is not one line of its own keeps the module a module.
    lookalike = HEAD + "ridge = Ridge(alpha=1.0)  # In[1]: not a cell marker\n"
    write(tmp_path, {"exported.py": exported, "lookalike.py": lookalike})
    assert [code for _, code in _reported(tmp_path, "exported.py")] == ["SVC(C=10)"]
    assert [code for _, code in _reported(tmp_path, "lookalike.py")] == ["Ridge(alpha=1.0)"]


def test_the_same_binding_in_a_module_stays_reported(tmp_path: Path) -> None:
    # ``from models import ridge`` elsewhere may read it.
    write(tmp_path, {"models.py": HEAD + "ridge = Ridge(alpha=1.0)\n"})
    assert [code for _, code in _reported(tmp_path, "models.py")] == ["Ridge(alpha=1.0)"]


def test_a_script_no_import_can_name_is_nobodys_module(tmp_path: Path) -> None:
    # ``import 01-train`` and ``import 2000.models`` are syntax errors: names bound at the
    # top level of such scripts are read by no other file.
    source = HEAD + "ridge = Ridge(alpha=1.0)\nlasso = Lasso(alpha=0.5)\nlasso.fit(X, y)\n"
    names = ("01-train.py", "2000.models.py", "class.py", "train_01.py")
    write(tmp_path, {name: source for name in names})
    assert [code for _, code in _reported(tmp_path, "01-train.py")] == ["Lasso(alpha=0.5)"]
    assert [code for _, code in _reported(tmp_path, "2000.models.py")] == ["Lasso(alpha=0.5)"]
    assert [code for _, code in _reported(tmp_path, "class.py")] == ["Lasso(alpha=0.5)"]
    assert [code for _, code in _reported(tmp_path, "train_01.py")] == ["Ridge(alpha=1.0)", "Lasso(alpha=0.5)"]
