"""HP003 unused-noqa (preview), run through the installed command: what it reports, what
its safe fix leaves, and what it never judges (other tools' codes, a bare `# noqa`)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_hplint, write

SOURCE = (
    "from sklearn.svm import SVC\n"
    "model = SVC(gama=0.1)  # noqa: HP401\n"  # used
    "SVC()  # noqa: HP401\n"  # unused: the comment goes
    "SVC()  # noqa: E501, HP401\n"  # E501 is another tool's: it stays
    "SVC()  # noqa\n"  # a bare noqa: not judged
    "SVC()  # noqa: HP401  # why\n"
    "SVC()  # type: ignore  # noqa: HP999\n"
)
FIXED = (
    "from sklearn.svm import SVC\n"
    "model = SVC(gama=0.1)  # noqa: HP401\n"
    "SVC()\n"
    "SVC()  # noqa: E501\n"
    "SVC()  # noqa\n"
    "SVC()  # why\n"
    "SVC()  # type: ignore\n"
)
ARGS = ("check", "-n", "--output-format", "concise")


def test_reports_hplint_codes_that_suppress_nothing(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": SOURCE})
    done = run_hplint(*ARGS, "--preview", "train.py", cwd=tmp_path)
    assert done.stdout.splitlines()[:-2] == [
        "train.py:3:8: HP003 [*] Unused `noqa` directive (unused: `HP401`)",
        "train.py:4:8: HP003 [*] Unused `noqa` directive (unused: `HP401`)",
        "train.py:6:8: HP003 [*] Unused `noqa` directive (unused: `HP401`)",
        "train.py:7:24: HP003 [*] Unused `noqa` directive (unknown: `HP999`)",
    ]
    assert done.returncode == 1


def test_the_safe_fix_removes_them_and_nothing_else(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": SOURCE})
    done = run_hplint(*ARGS, "--preview", "--fix", "train.py", cwd=tmp_path)
    assert (tmp_path / "train.py").read_text() == FIXED
    assert done.stdout == "Found 4 errors (4 fixed, 0 remaining).\n" and done.returncode == 0
    again = run_hplint(*ARGS, "--preview", "train.py", cwd=tmp_path)
    assert again.returncode == 0, again.stdout


def test_only_in_preview(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": SOURCE})
    assert run_hplint(*ARGS, "train.py", cwd=tmp_path).returncode == 0
    chosen = run_hplint(*ARGS, "--select", "HP003", "train.py", cwd=tmp_path)
    assert chosen.returncode == 0 and chosen.stdout == "All checks passed!\n"
    assert "Selection `HP003` has no effect because preview is not enabled." in chosen.stderr
    configured = run_hplint(*ARGS, "--config", "preview = true", "--select", "HP003", "train.py", cwd=tmp_path)
    assert configured.returncode == 1 and "HP003" in configured.stdout


def test_non_enabled_codes_and_files_without_scikit_learn(tmp_path: Path) -> None:
    write(tmp_path, {
        "pyproject.toml": '[tool.hplint]\npreview = true\nper-file-ignores = { "ignored.py" = ["HP401"] }\n',
        "ignored.py": "from sklearn.svm import SVC\nSVC(gama=0.1)  # noqa: HP401\n",
        "plain.py": "import os  # noqa: HP201\n",
    })  # fmt: skip
    done = run_hplint(*ARGS, "ignored.py", "plain.py", cwd=tmp_path)
    assert done.stdout.splitlines()[:2] == [
        "ignored.py:2:16: HP003 [*] Unused `noqa` directive (non-enabled: `HP401`)",
        "plain.py:1:12: HP003 [*] Unused `noqa` directive (unused: `HP201`)",
    ]
    assert run_hplint(*ARGS, "--ignore-noqa", "plain.py", cwd=tmp_path).returncode == 0
    kept = run_hplint(*ARGS, "plain.py", "--config", "ignore = ['HP003']", cwd=tmp_path)
    assert kept.returncode == 0


def test_its_own_directive_silences_it(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": "from sklearn.svm import SVC\nSVC()  # noqa: HP401, HP003\n"})
    assert run_hplint(*ARGS, "--preview", "train.py", cwd=tmp_path).returncode == 0


def test_a_notebook_cell_is_fixed_in_place(tmp_path: Path) -> None:
    cells = [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["from sklearn.svm import SVC\n", "SVC()  # noqa: HP401\n"]},
    ]  # fmt: skip
    book = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    write(tmp_path, {"nb.ipynb": json.dumps(book, indent=1) + "\n"})
    found = run_hplint(*ARGS, "--preview", "nb.ipynb", cwd=tmp_path)
    assert found.stdout.startswith("nb.ipynb:cell 1:2:8: HP003 [*] Unused `noqa` directive (unused: `HP401`)\n")
    run_hplint(*ARGS, "--preview", "--fix", "nb.ipynb", cwd=tmp_path)
    fixed = json.loads((tmp_path / "nb.ipynb").read_text())
    assert fixed["cells"][0]["source"] == ["from sklearn.svm import SVC\n", "SVC()\n"]
