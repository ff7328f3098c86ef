"""Build the catalog from the installed scikit-learn.

Run ``python -m hplint.catalog.generate`` to rewrite ``sklearn.json.gz`` and
``python -m hplint.catalog.generate --check`` to verify that the committed file matches
(exit 1 with a short summary of the differences when it does not).

This is the only hplint module that imports scikit-learn; linting never runs it.
"""

from __future__ import annotations

import ast
import contextlib
import gzip
import importlib
import inspect
import io
import json
import math
import pkgutil
import re
import sys
import textwrap
import types
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from hplint.catalog import DATA_FILE, versioned
from hplint.catalog.roles import role_for

FORMAT = 2
DATA_PATH = Path(__file__).with_name(DATA_FILE)

# Sub-packages that are not part of the user-facing API: tests, vendored code, build
# helpers, and test-support modules (which import pytest, so their presence would make
# the catalog depend on whether pytest is installed).
_SKIPPED_MODULE_PARTS = frozenset(
    {"tests", "externals", "_build_utils", "conftest", "_testing", "_test_common"}
)

# Builtin types a Python literal can have; instance constraints record which of them
# are accepted so that constraints.py decides without importing anything.
_LITERAL_TYPES: tuple[type, ...] = (
    bool, int, float, complex, str, bytes, type(None), tuple, list, dict, set, frozenset,
)

# Parameter names that mark a meta-estimator (one that wraps other estimators).
_META_PARAMETERS = frozenset(
    {"estimator", "estimators", "steps", "transformers", "transformer_list", "base_estimator"}
)

# Methods never probed for fit state: they fit, configure or introspect.
_NOT_PROBED_PREFIXES = ("fit", "partial_fit", "set_", "get_params", "get_metadata_routing")

# Used when a class cannot be instantiated or a probe fails for another reason than
# NotFittedError (bad toy data, a method switched off by a constructor argument): these
# methods read what fit learned on every scikit-learn estimator that has them.
# get_feature_names_out is left out: stateless transformers answer it unfitted.
_FITTED_FALLBACK = frozenset(
    {
        "predict", "predict_proba", "predict_log_proba", "predict_joint_log_proba",
        "decision_function", "score", "score_samples", "apply", "decision_path",
        "staged_predict", "staged_predict_proba", "staged_decision_function",
        "staged_score", "kneighbors", "kneighbors_graph", "radius_neighbors",
        "radius_neighbors_graph", "inverse_transform", "sample", "mahalanobis",
        "densify", "sparsify", "transform", "get_covariance", "get_precision",
        "error_norm", "predict_quantiles",
    }
)


# An AttributeError about a missing learned attribute (``'OPTICS' object has no attribute
# 'reachability_'``), as opposed to a method switched off by ``available_if``.
_MISSING_LEARNED = re.compile(r"has no attribute '[A-Za-z]\w*_'")


# --------------------------------------------------------------------------- discovery


def _import_sklearn() -> types.ModuleType:
    import sklearn
    from sklearn.experimental import (  # noqa: F401
        enable_halving_search_cv,
        enable_iterative_imputer,
    )

    module: types.ModuleType = sklearn
    return module


def _walk_modules() -> dict[str, types.ModuleType]:
    """Every importable sklearn module by name, skipping test and vendored code."""
    sklearn = _import_sklearn()
    modules: dict[str, types.ModuleType] = {"sklearn": sklearn}
    names = sorted(
        info.name
        for info in pkgutil.walk_packages(sklearn.__path__, "sklearn.", onerror=lambda _: None)
        if not _SKIPPED_MODULE_PARTS & set(info.name.split("."))
    )
    for name in names:
        try:
            with _quiet():
                modules[name] = importlib.import_module(name)
        except Exception:  # noqa: BLE001 - optional deps, deprecated shims: not importable
            continue
    return modules


def _is_public(path: str) -> bool:
    return not any(part.startswith("_") for part in path.split("."))


def _catalogued_classes(modules: Mapping[str, types.ModuleType]) -> list[type]:
    from sklearn.base import BaseEstimator
    from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
    from sklearn.model_selection import (
        GridSearchCV,
        HalvingGridSearchCV,
        HalvingRandomSearchCV,
        RandomizedSearchCV,
    )
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.utils import all_estimators

    with _quiet():
        found: set[type] = {cls for _, cls in all_estimators()}
    found |= {
        Pipeline, FeatureUnion, ColumnTransformer, TransformedTargetRegressor,
        GridSearchCV, RandomizedSearchCV, HalvingGridSearchCV, HalvingRandomSearchCV,
    }
    # Other public estimators: a public name in a public module, concrete.
    for modname, module in modules.items():
        if not _is_public(modname):
            continue
        for attr, value in vars(module).items():
            if (
                isinstance(value, type)
                and issubclass(value, BaseEstimator)
                and value is not BaseEstimator
                and not attr.startswith("_")
                and not value.__name__.startswith("_")
                and not inspect.isabstract(value)
                and value.__module__.startswith("sklearn.")
                and not _SKIPPED_MODULE_PARTS & set(value.__module__.split("."))
            ):
                found.add(value)
    return sorted(found, key=lambda c: (c.__module__, c.__qualname__))


