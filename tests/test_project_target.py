"""The target release read from the project's own requirements when none is configured
(as ruff reads `requires-python`): pyproject.toml's dependencies and optional
dependencies, then requirements*.txt; then the installed release; then the newest."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_hplint, write

from hplint.catalog import target
from hplint.project import _parsed, infer, lowest_release

ENCODER = "from sklearn.preprocessing import OneHotEncoder\nOneHotEncoder(sparse=False)\n"
PINNED = '[project]\nname = "p"\ndependencies = ["numpy>=1.22", "scikit-learn>=1.2,<1.3"]\n'


@pytest.mark.parametrize(
    ("requirement", "lowest"),
    [
        ("scikit-learn>=1.2,<1.3", "1.2"),
        ("scikit_learn[alldeps] (>=1.4.2) ; python_version > '3.8'", "1.4"),
        ("Scikit.Learn ~= 1.3.1", "1.3"),
        ("scikit-learn==1.5.*", "1.5"),
        ("scikit-learn!=1.2.*,>=1.2", "1.3"),
        ("scikit-learn>1.2", "1.2"),  # 1.2.1 is above 1.2
        ("scikit-learn>=1.3.0rc1", "1.3"),
        ("scikit-learn<1.5", "0.0"),  # the oldest there is: the catalog's oldest is used
        ("scikit-learn", None),  # any release: says nothing
        ("scikit-learn @ https://example.com/sklearn.whl", None),
        ("scikit-learn>=1.3,<1.3", None),  # allows nothing
        ("scikit-learn>=1.2 or so", None),  # not understood: says nothing
        ("scikit-learn-extra>=0.3", None),  # another project
    ],
)
def test_lowest_release_a_requirement_allows(requirement: str, lowest: str | None) -> None:
    found = lowest_release(list(_parsed(requirement, "here")))
    assert (found[0] if found else None) == lowest


def test_dependencies_then_optional_dependencies_then_requirements(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": '[project]\nname = "p"\n[project.optional-dependencies]\nml = ["scikit-learn>=1.4"]\n', "requirements.txt": "scikit-learn==1.6.1\n"})
    assert infer(tmp_path) == ("1.4", "the lowest release `scikit-learn>=1.4` allows (pyproject.toml's optional dependencies `ml`)")
    write(tmp_path, {"pyproject.toml": '[project]\nname = "p"\ndependencies = ["pandas"]\n'})
    assert infer(tmp_path / "src") == ("1.6", "the lowest release `scikit-learn==1.6.1` allows (requirements.txt)")
    write(tmp_path, {"requirements.txt": "# pinned\n-r base.txt\nscikit-learn  # whatever\n", "requirements-dev.txt": "scikit-learn>=1.5  # dev\n"})
    assert infer(tmp_path) == ("1.5", "the lowest release `scikit-learn>=1.5` allows (requirements-dev.txt)")


def test_nothing_said_leaves_it_to_the_installed_release(tmp_path: Path) -> None:
    assert infer(tmp_path) is None
    write(tmp_path, {"pyproject.toml": "[project]\nname = 'p'\ndependencies = ['scikit-learn']\n"})
    assert infer(tmp_path) is None
    write(tmp_path, {"pyproject.toml": "[project\nscikit-learn>=1.2\n"})  # broken TOML: not ours to report
    assert infer(tmp_path) is None


def test_a_release_outside_the_catalog_is_taken_to_the_nearest_catalogued_one() -> None:
    assert target.effective("0.0") == "1.2"
    assert target.effective("2.3") == target.effective(None) or target.effective("2.3") == "1.9"


def test_a_pinned_project_is_checked_against_its_own_release(tmp_path: Path) -> None:
    """scikit-learn 1.9.1 is installed (the test extra pins it); the project asks for
    1.2: `sparse` is deprecated there (renamed), not removed as in 1.9."""
    write(tmp_path, {"proj/pyproject.toml": PINNED, "proj/enc.py": ENCODER})
    done = run_hplint("check", "-n", "--output-format", "concise", "proj/enc.py", cwd=tmp_path)
    assert "HP403 [*] `sparse` of `OneHotEncoder` was renamed `sparse_output` in 1.2 and is removed in 1.4" in done.stdout
    shown = run_hplint("check", "--show-settings", "proj/enc.py", cwd=tmp_path)
    assert (
        'target-sklearn-version = "1.2"  # from the project: the lowest release '
        "`scikit-learn>=1.2,<1.3` allows (pyproject.toml's [project] dependencies)"
    ) in shown.stdout.splitlines()
    newest = run_hplint("check", "-n", "--output-format", "concise", "enc.py", cwd=tmp_path / "proj", env={})
    assert "in 1.2" in newest.stdout  # from inside the project too


def test_configured_and_flag_targets_win(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": PINNED + '\n[tool.hplint]\ntarget-sklearn-version = "1.9"\n', "enc.py": ENCODER})
    shown = run_hplint("check", "--show-settings", "enc.py", cwd=tmp_path)
    assert 'target-sklearn-version = "1.9"  # configured (target-sklearn-version)' in shown.stdout
    write(tmp_path, {"pyproject.toml": PINNED})
    flag = run_hplint("check", "--show-settings", "--target-sklearn-version", "1.5", "enc.py", cwd=tmp_path)
    assert 'target-sklearn-version = "1.5"  # configured (target-sklearn-version)' in flag.stdout
    isolated = run_hplint("check", "--show-settings", "--isolated", "enc.py", cwd=tmp_path)
    assert "# the installed scikit-learn 1.9" in isolated.stdout


def test_out_of_range_requirement_in_show_settings(tmp_path: Path) -> None:
    write(tmp_path, {"requirements.txt": "scikit-learn>=1.0,<1.2\n", "enc.py": ENCODER})
    shown = run_hplint("check", "--show-settings", "enc.py", cwd=tmp_path)
    line = next(line for line in shown.stdout.splitlines() if line.startswith("target-sklearn-version"))
    assert line.startswith('target-sklearn-version = "1.2"  # from the project: the lowest release `scikit-learn>=1.0,<1.2` allows')
    assert line.endswith("scikit-learn 1.0 is not catalogued: the nearest catalogued release")
