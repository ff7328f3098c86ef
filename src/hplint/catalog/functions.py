"""scikit-learn's public functions that validate their parameters (``@validate_params``).

Read from ``sklearn_functions.json.gz`` (generate_functions.py), which holds one release:
a function is known only when the catalog answers for that release, since its parameters
and accepted values change from release to release.

A function is described as an ``Estimator`` whose constructor is the function's signature
(``kinds`` is ``{"function"}``), so that arguments bind and are checked as a
constructor's are.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from hplint.catalog import FUNCTIONS_FILE, Catalog, Estimator, Parameter, _files, _gunzip


@cache
def _data() -> dict[str, Any]:
    path = _files().joinpath(FUNCTIONS_FILE)
    if not path.is_file():
        return {"functions": {}, "aliases": {}, "release": None}
    data: dict[str, Any] = json.loads(_gunzip(path.read_bytes()))
    return data


def release() -> str | None:
    """The release the functions were catalogued from (``"1.9"``)."""
    found: str | None = _data()["release"]
    return found


def names() -> frozenset[str]:
    """Every qualified name a catalogued function goes by."""
    data = _data()
    return frozenset(data["functions"]).union(data["aliases"])


def lookup(catalog: Catalog, qualname: str) -> Estimator | None:
    """The function ``qualname`` names, if catalogued for the catalog's release."""
    data = _data()
    if catalog.release is None or catalog.release != data["release"]:
        return None
    canonical = qualname if qualname in data["functions"] else data["aliases"].get(qualname)
    return None if canonical is None else _build(canonical)


@cache
def _build(canonical: str) -> Estimator:
    entry = _data()["functions"][canonical]
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
