"""Build the catalog of scikit-learn's public functions that validate their parameters.

``python -m hplint.catalog.generate_functions`` regenerates the installed release's slice
of ``sklearn_functions.json.gz``; ``--check`` verifies it. A function is catalogued when
it declares its constraints through ``@validate_params`` (the decorator leaves them on the
function as ``_skl_parameter_constraints``): ``train_test_split``, ``cross_val_score``,
``f1_score``, ``make_classification``... The file holds every minor release from 1.2 on,
merged as the estimators' catalog is (versioned.py); ``python -m hplint.catalog.releases``
builds them all, each in a virtualenv of its own.

Like generate.py, this module imports scikit-learn; linting never runs it.
"""

from __future__ import annotations

import gzip
import inspect
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hplint.catalog import FUNCTIONS_FILE, generate, versioned

DATA_PATH = Path(__file__).with_name(FUNCTIONS_FILE)
FORMAT = 2


def _functions(modules: Mapping[str, Any]) -> dict[str, list[str]]:
    """Each validated public function's import paths, by its defining qualname."""
    found: dict[str, tuple[Any, list[str]]] = {}
    for modname, module in modules.items():
        if not generate._is_public(modname):
            continue
        for attr, value in vars(module).items():
            if attr.startswith("_") or not inspect.isfunction(value):
                continue
            if not isinstance(getattr(value, "_skl_parameter_constraints", None), dict):
                continue
            if not value.__module__.startswith("sklearn."):
                continue
            key = f"{value.__module__}.{value.__qualname__}"
            found.setdefault(key, (value, []))[1].append(f"{modname}.{attr}")
    return {key: paths for key, (_, paths) in found.items()}


def _entry(function: Any) -> dict[str, Any]:
    declared = function._skl_parameter_constraints
    parameters = []
    named, var_positional, var_keyword = generate.named_parameters(
        list(inspect.signature(function).parameters.values())
    )
    for p in named:
        constraints = declared.get(p.name)
        encoded = (
            None if constraints is None or constraints == "no_validation"
            else generate.encode_declared(constraints)
        )
        entry: dict[str, Any] = {
            "name": p.name,
            "keyword_only": p.kind is p.KEYWORD_ONLY,
            "positional_only": p.kind is p.POSITIONAL_ONLY,
            "constraints": encoded,
        }
        if p.default is p.empty:
            entry["required"] = True
        parameters.append(entry)
    # Deprecated parameters and values, from the docstring's notes as for the estimators.
    generate._add_deprecations(function, parameters)
    return {"parameters": parameters, "var_positional": var_positional, "var_keyword": var_keyword}


def generate_functions() -> dict[str, Any]:
    sklearn = generate._import_sklearn()
    modules = generate._walk_modules()
    functions: dict[str, Any] = {}
    aliases: dict[str, str] = {}
    for paths in _functions(modules).values():
        canonical = min(paths, key=lambda p: (p.count("."), len(p), p))
        module, _, name = canonical.rpartition(".")
        functions[canonical] = _entry(getattr(modules[module], name))
        aliases.update({p: canonical for p in paths if p != canonical})
    version = sklearn.__version__
    return {
        "format": FORMAT,
        "release": versioned.minor(version),
        "version": version,
        "functions": functions,
        "aliases": aliases,
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    data = generate_functions()
    release = data["release"]
    committed = json.loads(gzip.decompress(DATA_PATH.read_bytes())) if DATA_PATH.exists() else {}
    releases = committed.get("releases", {}) if committed.get("format") == FORMAT else {}
    if "--check" in args:
        current = release in releases and versioned.functions_at(committed, release) == data
        print(f"{DATA_PATH.name} is {'up to date' if current else 'stale'} for scikit-learn {release}")
        return 0 if current else 1
    catalogs = {r: versioned.functions_at(committed, r) for r in releases}
    catalogs[release] = data
    write(catalogs, committed.get("removed", {}))
    return 0


def write(catalogs: Mapping[str, Mapping[str, Any]], removed: Mapping[str, Any]) -> None:
    """Merge the releases' function catalogs into the committed file, with the names of
    classes and functions the releases removed (releases.removed_names)."""
    merged = {**versioned.merge_functions(catalogs), "removed": dict(removed)}
    for release, data in catalogs.items():  # the merge must give each one back exactly
        assert versioned.functions_at(merged, release) == data, release
    payload = generate.serialize(merged)
    DATA_PATH.write_bytes(payload)
    print(f"wrote {DATA_PATH} ({', '.join(merged['releases'].values())}; {len(payload)} bytes)")


if __name__ == "__main__":
    sys.exit(main())
