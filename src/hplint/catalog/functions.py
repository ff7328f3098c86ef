"""scikit-learn's public functions that validate their parameters (``@validate_params``).

Read from ``sklearn_functions.json.gz`` (generate_functions.py), which holds every
catalogued minor release in versioned.py's encoding: a call is checked against the
function as the target release has it (its parameters and their accepted values change
from release to release, and a function may not exist yet or any more).

A function is described as an ``Estimator`` whose constructor is the function's signature
(``kinds`` is ``{"function"}``), so that arguments bind and are checked as a
constructor's are.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from hplint.catalog import FUNCTIONS_FILE, Catalog, Estimator, Parameter, _files, _gunzip, versioned


@cache
def _data() -> dict[str, Any]:
    path = _files().joinpath(FUNCTIONS_FILE)
    if not path.is_file():
        return {"functions": {}, "aliases": {}, "releases": {}}
    data: dict[str, Any] = json.loads(_gunzip(path.read_bytes()))
    return data


def releases() -> Mapping[str, str]:
    """The releases catalogued, oldest first, with the exact version of each (``{"1.9": "1.9.1"}``)."""
    found: Mapping[str, str] = _data()["releases"]
    return found


@cache
def removed_names() -> Mapping[str, tuple[str, str | None]]:
    """Classes and functions (or import paths of them) a catalogued release had and a later
    one removed, checked in each release: name -> (the first release without it, the
    canonical name it went by when that still exists)."""
    return {name: (row[0], row[1]) for name, row in _data().get("removed", {}).items()}


def names() -> frozenset[str]:
    """Every qualified name a catalogued function goes by, in any release."""
    data = _data()
    functions = data["functions"]
    aliases = data["aliases"]
    return frozenset(k for k in (*functions, *aliases) if not k.startswith("@"))


def at(release: str) -> tuple[frozenset[str], Mapping[str, str]]:
    """The canonical names of the functions ``release`` has, and its other import paths."""
    return _at(release)


@cache
def _at(release: str) -> tuple[frozenset[str], Mapping[str, str]]:
    data = _data()
    functions = data["functions"]
    present = frozenset(
        k for k in functions if not k.startswith("@") and versioned.present(functions, k, release)
    )
    aliases: Mapping[str, str] = versioned.at(data["aliases"], release) if data["aliases"] else {}
    return present, aliases


def history(qualname: str) -> tuple[Any, frozenset[str]] | None:
    """The function's entry across every release (versioned.py's encoding) and the releases
    that have it, for any name it goes by in one; None if no release has it."""
    return _history(qualname)


@cache
def _history(qualname: str) -> tuple[Any, frozenset[str]] | None:
    canonical = None
    for release in reversed(list(releases())):  # the newest name it goes by
        present, aliases = _at(release)
        canonical = qualname if qualname in present else aliases.get(qualname)
        if canonical is not None:
            break
    if canonical is None:
        return None
    return _data()["functions"][canonical], frozenset(r for r in releases() if canonical in _at(r)[0])


def lookup(catalog: Catalog, qualname: str) -> Estimator | None:
    """The function ``qualname`` names, as the catalog's release has it (None when that
    release does not have it, or is not catalogued)."""
    release = catalog.release
    if release is None or release not in releases():
        return None
    present, aliases = _at(release)
    canonical = qualname if qualname in present else aliases.get(qualname)
    return None if canonical is None else _build(canonical, release)


@cache
def _build(canonical: str, release: str) -> Estimator:
    entry = versioned.at(_data()["functions"][canonical], release)
    parameters = {
        p["name"]: Parameter(
            name=p["name"],
            keyword_only=p["keyword_only"],
            has_default=not p.get("required", False),
            default=None,
            default_repr=None,
            role="setting",
            constraints=None if p["constraints"] is None else tuple(p["constraints"]),
        )
        for p in entry["parameters"]
    }
    return Estimator(
        qualname=canonical,
        parameters=parameters,
        var_positional=entry["var_positional"],
        var_keyword=entry["var_keyword"],
        learned_attributes=frozenset(),
        methods=frozenset(),
        fitted_methods=frozenset(),
        kinds=frozenset({"function"}),
        requires_fit=False,
    )