def _import_paths(
    classes: Iterable[type], modules: Mapping[str, types.ModuleType]
) -> dict[type, list[str]]:
    """Every ``module.attr`` path that yields each class."""
    wanted = {id(cls): cls for cls in classes}
    paths: dict[type, list[str]] = {cls: [] for cls in wanted.values()}
    for modname, module in modules.items():
        for attr, value in vars(module).items():
            cls = wanted.get(id(value))
            if cls is not None and cls is value:
                paths[cls].append(f"{modname}.{attr}")
    return paths


def _canonical(cls: type, paths: list[str]) -> str:
    """The shortest public path, preferring the package that defines the class.

    ``LabelEncoder`` is also importable from ``sklearn.calibration``, which merely uses it;
    its home is ``sklearn.preprocessing`` because it is defined in ``sklearn.preprocessing._label``.
    """
    public = [p for p in paths if _is_public(p)]
    candidates = public or paths or [f"{cls.__module__}.{cls.__qualname__}"]

    def key(path: str) -> tuple[bool, int, int, str]:
        home = not cls.__module__.startswith(path.rpartition(".")[0] + ".")
        return (home, path.count("."), len(path), path)

    return min(candidates, key=key)


# --------------------------------------------------------------------------- values


def _qualname(obj: Any) -> str:
    module = getattr(obj, "__module__", None) or "builtins"
    return f"{module}.{getattr(obj, '__qualname__', getattr(obj, '__name__', repr(obj)))}"


def _json_value(value: Any) -> tuple[bool, Any]:
    """(True, value) when ``value`` is a plain JSON value (tuples become lists)."""
    if value is None or isinstance(value, (bool, str)):
        return True, value
    if type(value).__module__ == "numpy" and hasattr(value, "item") and not isinstance(value, type):
        try:
            value = value.item()
        except Exception:  # noqa: BLE001 - not a scalar
            return False, None
        if not isinstance(value, (bool, int, float, str)):
            return False, None
    if isinstance(value, bool):
        return True, value
    if isinstance(value, int):
        return True, int(value)
    if isinstance(value, float):
        return (True, float(value)) if math.isfinite(value) else (False, None)
    if isinstance(value, (list, tuple)):
        items = [_json_value(v) for v in value]
        if all(ok for ok, _ in items):
            return True, [v for _, v in items]
    return False, None


def _short_repr(value: Any) -> str:
    """A deterministic, address-free repr of a default that JSON cannot hold."""
    if isinstance(value, float):
        return repr(value)  # nan, inf, -inf
    if isinstance(value, type) or inspect.isroutine(value):
        return _qualname(value)
    text = repr(value)
    if " at 0x" in text:
        return f"<{_qualname(type(value))} instance>"
    return text if len(text) <= 120 else text[:117] + "..."


def _encode_option(value: Any) -> Any:
    ok, encoded = _json_value(value)
    if ok:
        return encoded
    if isinstance(value, float):
        return {"float": repr(value)}
    return {"repr": _short_repr(value)}


def _option_sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _literal_instances(of: type) -> list[str]:
    """Names of the literal types whose values are instances of ``of``."""
    out = []
    for literal in _LITERAL_TYPES:
        try:
            if issubclass(literal, of):
                out.append(literal.__name__)
        except TypeError:
            return []
    return out


# --------------------------------------------------------------------------- constraints


