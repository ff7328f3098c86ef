"""The cache answers unchanged files, and nothing else, without linting them again."""

from __future__ import annotations

from pathlib import Path

import pytest

from hplint import engine, runner
from hplint.cache import Cache, clean
from hplint.config import Settings

BAD = "from sklearn.svm import SVC\nSVC(gama=0.1)\n"


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every file that is actually linted (not answered from the cache)."""
    linted: list[Path] = []
    real = engine.lint_file

    def spy(path: Path, settings: Settings = Settings(), data: bytes | None = None) -> engine.FileResult:
        linted.append(path)
        return real(path, settings, data)

    monkeypatch.setattr(engine, "lint_file", spy)
    return linted


def test_unchanged_file_is_answered_from_the_cache(tmp_path: Path, counted: list[Path]) -> None:
    target = tmp_path / "train.py"
    target.write_text(BAD)
    cache = Cache(tmp_path / "cache", "settings")
    first = runner.lint_one(target, Settings(), cache)
    second = runner.lint_one(target, Settings(), cache)
    assert counted == [target]
    assert first.diagnostics == second.diagnostics
    assert [d.code for d in second.diagnostics] == ["HP401"]
    assert second.source == BAD


def test_changed_bytes_settings_or_path_miss(tmp_path: Path, counted: list[Path]) -> None:
    target = tmp_path / "train.py"
    target.write_text(BAD)
    runner.lint_one(target, Settings(), Cache(tmp_path / "cache", "a"))
    runner.lint_one(target, Settings(), Cache(tmp_path / "cache", "b"))
    target.write_text(BAD + "\n")
    runner.lint_one(target, Settings(), Cache(tmp_path / "cache", "a"))
    twin = tmp_path / "twin.py"
    twin.write_text(BAD + "\n")
    runner.lint_one(twin, Settings(), Cache(tmp_path / "cache", "a"))
    assert counted == [target, target, target, twin]


def test_cache_directory_is_tagged_and_ignored(tmp_path: Path) -> None:
    target = tmp_path / "train.py"
    target.write_text(BAD)
    root = tmp_path / "cache"
    runner.lint_one(target, Settings(), Cache(root, "a"))
    assert (root / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (root / ".gitignore").read_text().endswith("*\n")
    assert clean(root) is True
    assert not root.exists()
    assert clean(root) is False


def test_corrupt_entry_is_ignored(tmp_path: Path, counted: list[Path]) -> None:
    target = tmp_path / "train.py"
    target.write_text(BAD)
    cache = Cache(tmp_path / "cache", "a")
    runner.lint_one(target, Settings(), cache)
    for entry in (tmp_path / "cache").rglob("*.json"):
        entry.write_text("{not json")
    result = runner.lint_one(target, Settings(), cache)
    assert [d.code for d in result.diagnostics] == ["HP401"]
    assert len(counted) == 2


def test_unwritable_cache_does_not_fail_the_run(tmp_path: Path) -> None:
    target = tmp_path / "train.py"
    target.write_text(BAD)
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache directory should be")
    result = runner.lint_one(target, Settings(), Cache(blocker, "a"))
    assert [d.code for d in result.diagnostics] == ["HP401"]


def test_parallel_run_keeps_input_order(tmp_path: Path) -> None:
    paths = []
    for index in range(40):
        path = tmp_path / f"f{index:02}.py"
        path.write_text(BAD if index % 3 == 0 else "x = 1\n")
        paths.append(path)
    paths.reverse()
    results = runner.run(paths, Settings(), jobs=2)
    assert [r.path for r in results] == paths
    assert [bool(r.diagnostics) for r in results] == [int(p.stem[1:]) % 3 == 0 for p in paths]
    assert [r.diagnostics for r in results] == [r.diagnostics for r in runner.run(paths, Settings(), jobs=1)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_changing_one_file_relints_only_that_file(tmp_path: Path, counted: list[Path], jobs: int) -> None:
    files = [tmp_path / f"script_{i:02d}.py" for i in range(runner.PARALLEL_THRESHOLD + 4)]
    for path in files:
        path.write_text(BAD)
    cache = Cache(tmp_path / "cache", "settings")
    runner.run(files, Settings(), jobs=1, cache=cache)
    assert counted == files
    files[3].write_text(BAD + "SVC(C=-1)\n")
    # The cache answers the others in this process; the one miss is too few for workers.
    again = runner.run(files, Settings(), jobs=jobs, cache=cache)
    assert counted == [*files, files[3]]
    codes = [[d.code for d in result.diagnostics] for result in again]
    assert codes == [["HP401"]] * 3 + [["HP401", "HP402"]] + [["HP401"]] * (len(files) - 4)
    assert [result.path for result in again] == files


def test_a_change_to_hplints_code_starts_a_fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Results of older code are never served: the version is not bumped between releases."""
    from hplint import cache

    before = Cache(tmp_path, "settings").directory
    assert Cache(tmp_path, "settings").directory == before  # stable for the same code
    monkeypatch.setattr(cache, "code_digest", lambda: "edited")
    assert Cache(tmp_path, "settings").directory != before


def test_a_symlink_and_its_target_keep_their_own_per_file_ignores(tmp_path: Path) -> None:
    # per-file-ignores match the path a file is reached by; an entry stored under the
    # target's name must not answer for the link's (or the other way round).
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    target = tmp_path / "a" / "x.py"
    target.write_text(BAD)
    link = tmp_path / "b" / "x.py"
    link.symlink_to(target)
    settings = Settings(per_file_ignores=(("a/*", ("HP401",)),), root=tmp_path)
    cache = Cache(tmp_path / "cache", "settings")
    assert runner.lint_one(target, settings, cache).diagnostics == []
    assert [d.code for d in runner.lint_one(link, settings, cache).diagnostics] == ["HP401"]
    assert runner.lint_one(target, settings, cache).diagnostics == []


def test_clean_refuses_a_directory_without_hplints_tag(tmp_path: Path) -> None:
    from hplint.cache import NotACache

    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "train.py").write_text(BAD)
    with pytest.raises(NotACache):
        clean(tmp_path / "project")
    tagged = tmp_path / "project" / "cache"
    tagged.mkdir()
    (tagged / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n")
    with pytest.raises(NotACache):
        clean(tagged)  # the signature alone: some other tool's cache
    real = tmp_path / "real"
    runner.lint_one(tmp_path / "project" / "train.py", Settings(), Cache(real, "a"))
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(NotACache):
        clean(link)  # the link's target is a cache, but not the directory named
    assert (tmp_path / "project" / "train.py").is_file() and (real / "CACHEDIR.TAG").is_file()
