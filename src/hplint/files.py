"""Which files a run lints: the paths given, minus ignored and excluded ones."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

# Directories no one wants linted (ruff's defaults, less the ones for other languages).
DEFAULT_EXCLUDES = frozenset(
    {
        ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".hplint_cache",
        ".ipynb_checkpoints", ".mypy_cache", ".nox", ".pants.d", ".pytype", ".ruff_cache",
        ".svn", ".tox", ".venv", "__pypackages__", "__pycache__", "_build", "buck-out",
        "build", "dist", "node_modules", "site-packages", "venv",
    }
)  # fmt: skip

PYTHON_SUFFIXES = (".py", ".pyi")


@dataclass
class Discovery:
    """The files to lint, paths asked for that do not exist, directories not readable."""

    files: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    unreadable: list[tuple[Path, str]] = field(default_factory=list)


def discover(paths: Sequence[Path], respect_gitignore: bool = True) -> Discovery:
    """Expand ``paths`` into the files to lint, sorted and without duplicates.

    A file named explicitly is always linted, whatever its name; a directory is searched
    for Python files, skipping the default excludes and what ``.gitignore`` ignores.
    """
    found = Discovery()
    seen: set[Path] = set()
    for path in paths:
        if path.is_file() or (path.exists() and not path.is_dir()):
            _add(found.files, seen, path)
        elif path.is_dir():
            for file in _walk(path, respect_gitignore, found.unreadable):
                _add(found.files, seen, file)
        else:
            found.missing.append(path)
    return found


def _add(files: list[Path], seen: set[Path], path: Path) -> None:
    key = path.resolve()
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
    root: Path, respect_gitignore: bool, unreadable: list[tuple[Path, str]]
) -> Iterator[Path]:
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
            if name in DEFAULT_EXCLUDES:
                continue
            if ignores is not None and ignores.ignored(here / name, is_dir=True):
                continue
            kept.append(name)
        subdirs[:] = kept
        for name in sorted(filenames):
            if not name.endswith(PYTHON_SUFFIXES):
                continue
            file = here / name
            if ignores is not None and ignores.ignored(file, is_dir=False):
                continue
            found.append(root / file.relative_to(resolved_root))
    yield from sorted(found)
