"""Build the catalogs of the estimator libraries users pair with scikit-learn.

One data file per library (``xgboost.json.gz``, ``lightgbm.json.gz``, ``imblearn.json.gz``,
``catboost.json.gz``), in the entry schema of ``sklearn.json.gz`` and introspected the same
way (``generate.py``'s helpers), from the libraries installed next to scikit-learn:

    python -m hplint.catalog.libraries            # rewrite every library's file
    python -m hplint.catalog.libraries --check    # exit 1 if one is stale
    python -m hplint.catalog.libraries xgboost    # only these libraries

None of these libraries is a dependency of hplint; ``scripts/generate-library-catalogs``
makes the throwaway virtualenv this runs in. Linting never imports this module.
"""

from __future__ import annotations

import contextlib
import gzip
import importlib
import inspect
import json
import os
import pkgutil
import sys
import tempfile
import types
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hplint.catalog import LIBRARY_FILES
from hplint.catalog import generate as sk


@dataclass(frozen=True)
class Library:
    """A library to catalog: its import name, distribution and factory functions."""

    root: str
    distribution: str
    # Functions that build a catalogued class (``imblearn.pipeline.make_pipeline``).
    factories: Mapping[str, str]


LIBRARIES: Mapping[str, Library] = {
    "xgboost": Library("xgboost", "xgboost", {}),
    "lightgbm": Library("lightgbm", "lightgbm", {}),
    "imblearn": Library(
        "imblearn",
        "imbalanced-learn",
        {"imblearn.pipeline.make_pipeline": "imblearn.pipeline.Pipeline"},
    ),
    "catboost": Library("catboost", "catboost", {}),
}
assert set(LIBRARIES) == set(LIBRARY_FILES)


# Test helpers (``xgboost.testing`` imports pytest and hypothesis) besides scikit-learn's
# skipped parts: what they import must not decide what the catalog holds.
_SKIPPED_MODULE_PARTS = sk._SKIPPED_MODULE_PARTS | {"testing"}


def data_path(root: str) -> Path:
    return Path(__file__).with_name(LIBRARY_FILES[root])


def _walk(root: str) -> dict[str, types.ModuleType]:
    """Every importable module of the library, skipping tests and optional integrations
    whose dependencies (dask, pyspark, keras ...) are not installed."""
    package = importlib.import_module(root)
    modules: dict[str, types.ModuleType] = {root: package}
    names = sorted(
        info.name
        for info in pkgutil.walk_packages(package.__path__, f"{root}.", onerror=lambda _: None)
        if not _SKIPPED_MODULE_PARTS & set(info.name.split("."))
    )
    for name in names:
        try:
            with sk._quiet():
                modules[name] = importlib.import_module(name)
        except Exception:  # noqa: BLE001 - an optional dependency is missing
            continue
    return modules


def _is_estimator(value: Any, root: str) -> bool:
    """A public, concrete class of the library with scikit-learn's estimator interface."""
    return (
        isinstance(value, type)
        and value.__module__.partition(".")[0] == root
        and not value.__name__.startswith("_")
        and not inspect.isabstract(value)
        and all(callable(getattr(value, m, None)) for m in ("fit", "get_params", "set_params"))
        and not _SKIPPED_MODULE_PARTS & set(value.__module__.split("."))
    )


def _classes(root: str, modules: Mapping[str, types.ModuleType]) -> list[type]:
    found = {
        value
        for modname, module in modules.items()
        if sk._is_public(modname)
        for attr, value in vars(module).items()
        if not attr.startswith("_") and _is_estimator(value, root)
    }
    return sorted(found, key=lambda c: (c.__module__, c.__qualname__))


