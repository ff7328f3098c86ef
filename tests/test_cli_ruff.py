"""ruff's everyday `check` flags, run through the installed command: --show-files,
--show-settings, --ignore-noqa, --config KEY=VALUE, colour (on a pseudo-terminal too),
the `help:` line, and the warning when no file matched."""

from __future__ import annotations

import os
import pty
import select
import subprocess
from pathlib import Path

import pytest
from conftest import hplint_executable, run_hplint, write

TYPO = "from sklearn.svm import SVC\nmodel = SVC(gama=0.1)\n"
SUPPRESSED = "from sklearn.svm import SVC\nmodel = SVC(gama=0.1)  # noqa: HP401\n"
ESC = "\x1b["


def test_show_files_lists_what_would_be_linted_and_lints_nothing(tmp_path: Path) -> None:
    write(tmp_path, {"b.py": TYPO, "a/one.py": "", "nb.ipynb": "{}", "notes.txt": "", "skip/x.py": ""})
    done = run_hplint("check", "--show-files", "--extend-exclude", "skip", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [str(tmp_path / n) for n in ("a/one.py", "b.py", "nb.ipynb")]
    assert not (tmp_path / ".hplint_cache").exists()


def test_show_settings_names_the_file_the_settings_and_why_the_target(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": '[tool.hplint]\nignore = ["HP1"]\n', "train.py": TYPO})
    done = run_hplint("check", "--show-settings", "--config", "preview = true", "train.py", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == [f'Resolved settings for: "{tmp_path / "train.py"}"', f'Settings path: "{tmp_path / "pyproject.toml"}"']
    assert 'ignore = ["HP1"]' in lines and "preview = true" in lines and "ignore-noqa = false" in lines
    assert any(line.startswith('target-sklearn-version = "') and "  # " in line for line in lines)
    pinned = run_hplint("check", "--show-settings", "--target-sklearn-version", "1.3", "train.py", cwd=tmp_path)
    assert 'target-sklearn-version = "1.3"  # configured (target-sklearn-version)' in pinned.stdout.splitlines()


def test_ignore_noqa_reports_what_noqa_suppresses_and_is_cached_apart(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": SUPPRESSED})
    assert run_hplint("check", "train.py", cwd=tmp_path).returncode == 0
    loud = run_hplint("check", "--ignore-noqa", "--output-format", "concise", "train.py", cwd=tmp_path)
    assert loud.returncode == 1 and "train.py:2:13: HP401 `SVC` has no parameter `gama`" in loud.stdout
    assert run_hplint("check", "train.py", cwd=tmp_path).returncode == 0  # the cache kept them apart


def test_config_key_value_overrides_the_file_and_repeats(tmp_path: Path) -> None:
    write(tmp_path, {"hplint.toml": 'select = ["HP2"]\n', "train.py": TYPO + "model.coef_\n"})
    args = ("check", "-n", "--output-format", "concise")
    assert "HP401" not in run_hplint(*args, "train.py", cwd=tmp_path).stdout
    done = run_hplint(*args, "--config", 'select = ["HP4"]', "train.py", cwd=tmp_path)
    assert "HP401" in done.stdout and "HP201" not in done.stdout
    both = run_hplint(*args, "--config", "hplint.toml", "--config", 'extend-select = ["HP4"]', "--config", "ignore = ['HP201']", "train.py", cwd=tmp_path)
    assert "HP401" in both.stdout and "HP201" not in both.stdout
    flag = run_hplint(*args, "--config", 'select = ["HP4"]', "--select", "HP2", "train.py", cwd=tmp_path)
    assert "HP401" not in flag.stdout and "HP201" in flag.stdout  # the flag wins, as in ruff


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("select = [", "invalid value `select = [` for --config"),
        ("selekt = ['HP4']", "--config: `selekt`: unknown setting"),
        ("select = ['XX1']", "invalid rule code or prefix `XX1`"),
        ("missing.toml", "missing.toml: configuration file not found"),
    ],
)
def test_config_values_that_are_neither_are_errors(tmp_path: Path, value: str, message: str) -> None:
    write(tmp_path, {"train.py": TYPO})
    done = run_hplint("check", "--config", value, "train.py", cwd=tmp_path)
    assert done.returncode == 2 and message in done.stderr and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1


def test_help_line_under_a_fix_or_a_did_you_mean(tmp_path: Path) -> None:
    write(tmp_path, {
        "train.py": TYPO,
        "attr.py": "from sklearn.linear_model import LinearRegression\nm = LinearRegression().fit([[1]], [1])\nm.coeff_\n",
    })  # fmt: skip
    done = run_hplint("check", "-n", "train.py", "attr.py", cwd=tmp_path)
    assert "train.py:2:13: HP401 `SVC` has no parameter `gama`\n" in done.stdout
    assert "  |\n  = help: Rename `gama` to `gamma`\n" in done.stdout
    assert "attr.py:3:3: HP203 `LinearRegression` has no learned attribute `coeff_`\n" in done.stdout
    assert "  = help: Did you mean `coef_`?\n" in done.stdout
    concise = run_hplint("check", "-n", "--output-format", "concise", "train.py", cwd=tmp_path)
    assert "did you mean `gamma`?" in concise.stdout and "help" not in concise.stdout  # one line each


def test_no_python_files_found(tmp_path: Path) -> None:
    write(tmp_path, {"docs/notes.md": "# notes\n"})
    done = run_hplint("check", "docs", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr == "hplint: warning: No Python files found under the given path(s)\n"
    assert done.stdout == "All checks passed!\n"


# ------------------------------------------------------------------------------ colour


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        (["--color", "always"], {}, True),
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
        ([], {}, False),  # a pipe
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (["--output-format", "concise", "--color", "always"], {}, True),
        (["--output-format", "json", "--color", "always"], {}, False),
    ],
)
def test_colour_on_a_pipe(tmp_path: Path, args: list[str], env: dict[str, str], coloured: bool) -> None:
    write(tmp_path, {"train.py": TYPO})
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    done = subprocess.run(
        [hplint_executable(), "check", "-n", *args, "train.py"],
        cwd=tmp_path, capture_output=True, text=True, env={**base, **env}, timeout=120,
    )  # fmt: skip
    assert (ESC in done.stdout) is coloured
    if coloured:
        assert f"{ESC}1;31mHP401{ESC}0m" in done.stdout  # the code in bold red, as ruff


def _on_a_terminal(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """hplint's output when its stdout is a pseudo-terminal."""
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [hplint_executable(), "check", "-n", *args],
        cwd=tmp_path, stdout=follower, stderr=subprocess.DEVNULL, env={**base, "TERM": "xterm", **(env or {})},
    )  # fmt: skip
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end closed (Linux)
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode()


def test_colour_on_a_terminal(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": TYPO})
    shown = _on_a_terminal(tmp_path, "train.py")
    assert f"{ESC}1;31mHP401{ESC}0m" in shown and f"{ESC}1mtrain.py{ESC}0m" in shown
    assert ESC not in _on_a_terminal(tmp_path, "train.py", env={"NO_COLOR": "1"})
    assert ESC not in _on_a_terminal(tmp_path, "--color", "never", "train.py")
    out = tmp_path / "out.txt"
    _on_a_terminal(tmp_path, "--output-file", str(out), "train.py")
    assert "HP401" in out.read_text() and ESC not in out.read_text()  # a file is no terminal
