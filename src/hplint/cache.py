"""Results of unchanged files, kept on disk between runs.

An entry is keyed by a hash of the file's bytes, its resolved path and (where it differs)
the path it was reached by, under a directory named after everything else that decides
the result: hplint's version and its code, the entries' format, the catalog's library
versions and the effective settings. A change to any of them starts a fresh
directory; an entry that cannot be read is treated as missing.

An entry holds the file's findings as its own lint gives them (HP101 with the arguments
another file's tuning may take out) and what the file tunes: the project-wide step
(``projecttuning``) runs after the cache on every run, so no entry depends on another file.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hplint import __version__
from hplint.diagnostics import (
    APPLICABILITIES, NO_TUNING, Diagnostic, Edit, Fix, Hyperparameter, Location, TuningFacts, Untuned,
)  # fmt: skip

if TYPE_CHECKING:
    from hplint.config import Settings

DEFAULT_DIRECTORY = Path(".hplint_cache")
# The layout of an entry: a change makes every older entry a miss (a fresh directory).
FORMAT = 2
ENVIRONMENT_VARIABLE = "HPLINT_CACHE_DIR"

_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by hplint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def default_directory() -> Path:
    """``$HPLINT_CACHE_DIR`` if set, else ``.hplint_cache`` in the working directory."""
    configured = os.environ.get(ENVIRONMENT_VARIABLE)
    return Path(configured) if configured else DEFAULT_DIRECTORY


def _encode(diagnostic: Diagnostic) -> list[Any]:
    d = diagnostic
    item = [d.code, d.message, d.start.row, d.start.column, d.end.row, d.end.column, d.noqa_row, d.cell]
    if d.fix is not None or d.untuned is not None:
        edits = [[e.start.row, e.start.column, e.end.row, e.end.column, e.content, e.cell] for e in d.fix.edits] if d.fix else []
        item.append([d.fix.applicability, d.fix.message, edits] if d.fix is not None else None)
    if d.untuned is not None:
        u = d.untuned
        arguments = [
            [a.name, a.value, a.start.row, a.start.column, a.end.row, a.end.column, a.noqa_row, a.silenced]
            for a in u.arguments
        ]
        item.append([u.qualname, u.owner, arguments])
    return item


def _decode(item: Sequence[Any]) -> Diagnostic:
    code, message, row, column, end_row, end_column, noqa_row, cell, *rest = item
    fix, untuned = (rest + [None, None])[:2]
    return Diagnostic(
        str(code), str(message), Location(int(row), int(column)),
        Location(int(end_row), int(end_column)),
        _optional_int(noqa_row), _optional_int(cell),
        _decode_fix(fix) if fix is not None else None,
        _decode_untuned(untuned) if untuned is not None else None,
    )  # fmt: skip


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _decode_untuned(item: Sequence[Any]) -> Untuned:
    qualname, owner, arguments = item
    return Untuned(str(qualname), str(owner), tuple(_decode_argument(argument) for argument in arguments))


def _decode_argument(item: Sequence[Any]) -> Hyperparameter:
    name, value, row, column, end_row, end_column, noqa_row, silenced = item
    return Hyperparameter(
        str(name), str(value), Location(int(row), int(column)), Location(int(end_row), int(end_column)),
        _optional_int(noqa_row), silenced is True,
    )  # fmt: skip


def _encode_tuning(tuning: TuningFacts) -> list[Any] | None:
    if not tuning:
        return None  # most files tune nothing
    return [sorted(map(list, tuning.classes)), sorted(tuning.names), sorted(tuning.whole)]


def _decode_tuning(item: Any) -> TuningFacts:
    if item is None:
        return NO_TUNING
    classes, names, whole = item
    return TuningFacts(
        frozenset((str(qualname), str(name)) for qualname, name in classes),
        frozenset(str(name) for name in names), frozenset(str(qualname) for qualname in whole),
    )  # fmt: skip


def _decode_fix(item: Sequence[Any]) -> Fix:
    applicability, message, edits = item
    found = next(a for a in APPLICABILITIES if a == applicability)  # StopIteration: corrupt
    return Fix(found, str(message), tuple(_decode_edit(edit) for edit in edits))


def _decode_edit(item: Sequence[Any]) -> Edit:
    row, column, end_row, end_column, content, cell = item
    return Edit(
        Location(int(row), int(column)), Location(int(end_row), int(end_column)), str(content),
        None if cell is None else int(cell),
    )  # fmt: skip


def code_digest() -> str:
    """A hash of hplint's own modules.

    The version alone is not enough: between releases (an editable install, a patched
    copy) a changed rule would otherwise be answered with results of the old code, and
    ``--fix`` would act on them. Reading the package's modules costs a few milliseconds.
    """
    package = os.path.dirname(__file__)
    hasher = hashlib.sha256()
    for module in _modules(package):
        with open(os.path.join(package, module), "rb") as stream:
            hasher.update(module.encode() + b"\0" + stream.read())
    return hasher.hexdigest()[:16]


def _modules(package: str) -> list[str]:
    """The ``.py`` files below ``package`` as POSIX paths relative to it, in the order of
    ``sorted(Path(package).rglob("*.py"))`` (by parts; symlinked directories not entered),
    found without a Path for each: every run with a cache asks."""
    found: list[str] = []
    for directory, _, names in os.walk(package):
        below = os.path.relpath(directory, package).replace(os.sep, "/")
        found.extend(name if below == "." else f"{below}/{name}" for name in names if name.endswith(".py"))
    return sorted(found, key=lambda module: module.split("/"))


def fingerprint(settings: Settings) -> str:
    """Everything besides a file's bytes and path that decides its findings."""
    from hplint import catalog
    from hplint.catalog import target

    # Fix options change what is done with findings, not which are found.
    quiet = replace(settings, source=None, fix=False, unsafe_fixes=False, show_fixes=False)
    # The release checked against follows from the catalog, the configured target (in the
    # settings) and the installed scikit-learn (target.effective): keyed by those, a run
    # answered from the cache need not load the catalog.
    return f"{quiet!r}\0{catalog.digest()}\0{target.installed()}"


