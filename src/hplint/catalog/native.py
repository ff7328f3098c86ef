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
class Retired:
    """A parameter the library's scikit-learn API had and removed: its estimators now take
    it through ``**kwargs`` and ignore it (checked with the catalogued versions)."""

    replacement: str
    # When, as the library's notes say it.
    history: str
    source: str


# By library root and parameter name; each row checked against the installed library (it
# warns that the name is not used) and the issue or pull request that removed it.
RETIRED: Mapping[str, Mapping[str, Retired]] = {
    "xgboost": {
        "silent": Retired(
            "verbosity", "was deprecated and later removed",
            "https://github.com/dmlc/xgboost/issues/3986",
        ),
    },
    "lightgbm": {
        "silent": Retired(
            "verbose", "was deprecated in LightGBM 3.3 and removed in 4.0",
            "https://github.com/microsoft/LightGBM/pull/4800",
        ),
    },
}


@dataclass(frozen=True)
class Native:
    """One library's booster parameters."""

    library: str
    # The top-level package (``"xgboost"``).
    root: str
    parameters: frozenset[str]
    # Alias -> the name it stands for.
    aliases: Mapping[str, str]

    def knows(self, name: str) -> bool:
        return name in self.parameters or name in self.aliases

    def main(self, name: str) -> str:
        return self.aliases.get(name, name)

    def retired(self, name: str) -> Retired | None:
        """The row of a scikit-learn-API parameter the library removed (``silent``)."""
        return RETIRED.get(self.root, {}).get(name)


@cache
def native(root: str) -> Native | None:
    """The native parameters of the library with top-level package ``root``, if known."""
    if root not in _NAMES or root not in LIBRARY_FILES:
        return None
    data = read_library_data(root)
    found = None if data is None else data.get("native")
    if found is None:
        return None
    return Native(_NAMES[root], root, frozenset(found["parameters"]), dict(found["aliases"]))


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