def _encode_constraint(constraint: Any) -> dict[str, Any]:
    """The declarative form of one entry of ``_parameter_constraints`` (see constraints.py)."""
    from numbers import Integral, Real

    from sklearn.utils import _param_validation as pv

    if isinstance(constraint, pv.Hidden):
        return {"type": "hidden", "constraint": _encode_constraint(constraint.constraint)}
    if constraint is None:
        return {"type": "none"}
    if constraint is callable:
        return {"type": "callable"}
    if isinstance(constraint, str):
        if constraint in {"array-like", "sparse matrix", "random_state", "boolean",
                          "verbose", "cv_object", "nan"}:
            return {"type": constraint}
        return {"type": "unknown", "repr": repr(constraint)}
    if isinstance(constraint, float) and math.isnan(constraint):
        return {"type": "nan"}
    if isinstance(constraint, type):
        return {"type": "instance", "of": _qualname(constraint),
                "literals": _literal_instances(constraint)}
    if isinstance(constraint, pv.Interval):
        # 1.2 names the type with a string; RealNotInt is new in 1.3.
        number: dict[Any, str] = {Integral: "integral", Real: "real", "real_not_int": "real_not_int"}
        if hasattr(pv, "RealNotInt"):
            number[pv.RealNotInt] = "real_not_int"
        return {
            "type": "interval",
            "number": number[constraint.type],
            "left": _bound(constraint.left),
            "right": _bound(constraint.right),
            "closed": constraint.closed,
        }
    if isinstance(constraint, pv.StrOptions):
        return {
            "type": "options",
            "of": "builtins.str",
            "literals": ["str"],
            "values": sorted(constraint.options),
            "deprecated": sorted(constraint.deprecated),
        }
    if isinstance(constraint, pv.Options):
        values = sorted((_encode_option(v) for v in constraint.options), key=_option_sort_key)
        deprecated = sorted((_encode_option(v) for v in constraint.deprecated),
                            key=_option_sort_key)
        return {
            "type": "options",
            "of": _qualname(constraint.type),
            "literals": _literal_instances(constraint.type),
            "values": values,
            "deprecated": deprecated,
        }
    if isinstance(constraint, pv.HasMethods):
        return {"type": "has_methods", "methods": list(constraint.methods)}
    missing_values: Any = getattr(pv, "MissingValues", ())  # new in 1.3
    if isinstance(constraint, missing_values):
        return {"type": "missing_values", "numeric_only": bool(constraint.numeric_only)}
    return {"type": "unknown", "repr": _short_repr(constraint)}


def _bound(value: Any) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int) or (hasattr(value, "item") and isinstance(value.item(), int)):
        return int(value)
    as_float = float(value)
    # JSON has no infinity; an infinite bound is the same interval as an unbounded one
    # except for the "+inf is included" corner, which literal source values never hit.
    return None if math.isinf(as_float) else as_float


def _encode_constraints(cls: type, name: str) -> list[dict[str, Any]] | None:
    table = getattr(cls, "_parameter_constraints", None)
    if not isinstance(table, dict) or name not in table:
        return None
    declared = table[name]
    if declared == "no_validation":
        return None
    encoded = encode_declared(declared)
    mapped = _strings_mapped_by_init(cls, name)
    if mapped:
        # Accepted although no constraint lists them: the constructor rewrites them (a
        # deprecated alias) before fit validates. Hidden: never suggested in messages.
        options = {"type": "options", "of": "builtins.str", "literals": ["str"],
                   "values": mapped, "deprecated": mapped}  # fmt: skip
        encoded.append({"type": "hidden", "constraint": options})
    return encoded


def encode_declared(declared: list[Any]) -> list[dict[str, Any]]:
    """The declarative form of one parameter's declared constraints (a class's or a
    validated function's), as the installed release validates them."""
    encoded = [_encode_constraint(c) for c in declared]
    if "boolean" in declared and _booleans_take_integers():
        # 1.2 and 1.3 accept an int for a boolean parameter, with a deprecation warning.
        integers = {"type": "instance", "of": "numbers.Integral", "literals": ["bool", "int"]}
        encoded.append({"type": "hidden", "constraint": integers})
    return encoded


def _booleans_take_integers() -> bool:
    from sklearn.utils import _param_validation as pv

    with _quiet():
        return bool(pv.make_constraint("boolean").is_satisfied_by(1))


def _strings_mapped_by_init(cls: type, name: str) -> list[str]:
    """String values of ``name`` that ``__init__`` compares against and stores rewritten.

    scikit-learn deprecates a value by mapping it in the constructor
    (``if criterion == "friedman_mse": criterion = "squared_error"``), so fit never sees
    it; the declared constraints alone would call it invalid.
    """
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls.__init__)))  # type: ignore[misc]
    except (OSError, TypeError, SyntaxError):
        return []
    compared: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and node.left.id == name:
            for operator, other in zip(node.ops, node.comparators):
                if isinstance(operator, (ast.Eq, ast.In)):
                    items = other.elts if isinstance(other, (ast.Tuple, ast.List, ast.Set)) else [other]
                    compared.update(
                        i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)
                    )
    mapped = []
    for value in sorted(compared):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                stored = cls(**{name: value}).get_params(deep=False)[name]
        except Exception:  # noqa: BLE001 - a class we cannot build this way tells us nothing
            continue
        if stored != value:
            mapped.append(value)
    return mapped


