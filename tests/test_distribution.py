"""What a user installs hplint from: the LICENSE, the changelog, the `vX.Y.Z` tags that
pre-commit's `rev:` and the GitHub Action name, and the Action's script, run locally with
the environment variables a runner sets."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import ROOT, write

from hplint import __version__

TAG = f"v{__version__}"
ACTION = ROOT / "scripts" / "github-action.sh"


def test_license_is_the_mit_license_the_metadata_names() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert 'license = "MIT"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_changelog_has_the_current_version_and_its_tag() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\]", text, re.M)
    assert headings[0] == "Unreleased" and __version__ in headings
    for heading in headings:  # every heading has its link, and a release's names its tag
        link = re.search(rf"^\[{re.escape(heading)}\]: (\S+)$", text, re.M)
        assert link is not None, heading
        assert heading == "Unreleased" or link.group(1).endswith(f"/v{heading}")


def test_snippets_name_the_current_tag() -> None:
    """pre-commit's `rev:` and the Action's `uses:` in the README, the hook file's comment
    and the action's own comment all name the tag of the current version."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    revs = re.findall(r"^\s*rev: (\S+)$", readme, re.M)
    uses = re.findall(r"uses: hplint/hplint@(\S+)", readme)
    assert revs and set(revs) == {TAG}
    assert uses and set(uses) == {TAG}
    assert f"rev: {TAG}" in (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert f"uses: hplint/hplint@{TAG}" in (ROOT / "action.yml").read_text(encoding="utf-8")


def test_action_runs_the_script_with_its_inputs() -> None:
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    assert "using: composite" in text
    assert '"$GITHUB_ACTION_PATH/scripts/github-action.sh"' in text
    assert "INPUT_ARGS: ${{ inputs.args }}" in text and "INPUT_VERSION: ${{ inputs.version }}" in text
    assert os.access(ACTION, os.X_OK)


def _stub_python(tmp_path: Path) -> Path:
    """An interpreter stand-in that records its arguments: what the script installs and
    runs, without installing anything."""
    stub = tmp_path / "python"
    stub.write_text(f'#!/bin/sh\necho "$*" >> "{tmp_path / "calls"}"\n', encoding="utf-8")
    stub.chmod(0o755)
    return stub


def _run_action(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("INPUT_", "GITHUB_", "HPLINT_"))}
    return subprocess.run(["bash", str(ACTION)], cwd=cwd, env={**base, **env}, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(
    ("inputs", "installed", "ran"),
    [
        ({}, str(ROOT), "-m hplint check --output-format github ."),
        ({"INPUT_ARGS": "--select HP4  src *.py"}, str(ROOT), "-m hplint check --output-format github --select HP4 src *.py"),
        ({"INPUT_VERSION": "0.2.0"}, "git+https://github.com/hplint/hplint@v0.2.0", "-m hplint check --output-format github ."),
        (
            {"INPUT_VERSION": "v1.0.3", "GITHUB_SERVER_URL": "https://ghe.example", "GITHUB_ACTION_REPOSITORY": "me/hplint"},
            "git+https://ghe.example/me/hplint@v1.0.3",
            "-m hplint check --output-format github .",
        ),
    ],
)
def test_action_script_installs_the_right_source_and_passes_the_arguments(
    tmp_path: Path, inputs: dict[str, str], installed: str, ran: str
) -> None:
    env = {"GITHUB_ACTION_PATH": str(ROOT), "HPLINT_ACTION_PYTHON": str(_stub_python(tmp_path)), **inputs}
    done = _run_action(env, tmp_path)
    assert done.returncode == 0, done.stderr
    calls = (tmp_path / "calls").read_text(encoding="utf-8").splitlines()
    assert calls == [f"-m pip install --quiet --disable-pip-version-check {installed}", ran]


def test_action_script_refuses_a_version_that_is_not_a_release(tmp_path: Path) -> None:
    env = {"GITHUB_ACTION_PATH": str(ROOT), "HPLINT_ACTION_PYTHON": str(_stub_python(tmp_path)), "INPUT_VERSION": "main; rm -rf /"}
    done = _run_action(env, tmp_path)
    assert done.returncode == 2 and "version must look like 0.1.0" in done.stderr
    assert not (tmp_path / "calls").exists()


@pytest.mark.slow
def test_action_script_installs_hplint_and_annotates_findings(tmp_path: Path) -> None:
    """The real thing: a fresh virtualenv, hplint installed from this checkout as the
    runner's action path, findings printed as GitHub annotations, hplint's exit status."""
    environment = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(environment)
    python = environment / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    project = tmp_path / "project"
    write(project, {"train.py": "from sklearn.svm import SVC\nSVC(gama=0.1)\n", "clean.py": "x = 1\n"})
    env = {"GITHUB_ACTION_PATH": str(ROOT), "HPLINT_ACTION_PYTHON": str(python), "INPUT_ARGS": "--no-cache train.py clean.py"}
    done = _run_action(env, project)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("::error title=hplint (HP401),file=train.py,line=2,col=5,"), done.stdout
    env["INPUT_ARGS"] = "--no-cache clean.py"
    assert _run_action(env, project).returncode == 0
