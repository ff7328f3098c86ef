"""Fixes: what each rule's fix does, and what `--fix`, `--unsafe-fixes`, `--diff`,
`--fix-only` and `--show-fixes` do with them, run through the installed command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import run_hplint, write
from hypothesis import given, settings
from hypothesis import strategies as st

from hplint import runner
from hplint.cache import Cache
from hplint.config import Settings
from hplint.diagnostics import Diagnostic, Edit, Location
from hplint.engine import lint_source
from hplint.fix import apply_edits, choose

HEAD = (
    "from sklearn.svm import SVC\n"
    "from sklearn.pipeline import make_pipeline\n"
    "from sklearn.model_selection import GridSearchCV\n"
)


def fixed(source: str, code: str, applicability: str = "unsafe") -> str:
    """``source`` with the fix of its one ``code`` finding applied."""
    found = [d for d in lint_source(HEAD + source, "train.py") if d.code == code]
    assert len(found) == 1, found
    fix = found[0].fix
    assert fix is not None and fix.applicability == applicability
    return apply_edits(HEAD + source, fix.edits)[len(HEAD) :]


def no_fix(source: str, code: str) -> None:
    found = [d for d in lint_source(HEAD + source, "train.py") if d.code == code]
    assert found and all(d.fix is None for d in found), found


# ------------------------------------------------------------------------- the fixes


def test_hp401_renames_to_the_one_close_parameter() -> None:
    assert fixed("SVC(C=1.0, gama=0.1)  # note\n", "HP401") == "SVC(C=1.0, gamma=0.1)  # note\n"


def test_hp401_has_no_fix_when_the_call_gives_that_parameter_already() -> None:
    no_fix("SVC(gamma=1.0, gama=0.1)\n", "HP401")


def test_hp401_has_no_fix_without_a_close_name() -> None:
    no_fix("SVC(zzzz=0.1)\n", "HP401")


def test_hp402_replaces_a_misspelt_option_keeping_the_quotes() -> None:
    assert fixed("SVC(kernel='rbff')\n", "HP402") == "SVC(kernel='rbf')\n"


def test_hp402_has_no_fix_for_a_number_out_of_range() -> None:
    no_fix("SVC(C=-1.0)\n", "HP402")


def test_hp402_fixes_a_misspelt_search_candidate() -> None:
    source = 'GridSearchCV(SVC(), {"kernel": ["rbff", "linear"]})\n'
    assert fixed(source, "HP402") == 'GridSearchCV(SVC(), {"kernel": ["rbf", "linear"]})\n'


def test_hp302_renames_a_misspelt_step_parameter() -> None:
    source = 'GridSearchCV(make_pipeline(SVC()), {"svc__gama": [1, 2]})\n'
    assert fixed(source, "HP302") == 'GridSearchCV(make_pipeline(SVC()), {"svc__gamma": [1, 2]})\n'


def test_hp301_moves_the_first_candidate_to_the_constructor() -> None:
    source = 'GridSearchCV(SVC(C=1), {"C": [1, 10], "random_state": [0, 42]})\n'
    assert fixed(source, "HP301") == 'GridSearchCV(SVC(C=1, random_state=0), {"C": [1, 10]})\n'


def test_hp301_only_removes_the_key_when_the_constructor_sets_it() -> None:
    source = 'GridSearchCV(SVC(random_state=1), {"random_state": [0, 42], "C": [1, 10]})\n'
    assert fixed(source, "HP301") == 'GridSearchCV(SVC(random_state=1), {"C": [1, 10]})\n'


def test_hp301_removes_a_whole_line_and_keeps_the_comments_of_others() -> None:
    source = (
        "search = GridSearchCV(\n"
        "    SVC(),\n"
        "    {\n"
        '        "C": [1, 10],  # regularisation\n'
        '        "random_state": [0, 42],\n'
        "    },\n"
        ")\n"
    )
    expected = source.replace('        "random_state": [0, 42],\n', "").replace("SVC()", "SVC(random_state=0)")
    assert fixed(source, "HP301") == expected


@pytest.mark.parametrize(
    ("entry", "rest"),
    [
        ('        "random_state": [0, 42],  # seeds\n', '        "C": [1, 10],\n'),  # a comma, then more
        ('        "random_state": [0, 42],  # seeds\n', ""),  # the last, with a trailing comma
        ('        "random_state": [0, 42]  # seeds\n', ""),  # the last, without one
        ('        "random_state": [0, 42],\n        # keep me\n', '        "C": [1, 10],\n'),
    ],
)
def test_hp301_removes_an_entry_with_the_comment_at_the_end_of_its_line(entry: str, rest: str) -> None:
    # The comment is about the entry; what stays is no line of blanks (or of a stray comment).
    head = 'search = GridSearchCV(SVC(), {\n        "kernel": ["rbf", "linear"],\n'
    source = head + entry + rest + "})\n"
    kept = "        # keep me\n" if "keep me" in entry else ""
    expected = (head + kept + rest + "})\n").replace("SVC()", "SVC(random_state=0)")
    if not rest and "," not in entry.split("]")[1]:
        expected = expected.replace('"linear"],\n', '"linear"]\n')
    assert fixed(source, "HP301") == expected


def test_hp301_removes_an_entry_after_another_on_its_line() -> None:
    source = 'GridSearchCV(SVC(), {\n    "C": [1, 10], "random_state": [0, 1],  # seeds\n    "gamma": [1, 2],\n})\n'
    expected = 'GridSearchCV(SVC(random_state=0), {\n    "C": [1, 10],\n    "gamma": [1, 2],\n})\n'
    assert fixed(source, "HP301") == expected


def test_hp102_moves_the_single_candidate_to_an_empty_constructor() -> None:
    source = 'GridSearchCV(SVC(), {"C": [1, 10], "kernel": ["linear"]})\n'
    assert fixed(source, "HP102") == 'GridSearchCV(SVC(kernel="linear"), {"C": [1, 10]})\n'


def test_hp102_has_no_fix_when_the_constructor_sets_another_value() -> None:
    no_fix('GridSearchCV(SVC(kernel="rbf"), {"C": [1, 10], "kernel": ["linear"]})\n', "HP102")


def test_hp102_drops_the_key_when_the_constructor_sets_the_same_value() -> None:
    source = 'GridSearchCV(SVC(kernel="linear"), {"kernel": ["linear"], "C": [1, 10]})\n'
    assert fixed(source, "HP102") == 'GridSearchCV(SVC(kernel="linear"), {"C": [1, 10]})\n'


def test_overlapping_fixes_are_not_applied_in_one_pass() -> None:
    source = HEAD + 'GridSearchCV(SVC(), {"random_state": [0, 1], "kernel": ["linear"]})\n'
    found = lint_source(source, "train.py")
    assert {d.code for d in found if d.fix is not None} == {"HP301", "HP102"}
    assert [d.code for d in choose(found, unsafe=True)] == ["HP301"]
    assert choose(found, unsafe=False) == []


def test_edits_leave_every_other_byte_alone() -> None:
    text = "a = 1\r\nb = 'é'  # x\rc = 3\n"
    edit = Edit(Location(2, 5), Location(2, 8), "'e'")
    assert apply_edits(text, [edit]) == "a = 1\r\nb = 'e'  # x\rc = 3\n"


def test_fixes_survive_the_cache(tmp_path: Path) -> None:
    target = tmp_path / "train.py"
    target.write_text(HEAD + "SVC(gama=0.1)\n")
    cache = Cache(tmp_path / "cache", "settings")
    first = runner.lint_one(target, Settings(), cache)
    second = runner.lint_one(target, Settings(), cache)
    assert first.diagnostics[0].fix is not None
    assert second.diagnostics == first.diagnostics


# ---------------------------------------------------------------------- the command

BAD = HEAD + 'model = SVC(C=10.0, kernel="rbff", gama=0.001)\n'


def test_unsafe_fixes_are_hidden_and_counted(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": BAD})
    done = run_hplint("check", "-n", "--select", "HP4", "--output-format", "concise", "train.py", cwd=tmp_path)
    assert done.returncode == 1
    assert "[*]" not in done.stdout
    assert done.stdout.endswith(
        "Found 2 errors.\nNo fixes available (2 hidden fixes can be enabled with the `--unsafe-fixes` option).\n"
    )
    shown = run_hplint(
        "check", "-n", "--unsafe-fixes", "--select", "HP4", "--output-format", "concise", "train.py", cwd=tmp_path
    )
    assert "train.py:4:36: HP401 [*] `SVC` has no parameter `gama`" in shown.stdout
    assert shown.stdout.endswith("Found 2 errors.\n[*] 2 fixable with the `--fix` option.\n")


def test_fix_without_unsafe_fixes_changes_nothing(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": BAD})
    done = run_hplint("check", "-n", "--fix", "train.py", cwd=tmp_path)
    assert done.returncode == 1
    assert (tmp_path / "train.py").read_text() == BAD


def test_fix_with_unsafe_fixes_writes_the_file_and_exits_on_what_remains(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": BAD})
    done = run_hplint("check", "-n", "--fix", "--unsafe-fixes", "--select", "HP4", "train.py", cwd=tmp_path)
    assert (tmp_path / "train.py").read_text() == HEAD + 'model = SVC(C=10.0, kernel="rbf", gamma=0.001)\n'
    assert done.stdout == "Found 2 errors (2 fixed, 0 remaining).\n"
    assert done.returncode == 0
    again = run_hplint("check", "-n", "--fix", "--unsafe-fixes", "--select", "HP4", "train.py", cwd=tmp_path)
    assert again.stdout == "All checks passed!\n" and again.returncode == 0


def test_fix_and_unsafe_fixes_from_the_configuration(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": BAD, "pyproject.toml": "[tool.hplint]\nfix = true\nunsafe-fixes = true\n"})
    done = run_hplint("check", "-n", "--select", "HP4", "train.py", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "gamma=0.001" in (tmp_path / "train.py").read_text()
    write(tmp_path, {"train.py": BAD})
    off = run_hplint("check", "-n", "--no-fix", "--select", "HP4", "train.py", cwd=tmp_path)
    assert off.returncode == 1 and (tmp_path / "train.py").read_text() == BAD


def test_diff_prints_the_change_and_writes_nothing(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": BAD})
    done = run_hplint("check", "-n", "--diff", "--unsafe-fixes", "train.py", cwd=tmp_path)
    assert done.returncode == 1
    assert (tmp_path / "train.py").read_text() == BAD
    assert done.stdout == (
        "--- train.py\n+++ train.py\n@@ -1,4 +1,4 @@\n"
        " from sklearn.svm import SVC\n from sklearn.pipeline import make_pipeline\n"
        " from sklearn.model_selection import GridSearchCV\n"
        '-model = SVC(C=10.0, kernel="rbff", gama=0.001)\n'
        '+model = SVC(C=10.0, kernel="rbf", gamma=0.001)\n'
    )
    assert done.stderr == "Would fix 2 errors.\n"
    clean = run_hplint("check", "-n", "--diff", "train.py", cwd=tmp_path)
    assert clean.returncode == 0 and clean.stdout == ""


def test_fix_only_reports_what_it_fixed_not_what_remains(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": BAD + "model.coef_\n"})
    done = run_hplint("check", "-n", "--fix-only", "--unsafe-fixes", "train.py", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout == "" and done.stderr == "Fixed 2 errors.\n"
    nonzero = run_hplint("check", "-n", "--fix-only", "--exit-non-zero-on-fix", "train.py", cwd=tmp_path)
    assert nonzero.returncode == 0  # nothing left to fix


def test_show_fixes_lists_fixes_per_file_and_rule(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": BAD})
    done = run_hplint(
        "check", "-n", "--fix", "--unsafe-fixes", "--show-fixes", "--select", "HP4", "train.py", cwd=tmp_path
    )
    assert done.stdout == (
        "Fixed 2 errors:\n- train.py:\n    1 × HP401 (unknown-constructor-argument)\n"
        "    1 × HP402 (invalid-hyperparameter-value)\n\nFound 2 errors (2 fixed, 0 remaining).\n"
    )


def test_stdin_fix_writes_the_fixed_source_to_stdout(tmp_path: Path) -> None:
    done = run_hplint("check", "-n", "--fix", "--unsafe-fixes", "--select", "HP4", "-", cwd=tmp_path, input=BAD)
    assert done.stdout == HEAD + 'model = SVC(C=10.0, kernel="rbf", gamma=0.001)\n'
    assert done.returncode == 0
    assert "Found 2 errors (2 fixed, 0 remaining)." in done.stderr


def test_json_fix_object(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": HEAD + "SVC(gama=0.1)\n"})
    done = run_hplint("check", "-n", "--output-format", "json", "train.py", cwd=tmp_path)
    (item,) = json.loads(done.stdout)
    assert item["fix"] == {
        "applicability": "unsafe",
        "edits": [{"content": "gamma", "end_location": {"column": 9, "row": 4}, "location": {"column": 5, "row": 4}}],
        "message": "Rename `gama` to `gamma`",
    }


def test_a_file_changed_while_fixing_is_not_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hplint import fixfiles

    target = tmp_path / "train.py"
    target.write_text(BAD)
    result = runner.lint_one(target, Settings(), None)
    real = fixfiles.fix_bytes

    def meddle(*args: object, **kwargs: object) -> fixfiles.Fixed:
        done = real(*args, **kwargs)  # type: ignore[arg-type]
        target.write_text(BAD + "# edited meanwhile\n")
        return done

    monkeypatch.setattr(fixfiles, "fix_bytes", meddle)
    done = fixfiles.fix_file(result, Settings(), unsafe=True, write=True)
    assert done is not None and done.error is not None and "changed on disk" in done.error
    assert target.read_text() == BAD + "# edited meanwhile\n"


def test_a_file_that_cannot_be_written_is_an_error_and_the_run_goes_on(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": BAD, "b.py": BAD})
    (tmp_path / "a.py").chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        done = run_hplint("check", "-n", "--fix", "--unsafe-fixes", "--select", "HP4", ".", cwd=tmp_path)
    finally:
        tmp_path.chmod(0o755)
        (tmp_path / "a.py").chmod(0o644)
    assert done.returncode == 2
    assert (tmp_path / "a.py").read_text() == BAD
    assert "hplint: error: a.py: cannot write: the file is read-only; left as it is\n" in done.stderr
    if os.geteuid() != 0:  # root may write into a read-only directory
        assert "b.py: cannot write" in done.stderr and (tmp_path / "b.py").read_text() == BAD


def test_fix_refuses_a_read_only_file_in_a_writable_directory(tmp_path: Path) -> None:
    """Replacing a file needs only its directory's permission: the file's own is checked,
    and a file without any write bit is refused even to root."""
    write(tmp_path, {"a.py": BAD, "b.py": BAD})
    (tmp_path / "a.py").chmod(0o444)
    done = run_hplint("check", "-n", "--fix", "--unsafe-fixes", "--select", "HP4", ".", cwd=tmp_path)
    assert done.returncode == 2
    assert (tmp_path / "a.py").read_text() == BAD and (tmp_path / "a.py").stat().st_mode & 0o777 == 0o444
    assert done.stderr == "hplint: error: a.py: cannot write: the file is read-only; left as it is\n"
    assert "gamma=0.001" in (tmp_path / "b.py").read_text()
    assert done.stdout.endswith("Found 4 errors (2 fixed, 2 remaining).\n[*] 2 fixable with the `--fix` option.\n")


def test_add_noqa_refuses_a_read_only_file(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": BAD})
    (tmp_path / "a.py").chmod(0o444)
    done = run_hplint("check", "-n", "--add-noqa", "--select", "HP4", "a.py", cwd=tmp_path)
    assert (tmp_path / "a.py").read_text() == BAD
    assert "cannot write a.py: the file is read-only; file left unchanged" in done.stderr


# `hplint` with the check of each pass's result failing from the second pass on: a pass
# that fails after one that worked.
SECOND_PASS_FAILS = """
import sys
from hplint import fixfiles
real = fixfiles._parses
def _parses(notebook, original):
    check, calls = real(notebook, original), []
    def parses(data):
        calls.append(data)
        return len(calls) < 2 and check(data)
    return parses
