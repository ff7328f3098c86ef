"""Fix safety: a fix is safe when scikit-learn documents that it keeps the meaning (a
parameter it says was renamed, a value it calls equivalent), unsafe otherwise; and what
`--fix`, `--diff` and `--fix-only` say when only unsafe fixes exist (ruff's wording)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_hplint, write

from hplint import catalog
from hplint.catalog import history
from hplint.config import Settings
from hplint.engine import lint_source

ENCODER = "from sklearn.preprocessing import OneHotEncoder\nenc = OneHotEncoder(sparse=False)\n"
TYPO = "from sklearn.svm import SVC\nmodel = SVC(gama=0.1)\n"


def fixes(source: str, target: str) -> dict[str, str]:
    """Each finding's fix message and its applicability."""
    settings = Settings(target_sklearn_version=target)
    return {d.fix.message: d.fix.applicability for d in lint_source(source, "t.py", settings) if d.fix is not None}


def test_a_documented_rename_is_safe() -> None:
    # 1.2: "`sparse` was renamed to `sparse_output`" (sparse_output's own note).
    assert fixes(ENCODER, "1.2") == {"Rename `sparse` to `sparse_output`": "safe"}


def test_a_documented_equivalent_value_is_safe() -> None:
    # 1.2: "Use `loss='log_loss'` which is equivalent."
    source = "from sklearn.linear_model import SGDClassifier\nSGDClassifier(loss='log')\n"
    assert fixes(source, "1.2") == {"Replace `'log'` with `'log_loss'`": "safe"}


def test_a_replacement_not_documented_as_the_same_stays_unsafe() -> None:
    # MiniBatchDictionaryLearning's `max_iter` (1.1) replaced `n_iter`, but counts epochs
    # where `n_iter` counted mini-batches: scikit-learn does not call it a rename.
    source = "from sklearn.decomposition import MiniBatchDictionaryLearning\nMiniBatchDictionaryLearning(n_iter=5)\n"
    assert fixes(source, "1.2") == {"Rename `n_iter` to `max_iter`": "unsafe"}
    # A typo's correction guesses what was meant.
    assert fixes(TYPO, "1.9") == {"Rename `gama` to `gamma`": "unsafe"}


def test_safety_follows_the_catalog_notes_not_a_list() -> None:
    """Every parameter the catalog says was renamed in scikit-learn's words gets a safe
    fix, and only those (checked at the release that deprecates each)."""
    known = catalog.load()
    safe, unsafe = set(), set()
    for qualname in known.merged_estimators:
        if qualname.startswith("@") or not qualname.startswith("sklearn."):
            continue
        module, _, name = qualname.rpartition(".")
        for parameter in _parameters(known, qualname):
            past = history.parameter(known, qualname, parameter)
            deprecation = past.deprecation() if past is not None else None
            if past is None or deprecation is None or not deprecation.renamed or deprecation.replacement is None:
                continue
            release = next(r for r in past.releases if past.deprecated_in(r))
            source = f"from {module} import {name}\n{name}({parameter}=None)\n"
            found = fixes(source, release)
            key = f"Rename `{parameter}` to `{deprecation.replacement}`"
            if key in found:
                (safe if found[key] == "safe" else unsafe).add((name, parameter))
                assert (found[key] == "safe") is deprecation.same_meaning, (name, parameter)
    assert ("OneHotEncoder", "sparse") in safe and ("AdaBoostClassifier", "base_estimator") in safe
    assert ("MiniBatchDictionaryLearning", "n_iter") in unsafe


def _parameters(known: catalog.Catalog, qualname: str) -> set[str]:
    import json
    import re

    return set(re.findall(r'"name": "(\w+)"', json.dumps(known.merged_estimators[qualname].get("parameters"))))


def test_fix_applies_a_safe_fix_without_unsafe_fixes(tmp_path: Path) -> None:
    write(tmp_path, {"enc.py": ENCODER})
    done = run_hplint("check", "-n", "--fix", "--target-sklearn-version", "1.2", "enc.py", cwd=tmp_path)
    assert (tmp_path / "enc.py").read_text() == ENCODER.replace("sparse=", "sparse_output=")
    assert done.stdout == "Found 1 error (1 fixed, 0 remaining).\n" and done.returncode == 0


@pytest.mark.parametrize(
    ("flags", "stream", "expected", "status"),
    [
        (["--fix"], "stdout", "Found 1 error.\nNo fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option).\n", 1),
        (["--diff"], "stderr", "No errors would be fixed (1 fix available with `--unsafe-fixes`).\n", 0),
        (["--fix-only"], "stderr", "No errors fixed (1 fix available with `--unsafe-fixes`).\n", 0),
    ],
)
def test_only_unsafe_fixes_are_named(tmp_path: Path, flags: list[str], stream: str, expected: str, status: int) -> None:
    write(tmp_path, {"train.py": TYPO})
    done = run_hplint("check", "-n", "--output-format", "concise", *flags, "train.py", cwd=tmp_path)
    assert getattr(done, stream).endswith(expected), done.stdout + done.stderr
    assert done.returncode == status
    assert (tmp_path / "train.py").read_text() == TYPO


def test_some_fixed_and_more_with_unsafe_fixes(tmp_path: Path) -> None:
    write(tmp_path, {"both.py": ENCODER + "from sklearn.svm import SVC\nSVC(gama=0.1)\n"})
    args = ("check", "-n", "--target-sklearn-version", "1.2", "both.py")
    diff = run_hplint(*args, "--diff", cwd=tmp_path)
    assert diff.stderr == "Would fix 1 error (1 additional fix available with `--unsafe-fixes`).\n"
    assert diff.returncode == 1 and "+enc = OneHotEncoder(sparse_output=False)" in diff.stdout
    done = run_hplint(*args, "--fix-only", cwd=tmp_path)
    assert done.stderr == "Fixed 1 error (1 additional fix available with `--unsafe-fixes`).\n"
    stdin = run_hplint("check", "-n", "--diff", "-", cwd=tmp_path, input=TYPO)
    assert stdin.stderr == "No errors would be fixed (1 fix available with `--unsafe-fixes`).\n"