# --------------------------------------------------------------------------- classes


def named_parameters(
    parameters: Sequence[inspect.Parameter],
) -> tuple[list[inspect.Parameter], bool, bool]:
    """A signature's named parameters, and whether it takes ``*args`` and ``**kwargs``."""
    kinds = {p.kind for p in parameters}
    named = [p for p in parameters if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    return named, inspect.Parameter.VAR_POSITIONAL in kinds, inspect.Parameter.VAR_KEYWORD in kinds


def _parameters(
    cls: type, signature: inspect.Signature | None = None
) -> tuple[list[dict[str, Any]], bool, bool]:
    if signature is None:
        signature = inspect.signature(cls.__init__)  # type: ignore[misc]
    params: list[dict[str, Any]] = []
    named, var_positional, var_keyword = named_parameters(list(signature.parameters.values())[1:])
    for p in named:
        constraints = _encode_constraints(cls, p.name)
        entry: dict[str, Any] = {
            "name": p.name,
            "keyword_only": p.kind is p.KEYWORD_ONLY,
            "constraints": constraints,
            "role": role_for(cls.__name__, p.name, constraints),
        }
        if p.default is not p.empty:
            ok, value = _json_value(p.default)
            if ok:
                entry["default"] = value
            else:
                entry["default_repr"] = _short_repr(p.default)
        params.append(entry)
    return params, var_positional, var_keyword


def _docstring(cls: type) -> Any:
    """The class docstring parsed by numpydoc (vendored by scikit-learn since 1.4; the
    ``numpydoc`` package in the throwaway environments of older releases)."""
    try:
        from sklearn.externals._numpydoc.docscrape import NumpyDocString
    except ImportError:
        from numpydoc.docscrape import NumpyDocString  # type: ignore[import-not-found, unused-ignore]

    with _quiet():
        return NumpyDocString(inspect.getdoc(cls) or "")


def _learned_attributes(cls: type) -> list[str]:
    try:
        with _quiet():
            entries = [item.name for item in _docstring(cls)["Attributes"]]
    except Exception:  # noqa: BLE001 - malformed docstring: parse nothing rather than guess
        entries = []
    names = set()
    for entry in entries:
        for name in entry.split(","):
            name = name.strip().strip("`*")
            if name.endswith("_") and not name.startswith("_") and name.isidentifier():
                names.add(name)
    return sorted(names)


def _methods(cls: type) -> list[str]:
    return sorted(
        name
        for name in dir(cls)
        if not name.startswith("_")
        and not isinstance(inspect.getattr_static(cls, name, None), property)
        and callable(getattr(cls, name, None))
    )


def _probed(name: str) -> bool:
    return not name.startswith(_NOT_PROBED_PREFIXES)


def _kinds(cls: type, parameter_names: Iterable[str]) -> list[str]:
    from sklearn.base import (
        ClassifierMixin,
        ClusterMixin,
        OutlierMixin,
        RegressorMixin,
        TransformerMixin,
    )
    from sklearn.model_selection._search import BaseSearchCV
    from sklearn.pipeline import Pipeline

    kinds = set()
    for kind, mixin in (
        ("classifier", ClassifierMixin),
        ("regressor", RegressorMixin),
        ("transformer", TransformerMixin),
        ("clusterer", ClusterMixin),
        ("outlier_detector", OutlierMixin),
    ):
        if issubclass(cls, mixin):
            kinds.add(kind)
    if _META_PARAMETERS & set(parameter_names):
        kinds.add("meta")
    if issubclass(cls, BaseSearchCV):
        kinds.add("search")
    if issubclass(cls, Pipeline):
        kinds.add("pipeline")
    return sorted(kinds)


# --------------------------------------------------------------------------- probing


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        yield


def _instance(cls: type) -> Any | None:
    """An unfitted instance built from defaults or scikit-learn's own test recipes."""
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import StandardScaler

    if issubclass(cls, Pipeline):
        return cls([("scale", StandardScaler()), ("clf", LogisticRegression())])
    if issubclass(cls, FeatureUnion):
        return cls([("scale", StandardScaler())])
    if issubclass(cls, ColumnTransformer):
        return cls([("scale", StandardScaler(), [0, 1])])
    if cls.__name__ == "FrozenEstimator":
        # It wraps an already fitted estimator, so its methods work without fit.
        fitted = LogisticRegression().fit([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0]], [0, 1, 0])
        return cls(fitted)
    try:
        from sklearn.utils._test_common.instance_generator import _construct_instances

        return next(iter(_construct_instances(cls)))
    except Exception:  # noqa: BLE001 - SkipTest and friends: fall through
        pass
    try:
        return cls()
    except Exception:  # noqa: BLE001
        return None