def _signature(cls: type, root: str) -> inspect.Signature:
    """The constructor's parameters, including those it passes on through ``**kwargs``.

    ``XGBClassifier(*, objective, **kwargs)`` hands every other parameter to
    ``XGBModel.__init__``, and ``get_params`` reports them: they are the class's parameters,
    keyword-only here. ``**kwargs`` stays, so unknown keywords are still accepted (and
    HP401 stays silent on them).
    """
    own = inspect.signature(cls.__init__)  # type: ignore[misc]
    params = list(own.parameters.values())
    var_keyword = [p for p in params if p.kind is p.VAR_KEYWORD]
    if not var_keyword:
        return own
    params = [p for p in params if p.kind is not p.VAR_KEYWORD]
    seen = {p.name for p in params}
    for base in cls.__mro__[1:]:
        init = vars(base).get("__init__")
        if init is None or base.__module__.partition(".")[0] != root:
            continue
        for p in list(inspect.signature(init).parameters.values())[1:]:
            if p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL) or p.name in seen:
                continue
            seen.add(p.name)
            params.append(p.replace(kind=p.KEYWORD_ONLY))
    return own.replace(parameters=[*params, *var_keyword])


def _entry(cls: type, root: str) -> dict[str, Any]:
    entry = sk._entry(cls, _signature(cls, root))
    # XGBoost, LightGBM and CatBoost document what fit learns as properties (not in a
    # numpydoc Attributes section): those an unfitted instance cannot answer are learned.
    unfitted = entry.get("unfitted_attributes")
    if unfitted is not None:
        learned = set(entry["learned_attributes"])
        learned |= set(entry["properties"]) - set(unfitted)
        entry["learned_attributes"] = sorted(learned)
    # CatBoost does not use scikit-learn's mixins but declares the same estimator type.
    estimator_type = getattr(cls, "_estimator_type", None)
    if estimator_type in ("classifier", "regressor") and estimator_type not in entry["kinds"]:
        entry["kinds"] = sorted({*entry["kinds"], estimator_type})
    return entry


@contextlib.contextmanager
def _scratch_directory() -> Iterator[None]:
    """Probing runs in a temporary directory: CatBoost writes ``catboost_info/`` there."""
    before = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="hplint-catalog-") as scratch:
        os.chdir(scratch)
        try:
            yield
        finally:
            os.chdir(before)


def generate(library: Library) -> dict[str, Any]:
    """The catalog data for one installed library."""
    with _scratch_directory():
        modules = _walk(library.root)
        classes = _classes(library.root, modules)
        paths = sk._import_paths(classes, modules)
        estimators: dict[str, Any] = {}
        aliases: dict[str, str] = {}
        for cls in classes:
            canonical = sk._canonical(cls, paths[cls])
            if canonical in estimators:
                continue
            estimators[canonical] = _entry(cls, library.root)
            for path in paths[cls]:
                if path != canonical:
                    aliases[path] = canonical
    for qualname, built in library.factories.items():
        modname, _, attr = qualname.rpartition(".")
        getattr(modules[modname], attr)  # fails loudly when the library renames one
        assert built in estimators, built
    import sklearn

    return {
        "format": sk.FORMAT,
        "libraries": {
            # The module's own version: xgboost is also distributed as xgboost-cpu.
            library.distribution: modules[library.root].__version__,
            # The helpers above introspect through scikit-learn (mixins, tags, numpydoc).
            "scikit-learn": sklearn.__version__,
        },
        "estimators": estimators,
        "aliases": aliases,
        "modules": sorted(modules),
        "cloning_functions": {},
        "factories": dict(library.factories),
        **({"native": NATIVE[library.root]()} if library.root in NATIVE else {}),
    }


# -- native parameters -----------------------------------------------------------------
# XGBoost's and LightGBM's estimators take ``**kwargs`` and hand them to the booster: the
# booster's own parameter names (and their aliases) are valid keywords there, and anything
# else is ignored with a warning at fit time. Both lists come from the libraries.


def _lightgbm_native() -> dict[str, Any]:
    """LightGBM's parameter list and alias table, as its C library reports them."""
    from lightgbm.basic import _ConfigAliases

    table = _ConfigAliases._get_all_param_aliases()
    aliases = {alias: main for main, names in table.items() for alias in names if alias != main}
    return {"parameters": sorted(table), "aliases": dict(sorted(aliases.items()))}