fixfiles._parses = _parses
from hplint.cli import main
main(sys.argv[1:])
"""
TWO_PASSES = HEAD + 'GridSearchCV(SVC(), {"random_state": [0, 1], "kernel": ["linear"]})\n'


def run_failing_second_pass(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SECOND_PASS_FAILS, *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("mode", ["--fix", "--diff", "--fix-only"])
def test_a_failed_later_pass_fixes_nothing_and_says_so(tmp_path: Path, mode: str) -> None:
    """All or nothing per file: the summary and the diff show what is written, nothing."""
    write(tmp_path, {"train.py": TWO_PASSES})
    done = run_failing_second_pass(
        "check", "-n", mode, "--unsafe-fixes", "--output-format", "concise", "train.py", cwd=tmp_path
    )
    assert (tmp_path / "train.py").read_text() == TWO_PASSES
    assert done.returncode == 2, done.stderr
    assert done.stderr == "hplint: error: train.py: fixes for HP102 would make the file invalid; left as it is\n"
    if mode == "--fix":  # the findings of the file as it is
        assert done.stdout.endswith("Found 2 errors.\n[*] 2 fixable with the `--fix` option.\n")
    else:
        assert done.stdout == ""


def test_fix_document_is_all_or_nothing() -> None:
    """The shared rule of `check --fix` and the server's fix-all."""
    from hplint.fix import fix_document

    def lint(data: bytes) -> list[Diagnostic]:
        return lint_source(data.decode(), "train.py")

    def apply(data: bytes, edits: Sequence[Edit]) -> bytes:
        return apply_edits(data.decode(), edits).encode()

    checked: list[bytes] = []

    def parses(data: bytes) -> bool:
        checked.append(data)
        return len(checked) < 2

    data = TWO_PASSES.encode()
    outcome = fix_document(data, lint, apply, parses, unsafe=True)
    assert len(checked) == 2 and checked[0] != data
    assert outcome.data == data and not outcome.fixed
    assert outcome.remaining == lint(data) and outcome.error is not None
    whole = fix_document(data, lint, apply, lambda _: True, unsafe=True)
    assert whole.error is None and sum(whole.fixed.values()) == 2


