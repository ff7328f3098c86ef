"""Which files a run lints: the paths given, minus ignored and excluded ones."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
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
        self._root = os.fspath(self.root)
        self._names, self._excludes = _split_globs(exclude)
        self._include_names, self._includes = _split_globs(include)

    def excluded(self, path: Path) -> bool:
        """Whether ``path`` (absolute) matches an exclude glob."""
        return _matches(path.name, lambda: _relative(path, self.root), self._names, self._excludes)

    def included(self, path: Path) -> bool:
        return _matches(path.name, lambda: _relative(path, self.root), self._include_names, self._includes)

    # `excluded` and `included` for an entry of a directory walk, on strings: a walk asks
    # for every entry, and building a Path for each costs more than the rest of the walk.
    # ``directory`` is absolute and normalised (a walk from a resolved root).

    def excluded_entry(self, directory: str, name: str) -> bool:
        return _matches(name, lambda: _relative_entry(directory, name, self._root), self._names, self._excludes)

    def included_entry(self, directory: str, name: str) -> bool:
        return _matches(
            name, lambda: _relative_entry(directory, name, self._root), self._include_names, self._includes
        )

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


def _matches(name: str, relative: Callable[[], str], names: frozenset[str], patterns: tuple[str, ...]) -> bool:
    """Whether a glob matches the entry's ``name`` or its path ``relative()`` to the root
    (asked for only when no name matches)."""
    if name in names:
        return True
    if not patterns:
        return False
    return any(fnmatchcase(name, p) for p in patterns) or any(fnmatchcase(relative(), p) for p in patterns)


def _relative(path: Path, root: Path) -> str:
    """``path`` below ``root`` as a POSIX string, else all of ``path``."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _relative_entry(directory: str, name: str, root: str) -> str:
    """``_relative`` for an entry of a walk: ``directory`` and ``root`` are normalised
    absolute paths (resolved: no ``..``, no ``//`` at the start), so a prefix says what
    ``relative_to`` says."""
    path = os.path.join(directory, name)
    if _same(path, root):
        return "."  # a walk from above the root reaches the root itself
    return _below(path, root) if _is_below(path, root) else _posix(path)


@dataclass
class Discovery:
    """The files to lint, paths asked for that do not exist, directories not readable."""

    files: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    unreadable: list[tuple[Path, str]] = field(default_factory=list)
    # ``os.path.realpath`` of each of ``files``, in the same order: what tells two names of
    # one file apart, and what the cache keys its entries by.
    resolved: list[str] = field(default_factory=list)


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
    seen: set[str] = set()
    for path in paths:
        if path.is_file() or (path.exists() and not path.is_dir()):
            if force_exclude and filter_.excluded_with_ancestors(path):
                continue
            _add(found, seen, path, os.path.realpath(path))
        elif path.is_dir():
            if force_exclude and filter_.excluded_with_ancestors(path):
                continue
            for file, resolved in _walk(path, respect_gitignore, found.unreadable, filter_):
                _add(found, seen, file, resolved)
        else:
            found.missing.append(path)
    return found


def _resolve(path: Path) -> Path:
    """``path.resolve()``, except that a symlink loop is left as it is instead of raising
    RuntimeError (Python < 3.13); reading the file then reports the loop."""
    return Path(os.path.realpath(path))


def _add(found: Discovery, seen: set[str], path: Path, resolved: str) -> None:
    # realpath's strings are normalised: equal strings are equal paths.
    if resolved not in seen:
        seen.add(resolved)
        found.files.append(path)
        found.resolved.append(resolved)


class _GitIgnores:
    """The ``.gitignore`` rules in force for a directory, read once per directory.

    Directories are strings, absolute and normalised (those of a walk from a resolved
    root): a walk asks for every entry it keeps."""

    def __init__(self, root: Path) -> None:
        self._specs: dict[str, list[tuple[str, pathspec.GitIgnoreSpec]]] = {}
        self._top = os.fspath(_repository_root(root))

    def specs_for(self, directory: str) -> list[tuple[str, pathspec.GitIgnoreSpec]]:
        cached = self._specs.get(directory)
        if cached is not None:
            return cached
        parent = os.path.dirname(directory)
        inherited: list[tuple[str, pathspec.GitIgnoreSpec]] = []
        if directory != self._top and parent != directory and _is_below(parent, self._top):
            inherited = self.specs_for(parent)
        specs = list(inherited)
        ignore_file = os.path.join(directory, ".gitignore")
        if os.path.isfile(ignore_file):
            try:
                with open(ignore_file, "rb") as stream:
                    lines = gitignore_lines(stream.read())
            except OSError:
                lines = []
            import pathspec

            specs.append((directory, pathspec.GitIgnoreSpec.from_lines(lines)))
        self._specs[directory] = specs
        return specs

    def ignored(self, directory: str, name: str, is_dir: bool) -> bool:
        """Whether the entry ``name`` of ``directory`` is ignored."""
        path = os.path.join(directory, name)
        for base, spec in self.specs_for(directory):
            relative = _below(path, base) + ("/" if is_dir else "")
            if spec.match_file(relative):
                return True
        return False