def _call(method: Callable[..., Any], X: Any, y: Any) -> None:
    required = [
        p for p in inspect.signature(method).parameters.values()
        if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    args = [X, y][: len(required)] if len(required) <= 2 else [X] * len(required)
    result = method(*args)
    if inspect.isgenerator(result):
        next(result, None)


def _fitted_methods(cls: type, methods: list[str]) -> list[str]:
    import numpy as np
    from sklearn.exceptions import NotFittedError

    candidates = [m for m in methods if _probed(m)]
    with _quiet():
        instance = _instance(cls)
    if instance is None:
        return sorted(set(candidates) & _FITTED_FALLBACK)
    fitted = []
    for name in candidates:
        X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0]])
        y = np.array([0, 1, 0])
        try:
            with _quiet():
                _call(getattr(instance, name), X, y)
        except NotFittedError:
            fitted.append(name)
        except AttributeError as error:
            # Older code paths read a learned attribute without check_is_fitted.
            if _MISSING_LEARNED.search(str(error)) or name in _FITTED_FALLBACK:
                fitted.append(name)
        except Exception:  # noqa: BLE001 - toy data or a switched-off method: see fallback
            if name in _FITTED_FALLBACK:
                fitted.append(name)
    return sorted(fitted)


_DEPRECATED_DIRECTIVE = re.compile(r"\.\.\s*deprecated::\s*v?(\d+\.\d+)(.*)")
_VERSION_ADDED = re.compile(r"\.\.\s*versionadded::\s*v?(\d+\.\d+)")
_REMOVED_IN = re.compile(r"removed in (?:version )?v?(\d+\.\d+)")
_QUOTED = re.compile(r"""["']([^"'\s]+)["']""")
_BACKTICKED = re.compile(r"`+([A-Za-z_]\w*)`+")
_RENAMED = re.compile(r"\brenamed\b", re.IGNORECASE)
_SAME_MEANING = re.compile(r"\b(?:equivalent|renamed)\b", re.IGNORECASE)


def _names_old(replacement_text: str, old: str) -> bool:
    """Whether a replacement's description says it renames or replaces parameter ``old``."""
    return any(
        _BACKTICKED.search(line) is not None
        and old in _BACKTICKED.findall(line)
        and re.search(r"\b(?:renamed|replaces?)\b", line, re.IGNORECASE) is not None
        for line in _sentences(replacement_text)
    )


def _sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=\.)\s+|\n\s*\n", text.replace("\n", " ")) if part]


def _deprecation_notes(desc: list[str]) -> list[tuple[str, str]]:
    """(version, text) of each ``.. deprecated::`` directive in a parameter's description."""
    notes = []
    for i, line in enumerate(desc):
        match = _DEPRECATED_DIRECTIVE.match(line.strip())
        if match is None:
            continue
        text = [match.group(2)]
        for following in desc[i + 1:]:
            if following.strip() and not following[:1].isspace():
                break
            text.append(following.strip())
        notes.append((match.group(1), " ".join(text).strip()))
    return notes


