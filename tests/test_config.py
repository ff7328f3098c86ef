"""Configuration files: where they are found, what they say, and what a bad one gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_hplint
from hplint.config import ConfigError, Settings, find_config, resolve_settings

SOURCE = "from sklearn.svm import SVC\nSVC(gama=1, C=-1)\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def codes(cwd: Path, *args: str) -> list[str]:
    result = run_hplint("check", "--output-format", "concise", "-q", *args, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    found = [line.split(": ", 1)[0] + " " + line.split(": ", 1)[1].split()[0] for line in result.stdout.splitlines()]
    # Only the validity rules: the other families have findings of their own in SOURCE.
    return [item for item in found if " HP4" in item]


def test_pyproject_found_by_walking_up(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.hplint]\nselect = ["HP402"]\n')
    write(tmp_path / "pkg" / "train.py", SOURCE)
    assert codes(tmp_path / "pkg") == ["train.py:2:15 HP402"]


def test_pyproject_without_hplint_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.hplint]\nselect = ["HP402"]\n')
    write(tmp_path / "pkg" / "pyproject.toml", "[project]\nname = 'x'\n")
    assert find_config(tmp_path / "pkg") == tmp_path / "pyproject.toml"


def test_hplint_toml_wins_over_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.hplint]\nselect = ["HP402"]\n')
    write(tmp_path / ".hplint.toml", 'select = ["HP401"]\n')
    write(tmp_path / "train.py", SOURCE)
    assert codes(tmp_path) == ["train.py:2:5 HP401"]


def test_config_option_and_isolated(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.hplint]\nselect = ["HP402"]\n')
    write(tmp_path / "other" / "hplint.toml", 'ignore = ["HP402"]\n')
    write(tmp_path / "train.py", SOURCE)
    assert codes(tmp_path, "--config", "other/hplint.toml") == ["train.py:2:5 HP401"]
    assert codes(tmp_path, "--isolated") == ["train.py:2:5 HP401", "train.py:2:15 HP402"]


def test_cli_flags_override_the_file(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.hplint]\nselect = ["HP402"]\n')
    write(tmp_path / "train.py", SOURCE)
    assert codes(tmp_path, "--select", "HP401") == ["train.py:2:5 HP401"]
    assert codes(tmp_path, "--extend-select", "HP401") == ["train.py:2:5 HP401", "train.py:2:15 HP402"]
    assert codes(tmp_path, "--ignore", "HP402") == []


def test_extend_select_and_per_file_ignores(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[tool.hplint]\nselect = ["HP402"]\nextend-select = ["HP401"]\n'
        '[tool.hplint.per-file-ignores]\n"tests/*" = ["HP401"]\n"legacy.py" = ["HP4"]\n',
    )
    write(tmp_path / "train.py", SOURCE)
    write(tmp_path / "tests" / "test_x.py", SOURCE)
    write(tmp_path / "legacy.py", SOURCE)
    assert codes(tmp_path) == ["tests/test_x.py:2:15 HP402", "train.py:2:5 HP401", "train.py:2:15 HP402"]


def test_exclude_extend_exclude_include_and_gitignore(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".gitignore", "ignored.py\n")
    for name in ("train.py", "ignored.py", "gen/a.py", "build/b.py", "script.hpl"):
        write(tmp_path / name, SOURCE)
    def files(*args: str) -> list[str]:
        return sorted({c.split(":")[0] for c in codes(tmp_path, "--select", "HP401", *args)})

    assert files() == ["gen/a.py", "train.py"]
    write(tmp_path / "hplint.toml", 'extend-exclude = ["gen"]\nexclude = []\ninclude = ["*.py", "*.hpl"]\nrespect-gitignore = false\n')
    assert files() == ["build/b.py", "ignored.py", "script.hpl", "train.py"]
    assert files("--respect-gitignore") == ["build/b.py", "script.hpl", "train.py"]
    # --exclude replaces the file's exclude; its extend-exclude (gen) still applies.
    assert files("--exclude", "build,*.hpl") == ["ignored.py", "train.py"]


def test_force_exclude_applies_to_files_named_explicitly(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.hplint]\nextend-exclude = ["gen/"]\n')
    write(tmp_path / "gen" / "deep" / "a.py", SOURCE)
    assert codes(tmp_path, "--select", "HP401", "gen/deep/a.py") == ["gen/deep/a.py:2:5 HP401"]
    assert codes(tmp_path, "--select", "HP401", "--force-exclude", "gen/deep/a.py") == []
    write(tmp_path / "pyproject.toml", '[tool.hplint]\nextend-exclude = ["gen/"]\nforce-exclude = true\n')
    assert codes(tmp_path, "--select", "HP401", "gen/deep/a.py") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('selekt = ["HP4"]', "`tool.hplint.selekt`: unknown setting; expected one of"),
        ('select = "HP4"', "`tool.hplint.select`: expected a list of strings, got a string ('HP4')"),
        ('select = ["XY1"]', "invalid rule code or prefix `XY1` in `tool.hplint.select`"),
        ("respect-gitignore = 1", "`tool.hplint.respect-gitignore`: expected true or false, got an integer (1)"),
        ('per-file-ignores = ["x"]', "`tool.hplint.per-file-ignores`: expected a table of glob = [codes]"),
        ('[tool.hplint.per-file-ignores]\n"a.py" = "HP4"', '`tool.hplint.per-file-ignores."a.py"`: expected a list of rule codes'),
        ('[tool.hplint.per-file-ignores]\n"a.py" = ["NOPE"]', "invalid rule code or prefix `NOPE`"),
        ("[tool.hplint.hp401]\nmax = 3", "`tool.hplint.hp401.max`: unknown option; HP401 has no options"),
        ("[tool.hplint.hp999]", "`tool.hplint.hp999`: unknown setting"),
        ('hp401 = "x"', "`tool.hplint.hp401`: expected a table of options for HP401"),
        ("select = [", "invalid TOML"),
    ],
)
def test_bad_config_exits_two_naming_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    body = text if text.startswith("[tool") else f"[tool.hplint]\n{text}\n"
    write(tmp_path / "pyproject.toml", body + "\n")
    write(tmp_path / "train.py", SOURCE)
    result = run_hplint("check", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"hplint: error: {tmp_path / 'pyproject.toml'}: ")
    assert message in line
    assert "Traceback" not in result.stderr


def test_rule_options_table_may_be_empty(tmp_path: Path) -> None:
    write(tmp_path / "hplint.toml", "[HP401]\n")
    assert resolve_settings(None, False, tmp_path).source == tmp_path / "hplint.toml"


def test_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="configuration file not found"):
        resolve_settings(tmp_path / "nope.toml", False)


def test_settings_keep_their_keyword_constructor() -> None:
    settings = Settings(select=("HP4",), ignore=("HP402",))
    assert settings.enabled("HP401") and not settings.enabled("HP402")
    assert Settings(extend_select=("HP401",), select=()).enabled("HP401")


@pytest.mark.parametrize("name", ["pyproject.toml", "hplint.toml", ".hplint.toml"])
def test_a_settings_file_that_is_not_utf8_is_an_error_naming_it(tmp_path: Path, name: str) -> None:
    """One byte that is not UTF-8 made a pyproject.toml's `[tool.hplint]` vanish without a word."""
    table = "[tool.hplint]\n" if name == "pyproject.toml" else ""
    (tmp_path / name).write_bytes(table.encode() + b'select = ["HP4"]\n# caf\xe9\n')
    (tmp_path / "train.py").write_text(SOURCE)
    done = run_hplint("check", "-n", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == f"hplint: error: {tmp_path / name}: not UTF-8 text: invalid continuation byte on line {3 if table else 2}\n"
    assert done.stdout == ""


def test_a_pyproject_that_is_not_utf8_and_not_hplints_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b'[project]\nname = "caf\xe9"\n')
    (tmp_path / "train.py").write_text(SOURCE)
    assert run_hplint("check", "-n", cwd=tmp_path).returncode == 1


def test_a_settings_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b'\xef\xbb\xbf[tool.hplint]\nignore = ["HP402"]\n')
    (tmp_path / "train.py").write_text(SOURCE)
    done = run_hplint("check", "-n", "--select", "HP4", "--output-format", "concise", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "HP401" in done.stdout and "HP402" not in done.stdout