def gitignore_lines(data: bytes) -> list[str]:
    """A ``.gitignore``'s lines as git reads them: bytes, matched against the bytes of
    names (a name that is not UTF-8 reaches Python surrogate-escaped, and so does its
    pattern here), lines ending at ``\\n`` only (with a ``\\r`` before it dropped; not at
    the other characters ``str.splitlines`` breaks at), a leading byte order mark skipped."""
    text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape")
    return [line.removesuffix("\r") for line in text.split("\n")]


def _repository_root(start: Path) -> Path:
    """The enclosing git work tree, or ``start`` itself outside of one."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists():
            return candidate
    return start


def _is_within(path: Path, top: Path) -> bool:
    return path == top or top in path.parents


# The string helpers below stand in for pathlib's ``relative_to`` and ordering, on the
# platform's separator and, where paths are case-insensitive (Windows), ignoring case.
_CASELESS = os.path.normcase("A") == "a"


def _key(path: str) -> str:
    return path.lower() if _CASELESS else path


def _same(path: str, other: str) -> bool:
    return _key(path) == _key(other)


def _is_below(path: str, top: str) -> bool:
    """``_is_within`` for normalised absolute strings."""
    return _same(path, top) or _key(path).startswith(_key(_prefix(top)))


def _below(path: str, top: str) -> str:
    """``path`` relative to ``top`` (``path`` is strictly below it), normalised strings;
    POSIX separators, as globs and .gitignore patterns are written."""
    return _posix(path[len(_prefix(top)) :])


def _prefix(top: str) -> str:
    """What every path strictly below ``top`` starts with (a root such as ``/`` ends in
    the separator already)."""
    return top if top.endswith(os.sep) else top + os.sep


def _posix(path: str) -> str:
    return path if os.sep == "/" else path.replace(os.sep, "/")


def _walk(
    root: Path,
    respect_gitignore: bool,
    unreadable: list[tuple[Path, str]],
    filter_: FileFilter | None = None,
) -> Iterator[tuple[Path, str]]:
    """The files to lint below ``root``, sorted, each with its ``os.path.realpath``.

    The walk starts from the resolved root and never enters a symlinked directory, so
    every directory it reaches is real: only a file that is itself a symlink needs
    resolving."""
    if filter_ is None:
        filter_ = FileFilter(DEFAULT_EXCLUDES, DEFAULT_INCLUDE, Path.cwd())
    ignores = _GitIgnores(root) if respect_gitignore else None
    resolved_root = root.resolve()
    top = os.fspath(resolved_root)
    found: list[tuple[list[str], str, str]] = []  # (sort key, the path below the root, the path)

    def on_error(error: OSError) -> None:
        where = Path(error.filename) if error.filename else resolved_root
        shown = root / where.relative_to(resolved_root) if _is_within(where, resolved_root) else where
        unreadable.append((shown, error.strerror or str(error)))

    def skipped(directory: str, name: str, is_dir: bool) -> bool:
        return ignores is not None and ignores.ignored(directory, name, is_dir)

    for directory, subdirs, filenames in os.walk(top, onerror=on_error):
        subdirs[:] = [
            name
            for name in sorted(subdirs)
            if not filter_.excluded_entry(directory, name) and not skipped(directory, name, True)
        ]
        for name in sorted(filenames):
            if not filter_.included_entry(directory, name) or filter_.excluded_entry(directory, name):
                continue
            if not skipped(directory, name, False):
                path = os.path.join(directory, name)
                below = _below(path, top)
                found.append((_key(below).split("/"), below, path))
    # Sorted as the Paths are (by their parts: "a/b" before "a-b"; Windows ignores case).
    for _, below, path in sorted(found):
        file = root.joinpath(*below.split("/"))
        yield file, os.path.realpath(file) if os.path.islink(path) else path
