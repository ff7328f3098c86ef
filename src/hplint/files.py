"""Which files a run lints: the paths given, minus ignored and excluded ones."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec  # imported where a .gitignore is read: most runs never need it

# Directories no one wants linted (ruff's defaults, less the ones for other languages).
DEFAULT_EXCLUDES = frozenset(
    {
        ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".hplint_cache",
        ".ipynb_checkpoints", ".mypy_cache", ".nox", ".pants.d", ".pytype", ".ruff_cache",
        ".svn", ".tox", ".venv", "__pypackages__", "__pycache__", "_build", "buck-out",
        "build", "dist", "node_modules", "site-packages", "venv",
    }
)  # fmt: skip

PYTHON_SUFFIXES = (".py", ".pyi", ".ipynb")

# What a directory walk picks up, as ``include`` globs: every suffix hplint reads.
DEFAULT_INCLUDE = tuple(f"*{suffix}" for suffix in PYTHON_SUFFIXES)

_GLOB_CHARS = frozenset("*?[")


class FileFilter:
    """``exclude`` and ``include`` globs (ruff's semantics): a glob matches a file or
    directory by its name or by its path below ``root``."""

    def __init__(self, exclude: Iterable[str], include: Iterable[str], root: Path) -> None:
        self.root = root.resolve()
        self._names, self._excludes = _split_globs(exclude)
        self._include_names, self._includes = _split_globs(include)

    def excluded(self, path: Path) -> bool:
        """Whether ``path`` (absolute) matches an exclude glob."""
        return _matches(path, self.root, self._names, self._excludes)

    def included(self, path: Path) -> bool:
        return _matches(path, self.root, self._include_names, self._includes)

    def excluded_with_ancestors(self, path: Path) -> bool:
        """``excluded`` for the path or a directory above it, below the root."""
        path = _resolve(path)
        if self.excluded(path):
            return True
        for parent in path.parents:
            if parent == self.root or self.root not in parent.parents:
                return False
            if self.excluded(parent):
                return True
        return False


def _split_globs(globs: Iterable[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Plain names (a set lookup) apart from real globs."""
    names, patterns = set(), []
    for glob in globs:
        glob = glob.strip().removeprefix("./").rstrip("/")
        if not glob:
            continue
        if "/" in glob or _GLOB_CHARS & set(glob):
            patterns.append(glob)
        else:
            names.add(glob)
    return frozenset(names), tuple(patterns)


def _matches(path: Path, root: Path, names: frozenset[str], patterns: tuple[str, ...]) -> bool:
    if path.name in names:
        return True
    if not patterns:
        return False
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        relative = path.as_posix()
    return any(fnmatchcase(path.name, p) or fnmatchcase(relative, p) for p in patterns)


@dataclass
class Discovery:
    """The files to lint, paths asked for that do not exist, directories not readable."""

    files: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    unreadable: list[tuple[Path, str]] = field(default_factory=list)


def discover(
    paths: Sequence[Path],
    respect_gitignore: bool = True,
    *,
    exclude: Iterable[str] = DEFAULT_EXCLUDES,
    extend_exclude: Iterable[str] = (),
    include: Iterable[str] = DEFAULT_INCLUDE,
    force_exclude: bool = False,
    root: Path | None = None,
) -> Discovery:
    """Expand ``paths`` into the files to lint, sorted and without duplicates.

    A file named explicitly is linted whatever its name (unless ``force_exclude`` and an
    exclude glob matches it or a directory above it); a directory is searched for the
    ``include`` files, skipping excluded ones and what ``.gitignore`` ignores.
    """
    filter_ = FileFilter((*exclude, *extend_exclude), include, root or Path.cwd())
    found = Discovery()
    seen: set[Path] = set()
    for path in paths:
        if path.is_file() or (path.exists() and not path.is_dir()):
            if force_exclude and filter_.excluded_with_ancestors(path):
                continue
            _add(found.files, seen, path)
        elif path.is_dir():
            if force_exclude and filter_.excluded_with_ancestors(path):
                continue
            for file in _walk(path, respect_gitignore, found.unreadable, filter_):
                _add(found.files, seen, file)
        else:
            found.missing.append(path)
    return found


def _resolve(path: Path) -> Path:
    """``path.resolve()``, except that a symlink loop is left as it is instead of raising
    RuntimeError (Python < 3.13); reading the file then reports the loop."""
    return Path(os.path.realpath(path))


def _add(files: list[Path], seen: set[Path], path: Path) -> None:
    key = _resolve(path)
    if key not in seen:
        seen.add(key)
        files.append(path)


class _GitIgnores:
    """The ``.gitignore`` rules in force for a directory, read once per directory."""

    def __init__(self, root: Path) -> None:
        self._specs: dict[Path, list[tuple[Path, pathspec.GitIgnoreSpec]]] = {}
        self._top = _repository_root(root)

    def specs_for(self, directory: Path) -> list[tuple[Path, pathspec.GitIgnoreSpec]]:
        cached = self._specs.get(directory)
        if cached is not None:
            return cached
        parent = directory.parent
        inherited: list[tuple[Path, pathspec.GitIgnoreSpec]] = []
        if directory != self._top and parent != directory and _is_within(parent, self._top):
            inherited = self.specs_for(parent)
        specs = list(inherited)
        ignore_file = directory / ".gitignore"
        if ignore_file.is_file():
            try:
                lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                lines = []
            import pathspec

            specs.append((directory, pathspec.GitIgnoreSpec.from_lines(lines)))
        self._specs[directory] = specs
        return specs

    def ignored(self, path: Path, is_dir: bool) -> bool:
        for base, spec in self.specs_for(path.parent):
            relative = path.relative_to(base).as_posix() + ("/" if is_dir else "")
            if spec.match_file(relative):
                return True
        return False


def _repository_root(start: Path) -> Path:
    """The enclosing git work tree, or ``start`` itself outside of one."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists():
            return candidate
    return start


def _is_within(path: Path, top: Path) -> bool:
    return path == top or top in path.parents


def _walk(
    root: Path,
    respect_gitignore: bool,
    unreadable: list[tuple[Path, str]],
    filter_: FileFilter | None = None,
) -> Iterator[Path]:
    if filter_ is None:
        filter_ = FileFilter(DEFAULT_EXCLUDES, DEFAULT_INCLUDE, Path.cwd())
    ignores = _GitIgnores(root) if respect_gitignore else None
    resolved_root = root.resolve()
    found: list[Path] = []

    def on_error(error: OSError) -> None:
        where = Path(error.filename) if error.filename else resolved_root
        shown = root / where.relative_to(resolved_root) if _is_within(where, resolved_root) else where
        unreadable.append((shown, error.strerror or str(error)))

    for directory, subdirs, filenames in os.walk(resolved_root, onerror=on_error):
        here = Path(directory)
        kept = []
        for name in sorted(subdirs):
            if filter_.excluded(here / name):
                continue
            if ignores is not None and ignores.ignored(here / name, is_dir=True):
                continue
            kept.append(name)
        subdirs[:] = kept
        for name in sorted(filenames):
            file = here / name
            if not filter_.included(file) or filter_.excluded(file):
                continue
            if ignores is not None and ignores.ignored(file, is_dir=False):
                continue
            found.append(root / file.relative_to(resolved_root))
    yield from sorted(found)