# Objectives and boosters whose parameters only appear in the configuration when chosen.
_XGBOOST_OBJECTIVES = (
    "reg:squarederror", "reg:tweedie", "reg:quantileerror", "reg:pseudohubererror", "reg:gamma",
    "reg:absoluteerror", "count:poisson", "binary:logistic", "multi:softprob", "rank:ndcg",
    "survival:aft", "survival:cox",
)  # fmt: skip
_XGBOOST_BOOSTERS = ("gbtree", "gblinear", "dart")
_XGBOOST_REQUIRED: Mapping[str, Mapping[str, Any]] = {
    "multi:softprob": {"num_class": 2},
    "reg:quantileerror": {"quantile_alpha": 0.5},
}


def _xgboost_native() -> dict[str, Any]:
    """XGBoost's parameters: every key of a trained booster's configuration, over its
    objectives and boosters; aliases are the keys that take a value set through another."""
    import numpy as np
    import xgboost

    rows = np.random.default_rng(0).random((24, 3))
    labels = (rows[:, 0] > 0.5).astype(float)

    def config(params: Mapping[str, Any]) -> dict[tuple[str, ...], Any]:
        data = xgboost.DMatrix(rows, labels)
        params = {**_XGBOOST_REQUIRED.get(str(params.get("objective")), {}), **params}
        if str(params.get("objective", "")).startswith("survival:aft"):
            data.set_float_info("label_lower_bound", labels + 1)
            data.set_float_info("label_upper_bound", labels + 2)
        elif params.get("objective") in ("survival:cox", "count:poisson", "reg:gamma", "reg:tweedie"):
            data = xgboost.DMatrix(rows, labels + 1)
        booster = xgboost.train({"verbosity": 0, **params}, data, 1)
        return dict(_leaves(json.loads(booster.save_config())))

    keys: set[str] = set()
    for objective in _XGBOOST_OBJECTIVES:
        for name in _XGBOOST_BOOSTERS:
            keys.update(path[-1] for path in config({"objective": objective, "booster": name}))
    base = config({})
    moves: set[tuple[str, str]] = set()
    for path, value in base.items():
        if not _number(value):
            continue
        probe = 0.123 if "." in str(value) else 7
        try:
            changed = config({path[-1]: probe})
        except xgboost.core.XGBoostError:
            continue  # a value this parameter refuses: no alias to see
        moves.update(
            (path[-1], p[-1]) for p, v in changed.items()
            if p != path and v != base.get(p) and _number(v) and abs(float(v) - probe) < 1e-6
        )
    aliases: dict[str, str] = {}
    for name, other in moves:
        # Setting either sets the other: one parameter under two names (``eta`` and
        # ``learning_rate``); a one-way move is a derived value, not an alias.
        if (other, name) in moves and name > other:
            aliases[name] = other
    return {"parameters": sorted(keys), "aliases": dict(sorted(aliases.items()))}


def _leaves(tree: Mapping[str, Any], path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    for key, value in tree.items():
        if isinstance(value, dict):
            yield from _leaves(value, (*path, key))
        else:
            yield (*path, key), value


def _number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


NATIVE: Mapping[str, Callable[[], dict[str, Any]]] = {
    "xgboost": _xgboost_native,
    "lightgbm": _lightgbm_native,
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    wanted = [a for a in args if not a.startswith("-")] or list(LIBRARIES)
    unknown = [w for w in wanted if w not in LIBRARIES]
    if unknown:
        print(f"unknown library {unknown[0]!r}; known: {', '.join(LIBRARIES)}", file=sys.stderr)
        return 2
    status = 0
    for root in wanted:
        path = data_path(root)
        data = generate(LIBRARIES[root])
        payload = sk.serialize(data)
        if not check:
            path.write_bytes(payload)
            print(f"wrote {path} ({len(data['estimators'])} estimators, {len(payload)} bytes)")
        elif path.exists() and path.read_bytes() == payload:
            print(f"{path.name} is up to date")
        else:
            status = 1
            old = json.loads(gzip.decompress(path.read_bytes())) if path.exists() else {}
            print(f"{path.name} is stale; run `python -m hplint.catalog.libraries {root}`:")
            for line in sk._summary(old, data):
                print(f"  {line}")
    return status


if __name__ == "__main__":
    sys.exit(main())
