"""XGBoost's and LightGBM's native parameter names, for their estimators' ``**kwargs``.

``XGBClassifier(max_dept=3)`` and ``LGBMClassifier(num_leave=31)`` construct fine: the
unknown name goes through ``**kwargs`` to the booster, which ignores it with a warning at
fit time. The names the boosters know, and their aliases, are read from the libraries
when their catalogs are built (libraries.py) and shipped in ``xgboost.json.gz`` and
``lightgbm.json.gz`` under ``native``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from hplint.catalog import LIBRARY_FILES, Catalog, read_library_data

_NAMES = {"xgboost": "XGBoost", "lightgbm": "LightGBM"}


@dataclass(frozen=True)
class Native:
    """One library's booster parameters."""

    library: str
    parameters: frozenset[str]
    # Alias -> the name it stands for.
    aliases: Mapping[str, str]

    def knows(self, name: str) -> bool:
        return name in self.parameters or name in self.aliases

    def main(self, name: str) -> str:
        return self.aliases.get(name, name)


@cache
def native(root: str) -> Native | None:
    """The native parameters of the library with top-level package ``root``, if known."""
    if root not in _NAMES or root not in LIBRARY_FILES:
        return None
    data = read_library_data(root)
    found = None if data is None else data.get("native")
    if found is None:
        return None
    return Native(_NAMES[root], frozenset(found["parameters"]), dict(found["aliases"]))


@cache
def sklearn_parameter_names(catalog: Catalog) -> frozenset[str]:
    """Every constructor parameter name of scikit-learn's estimators (read on demand: it
    builds every catalogued class)."""
    names: set[str] = set()
    for qualname in catalog.qualnames:
        if qualname.startswith("sklearn."):
            estimator = catalog.lookup(qualname)
            if estimator is not None:
                names.update(estimator.parameters)
    return frozenset(names)
