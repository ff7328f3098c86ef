"""What hplint knows about estimators, read from a committed data file.

The data is produced by ``python -m hplint.catalog.generate`` from an installed
scikit-learn; linting only reads it and never imports scikit-learn. Entries are turned
into objects on first lookup, so loading costs one ``json.loads`` of the file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

from hplint.catalog import versioned

Role = Literal["hyperparameter", "non-model", "setting"]

# A declared constraint in the catalog's declarative form; see constraints.py.
Constraint = Mapping[str, Any]

DATA_FILE = "sklearn.json.gz"


@dataclass(frozen=True)
class Parameter:
    """One constructor parameter of an estimator."""

    name: str
    keyword_only: bool
    has_default: bool
    # The default as a JSON value when it is one; otherwise None with ``default_repr`` set.
    default: Any
    default_repr: str | None
    role: Role
    # None when the estimator declares no constraints for this parameter (nothing to check).
    constraints: tuple[Constraint, ...] | None


@dataclass(frozen=True)
class Estimator:
    """A class as seen by hplint: its constructor, what fit learns, what needs fit."""

    qualname: str
    parameters: Mapping[str, Parameter]
    var_positional: bool
    var_keyword: bool
    learned_attributes: frozenset[str]
    methods: frozenset[str]
    fitted_methods: frozenset[str]
    kinds: frozenset[str]
    # Public trailing-underscore names that are class attributes (mostly properties).
    properties: frozenset[str] = frozenset()
    # Trailing-underscore names scikit-learn's source assigns somewhere near the class but
    # does not document: a reason to stay silent about an attribute, never to report one.
    assigned_attributes: frozenset[str] = frozenset()
    # The class answers unknown attributes itself (``__getattr__``).
    dynamic_attributes: bool = False
    # Learned attributes and properties readable on an unfitted instance; None if unprobed.
    unfitted_attributes: frozenset[str] | None = None
    # Constructor parameters that take estimators, and what ``fit`` does with them:
    # "clone" (fits copies), "in_place" (fits the objects themselves), "uses" (neither).
    estimator_parameters: Mapping[str, str] = field(default_factory=dict)
    # False for stateless estimators, whose methods work without fit.
    requires_fit: bool = True

    @property
    def name(self) -> str:
        return self.qualname.rpartition(".")[2]

    @property
    def positional_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters.values() if not p.keyword_only)


class Catalog:
    """Lookup of estimators by any qualified name a user can import them under.

    The data covers several scikit-learn releases (``releases``); a catalog answers for
    one of them, ``release`` (the newest unless ``at`` chose another).
    """

    def __init__(self, data: Mapping[str, Any], release: str | None = None) -> None:
        self.format: int = data["format"]
        self.libraries: Mapping[str, str] = data["libraries"]
        # Minor release -> the exact version catalogued ("1.4" -> "1.4.2"), oldest first.
        self.releases: Mapping[str, str] = dict(
            sorted(data.get("releases", {}).items(), key=lambda item: versioned.key(item[0]))
        )
        self.release: str | None = release or (list(self.releases)[-1] if self.releases else None)
        self._data = data
        # Every release's entries, annotated (versioned.py); ``_entries`` holds this release's.
        self.merged_estimators: Mapping[str, Any] = data["estimators"]
        self._entries: Mapping[str, Mapping[str, Any]] = self._slice("estimators")
        self._aliases: Mapping[str, str] = self._slice("aliases")
        self._modules: frozenset[str] = frozenset(self._slice("modules"))
        self._cloning: Mapping[str, str] = self._slice("cloning_functions", {})
        self._factories: Mapping[str, str] = self._slice("factories", {})
        self._built: dict[str, Estimator] = {}
        self._views: dict[str, Catalog] = {}

    def _slice(self, part: str, default: Any = None) -> Any:
        value = self._data.get(part, default)
        if self.release is None or not isinstance(value, dict):
            return value
        if part == "estimators":  # entries are sliced when first looked up
            return {k: v for k, v in value.items()
                    if not k.startswith("@") and versioned.present(value, k, self.release)}
        return versioned.at(value, self.release)

    def at(self, release: str) -> Catalog:
        """The same catalog answering for another catalogued release (``"1.4"``)."""
        if release == self.release:
            return self
        if release not in self.releases:
            raise KeyError(f"scikit-learn {release} is not catalogued")
        view = self._views.get(release)
        if view is None:
            view = self._views[release] = Catalog(self._data, release)
        return view

    def history(self, qualname: str) -> Mapping[str, Any] | None:
        """The class's entry across every catalogued release (versioned.py's encoding)."""
        canonical = self.canonical(qualname)
        return None if canonical is None else self.merged_estimators.get(canonical)

    @property
    def qualnames(self) -> Sequence[str]:
        """The canonical (public) qualified names of every catalogued class."""
        return sorted(self._entries)

    def canonical(self, qualname: str) -> str | None:
        """The canonical name for any import path of a catalogued class, else None."""
        if qualname in self._entries:
            return qualname
        return self._aliases.get(qualname)

    def lookup(self, qualname: str) -> Estimator | None:
        canonical = self.canonical(qualname)
        if canonical is None:
            return None
        built = self._built.get(canonical)
        if built is None:
            entry = self._entries[canonical]
            if self.release is not None:
                entry = versioned.at(entry, self.release)
            built = self._built[canonical] = _build(canonical, entry)
        return built

    def is_module(self, qualname: str) -> bool:
        """Whether ``qualname`` is a module of a catalogued library (``sklearn.svm``)."""
        return qualname in self._modules

    def cloning_function(self, qualname: str) -> str | None:
        """The canonical name of a function that fits copies of its estimator argument."""
        return self._cloning.get(qualname)

    def factory(self, qualname: str) -> Estimator | None:
        """The estimator a factory function builds (``make_pipeline`` -> ``Pipeline``)."""
        built = self._factories.get(qualname)
        return None if built is None else self.lookup(built)

    def roots(self) -> frozenset[str]:
        """Top-level package names the catalog covers (``{"sklearn"}``)."""
        return frozenset(m.partition(".")[0] for m in self._modules)


def _build(qualname: str, entry: Mapping[str, Any]) -> Estimator:
    parameters = {
        p["name"]: Parameter(
            name=p["name"],
            keyword_only=p["keyword_only"],
            has_default="default" in p or "default_repr" in p,
            default=p.get("default"),
            default_repr=p.get("default_repr"),
            role=p["role"],
            constraints=None if p.get("constraints") is None else tuple(p["constraints"]),
        )
        for p in entry["parameters"]
    }
    return Estimator(
        qualname=qualname,
        parameters=parameters,
        var_positional=entry.get("var_positional", False),
        var_keyword=entry.get("var_keyword", False),
        learned_attributes=frozenset(entry.get("learned_attributes", ())),
        methods=frozenset(entry.get("methods", ())),
        fitted_methods=frozenset(entry.get("fitted_methods", ())),
        kinds=frozenset(entry.get("kinds", ())),
        properties=frozenset(entry.get("properties", ())),
        assigned_attributes=frozenset(entry.get("assigned_attributes", ())),
        dynamic_attributes=entry.get("dynamic_attributes", False),
        unfitted_attributes=(
            None if entry.get("unfitted_attributes") is None
            else frozenset(entry["unfitted_attributes"])
        ),
        estimator_parameters=dict(entry.get("estimator_parameters", {})),
        requires_fit=entry.get("requires_fit", True),
    )


def read_data() -> dict[str, Any]:
    """The raw catalog data shipped in the package."""
    raw = resources.files(__package__).joinpath(DATA_FILE).read_bytes()
    data: dict[str, Any] = json.loads(gzip.decompress(raw))
    return data


@cache
def digest() -> str:
    """A hash of the shipped catalog: results computed with another catalog are stale."""
    raw = resources.files(__package__).joinpath(DATA_FILE).read_bytes()
    return hashlib.sha256(raw).hexdigest()[:16]


@cache
def load() -> Catalog:
    """The catalog shipped with hplint (loaded once per process)."""
    return Catalog(read_data())