def _option_constraints(param: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """The parameter's ``options`` constraints, hidden ones included."""
    for constraint in param.get("constraints") or ():
        if constraint.get("type") == "hidden":
            constraint = constraint["constraint"]
        if constraint.get("type") == "options":
            yield constraint


def _string_options(param: Mapping[str, Any]) -> set[str]:
    return {v for c in _option_constraints(param) for v in c.get("values", ()) if isinstance(v, str)}


def _deprecated_options(param: Mapping[str, Any]) -> set[str]:
    out: set[str] = set()
    for constraint in _option_constraints(param):
        out.update(v for v in constraint.get("deprecated", ()) if isinstance(v, str))
        if constraint.get("values") == ["deprecated"]:
            out.add("deprecated")
    return out


def _removal_and_replacement(text: str, name: str, names: set[str]) -> dict[str, Any]:
    """What a deprecation note announces: the release that removes the parameter, and the
    one parameter to use instead (none when the note names several)."""
    out: dict[str, Any] = {}
    removal = _REMOVED_IN.search(text)
    if removal is not None:
        out["removal"] = removal.group(1)
    others = {m for m in _BACKTICKED.findall(text) if m != name and m in names}
    if len(others) == 1:
        out["replacement"] = others.pop()
        out["renamed"] = "renamed" in text
    return out


def _add_deprecations(cls: type, params: list[dict[str, Any]]) -> None:
    """Mark deprecated parameters and values, with the facts the docstring gives.

    A parameter is deprecated when its default is the ``"deprecated"`` sentinel or a
    ``.. deprecated::`` note names it; a value when the constraints list it as deprecated
    (the note, if one quotes the value, gives the version and the replacement).
    """
    try:
        described = {item.name: list(item.desc) for item in _docstring(cls)["Parameters"]}
    except Exception:  # noqa: BLE001 - malformed docstring: only the structural signals
        described = {}
    names = {p["name"] for p in params}
    for param in params:
        name = param["name"]
        notes = _deprecation_notes(described.get(name, []))
        options = _deprecated_options(param)
        values: dict[str, dict[str, str | bool]] = {}
        for value in sorted(options - {"deprecated"}):
            values[value] = {}
            for since, text in notes:
                quoted = _QUOTED.findall(text)
                if value in quoted:
                    values[value]["since"] = since
                    others = [q for q in quoted if q in _string_options(param) - options]
                    if others:
                        values[value]["replacement"] = others[0]
                        # "Use `loss='log_loss'` which is equivalent": a fix to it keeps
                        # the meaning (rules/deprecations.py makes it safe).
                        if _SAME_MEANING.search(text):
                            values[value]["equivalent"] = True
                    removal = _REMOVED_IN.search(text)
                    if removal is not None:
                        values[value]["removal"] = removal.group(1)
                    break
        if values:
            param["deprecated_values"] = values
        facts: dict[str, Any] | None = None
        if param.get("default") == "deprecated" or "deprecated" in options:
            facts = {}
        says_deprecated = re.compile(
            rf"(?:`+{re.escape(name)}`+|this parameter|the parameter)\s+(?:is|was|has been)\s+"
            r"(?:deprecated|renamed)", re.IGNORECASE,
        )
        for since, text in notes:
            # A note about a value (`None` is deprecated ...) or a future deprecation
            # (will be deprecated) is not the parameter's.
            if says_deprecated.search(text) or facts is not None:
                if any(v in _QUOTED.findall(text) for v in values):
                    continue  # a note about a deprecated value
                facts = {"since": since, **_removal_and_replacement(text, name, names)}
                # A replacement new in the release that deprecates this one is a rename.
                replacement_text = "\n".join(described.get(facts.get("replacement", ""), []))
                added = _VERSION_ADDED.search(replacement_text)
                if added is not None and added.group(1) == since:
                    facts["renamed"] = True
                # scikit-learn's own words call it a rename: the note ("`affinity` was
                # renamed `metric`"), or the replacement's ("`sparse` was renamed to
                # `sparse_output`", "`estimator` was added to replace `base_estimator`").
                # Only then is a fix to the replacement safe: a replacement merely added in
                # the same release may count differently (MiniBatchDictionaryLearning's
                # `n_iter`, batches, against `max_iter`, epochs).
                if "replacement" in facts and (
                    _RENAMED.search(text) or _names_old(replacement_text, name)
                ):
                    facts["renamed"] = facts["documented_rename"] = True
                break
        if facts is not None:
            param["deprecated"] = facts


def _entry(cls: type, signature: inspect.Signature | None = None) -> dict[str, Any]:
    params, var_positional, var_keyword = _parameters(cls, signature)
    _add_deprecations(cls, params)
    methods = _methods(cls)
    learned = _learned_attributes(cls)
    entry = {
        "parameters": params,
        "var_positional": var_positional,
        "var_keyword": var_keyword,
        "learned_attributes": learned,
        "methods": methods,
        "fitted_methods": _fitted_methods(cls, methods),
        "kinds": _kinds(cls, (p["name"] for p in params)),
    }
    entry.update(_fit_state_entry(cls, params, learned))
    return entry


# --------------------------------------------------------------------------- fit state

# Meta-estimators that use the estimators they are given as they are, without fitting a
# copy: fitting the pipeline or union fits its step objects in place; a frozen estimator
# is never refitted.
_IN_PLACE_PARAMETERS = {
    "sklearn.pipeline.Pipeline": {"steps": "in_place"},
    "sklearn.pipeline.FeatureUnion": {"transformer_list": "in_place"},
    "sklearn.frozen.FrozenEstimator": {"estimator": "uses"},
}

# Functions that fit copies (``clone``) of the estimator they are given, and the
# parameter that receives it; ``clone`` itself returns a fresh unfitted copy.
_CLONING_FUNCTIONS = (
    "sklearn.base.clone",
    "sklearn.model_selection.cross_val_predict",
    "sklearn.model_selection.cross_val_score",
    "sklearn.model_selection.cross_validate",
    "sklearn.model_selection.learning_curve",
    "sklearn.model_selection.permutation_test_score",
    "sklearn.model_selection.validation_curve",
)

# Matches ``obj.name_ =`` and ``setattr(obj, "name_"`` in scikit-learn's source.
_ASSIGNED = re.compile(r"\.\s*([a-z]\w*_)\s*=[^=]|setattr\([^,]+,\s*[\"']([a-z]\w*_)[\"']")


def _takes_estimators(param: Mapping[str, Any]) -> bool:
    if param["name"] in _META_PARAMETERS or param["name"] in {"regressor", "final_estimator"}:
        return True
    for constraint in param.get("constraints") or ():
        if constraint.get("type") == "hidden":
            constraint = constraint["constraint"]
        if constraint.get("type") == "has_methods" and "fit" in constraint.get("methods", ()):
            return True
        if constraint.get("type") == "instance" and constraint.get("of", "").endswith(
            "BaseEstimator"
        ):
            return True
    return False


def _source_of_modules(cls: type) -> str:
    texts = []
    # scikit-learn's modules and those of the library that defines the class (imblearn ...).
    roots = ("sklearn.", cls.__module__.partition(".")[0] + ".")
    for base in cls.__mro__:
        module = sys.modules.get(base.__module__)
        if module is None or not base.__module__.startswith(roots):
            continue
        try:
            texts.append(inspect.getsource(module))
        except (OSError, TypeError):
            continue
    return "\n".join(texts)


def _estimator_parameters(cls: type, params: list[dict[str, Any]], source: str) -> dict[str, str]:
    """How ``fit`` treats each constructor argument that takes estimators.

    ``clone``: it fits copies, so the object passed in stays as it was; ``in_place``: it
    fits the object itself; ``uses``: it uses the object as it is (unknown fit state).
    A class whose modules never call ``clone`` is taken to use its estimators as given.
    """
    from sklearn.pipeline import FeatureUnion, Pipeline

    fixed: Mapping[str, str] = {}
    if issubclass(cls, Pipeline):
        fixed = _IN_PLACE_PARAMETERS["sklearn.pipeline.Pipeline"]
    elif issubclass(cls, FeatureUnion):
        fixed = _IN_PLACE_PARAMETERS["sklearn.pipeline.FeatureUnion"]
    elif _qualname(cls) == "sklearn.frozen._frozen.FrozenEstimator":  # new in 1.6
        fixed = _IN_PLACE_PARAMETERS["sklearn.frozen.FrozenEstimator"]
    clones = "clone(" in source
    out = {}
    for param in params:
        if param["name"] in fixed:
            out[param["name"]] = fixed[param["name"]]
        elif _takes_estimators(param):
            out[param["name"]] = "clone" if clones else "uses"
    return out


def _fit_state_entry(
    cls: type, params: list[dict[str, Any]], learned: list[str]
) -> dict[str, Any]:
    """What the fit-state rules (HP201-HP203) need beyond the documented attributes."""
    source = _source_of_modules(cls)
    properties = sorted(
        name
        for name in dir(cls)
        if name.endswith("_")
        and not name.startswith("_")
        and not callable(inspect.getattr_static(cls, name, None))
    )
    assigned = {a or b for a, b in _ASSIGNED.findall(source)}
    entry: dict[str, Any] = {
        "properties": properties,
        "assigned_attributes": sorted(assigned - set(learned) - set(properties)),
        "dynamic_attributes": any(
            "__getattr__" in vars(base) for base in cls.__mro__ if base is not object
        ),
        "estimator_parameters": _estimator_parameters(cls, params, source),
    }
    with _quiet():
        instance = _instance(cls)
    entry["requires_fit"] = True
    if instance is None:
        entry["unfitted_attributes"] = None
    else:
        with contextlib.suppress(Exception), _quiet():
            # Stateless transformers (HashingVectorizer, FeatureHasher ...) work unfitted.
            entry["requires_fit"] = _requires_fit(instance)
        present = []
        for name in sorted(set(learned) | set(properties)):
            try:
                with _quiet():
                    getattr(instance, name)
            except Exception:  # noqa: BLE001 - NotFittedError, AttributeError: not there
                continue
            present.append(name)
        entry["unfitted_attributes"] = present
    return entry


def _requires_fit(instance: Any) -> bool:
    try:
        from sklearn.utils import get_tags
    except ImportError:  # before 1.6 tags were a dict
        return bool(instance._get_tags()["requires_fit"])
    return bool(get_tags(instance).requires_fit)


def _cloning_functions(modules: Mapping[str, types.ModuleType]) -> dict[str, str]:
    """Every import path of each cloning function, to its canonical name."""
    wanted = {}
    for qualname in _CLONING_FUNCTIONS:
        modname, _, attr = qualname.rpartition(".")
        wanted[id(getattr(modules[modname], attr))] = qualname
    paths = {}
    for modname, module in modules.items():
        for attr, value in vars(module).items():
            canonical = wanted.get(id(value))
            if canonical is not None and _is_public(f"{modname}.{attr}"):
                paths[f"{modname}.{attr}"] = canonical
    return dict(sorted(paths.items()))


# Functions that build a catalogued estimator, and the class they build.
_FACTORIES = {
    "sklearn.compose.make_column_transformer": "sklearn.compose.ColumnTransformer",
    "sklearn.pipeline.make_pipeline": "sklearn.pipeline.Pipeline",
    "sklearn.pipeline.make_union": "sklearn.pipeline.FeatureUnion",
}


def _factories(modules: Mapping[str, types.ModuleType]) -> dict[str, str]:
    for qualname in _FACTORIES:
        modname, _, attr = qualname.rpartition(".")
        getattr(modules[modname], attr)  # fails loudly when scikit-learn renames one
    return dict(_FACTORIES)


# --------------------------------------------------------------------------- output


def generate() -> dict[str, Any]:
    """The catalog data for the installed scikit-learn."""
    sklearn = _import_sklearn()
    modules = _walk_modules()
    classes = _catalogued_classes(modules)
    paths = _import_paths(classes, modules)
    estimators: dict[str, Any] = {}
    aliases: dict[str, str] = {}
    for cls in classes:
        canonical = _canonical(cls, paths[cls])
        if canonical in estimators:  # two classes claiming one path: keep the first
            continue
        estimators[canonical] = _entry(cls)
        for path in paths[cls]:
            if path != canonical:
                aliases[path] = canonical
    return {
        "format": FORMAT,
        "libraries": {"scikit-learn": sklearn.__version__},
        "estimators": estimators,
        "aliases": aliases,
        "modules": sorted(modules),
        "cloning_functions": _cloning_functions(modules),
        "factories": _factories(modules),
    }


def serialize(data: Mapping[str, Any]) -> bytes:
    """Compact, key-sorted JSON, gzipped with a zero mtime so the bytes are reproducible."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def _summary(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    lines = []
    for key in ("format", "libraries"):
        if old.get(key) != new.get(key):
            lines.append(f"{key}: {old.get(key)!r} -> {new.get(key)!r}")
    for key in ("estimators", "aliases"):
        before, after = old.get(key, {}), new.get(key, {})
        added = sorted(set(after) - set(before))
        removed = sorted(set(before) - set(after))
        changed = sorted(k for k in set(before) & set(after) if before[k] != after[k])
        for label, names in (("added", added), ("removed", removed), ("changed", changed)):
            if names:
                shown = ", ".join(names[:5]) + (" ..." if len(names) > 5 else "")
                lines.append(f"{key} {label} ({len(names)}): {shown}")
    before_m, after_m = set(old.get("modules", ())), set(new.get("modules", ()))
    if before_m != after_m:
        lines.append(f"modules: +{len(after_m - before_m)} -{len(before_m - after_m)}")
    return lines or ["the bytes differ but the data is equal (serialization changed)"]


def main(argv: list[str] | None = None) -> int:
    """Regenerate the installed release's slice of the committed catalog (or ``--check`` it);
    the other releases are rebuilt by ``python -m hplint.catalog.releases``."""
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    data = generate()
    release = versioned.minor(data["libraries"]["scikit-learn"])
    assert release is not None
    committed = json.loads(gzip.decompress(DATA_PATH.read_bytes())) if DATA_PATH.exists() else {}
    releases = committed.get("releases", {})
    if check:
        old = versioned.catalog_at(committed, release) if release in releases else {}
        if serialize(old) == serialize(data):
            print(f"{DATA_PATH.name} is up to date for scikit-learn {release}")
            return 0
        print(f"{DATA_PATH.name} is stale; run `python -m hplint.catalog.generate`:")
        for line in _summary(old, data):
            print(f"  {line}")
        return 1
    catalogs = {r: versioned.catalog_at(committed, r) for r in releases}
    catalogs[release] = data
    payload = serialize(versioned.merge_catalogs(catalogs))
    DATA_PATH.write_bytes(payload)
    print(f"wrote {DATA_PATH} (scikit-learn {release}: {len(data['estimators'])} estimators; "
          f"{len(payload)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
