"""Discovery: the string-based walk finds what a walk through pathlib finds.

``discover`` matches globs, reads ``.gitignore`` files and resolves files on strings, and
knows a walked file's real path without resolving it unless it is a symlink. The oracle
below is the pathlib walk it replaced, kept here as the definition of the behaviour.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from fnmatch import fnmatchcase
from pathlib import Path

import pathspec
import pytest

from hplint.files import DEFAULT_EXCLUDES, DEFAULT_INCLUDE, Discovery, FileFilter, _split_globs, discover


def _oracle_matches(path: Path, root: Path, globs: Iterable[str]) -> bool:
    names, patterns = _split_globs(globs)
    if path.name in names:
        return True
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        relative = path.as_posix()
    return any(fnmatchcase(path.name, p) or fnmatchcase(relative, p) for p in patterns)


def _oracle_ignored(path: Path, is_dir: bool, top: Path) -> bool:
    """Whether a .gitignore from ``path``'s directory up to ``top`` ignores ``path``."""
    chain = [path.parent]
    while chain[-1] != top and chain[-1].parent != chain[-1] and (chain[-1].parent == top or top in chain[-1].parent.parents):
        chain.append(chain[-1].parent)
    for base in reversed(chain):
        ignore = base / ".gitignore"
        if ignore.is_file():
            spec = pathspec.GitIgnoreSpec.from_lines(ignore.read_text(encoding="utf-8", errors="replace").splitlines())
            if spec.match_file(path.relative_to(base).as_posix() + ("/" if is_dir else "")):
                return True
    return False


def _oracle_walk(root: Path, gitignore: bool, exclude: list[str], include: list[str], filter_root: Path) -> Iterator[Path]:
    resolved = root.resolve()
    top = next((c for c in (resolved, *resolved.parents) if (c / ".git").exists()), resolved)
    found = []
    for directory, subdirs, filenames in os.walk(resolved):
        here = Path(directory)
        subdirs[:] = [
            n for n in sorted(subdirs)
            if not _oracle_matches(here / n, filter_root, exclude) and not (gitignore and _oracle_ignored(here / n, True, top))
        ]  # fmt: skip
        for name in sorted(filenames):
            file = here / name
            if not _oracle_matches(file, filter_root, include) or _oracle_matches(file, filter_root, exclude):
                continue
            if not (gitignore and _oracle_ignored(file, False, top)):
                found.append(root / file.relative_to(resolved))
    yield from sorted(found)


def oracle(paths: list[Path], gitignore: bool, exclude: list[str], include: list[str], root: Path) -> list[Path]:
    filter_root = root.resolve()
    files: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        candidates = _oracle_walk(path, gitignore, exclude, include, filter_root) if path.is_dir() else [path]
        for file in candidates:
            key = Path(os.path.realpath(file))
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files


def build(tmp_path: Path) -> Path:
    """A project with what makes discovery hard: names that sort differently as strings
    and as paths, symlinks of every kind, nested .gitignore files, excluded names."""
    project = tmp_path / "project"
    files = {
        "a/b.py": "", "a-b/c.py": "", "a.b/d.py": "", "A/e.py": "", "a/b/c/deep.py": "",
        "src/train.py": "", "src/scratch_tmp.py": "", "src/local.py": "", "src/keep.py": "",
        "src/gen/model.py": "", "src/sub/gen/x.py": "", "gen/top.py": "", "build/lib.py": "",
        "notes.txt": "", "nb.ipynb": "{}", "stub.pyi": "", "script.hpl": "", "ü/ñ.py": "",
        "space dir/x y.py": "", ".hidden/h.py": "", "node_modules/n.py": "", "dir.py/inner.py": "",
    }  # fmt: skip
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text)
    (project / ".git").mkdir()
    (project / ".gitignore").write_text("*_tmp.py\n/gen/\n")
    (project / "src" / ".gitignore").write_text("local.py\n!keep.py\nsub/\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "far.py").write_text("")
    (project / "link_to_train.py").symlink_to(project / "src" / "train.py")
    (project / "link_far.py").symlink_to(outside / "far.py")
    (project / "broken.py").symlink_to("nowhere.py")
    (project / "self.py").symlink_to("self.py")
    (project / "linked_dir").symlink_to(project / "src", target_is_directory=True)
    (project / "src" / "up").symlink_to("..", target_is_directory=True)
    return project


SETTINGS = [
    (True, sorted(DEFAULT_EXCLUDES), list(DEFAULT_INCLUDE)),
    (False, sorted(DEFAULT_EXCLUDES), list(DEFAULT_INCLUDE)),
    (True, ["gen", "src/sub", "*_tmp.py"], ["*.py", "*.hpl"]),
    (True, ["a/b", "?", "[.]hidden", "a*/c.py"], ["*.py", "a/b/*/*.py", "*.ipynb"]),
    (False, [], ["*"]),
]


@pytest.mark.parametrize(("gitignore", "exclude", "include"), SETTINGS)
@pytest.mark.parametrize("where", ["project", "project/src", "tmp", "/"])
@pytest.mark.parametrize("walk", [["."], ["src", "a"], ["linked_dir"], ["src/train.py", ".", "link_to_train.py"]])
def test_discovery_agrees_with_a_pathlib_walk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gitignore: bool, exclude: list[str], include: list[str], where: str, walk: list[str]
) -> None:
    project = build(tmp_path)
    monkeypatch.chdir(project)
    root = {"project": project, "project/src": project / "src", "tmp": tmp_path, "/": Path("/")}[where]
    paths = [Path(p) for p in walk]
    found = discover(paths, gitignore, exclude=exclude, include=include, root=root)
    expected = oracle(paths, gitignore, exclude, include, root)
    assert found.files == expected
    assert [str(p) for p in found.files] == [str(p) for p in expected]
    assert found.resolved == [os.path.realpath(p) for p in found.files]
    assert found.missing == [] and found.unreadable == []


