"""The scikit-learn release a project asks for, read from its own files.

When ``target-sklearn-version`` is not set, hplint checks code against the lowest release
the project's scikit-learn requirement allows, as ruff infers ``target-version`` from
``requires-python``: from the nearest ``pyproject.toml``'s ``[project]`` dependencies and
optional dependencies, else from the ``requirements*.txt`` files beside it.

``packaging`` is not among the packages hplint needs at runtime (LibCST, click, pathspec),
so requirements are read here, for the cases a project writes: PEP 508 names (any case,
``-``/``_``/``.``), extras, environment markers (ignored: every environment counts),
``==``, ``!=`` (with ``.*``), ``<``, ``<=``, ``>``, ``>=``, ``~=`` and ``===``, and
parenthesised specifiers. Pre-, post- and dev-release suffixes are read as their release
(``1.3.0rc1`` as ``1.3.0``). A requirement that is a URL (``scikit-learn @ https://...``)
or that this reading does not understand says nothing: the installed release decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_NAME = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(.*)", re.S)
_CLAUSE = re.compile(r"\s*(~=|===|==|!=|<=|>=|<|>)\s*([0-9][0-9A-Za-z.*+!-]*)\s*")
_RELEASE = re.compile(r"(?:[0-9]+!)?([0-9]+(?:\.[0-9]+)*)(\.\*)?")

# Minor releases tried, oldest first: every one scikit-learn has had and may soon have.
_MINORS = [(major, minor) for major in (0, 1, 2) for minor in range(0, 40)]
_PATCHES = range(0, 20)


@dataclass(frozen=True)
class Requirement:
    text: str  # as written, for messages
    where: str  # "pyproject.toml's [project] dependencies", "requirements.txt"
    clauses: tuple[tuple[str, str], ...]  # (operator, version)


def scikit_learn_requirements(directory: Path) -> tuple[Path | None, list[Requirement]]:
    """The project's scikit-learn requirements: the nearest ``pyproject.toml`` at or above
    ``directory`` and, when it names none, the ``requirements*.txt`` beside it (beside
    ``directory`` when there is no ``pyproject.toml``)."""
    pyproject = nearest_pyproject(directory)
    found = list(_from_pyproject(pyproject)) if pyproject is not None else []
    if not found:
        beside = pyproject.parent if pyproject is not None else directory
        for path in sorted(beside.glob("requirements*.txt")):
            found.extend(_from_requirements(path))
    return pyproject, found


def nearest_pyproject(directory: Path) -> Path | None:
    """The ``pyproject.toml`` in ``directory`` or the nearest directory above it."""
    return next((d / "pyproject.toml" for d in (directory, *directory.parents) if (d / "pyproject.toml").is_file()), None)


def lowest_release(requirements: list[Requirement]) -> tuple[str, Requirement] | None:
    """The lowest minor release (``"1.2"``) that one of the requirements allows, with that
    requirement; None when none allows any release."""
    best: tuple[tuple[int, int], Requirement] | None = None
    for requirement in requirements:
        if not requirement.clauses:
            continue  # `scikit-learn` alone: any release, which says nothing
        for candidate in _MINORS:
            if any(_allows(requirement.clauses, (*candidate, patch)) for patch in _PATCHES):
                if best is None or candidate < best[0]:
                    best = (candidate, requirement)
                break
    if best is None:
        return None
    (major, minor), requirement = best
    return f"{major}.{minor}", requirement


def infer(directory: Path) -> tuple[str, str] | None:
    """The release the project at ``directory`` asks for, and why; None when it says none."""
    _, requirements = scikit_learn_requirements(directory)
    found = lowest_release(requirements)
    if found is None:
        return None
    release, requirement = found
    return release, f"the lowest release `{requirement.text}` allows ({requirement.where})"


# --------------------------------------------------------------------------- reading


def _from_pyproject(path: Path) -> Iterator[Requirement]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    if not re.search(r"scikit[-_.]learn", text, re.I):
        return  # most projects' pyproject.toml: no need to parse it
    from hplint.config import _toml

    tomllib = _toml()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    project: Any = data.get("project")
    if not isinstance(project, dict):
        return
    where = f"{path.name}'s [project] dependencies"
    for entry in project.get("dependencies") or ():
        yield from _parsed(entry, where)
    optional = project.get("optional-dependencies")
    if isinstance(optional, dict):
        for extra, entries in optional.items():
            for entry in entries if isinstance(entries, list) else ():
                yield from _parsed(entry, f"{path.name}'s optional dependencies `{extra}`")


def _from_requirements(path: Path) -> Iterator[Requirement]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return
    for line in lines:
        line = re.sub(r"(^|\s)#.*", "", line).strip()
        if line and not line.startswith("-"):  # -r, -c, -e, --index-url ...
            yield from _parsed(line, path.name)


def _parsed(entry: object, where: str) -> Iterator[Requirement]:
    """``entry`` as a scikit-learn requirement, if it is one this module understands."""
    if not isinstance(entry, str):
        return
    match = _NAME.fullmatch(entry)
    if match is None or re.sub(r"[-_.]+", "-", match.group(1)).lower() != "scikit-learn":
        return
    spec = match.group(2).split(";", 1)[0].strip()
    if spec.startswith("@"):
        return  # a URL: no version to read
    if spec.startswith("(") and spec.endswith(")"):
        spec = spec[1:-1]
    clauses = []
    for part in spec.split(",") if spec.strip() else ():
        clause = _CLAUSE.fullmatch(part)
        if clause is None:
            return
        clauses.append((clause.group(1), clause.group(2)))
    yield Requirement(entry.strip(), where, tuple(clauses))


# --------------------------------------------------------------------------- comparing


def _release(text: str) -> tuple[tuple[int, ...], bool] | None:
    """A version's release numbers and whether it ends in ``.*``."""
    match = _RELEASE.match(text)
    if match is None:
        return None
    return tuple(int(part) for part in match.group(1).split(".")), match.group(2) is not None


def _allows(clauses: tuple[tuple[str, str], ...], version: tuple[int, int, int]) -> bool:
    return all(_clause_allows(op, text, version) for op, text in clauses)


def _clause_allows(op: str, text: str, version: tuple[int, ...]) -> bool:
    parsed = _release(text)
    if parsed is None:
        return False
    bound, wildcard = parsed
    if wildcard or op == "~=":
        prefix = bound if wildcard else bound[:-1]
        matches = version[: len(prefix)] == prefix
        if op in ("==", "==="):
            return matches
        if op == "!=":
            return not matches
        if op == "~=":
            return matches and _cmp(version, bound) >= 0
        return False  # `>=1.2.*` is not a valid specifier
    order = _cmp(version, bound)
    return {
        "==": order == 0, "===": order == 0, "!=": order != 0,
        "<": order < 0, "<=": order <= 0, ">": order > 0, ">=": order >= 0,
    }[op]  # fmt: skip


def _cmp(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    width = max(len(a), len(b))
    padded_a, padded_b = a + (0,) * (width - len(a)), b + (0,) * (width - len(b))
    return (padded_a > padded_b) - (padded_a < padded_b)
