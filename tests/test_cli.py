"""End to end: the installed `hplint` command, run in a subprocess as a user runs it."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from hplint.rules import RULES

from conftest import run_hplint, write

BAD = "from sklearn.svm import SVC\n\nmodel = SVC(gama=0.1)\n"
GOOD = "from sklearn.svm import SVC\n\nmodel = SVC(random_state=0)\n"


def test_clean_project_exits_zero(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": GOOD})
    result = run_hplint("check", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == "All checks passed!\n"
    assert result.stderr == ""


def test_full_output_shows_source_and_caret(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": BAD})
    result = run_hplint("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        "train.py:3:13: HP401 `SVC` has no parameter `gama`\n"
        "  |\n"
        "2 |\n"
        "3 | model = SVC(gama=0.1)\n"
        "  |             ^^^^ HP401\n"
        "  |\n"
        "  = help: Rename `gama` to `gamma`\n"
        "\n"
        "Found 1 error.\n"
        "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option).\n"
    )


def test_concise_output(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": BAD, "pkg/more.py": BAD})
    result = run_hplint("check", "--output-format", "concise", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "pkg/more.py:3:13: HP401 `SVC` has no parameter `gama`; did you mean `gamma`?",
        "train.py:3:13: HP401 `SVC` has no parameter `gama`; did you mean `gamma`?",
        "Found 2 errors.",
        "No fixes available (2 hidden fixes can be enabled with the `--unsafe-fixes` option).",
    ]


def test_json_output_is_ruff_shaped_and_alone(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": BAD})
    result = run_hplint("check", "--output-format", "json", cwd=tmp_path)
    assert result.returncode == 1
    items = json.loads(result.stdout)
    assert items == [
        {
            "cell": None,
            "code": "HP401",
            "end_location": {"column": 17, "row": 3},
            "filename": str((tmp_path / "train.py").resolve()),
            "fix": {
                "applicability": "unsafe",
                "edits": [{"content": "gamma", "end_location": {"column": 17, "row": 3}, "location": {"column": 13, "row": 3}}],
                "message": "Rename `gama` to `gamma`",
            },
            "location": {"column": 13, "row": 3},
            "message": "`SVC` has no parameter `gama`; did you mean `gamma`?",
            "name": "unknown-constructor-argument",
            "noqa_row": 3,
            "url": None,
        }
    ]


def test_json_output_when_clean_is_an_empty_list(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": GOOD})
    result = run_hplint("check", "--output-format", "json", cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


def test_exit_zero_and_quiet(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": BAD})
    result = run_hplint("check", "--exit-zero", "--quiet", "--output-format", "concise", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "train.py:3:13: HP401 `SVC` has no parameter `gama`; did you mean `gamma`?"
    ]


SELECTION = "from sklearn.svm import SVC\nSVC(gama=0.1, C=-1)\n"


@pytest.mark.parametrize(
    ("args", "codes"),
    [
        ((), ["HP401", "HP402"]),
        (("--select", "HP401"), ["HP401"]),
        (("--select", "HP4"), ["HP401", "HP402"]),
        (("--select", "hp402"), ["HP402"]),
        (("--ignore", "HP401"), ["HP402"]),
        (("--select", "HP4", "--ignore", "HP402"), ["HP401"]),
        (("--select", "HP401,HP402"), ["HP401", "HP402"]),
        (("--select", "HP402", "--select", "HP401"), ["HP401", "HP402"]),
        (("--select", "ALL", "--ignore", "HP4"), []),
    ],
)
def test_select_and_ignore(tmp_path: Path, args: tuple[str, ...], codes: list[str]) -> None:
    write(tmp_path, {"train.py": SELECTION})
    result = run_hplint("check", "--output-format", "json", *args, cwd=tmp_path)
    assert [item["code"] for item in json.loads(result.stdout)] == codes
    assert result.returncode == (1 if codes else 0)


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_invalid_rule_code_is_a_usage_error(tmp_path: Path, option: str) -> None:
    write(tmp_path, {"train.py": GOOD})
    result = run_hplint("check", option, "XYZ1", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"hplint: error: invalid rule code or prefix `XYZ1` in {option}\n"


def test_unknown_option_and_format_exit_two(tmp_path: Path) -> None:
    assert run_hplint("check", "--no-such-option", cwd=tmp_path).returncode == 2
    assert run_hplint("check", "--output-format", "xml", cwd=tmp_path).returncode == 2


def test_missing_path_is_reported_and_others_still_linted(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": BAD})
    result = run_hplint("check", "--output-format", "concise", "missing.py", "train.py", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "hplint: error: missing.py: No such file or directory\n"
    assert result.stdout.startswith("train.py:3:13: HP401")


def test_syntax_error_is_reported_and_run_goes_on(tmp_path: Path) -> None:
    write(tmp_path, {"a_broken.py": "def f(:\n    pass\n", "b_train.py": BAD})
    result = run_hplint("check", "--output-format", "concise", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "a_broken.py:1:7: HP001 SyntaxError: invalid syntax",
        "b_train.py:3:13: HP401 `SVC` has no parameter `gama`; did you mean `gamma`?",
        "Found 2 errors.",
        "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option).",
    ]


def test_syntax_errors_show_even_when_not_selected(tmp_path: Path) -> None:
    write(tmp_path, {"broken.py": "x = (\n"})
    shown = run_hplint("check", "--select", "HP401", "--output-format", "concise", cwd=tmp_path)
    assert "HP001" in shown.stdout
    hidden = run_hplint("check", "--ignore", "HP001", cwd=tmp_path)
    assert hidden.returncode == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01\x02binary", "HP002 binary file (contains NUL bytes), not Python source"),
        (b"x = '\xff'\n", "HP002 cannot decode as utf-8: invalid byte 0xff at offset 5"),
        (b"# coding: klingon\nx = 1\n", "HP002 unknown encoding: klingon"),
    ],
)
def test_unreadable_files_get_one_line_and_the_run_goes_on(
    tmp_path: Path, content: bytes, message: str
) -> None:
    write(tmp_path, {"a_bad.py": content, "b_train.py": BAD})
    result = run_hplint("check", "--output-format", "concise", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"a_bad.py:1:1: {message}"
    assert lines[1].startswith("b_train.py:3:13: HP401")
    assert "Traceback" not in result.stderr


def test_latin1_with_cookie_is_linted(tmp_path: Path) -> None:
    source = "# -*- coding: latin-1 -*-\n# entraîné\nfrom sklearn.svm import SVC\nSVC(gama=1)\n"
    write(tmp_path, {"train.py": source.encode("latin-1")})
    result = run_hplint("check", "--output-format", "concise", cwd=tmp_path)
    assert result.stdout.splitlines()[0].startswith("train.py:4:5: HP401")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    write(tmp_path, {"secret.py": BAD})
    (tmp_path / "secret.py").chmod(0)
    result = run_hplint("check", "--output-format", "concise", cwd=tmp_path)
    assert "secret.py:1:1: HP002 Permission denied" in result.stdout


def test_discovery_skips_gitignored_and_default_excluded_directories(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(
        tmp_path,
        {
            ".gitignore": "generated/\n*_tmp.py\n",
            "src/train.py": BAD,
            "src/scratch_tmp.py": BAD,
            "src/.gitignore": "local.py\n",
            "src/local.py": BAD,
            "generated/model.py": BAD,
            ".venv/lib/site.py": BAD,
            "build/lib/train.py": BAD,
            "node_modules/x.py": BAD,
            "__pycache__/x.py": BAD,
            "notes.txt": "SVC(gama=1)",
        },
    )
    result = run_hplint("check", "--output-format", "concise", cwd=tmp_path)
    files = sorted({line.split(":")[0] for line in result.stdout.splitlines()[:-2]})
    assert files == ["src/train.py"]


def test_explicit_file_is_always_linted(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path, {".gitignore": "*.py\n", "train.py": BAD, "script": BAD})
    assert run_hplint("check", cwd=tmp_path).stdout == "All checks passed!\n"
    result = run_hplint("check", "--output-format", "concise", "train.py", "script", cwd=tmp_path)
    assert [line.split(":")[0] for line in result.stdout.splitlines()[:-2]] == ["train.py", "script"]


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    write(tmp_path, {"pkg/train.py": BAD})
    (tmp_path / "pkg" / "loop").symlink_to(tmp_path / "pkg", target_is_directory=True)
    result = run_hplint("check", "--output-format", "concise", cwd=tmp_path)
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 3  # the finding, the count, the fix hint


def test_nothing_is_written_to_the_linted_files(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": BAD, "pkg/model.py": BAD})

    def snapshot() -> dict[Path, bytes]:
        return {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}

    before = snapshot()
    run_hplint("check", cwd=tmp_path)
    after = snapshot()
    cache = tmp_path / ".hplint_cache"
    assert {p: b for p, b in after.items() if cache not in p.parents} == before
    run_hplint("check", "--no-cache", cwd=tmp_path)
    assert snapshot() == after


def test_second_run_is_answered_from_the_cache(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": BAD})
    first = run_hplint("check", cwd=tmp_path)
    entries = list((tmp_path / ".hplint_cache").rglob("*.json"))
    assert len(entries) == 1
    entries[0].write_text('[[["HP401", "from the cache", 3, 13, 3, 17, 3, null]], null]')
    second = run_hplint("check", "--output-format", "concise", cwd=tmp_path)
    assert second.stdout.splitlines()[0] == "train.py:3:13: HP401 from the cache"
    uncached = run_hplint("check", "--no-cache", cwd=tmp_path)
    assert uncached.stdout == first.stdout


def test_cache_dir_option_environment_and_clean(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": BAD})
    run_hplint("check", "--cache-dir", "elsewhere", cwd=tmp_path)
    assert (tmp_path / "elsewhere" / "CACHEDIR.TAG").is_file()
    assert not (tmp_path / ".hplint_cache").exists()
    run_hplint("check", cwd=tmp_path, env={"HPLINT_CACHE_DIR": str(tmp_path / "from-env")})
    assert (tmp_path / "from-env" / "CACHEDIR.TAG").is_file()
    cleaned = run_hplint("clean", "--cache-dir", "elsewhere", cwd=tmp_path)
    assert cleaned.returncode == 0
    assert not (tmp_path / "elsewhere").exists()
    assert run_hplint("clean", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize(
    ("how", "directory"),
    [(("--cache-dir", "src"), "src"), ((), "."), (("--cache-dir", ".pytest_cache"), ".pytest_cache")],
)
def test_clean_removes_only_hplints_own_cache(tmp_path: Path, how: tuple[str, ...], directory: str) -> None:
    """`HPLINT_CACHE_DIR=. hplint clean` emptied the working directory and `clean
    --cache-dir src` removed `src/`; another tool's tagged cache is not hplint's either."""
    write(tmp_path, {"train.py": BAD, "src/model.py": GOOD})
    write(tmp_path, {".pytest_cache/CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n"
                     "# This file is a cache directory tag created by pytest.\n"})  # fmt: skip
    env = {} if how else {"HPLINT_CACHE_DIR": "."}
    done = run_hplint("clean", *how, cwd=tmp_path, env=env)
    assert done.returncode == 2
    assert done.stderr == f"hplint: error: {directory} is not hplint's cache (no CACHEDIR.TAG written by hplint); not removed\n"
    assert (tmp_path / "train.py").is_file() and (tmp_path / "src" / "model.py").is_file()
    assert (tmp_path / ".pytest_cache" / "CACHEDIR.TAG").is_file()


def test_a_check_does_not_tag_a_directory_it_did_not_make(tmp_path: Path) -> None:
    """A cache setting naming the project: no `.gitignore` of `*` and no tag written into
    it (which would hide the project from git and let `clean` remove it); the run goes on."""
    write(tmp_path, {"train.py": BAD})
    done = run_hplint("check", "--output-format", "concise", cwd=tmp_path, env={"HPLINT_CACHE_DIR": "."})
    assert done.returncode == 1 and "HP401" in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["train.py"]
    assert run_hplint("clean", cwd=tmp_path, env={"HPLINT_CACHE_DIR": "."}).returncode == 2
    assert (tmp_path / "train.py").is_file()


def test_parallel_jobs_give_the_same_output(tmp_path: Path) -> None:
    write(tmp_path, {f"m{i:02}.py": (BAD if i % 2 else GOOD) for i in range(40)})
    one = run_hplint("check", "--no-cache", "--jobs", "1", "--output-format", "concise", cwd=tmp_path)
    two = run_hplint("check", "--no-cache", "--jobs", "2", "--output-format", "concise", cwd=tmp_path)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    assert len(one.stdout.splitlines()) == 22


def test_rule_prints_the_page(tmp_path: Path) -> None:
    result = run_hplint("rule", "HP401", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("# unknown-constructor-argument (HP401)\n")
    assert "## Use instead" in result.stdout


def test_rule_all_lists_every_rule(tmp_path: Path) -> None:
    result = run_hplint("rule", "--all", cwd=tmp_path)
    assert result.returncode == 0
    codes = [line.split()[0] for line in result.stdout.splitlines()]
    assert codes == [rule.code for rule in RULES]
    assert codes == sorted(codes)
    listed = json.loads(run_hplint("rule", "--all", "--output-format", "json", cwd=tmp_path).stdout)
    assert {
        "code": "HP401",
        "name": "unknown-constructor-argument",
        "summary": "An argument the estimator's constructor does not accept.",
        "preview": False,
    } in listed
    assert listed[codes.index("HP401")] == {
        "code": "HP401",
        "name": "unknown-constructor-argument",
        "summary": "An argument the estimator's constructor does not accept.",
        "preview": False,
    }


def test_rule_unknown_code(tmp_path: Path) -> None:
    result = run_hplint("rule", "HP999", cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown rule code `HP999`" in result.stderr


def test_version(tmp_path: Path) -> None:
    from hplint import __version__

    assert run_hplint("--version", cwd=tmp_path).stdout == f"hplint, version {__version__}\n"


# --------------------------------------------------------------------------- integrations


def test_noqa_comments_silence_findings(tmp_path: Path) -> None:
    source = (
        "# hplint: noqa: HP402\nfrom sklearn.svm import SVC\n"
        "SVC(gama=1, C=-1)  # noqa: HP401\nSVC(gama=1)  #NOQA\nSVC(gama=1)  # noqa: HP999\n"
    )
    write(tmp_path, {"train.py": source})
    result = run_hplint("check", "--select", "HP4", "--output-format", "concise", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "train.py:5:5: HP401 `SVC` has no parameter `gama`; did you mean `gamma`?",
        "Found 1 error.",
        "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option).",
    ]


def test_stdin_with_filename(tmp_path: Path) -> None:
    result = run_hplint("check", "-", "--stdin-filename", "pkg/train.py", "--output-format", "concise", cwd=tmp_path, input=BAD)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "pkg/train.py:3:13: HP401 `SVC` has no parameter `gama`; did you mean `gamma`?",
        "Found 1 error.",
        "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option).",
    ]
    clean = run_hplint("check", "-", cwd=tmp_path, input=GOOD)
    assert (clean.returncode, clean.stdout) == (0, "All checks passed!\n")


def test_stdin_filename_drives_per_file_ignores_and_force_exclude(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": '[tool.hplint]\nextend-exclude = ["gen"]\n[tool.hplint.per-file-ignores]\n"tests/*" = ["HP401"]\n'})
    ignored = run_hplint("check", "-", "--stdin-filename", "tests/test_a.py", cwd=tmp_path, input=BAD)
    assert ignored.returncode == 0
    excluded = run_hplint("check", "-", "--stdin-filename", "gen/a.py", "--force-exclude", cwd=tmp_path, input=BAD)
    assert (excluded.returncode, excluded.stdout) == (0, "All checks passed!\n")
    linted = run_hplint("check", "-", "--stdin-filename", "gen/a.py", cwd=tmp_path, input=BAD)
    assert linted.returncode == 1


def test_statistics(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": SELECTION, "b.py": SELECTION + "SVC(gama=2)\n"})
    result = run_hplint("check", "--select", "HP4", "--statistics", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == "3\tHP401\tunknown-constructor-argument\n2\tHP402\tinvalid-hyperparameter-value\n"
    marked = run_hplint("check", "--select", "HP4", "--statistics", "--unsafe-fixes", cwd=tmp_path)
    assert marked.stdout == "3\tHP401\t[*] unknown-constructor-argument\n2\tHP402\t[ ] invalid-hyperparameter-value\n"
    as_json = run_hplint("check", "--select", "HP4", "--statistics", "--output-format", "json", cwd=tmp_path)
    assert json.loads(as_json.stdout) == [
        {"code": "HP401", "name": "unknown-constructor-argument", "count": 3, "fixable": False},
        {"code": "HP402", "name": "invalid-hyperparameter-value", "count": 2, "fixable": False},
    ]
    assert run_hplint("check", "--select", "HP4", "--statistics", "--exit-zero", cwd=tmp_path).returncode == 0


def test_output_file(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": BAD})
    result = run_hplint("check", "--output-format", "concise", "--output-file", "report.txt", "train.py", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").splitlines() == [
        "train.py:3:13: HP401 `SVC` has no parameter `gama`; did you mean `gamma`?",
        "Found 1 error.",
        "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option).",
    ]


def test_add_noqa_is_idempotent_and_touches_only_reported_lines(tmp_path: Path) -> None:
    source = "# -*- coding: latin-1 -*-\n# entraîné\r\nfrom sklearn.svm import SVC\r\nSVC(gama=1, C=-1)  # noqa: HP402\r\nSVC(gama=1)\r\n"
    write(tmp_path, {"train.py": source.encode("latin-1"), "clean.py": GOOD})
    clean_before = (tmp_path / "clean.py").stat().st_mtime_ns
    first = run_hplint("check", "--select", "HP4", "--add-noqa", cwd=tmp_path)
    assert (first.returncode, first.stdout, first.stderr) == (0, "", "Added 2 noqa directives.\n")
    assert (tmp_path / "train.py").read_bytes() == (
        "# -*- coding: latin-1 -*-\n# entraîné\r\nfrom sklearn.svm import SVC\r\n"
        "SVC(gama=1, C=-1)  # noqa: HP402, HP401\r\nSVC(gama=1)  # noqa: HP401\r\n"
    ).encode("latin-1")
    assert (tmp_path / "clean.py").stat().st_mtime_ns == clean_before
    second = run_hplint("check", "--select", "HP4", "--add-noqa", cwd=tmp_path)
    assert second.stderr == "Added 0 noqa directives.\n"
    assert run_hplint("check", "--select", "HP4", cwd=tmp_path).returncode == 0


def test_add_noqa_refuses_stdin(tmp_path: Path) -> None:
    result = run_hplint("check", "-", "--add-noqa", cwd=tmp_path, input=BAD)
    assert result.returncode == 2
    assert result.stderr == "hplint: error: --add-noqa cannot be used with source from stdin\n"


def test_bundled_examples_show_every_rule(tmp_path: Path) -> None:
    """The README's first command: `hplint check examples` shows each rule family."""
    import shutil

    from conftest import ROOT

    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    result = run_hplint("check", "--output-format", "json", "examples", cwd=tmp_path)
    assert result.returncode == 1
    codes = sorted(item["code"] for item in json.loads(result.stdout))
    # 13: train_svm.py's `SVC(C=10.0)` is tuned by grid_search.py's search of the project
    # (it is reported when train_svm.py is checked alone, as the README shows).
    assert len(codes) == 13
    # The README says how many (it once said 14 after this count had changed).
    said = re.search(r"run it on the bundled examples \(it reports (\d+) findings", (ROOT / "README.md").read_text())
    assert said is not None and int(said.group(1)) == len(codes)
    expected = {
        "HP101", "HP102", "HP201", "HP202", "HP203", "HP301", "HP302", "HP401", "HP402", "HP403",
    }
    assert set(codes) == expected