class Cache:
    """One run's view of the cache: entries valid for one version and one set of settings."""

    def __init__(self, root: Path, fingerprint: str) -> None:
        self.root = root
        key = hashlib.sha256(f"{__version__}\0{FORMAT}\0{code_digest()}\0{fingerprint}".encode()).hexdigest()[:20]
        self.directory = root / key
        self._directory = os.fspath(self.directory)

    def _entry(self, path: Path, data: bytes) -> Path:
        return Path(self._entry_name(path, data))

    def _entry_name(self, path: Path, data: bytes, resolved: str | None = None) -> str:
        # os.path.realpath is Path.resolve without its extra stat (the bytes were just read);
        # strings, not Paths: a warm run asks this for every file.
        if resolved is None:
            resolved = os.path.realpath(path)
        # The name the file was reached by decides its per-file-ignores (they match the
        # path as given, made absolute): a symlink's entry is not its target's.
        given = os.path.abspath(path)
        named = resolved if given == resolved else f"{resolved}\0{given}"
        # The name's own bytes: a name that is not valid UTF-8 has no other encoding.
        digest = hashlib.sha256(os.fsencode(named) + b"\0" + data).hexdigest()
        return os.path.join(self._directory, digest[:2], f"{digest[2:]}.json")

    def get(
        self, path: Path, data: bytes, resolved: str | None = None
    ) -> tuple[list[Diagnostic], TuningFacts] | None:
        """The cached diagnostics for these exact bytes at this path and what the file
        tunes, or None.

        ``resolved``: ``os.path.realpath(path)`` when the caller knows it (discovery
        found it without resolving each file)."""
        try:
            # Bytes, decoded here: a text stream costs more to set up than the read.
            with open(self._entry_name(path, data, resolved), "rb") as stream:
                entry = json.loads(stream.read().decode("utf-8"))
            if not isinstance(entry, list) or len(entry) != 2:
                return None  # valid JSON, but not what put() writes: `{}` is not "no findings"
            items, tuning = entry
            if not isinstance(items, list) or not all(isinstance(item, list) for item in items):
                return None
            return [_decode(item) for item in items], _decode_tuning(tuning)
        except (OSError, ValueError, TypeError, ArithmeticError, RecursionError, StopIteration):
            # Missing, or corrupt in any way JSON allows: absurdly nested, or a position
            # of Infinity (OverflowError).
            return None

    def put(
        self, path: Path, data: bytes, diagnostics: Sequence[Diagnostic], tuning: TuningFacts = NO_TUNING
    ) -> None:
        """Store diagnostics and what the file tunes atomically; a cache that cannot be
        written is skipped."""
        import tempfile  # only runs that lint write: a run answered from the cache never does

        entry = self._entry(path, data)
        try:
            self._prepare_root()
            entry.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump([[_encode(d) for d in diagnostics], _encode_tuning(tuning)], stream)
            os.replace(temporary, entry)
        except OSError:
            return

    def _prepare_root(self) -> None:
        """Create and tag the cache directory; raise OSError (no caching) for a directory
        that holds anything but the cache's own directories: tagged, it would be ignored
        by git (``.gitignore`` says ``*``) and removed by ``hplint clean``."""
        if (self.root / "CACHEDIR.TAG").exists():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        with os.scandir(self.root) as entries:
            if not all(_is_key_directory(entry) for entry in entries):
                raise OSError(f"{self.root} holds files that are not hplint's cache")
        (self.root / "CACHEDIR.TAG").write_text(_CACHEDIR_TAG, encoding="utf-8")
        (self.root / ".gitignore").write_text("# Created by hplint.\n*\n", encoding="utf-8")


def _is_key_directory(entry: os.DirEntry[str]) -> bool:
    """Whether ``entry`` is one of the directories ``Cache`` keeps its entries in."""
    name = entry.name
    return len(name) == 20 and all(c in "0123456789abcdef" for c in name) and entry.is_dir(follow_symlinks=False)


class NotACache(Exception):
    """A directory that ``hplint clean`` was asked to remove but hplint did not make."""


def is_cache(root: Path) -> bool:
    """Whether ``root`` carries the ``CACHEDIR.TAG`` hplint writes (a file of its own)."""
    try:
        with open(root / "CACHEDIR.TAG", "rb") as stream:
            head = stream.read(len(_CACHEDIR_TAG) + 1)
    except OSError:
        return False
    # The signature (cachedir.org's) and the line saying hplint made it.
    return head.decode("utf-8", "replace").startswith(_CACHEDIR_TAG[: _CACHEDIR_TAG.index("\n# For")])


def clean(root: Path) -> bool:
    """Remove the cache directory; True if there was one, NotACache if ``root`` is a
    directory hplint's tag does not mark as its cache (a misconfigured ``--cache-dir`` or
    ``HPLINT_CACHE_DIR`` must not remove a project)."""
    import shutil

    if not root.is_dir():
        return False
    if root.is_symlink() or not is_cache(root):
        raise NotACache(root)
    shutil.rmtree(root)
    return True
