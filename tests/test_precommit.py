"""The pre-commit hook, end to end with the real ``pre-commit`` tool.

The checkout (with its uncommitted work) is copied into a temporary git repository and
committed there; a second repository points its ``.pre-commit-config.yaml`` at that commit.
pre-commit then builds its own virtualenv and pip-installs hplint from the copy, which needs
hplint's dependencies from the package index: the test is skipped only when no index is
reachable.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

BAD = "from sklearn.svm import SVC\n\nmodel = SVC(gama=0.1)\n"
GOOD = "from sklearn.svm import SVC\n\nmodel = SVC(gamma=0.1)\n"
COPY_IGNORES = shutil.ignore_patterns(
    ".git", ".venv", "venv", "__pycache__", "*.pyc", ".mypy_cache", ".pytest_cache",
    ".hplint_cache", ".ruff_cache", "build", "dist", "*.egg-info",
)  # fmt: skip


def _pre_commit() -> str:
    candidate = Path(sys.executable).with_name("pre-commit")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("pre-commit")
    if found is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    return found


def _index_reachable() -> bool:
    url_host = "pypi.org"
    try:
        with socket.create_connection((url_host, 443), timeout=5):
            return True
    except OSError:
        return False


def _git(*args: str, cwd: Path) -> str:
    identity = ["-c", "user.name=hplint tests", "-c", "user.email=tests@hplint.invalid"]
    done = subprocess.run(
        ["git", *identity, *args], cwd=cwd, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


@pytest.mark.slow
def test_pre_commit_hook_fails_on_a_finding_and_passes_when_fixed(tmp_path: Path) -> None:
    pre_commit = _pre_commit()
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not _index_reachable():
        pytest.skip("no package index reachable: pre-commit cannot install hplint's dependencies")

    hook_repo = tmp_path / "hplint"
    shutil.copytree(ROOT, hook_repo, ignore=COPY_IGNORES, symlinks=True)
    _git("init", "-q", "-b", "main", cwd=hook_repo)
    _git("add", "-A", cwd=hook_repo)
    _git("commit", "-q", "-m", "snapshot of the checkout under test", cwd=hook_repo)
    revision = _git("rev-parse", "HEAD", cwd=hook_repo)

    project = tmp_path / "project"
    project.mkdir()
    (project / "train.py").write_text(BAD, encoding="utf-8")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo.as_posix()}\n    rev: {revision}\n    hooks:\n      - id: hplint\n        args: [--select, HP4]\n",
        encoding="utf-8",
    )
    _git("init", "-q", "-b", "main", cwd=project)
    _git("add", "-A", cwd=project)

    env = {k: v for k, v in os.environ.items() if not k.startswith(("HPLINT_", "PRE_COMMIT"))}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "run", "--all-files", "--color", "never"],
            cwd=project, env=env, capture_output=True, text=True, timeout=900,
        )  # fmt: skip

    failing = run()
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "hplint" in failing.stdout and "Failed" in failing.stdout
    assert "train.py:3:13: HP401 `SVC` has no parameter `gama`\n" in failing.stdout
    assert "= help: Rename `gama` to `gamma`\n" in failing.stdout

    (project / "train.py").write_text(GOOD, encoding="utf-8")
    _git("add", "-A", cwd=project)
    passing = run()
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout
