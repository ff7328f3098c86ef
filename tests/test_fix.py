"""Fixes: what each rule's fix does, and what `--fix`, `--unsafe-fixes`, `--diff`,
`--fix-only` and `--show-fixes` do with them, run through the installed command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_hplint, write

from hplint import runner
from hplint.cache import Cache
from hplint.config import Settings
from hplint.diagnostics import Edit, Location
from hplint.engine import lint_source
from hplint.fix import apply_edits, choose

HEAD = (
    "from sklearn.svm import SVC\n"
    "from sklearn.pipeline import make_pipeline\n"
    "from sklearn.model_selection import GridSearchCV\n"
)


def fixed(source: str, code: str) -> str:
    """``source`` with the fix of its one ``code`` finding applied."""
    found = [d for d in lint_source(HEAD + source, "train.py") if d.code == code]
    assert len(found) == 1, found
    fix = found[0].fix
    assert fix is not None and fix.applicability == "unsafe"
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
    if (tmp_path / "a.py").read_text() != BAD:
        pytest.skip("running as a user who may write anywhere (root)")
    assert done.returncode == 2
    assert "hplint: error: a.py: cannot write" in done.stderr
    assert "b.py: cannot write" in done.stderr


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


def test_a_notebook_whose_layout_cannot_be_kept_is_left_alone(tmp_path: Path) -> None:
    text = notebook_text(["from sklearn.svm import SVC\n", "SVC(gama=1)"]).replace('"cells": [', '"cells":   [')
    write(tmp_path, {"book.ipynb": text})
    done = run_hplint("check", "-n", "--fix", "--unsafe-fixes", "book.ipynb", cwd=tmp_path)
    assert done.returncode == 2
    assert "book.ipynb: cannot rewrite the notebook without changing its JSON layout" in done.stderr
    assert (tmp_path / "book.ipynb").read_text(encoding="utf-8") == text


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
    assert fixed(source, "HP403").endswith("OneHotEncoder(sparse_output=False)\n")


def test_hp403_replaces_a_deprecated_value_with_the_named_one() -> None:
    source = "from sklearn.linear_model import SGDClassifier\nSGDClassifier(loss='log')\n"
    assert fixed(source, "HP403").endswith("SGDClassifier(loss='log_loss')\n")


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