# ------------------------------------------------------------------------ notebooks


def notebook_text(*sources: object, indent: int = 1) -> str:
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": s} for s in sources]
    document = {"cells": cells, "metadata": {"kernelspec": {"language": "python", "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document, indent=indent, ensure_ascii=False) + "\n"


def test_notebook_fixes_land_in_their_cells_and_keep_the_layout(tmp_path: Path) -> None:
    first = ["from sklearn.svm import SVC\n", "from sklearn.model_selection import GridSearchCV\n", "svc = SVC()  # é"]
    second = 'grid = GridSearchCV(svc, {"C": [1, 10], "random_state": [0, 1]})\n'
    write(tmp_path, {"book.ipynb": notebook_text(first, second)})
    done = run_hplint("check", "-n", "--fix", "--unsafe-fixes", "book.ipynb", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    expected = notebook_text(
        [*first[:2], "svc = SVC(random_state=0)  # é"], 'grid = GridSearchCV(svc, {"C": [1, 10]})\n'
    )
    assert (tmp_path / "book.ipynb").read_text(encoding="utf-8") == expected


def test_a_notebook_with_a_byte_order_mark_is_linted_and_fixed_keeping_it(tmp_path: Path) -> None:
    """A sibling of issue 24's D14 (files with a byte order mark)."""
    source = ["from sklearn.svm import SVC\n", "SVC(gama=1)  # é"]
    write(tmp_path, {"book.ipynb": b"\xef\xbb\xbf" + notebook_text(source).encode()})
    found = run_hplint("check", "-n", "--select", "HP4", "--output-format", "concise", "book.ipynb", cwd=tmp_path)
    assert found.returncode == 1 and "book.ipynb:cell 1:2:5: HP401" in found.stdout
    done = run_hplint("check", "-n", "--fix", "--unsafe-fixes", "--select", "HP4", "book.ipynb", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    expected = b"\xef\xbb\xbf" + notebook_text([source[0], "SVC(gamma=1)  # é"]).encode()
    assert (tmp_path / "book.ipynb").read_bytes() == expected


@pytest.mark.parametrize("args", [("--fix", "--unsafe-fixes"), ("--add-noqa",)])
def test_a_notebook_in_any_layout_keeps_it(tmp_path: Path, args: tuple[str, ...]) -> None:
    # Space before the opening brace and in odd places, an indent of 3, escaped non-ASCII:
    # nothing json.dumps writes, and every byte outside the edited line stays.
    text = "\n  " + notebook_text(["from sklearn.svm import SVC  # \u00e9\n", "SVC(gama=1)"], indent=3)
    text = text.replace('"cells": [', '"cells":   [').replace("\u00e9", "\\u00e9")
    write(tmp_path, {"book.ipynb": text})
    done = run_hplint("check", "-n", "--select", "HP401", *args, "book.ipynb", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    fixed = "SVC(gamma=1)" if "--fix" in args else "SVC(gama=1)  # noqa: HP401"
    assert (tmp_path / "book.ipynb").read_text(encoding="utf-8") == text.replace('"SVC(gama=1)"', f'"{fixed}"')


def test_add_noqa_writes_into_notebook_cells_through_the_same_edits(tmp_path: Path) -> None:
    first = ["from sklearn.svm import SVC\n", "a = SVC(gama=1)\n", "b = SVC(gama=2)  # noqa: HP101"]
    write(tmp_path, {"book.ipynb": notebook_text(first, "c = SVC(gama=3)")})
    done = run_hplint("check", "-n", "--select", "HP401", "--add-noqa", "book.ipynb", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == "Added 3 noqa directives.\n"
    expected = notebook_text(
        [first[0], "a = SVC(gama=1)  # noqa: HP401\n", "b = SVC(gama=2)  # noqa: HP101, HP401"],
        "c = SVC(gama=3)  # noqa: HP401",
    )
    assert (tmp_path / "book.ipynb").read_text(encoding="utf-8") == expected
    again = run_hplint("check", "-n", "--select", "HP401", "--add-noqa", "book.ipynb", cwd=tmp_path)
    assert again.stderr == "Added 0 noqa directives.\n"


def test_stdin_fix_passes_an_excluded_file_through(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": '[tool.hplint]\nextend-exclude = ["gen"]\n'})
    args = ("check", "--fix", "--unsafe-fixes", "--force-exclude", "--stdin-filename", "gen/a.py", "-")
    done = run_hplint(*args, cwd=tmp_path, input=BAD)
    assert (done.returncode, done.stdout, done.stderr) == (0, BAD, "")


# ------------------------------------------------------------------- HP403 (releases)


def test_hp403_renames_a_renamed_parameter() -> None:
    source = "from sklearn.preprocessing import OneHotEncoder\nOneHotEncoder(sparse=False)\n"
    # Safe: "`sparse` was renamed to `sparse_output`" (tests/test_fix_safety.py).
    assert fixed(source, "HP403", "safe").endswith("OneHotEncoder(sparse_output=False)\n")


def test_hp403_replaces_a_deprecated_value_with_the_named_one() -> None:
    source = "from sklearn.linear_model import SGDClassifier\nSGDClassifier(loss='log')\n"
    assert fixed(source, "HP403", "safe").endswith("SGDClassifier(loss='log_loss')\n")


def test_hp403_has_no_fix_when_the_call_gives_the_new_name_already() -> None:
    no_fix(
        "from sklearn.ensemble import AdaBoostClassifier\n"
        "AdaBoostClassifier(base_estimator=None, estimator=None)\n",
        "HP403",
    )


def test_hp403_fix_follows_the_target_release(tmp_path: Path) -> None:
    # At 1.2 `sparse` is deprecated (still accepted) and `sparse_output` exists: renamed.
    write(tmp_path, {"enc.py": "from sklearn.preprocessing import OneHotEncoder\nOneHotEncoder(sparse=False)\n"})
    args = ("check", "--no-cache", "--diff", "--unsafe-fixes", "--target-sklearn-version", "1.2", "enc.py")
    result = run_hplint(*args, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "+OneHotEncoder(sparse_output=False)" in result.stdout


def test_no_fix_or_suggestion_names_a_parameter_deprecated_at_the_target() -> None:
    # At 1.2 `normalize` of Lars is deprecated: neither the did-you-mean nor the fix offers it.
    source = "from sklearn.linear_model import Lars\nLars(normalise=False)\n"
    found = [d for d in lint_source(source, "train.py", Settings(target_sklearn_version="1.2")) if d.code == "HP401"]
    assert len(found) == 1 and found[0].fix is None and "did you mean" not in found[0].message
    # At 1.9 `normalize` is gone altogether; nothing close remains either.
    assert [d.fix for d in lint_source(source, "train.py") if d.code == "HP401"] == [None]


def test_hp102_does_not_move_a_value_to_a_parameter_deprecated_at_the_target() -> None:
    source = (
        "from sklearn.linear_model import LogisticRegression\n"
        'GridSearchCV(LogisticRegression(), {"penalty": ["l2"], "C": [0.1, 1.0]})\n'
    )
    # `penalty` is deprecated in 1.8: the key is HP403's, one finding on the token.
    found = [d for d in lint_source(HEAD + source, "train.py") if d.start.row == 5]
    assert [d.code for d in found] == ["HP403"] and found[0].fix is None


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(mode=st.integers(0, 0o777))
def test_fix_writes_a_file_exactly_when_its_mode_lets_the_user_write_it(tmp_path_factory: pytest.TempPathFactory, mode: int) -> None:
    """Whatever the file's mode: written (keeping its mode) when the user may write it,
    else refused with the file left as it is. The owner (hplint's user, here) may write
    a file with the owner's write bit; root any file with some write bit."""
    from hplint import fixfiles

    folder = tmp_path_factory.mktemp("mode")
    target = folder / "train.py"
    target.write_text(BAD)
    result = runner.lint_one(target, Settings(select=("HP4",)), None)
    target.chmod(mode)
    try:
        done = fixfiles.fix_file(result, Settings(select=("HP4",)), unsafe=True, write=True)
        after = target.read_text() if os.access(target, os.R_OK) or os.geteuid() == 0 else None
        kept = target.stat().st_mode & 0o777
    finally:
        target.chmod(0o644)
    writable = bool(mode & (0o222 if os.geteuid() == 0 else 0o200))
    assert done is not None and kept == mode
    if not (mode & 0o400 or os.geteuid() == 0):
        assert done.error is not None and "cannot read" in done.error
    elif writable:
        assert done.error is None and after == HEAD + 'model = SVC(C=10.0, kernel="rbf", gamma=0.001)\n'
    else:
        assert done.error == "cannot write: the file is read-only; left as it is" and after == BAD
        assert not done.fixed and not done.changed


def _reference_choose(diagnostics: Sequence[Diagnostic], unsafe: bool) -> list[Diagnostic]:
    """``choose`` as it was, checking every edit taken: the definition to agree with."""
    from hplint.fix import _conflict

    chosen: list[Diagnostic] = []
    taken: list[Edit] = []
    for diagnostic in sorted(diagnostics, key=Diagnostic.sort_key):
        fix = diagnostic.fix
        if fix is None or not fix.applies(unsafe) or not fix.edits:
            continue
        if any(_conflict(edit, other) for edit in fix.edits for other in taken):
            continue
        if any(_conflict(a, b) for i, a in enumerate(fix.edits) for b in fix.edits[i + 1 :]):
            continue
        chosen.append(diagnostic)
        taken.extend(fix.edits)
    return chosen


_PLACES = st.tuples(st.sampled_from([None, 1, 2]), st.integers(1, 3), st.integers(1, 6))


@st.composite
def _random_edit(draw: st.DrawFn) -> Edit:
    cell, row, column = draw(_PLACES)
    width = draw(st.sampled_from([0, 0, 1, 2, 5, 9]))
    end_row, end_column = (row, column + width) if width < 9 else (row + 1, 1)
    return Edit(Location(row, column), Location(end_row, end_column), "x", cell)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(fixes=st.lists(st.lists(_random_edit(), min_size=1, max_size=3), max_size=12), safe=st.lists(st.booleans(), min_size=12, max_size=12))
def test_choose_takes_what_checking_every_taken_edit_takes(fixes: list[list[Edit]], safe: list[bool]) -> None:
    from hplint.diagnostics import Fix

    diagnostics = [
        Diagnostic("HP401", str(i), edits[0].start, edits[0].end, cell=edits[0].cell,
                   fix=Fix("safe" if safe[i] else "unsafe", "m", tuple(edits)))
        for i, edits in enumerate(fixes)
    ]  # fmt: skip
    for unsafe in (False, True):
        assert choose(diagnostics, unsafe) == _reference_choose(diagnostics, unsafe)


def test_an_insertion_inside_another_fixs_change_conflicts() -> None:
    """Both made in one pass, the change would splice over what the insertion wrote."""
    from hplint.fix import _conflict

    change = Edit(Location(1, 1), Location(1, 10), "")
    assert _conflict(Edit(Location(1, 5), Location(1, 5), "x"), change)
    assert _conflict(change, Edit(Location(1, 5), Location(1, 5), "x"))
    assert not _conflict(Edit(Location(1, 10), Location(1, 10), "x"), change)  # right after it


def _reference_apply(text: str, edits: Sequence[Edit]) -> str:
    """Each edit spliced into the text in turn, from the last: the definition to agree with."""
    from hplint.fix import line_starts, offset
    from hplint.lines import split_lines

    lines = split_lines(text)
    starts = line_starts(lines)
    spans = sorted(((offset(lines, starts, e.start), offset(lines, starts, e.end), e.content) for e in edits), reverse=True)
    for start, end, content in spans:
        text = text[:start] + content + text[end:]
    return text


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    text=st.text(st.sampled_from("ab \t\r\n\f\x1cé"), max_size=40),
    fixes=st.lists(st.lists(_random_edit(), min_size=1, max_size=2), max_size=8),
)
def test_apply_edits_joins_what_splicing_each_edit_makes(text: str, fixes: list[list[Edit]]) -> None:
    from hplint.diagnostics import Fix

    diagnostics = [
        Diagnostic("HP401", str(i), edits[0].start, edits[0].end, fix=Fix("safe", "m", tuple(e.__class__(e.start, e.end, f"<{i}>") for e in edits)))
        for i, edits in enumerate(fixes)
    ]  # fmt: skip
    edits = [edit for d in choose(diagnostics, unsafe=False) if d.fix is not None for edit in d.fix.edits]
    assert apply_edits(text, edits) == _reference_apply(text, edits)


@pytest.mark.parametrize("args", [("--fix", "--unsafe-fixes"), ("--add-noqa",)])
def test_fixing_a_file_libcst_nests_deeply_does_not_crash(tmp_path: Path, args: tuple[str, ...]) -> None:
    """The parse that checks a fixed or commented file runs on the deep stack, as the lint
    does: on the main thread LibCST's native parser overflowed it (a segfault, exit -11)."""
    source = "from sklearn.cross_validation import train_test_split\nx = " + " and ".join(["a"] * 20000) + "\n"
    write(tmp_path, {"deep.py": source})
    done = run_hplint("check", "-n", *args, "deep.py", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert (tmp_path / "deep.py").read_text() != source
