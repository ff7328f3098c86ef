"""Configuration per file (ruff's model): each file is linted with the configuration file
nearest above it; `extend` inherits another file; run through the installed command."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_hplint, write

from hplint.config import ConfigError, Resolver, Settings, resolve_settings

# One finding of each of two families: HP401 (validity) and HP201 (fit state).
BOTH = "from sklearn.svm import SVC\nmodel = SVC(gama=0.1)\nmodel.support_\n"
ARGS = ("check", "--output-format", "concise", "-q")


def codes(stdout: str) -> set[tuple[str, str]]:
    """(file, code) of each finding in concise output."""
    found = set()
    for line in stdout.splitlines():
        where, _, rest = line.partition(": ")
        found.add((where.split(":")[0], rest.split()[0]))
    return found


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path, {
        "proj/pyproject.toml": '[project]\nname = "p"\n\n[tool.hplint]\nselect = ["HP4"]\n',
        "proj/train.py": BOTH,
        "proj/sub/hplint.toml": 'select = ["HP2"]\n',
        "proj/sub/fit.py": BOTH,
        "proj/sub/deeper/more.py": BOTH,
        "proj/other/plain.py": BOTH,
    })  # fmt: skip
    return tmp_path


def test_each_file_gets_the_nearest_configuration(project: Path) -> None:
    done = run_hplint(*ARGS, "proj", cwd=project)  # from outside the project
    assert codes(done.stdout) == {
        ("proj/train.py", "HP401"),
        ("proj/other/plain.py", "HP401"),
        ("proj/sub/fit.py", "HP201"),
        ("proj/sub/deeper/more.py", "HP201"),
    }, done.stdout + done.stderr
    # From inside `sub`, whose configuration is the working directory's, a file above it
    # still gets its own (proj's).
    named = run_hplint(*ARGS, "../train.py", cwd=project / "proj" / "sub")
    assert codes(named.stdout) == {("../train.py", "HP401")}


def test_flags_apply_over_every_file_and_config_path_applies_to_all(project: Path) -> None:
    done = run_hplint(*ARGS, "--ignore", "HP401", "proj", cwd=project)
    assert codes(done.stdout) == {("proj/sub/fit.py", "HP201"), ("proj/sub/deeper/more.py", "HP201")}
    override = run_hplint(*ARGS, "--config", "extend-select = ['HP4']", "proj/sub", cwd=project)
    assert ("proj/sub/fit.py", "HP401") in codes(override.stdout)
    single = run_hplint(*ARGS, "--config", "proj/sub/hplint.toml", "proj", cwd=project)
    assert {code for _, code in codes(single.stdout)} == {"HP201"}
    isolated = run_hplint(*ARGS, "--isolated", "proj", cwd=project)
    assert {code for _, code in codes(isolated.stdout)} == {"HP201", "HP401"}


def test_extend_inherits_and_the_nearer_file_wins(project: Path) -> None:
    write(project, {
        "proj/pyproject.toml": '[tool.hplint]\nselect = ["HP2", "HP4"]\nignore = ["HP401"]\n',
        "proj/sub/hplint.toml": 'extend = "../pyproject.toml"\nextend-select = ["HP1"]\n',
    })  # fmt: skip
    done = run_hplint(*ARGS, "proj/sub/fit.py", cwd=project)
    assert codes(done.stdout) == {("proj/sub/fit.py", "HP201")}  # HP401 ignored by the parent
    shown = run_hplint("check", "--show-settings", "proj/sub/fit.py", cwd=project)
    assert 'select = ["HP2", "HP4"]' in shown.stdout and 'extend-select = ["HP1"]' in shown.stdout
    assert f'Settings path: "{project / "proj/sub/hplint.toml"}"' in shown.stdout


@pytest.mark.parametrize(
    ("extend", "message"),
    [
        ('"missing.toml"', "`extend`: "),
        ('"hplint.toml"', "extends this file again (a cycle)"),
        ("3", "`extend`: expected the path of a configuration file, got an integer (3)"),
    ],
)
def test_a_bad_extend_is_an_error_naming_the_file(project: Path, extend: str, message: str) -> None:
    write(project, {"proj/sub/hplint.toml": f"extend = {extend}\n"})
    done = run_hplint(*ARGS, "proj", cwd=project)
    assert done.returncode == 2
    assert done.stderr.startswith(f"hplint: error: {project / 'proj/sub/hplint.toml'}: ") and message in done.stderr


def test_a_cycle_through_two_files(tmp_path: Path) -> None:
    write(tmp_path, {"a/hplint.toml": 'extend = "../b/hplint.toml"\n', "b/hplint.toml": 'extend = "../a/hplint.toml"\n'})
    with pytest.raises(ConfigError, match="a cycle"):
        resolve_settings(None, False, tmp_path / "a")


def test_a_nested_configuration_excludes_its_files(project: Path) -> None:
    write(project, {"proj/sub/hplint.toml": 'select = ["HP2"]\nextend-exclude = ["generated.py"]\n', "proj/sub/generated.py": BOTH})
    walked = run_hplint(*ARGS, "proj", cwd=project)
    assert "generated.py" not in walked.stdout and "proj/sub/fit.py" in walked.stdout
    named = run_hplint(*ARGS, "proj/sub/generated.py", cwd=project)
    assert "proj/sub/generated.py" in named.stdout  # named on the command line: linted


def test_the_cache_follows_each_files_settings(project: Path) -> None:
    cached = ("check", "--output-format", "concise", "-q", "proj")
    first = run_hplint(*cached, cwd=project)
    assert ("proj/sub/fit.py", "HP201") in codes(first.stdout)
    write(project, {"proj/sub/hplint.toml": 'select = ["HP4"]\n'})
    second = run_hplint(*cached, cwd=project)
    assert ("proj/sub/fit.py", "HP401") in codes(second.stdout) and ("proj/sub/fit.py", "HP201") not in codes(second.stdout)
    assert len([p for p in (project / ".hplint_cache").iterdir() if p.is_dir()]) == 3


def test_resolver_reads_each_configuration_once(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hplint.config

    loads: list[Path] = []
    real = hplint.config.load_settings

    def counting(path: Path, extending: tuple[Path, ...] = ()) -> Settings:
        loads.append(path)
        return real(path, extending)

    monkeypatch.setattr(hplint.config, "load_settings", counting)
    resolver = Resolver(Settings(), lambda s: s, hierarchical=True)
    for name in ("sub/fit.py", "sub/deeper/more.py", "sub/fit.py", "train.py"):
        resolver.for_path(project / "proj" / name)
    assert loads == [project / "proj/sub/hplint.toml", project / "proj/pyproject.toml"]
    assert Resolver(Settings(select=("HP1",)), lambda s: s, hierarchical=False).for_path(project / "proj/sub/fit.py").select == ("HP1",)


def test_the_language_server_reads_the_nearest_configuration_with_extend(project: Path) -> None:
    server = pytest.importorskip("hplint.server")
    write(project, {"proj/sub/hplint.toml": 'extend = "../pyproject.toml"\nextend-select = ["HP2"]\n'})
    lsp = server.HplintServer()
    settings = lsp.settings_for(project / "proj" / "sub" / "fit.py")
    assert settings.select == ("HP4",) and settings.extend_select == ("HP2",)
    assert lsp.settings_for(project / "proj" / "train.py").extend_select == ()


def test_files_of_every_configuration_share_one_pool_of_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Per-file settings must not cost the parallel run: three packages of 15 files, each
    with its own configuration, are linted by one pool (each group alone is under the
    threshold for starting workers)."""
    from click.testing import CliRunner

    from hplint import cli, runner

    files: dict[str, str] = {}
    for package, code in (("a", "HP401"), ("b", "HP402"), ("c", "HP4")):
        files[f"{package}/pyproject.toml"] = f'[tool.hplint]\nselect = ["{code}"]\n'
        for index in range(15):
            files[f"{package}/m{index}.py"] = "from sklearn.svm import SVC\nSVC(gama=1, kernel='rbff')\n"
    write(tmp_path, files)
    pools: list[int] = []
    real = runner._in_workers

    def counting(jobs: list[runner.Job], workers: int) -> list[object]:
        pools.append(len(jobs))
        return real(jobs, workers)  # type: ignore[return-value]

    monkeypatch.setattr(runner, "_in_workers", counting)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli.main, ["check", "-q", "--no-cache", "--jobs", "2", "--output-format", "concise", "."])
    assert pools == [45], result.output
    found = codes(result.output)
    assert {c for _, c in found} == {"HP401", "HP402"}
    assert ("a/m0.py", "HP402") not in found and ("b/m0.py", "HP401") not in found
    assert ("c/m0.py", "HP401") in found and ("c/m0.py", "HP402") in found