def test_discovery_from_a_symlinked_and_an_absolute_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = build(tmp_path)
    (tmp_path / "alias").symlink_to(project, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    for paths in ([Path("alias")], [project], [Path("alias"), project / "src"], [Path("alias/src/../a")]):
        found = discover(paths, True, root=tmp_path)
        assert found.files == oracle(paths, True, sorted(DEFAULT_EXCLUDES), list(DEFAULT_INCLUDE), tmp_path)
        assert found.resolved == [os.path.realpath(p) for p in found.files]


def test_discovery_reports_what_it_cannot_find(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.py").write_text("")
    found = discover([Path("missing.py"), Path("x.py"), Path("x.py")])
    assert found == Discovery(files=[Path("x.py")], missing=[Path("missing.py")], resolved=[str(tmp_path / "x.py")])


def test_entry_matching_agrees_with_path_matching(tmp_path: Path) -> None:
    globs = ["gen", "*.py", "a/b", "a/*", "?", "[.]x", "*", "./c/", "sub/*.x", "tmp*", "/abs"]
    for root in (Path("/"), tmp_path, tmp_path / "a", tmp_path / "a" / "b"):
        root.mkdir(parents=True, exist_ok=True)
        filter_ = FileFilter(globs, globs, root)
        for directory in ("/", str(tmp_path), str(tmp_path / "a"), str(tmp_path / "a" / "b")):
            for name in ("gen", "x.py", "b", "c", ".x", "tmp", "a", "y.x", "abs"):
                path = Path(directory, name)
                assert filter_.excluded_entry(directory, name) == filter_.excluded(path), (root, path)
                assert filter_.included_entry(directory, name) == filter_.included(path), (root, path)


@pytest.mark.parametrize(
    ("directory", "name", "root"),
    [
        (r"C:\proj\build", "x.py", r"C:\proj"),
        (r"C:\Proj\Build", "x.py", r"c:\proj"),  # case differs: still below
        (r"C:\proj", "sub", r"C:\proj"),
        (r"C:\other\dir", "x.py", r"C:\proj"),  # not below: the whole path
        (r"C:\projects", "x.py", r"C:\proj"),  # a sibling with the root as a prefix
    ],
)
def test_string_helpers_agree_with_pathlib_on_windows_paths(
    monkeypatch: pytest.MonkeyPatch, directory: str, name: str, root: str
) -> None:
    # Emulated: Windows' separator and case rules on this machine's Python.
    import ntpath
    import types
    from pathlib import PureWindowsPath

    from hplint import files

    monkeypatch.setattr(files, "os", types.SimpleNamespace(sep="\\", path=ntpath))
    monkeypatch.setattr(files, "_CASELESS", True)
    path = PureWindowsPath(directory, name)
    try:
        expected = path.relative_to(PureWindowsPath(root)).as_posix()
    except ValueError:
        expected = path.as_posix()
    assert files._relative_entry(directory, name, root) == expected
    assert files._is_below(str(path), root) == (PureWindowsPath(root) in (path, *path.parents))


def test_gitignore_is_read_as_git_reads_it(tmp_path: Path) -> None:
    """Bytes, not text: a pattern for a name that is not UTF-8 matches it (it was replaced
    by U+FFFD); lines end at \\n (not at U+2028 ...), a \\r before it and a leading byte
    order mark are dropped (the first pattern did not match). As `git check-ignore` says."""
    root = os.fsencode(tmp_path)
    (tmp_path / ".git").mkdir()
    names = [b"caf\xe9.py", b"a\xe2\x80\xa8b.py", b"c.py", b"keep.py"]
    for name in names:
        with open(root + b"/" + name, "wb") as stream:
            stream.write(b"x = 1\n")
    with open(root + b"/.gitignore", "wb") as stream:
        stream.write(b"\xef\xbb\xbfc.py\r\ncaf\xe9.py\na\xe2\x80\xa8b.py\n")
    found = [os.fsencode(path.name) for path in discover([tmp_path], root=tmp_path).files]
    assert found == [b"keep.py"]
