"""Arguments without effect: "parameter P changes nothing when parameter S is one of V".

The data (``relations.json``, committed next to the other catalog files) is read by
``load()`` without importing anything heavy. It is produced by
``python -m hplint.catalog.relations`` (``--check`` compares instead of writing), which
imports scikit-learn and:

1. finds candidates in every estimator's numpydoc parameter descriptions with a few
   patterns ("Only used when solver='sgd'", "Ignored for affinity='rbf'", "Ignored by all
   other kernels", "Kernel coefficient for 'rbf', 'poly' and 'sigmoid'"), the selector S
   being a parameter whose declared constraints list a finite set of values (strings or
   booleans), so that V is known: the values the sentence excludes;
2. verifies each (P, S, v) by fitting the estimator on small generated data sets (three
   seeds and shapes) with S=v and several values of P, comparing everything fitted
   (public learned attributes, recursively through sub-estimators, and the outputs of
   predict, predict_proba, decision_function, transform, score_samples) byte for byte;
   v is kept only if every comparison is identical;
3. keeps a relation only if a control shows that P matters: with S at a value the sentence
   says P is used with, the same values of P give different fits on some data set.

What the verification rejected, and why, is recorded in the data file beside what it kept.
A fit that fails under a value means that value is not verified.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hplint.catalog.no_effect import DATA_PATH, Relation, for_estimator, load

__all__ = ["DATA_PATH", "Relation", "for_estimator", "generate", "load", "main", "verify"]

# =============================================================================== generation
# Everything below runs only under ``python -m hplint.catalog.relations`` (and its test).


@dataclass(frozen=True)
class Candidate:
    cls: type
    qualname: str
    parameter: str
    selector: str
    # Values of the selector under which the docstring says the parameter does nothing.
    values: tuple[Any, ...]
    # Values under which it says the parameter is used (the control's).
    used_with: tuple[Any, ...]
    sentence: str


# Sentences that say where a parameter is used: "Only used when solver='sgd'", "Used when
# selection == 'random'", "It is only significant in 'poly' and 'sigmoid'", "Only effective
# when solver='sgd' or 'adam'", "This parameter is only relevant when svd_solver=...".
_USED_ONLY = re.compile(
    r"\b(?:only\s+(?:be\s+)?(?:used|effective|relevant|significant|applies|applicable|considered)"
    r"|(?:used|relevant|effective|works)\s+only|^used)\s+(?:when|if|for|with|by|in)\b",
    re.IGNORECASE,
)
# Sentences that say where it is ignored: "Ignored for affinity='rbf'", "Not used if
# eigen_solver=='dense'", "Has no effect if cluster_selection_method='leaf'".
_IGNORED = re.compile(
    r"\b(?:ignored|not\s+used|has\s+no\s+effect)\s+(?:for|if|when|by|with|in)\b", re.IGNORECASE
)
# "Ignored by (all) other kernels": used with the values the description names.
_OTHERWISE_IGNORED = re.compile(
    r"\b(?:ignored|not\s+used)\s+(?:by|for)\s+(?:all\s+)?other\s+(\w+?)s?\b", re.IGNORECASE
)
# "Kernel coefficient for 'rbf', 'poly' and 'sigmoid'": a list of two or more quoted values.
_FOR_QUOTED = re.compile(r"\bfor\s+'[^']+'(?:\s*(?:,|and|or)\s*'[^']+')+", re.IGNORECASE)
_QUOTED = re.compile(r"""["']([^"'\s]+)["']""")
_TRUE_FALSE = re.compile(r"\b(True|False)\b")
_MARKUP = re.compile(r":\w+:`~?([^`]*)`|`+")
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z])")


def _sentences(desc: Sequence[str]) -> list[str]:
    text = _MARKUP.sub(lambda m: m.group(1) or "", " ".join(line.strip() for line in desc))
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _finite_options(cls: type, name: str) -> tuple[Any, ...] | None:
    """The values a selector can take, when its constraints list them all: the
    non-deprecated strings of ``StrOptions``, or True and False for a boolean."""
    from sklearn.utils import _param_validation as pv

    declared = getattr(cls, "_parameter_constraints", {}).get(name)
    if not isinstance(declared, list):
        return None
    values: list[Any] = []
    for constraint in declared:
        if isinstance(constraint, pv.Hidden):
            continue
        if isinstance(constraint, pv.StrOptions):
            values.extend(sorted(set(constraint.options) - set(constraint.deprecated)))
        elif constraint == "boolean" or (
            isinstance(constraint, pv.Options) and constraint.type is bool
        ):
            values.extend([False, True])
    return tuple(values) or None


def _mentioned(sentence: str, options: Sequence[Any]) -> list[Any]:
    quoted = set(_QUOTED.findall(sentence))
    booleans = set(_TRUE_FALSE.findall(sentence))
    return [v for v in options if (str(v) in booleans if isinstance(v, bool) else v in quoted)]


def _selectors(cls: type, parameter: str, sentence: str) -> list[tuple[str, tuple[Any, ...]]]:
    """Parameters other than ``parameter`` named in ``sentence`` with a finite value set."""
    import inspect

    names = [n for n in inspect.signature(cls).parameters if n != parameter]
    found = []
    for name in names:
        if re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", sentence):
            options = _finite_options(cls, name)
            if options is not None:
                found.append((name, options))
    return found


def _unnamed_selector(
    cls: type, parameter: str, sentence: str
) -> tuple[str, tuple[Any, ...]] | None:
    """The one selector whose string values the sentence quotes, when it names none."""
    import inspect

    owners = []
    for name in inspect.signature(cls).parameters:
        options = _finite_options(cls, name) if name != parameter else None
        if options and [v for v in _mentioned(sentence, options) if isinstance(v, str)]:
            owners.append((name, options))
    return owners[0] if len(owners) == 1 else None


def _candidates_of(cls: type, qualname: str, parameter: str, desc: Sequence[str]) -> Iterator[Candidate]:
    sentences = _sentences(desc)
    whole = " ".join(sentences)
    for sentence in sentences:
        other = _OTHERWISE_IGNORED.search(sentence)
        if other is not None:
            selector = other.group(1).lower()
            options = _finite_options(cls, selector) if selector != parameter else None
            if options is None:
                continue
            # Named anywhere in the description, quoted or not ("for rbf, poly and sigmoid").
            used = tuple(v for v in options if isinstance(v, str) and re.search(
                rf"(?<![\w-]){re.escape(v)}(?![\w-])", whole, re.IGNORECASE))
            if used:
                rest = tuple(v for v in options if v not in used)
                yield Candidate(cls, qualname, parameter, selector, rest, used, sentence)
            continue
        used_only = _USED_ONLY.search(sentence) or _FOR_QUOTED.search(sentence)
        ignored = _IGNORED.search(sentence)
        if (used_only is None) == (ignored is None):
            continue  # neither pattern, or both: no clear reading
        match = used_only or ignored
        assert match is not None
        condition = sentence[match.start():]  # what the phrase applies to follows it
        selectors = _selectors(cls, parameter, condition)
        if not selectors:
            unnamed = _unnamed_selector(cls, parameter, condition)
            selectors = [unnamed] if unnamed is not None else []
        if len(selectors) != 1:
            continue  # none, or several: which one the condition is on is unclear
        selector, options = selectors[0]
        mentioned = tuple(_mentioned(condition, options))
        if not mentioned or len(mentioned) == len(options):
            continue
        rest = tuple(v for v in options if v not in mentioned)
        values, used = (rest, mentioned) if used_only is not None else (mentioned, rest)
        yield Candidate(cls, qualname, parameter, selector, values, used, sentence)


def _public_name(cls: type) -> str:
    """``sklearn.svm.SVC`` for ``sklearn.svm._classes.SVC``: the public package that has it."""
    import importlib

    parts = cls.__module__.split(".")
    for end in range(2, len(parts) + 1):
        module = ".".join(parts[:end])
        if getattr(importlib.import_module(module), cls.__name__, None) is cls:
            return f"{module}.{cls.__name__}"
    return f"{cls.__module__}.{cls.__name__}"


def candidates() -> list[Candidate]:
    """Every candidate relation the docstrings of scikit-learn's estimators state."""
    import inspect

    from sklearn.externals._numpydoc.docscrape import NumpyDocString
    from sklearn.utils import all_estimators

    from hplint.catalog.roles import role_for

    found: dict[tuple[str, str, str], Candidate] = {}
    with _quiet():
        classes = [cls for _, cls in all_estimators()]
    for cls in classes:
        qualname = _public_name(cls)
        with _quiet():
            doc = NumpyDocString(inspect.getdoc(cls) or "")
        for item in doc["Parameters"]:
            if item.name not in inspect.signature(cls).parameters:
                continue
            if role_for(cls.__name__, item.name, None) == "non-model":
                continue  # seeds, n_jobs, verbose ...: setting them anyway is harmless
            for candidate in _candidates_of(cls, qualname, item.name, item.desc):
                key = (qualname, candidate.parameter, candidate.selector)
                if key not in found:  # the first sentence that states it
                    found[key] = candidate
    return sorted(found.values(), key=lambda c: (c.qualname, c.parameter, c.selector))


# --------------------------------------------------------------------------- verification

# Three small data sets per task: (seed, samples, features, classes).
_SHAPES = ((0, 30, 4, 2), (1, 40, 6, 3), (2, 50, 3, 2))
# Methods whose outputs on the training data are compared after fit.
_OUTPUTS = ("predict", "predict_proba", "decision_function", "transform", "score_samples")


def _datasets(cls: type) -> list[tuple[Any, Any]]:
    import numpy as np
    from sklearn.base import RegressorMixin
    from sklearn.datasets import make_classification, make_regression

    out = []
    for seed, samples, features, classes in _SHAPES:
        if cls.__module__ == "sklearn.feature_extraction.text":
            out.append(_texts(seed, samples, classes))
            continue
        if issubclass(cls, RegressorMixin):
            X, y = make_regression(samples, features, noise=1.0, random_state=seed)
        else:
            X, y = make_classification(
                samples, features, n_informative=2, n_redundant=0, n_classes=classes,
                n_clusters_per_class=1, random_state=seed,
            )
        # Non-negative, so that estimators that need it (NMF, chi2 ...) can be verified.
        out.append((np.abs(X), y))
    return out


_WORDS = ("the a of and model data tree forest kernel fit learn rate the is was to in it an "
          "on for with as by at from or not but this that cat dog").split()


def _texts(seed: int, samples: int, classes: int) -> tuple[list[str], Any]:
    """Short documents of common words (stop words among them) and labels."""
    import numpy as np

    rng = np.random.RandomState(seed)
    documents = [" ".join(rng.choice(_WORDS, size=rng.randint(3, 12))) for _ in range(samples)]
    return documents, rng.randint(0, classes, size=samples)


def _canonical(value: Any, depth: int = 0) -> Any:
    """A comparable form of a fitted value: arrays as bytes, estimators as their fit."""
    import numpy as np
    from scipy import sparse
    from sklearn.base import BaseEstimator

    if depth > 6:
        return ("deep",)
    if sparse.issparse(value):
        value = value.toarray()
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            return ("objects", value.shape, tuple(_canonical(v, depth + 1) for v in value.ravel()))
        return ("array", value.dtype.str, value.shape, np.ascontiguousarray(value).tobytes())
    if isinstance(value, (np.generic, float)):
        return ("scalar", repr(value))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_canonical(v, depth + 1) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((repr(k), _canonical(v, depth + 1)) for k, v in sorted(value.items(), key=repr)))
    if isinstance(value, BaseEstimator):
        return ("estimator", type(value).__name__, _fitted(value, depth + 1))
    if value is None or isinstance(value, (bool, int, str, bytes)):
        return value
    state = getattr(value, "__getstate__", None)
    if callable(state):
        try:
            return (type(value).__name__, _canonical(state(), depth + 1))
        except TypeError:
            pass
    return (type(value).__name__, repr(value))


def _fitted(estimator: Any, depth: int = 0) -> Any:
    names = sorted(n for n in vars(estimator) if n.endswith("_") and not n.startswith("_"))
    return tuple((n, _canonical(getattr(estimator, n), depth)) for n in names)


def _fingerprint(estimator: Any, X: Any) -> Any:
    outputs = []
    for method in _OUTPUTS:
        if not hasattr(estimator, method):
            continue
        try:
            outputs.append((method, _canonical(getattr(estimator, method)(X))))
        except Exception as error:  # noqa: BLE001 - a method off for this setting
            outputs.append((method, ("error", type(error).__name__)))
    return (_fitted(estimator), tuple(outputs))


# Settings that only make a fit cheaper, for the classes that are slow at their defaults
# (a relation found at a smaller size is checked for its parameters, not the size).
_SMALLER: Mapping[str, Mapping[str, Any]] = {
    "MLPClassifier": {"hidden_layer_sizes": (8,), "max_iter": 30},
    "MLPRegressor": {"hidden_layer_sizes": (8,), "max_iter": 30},
    "HistGradientBoostingClassifier": {"max_iter": 5},
    "HistGradientBoostingRegressor": {"max_iter": 5},
    "HashingVectorizer": {"n_features": 256},
    "SpectralClustering": {"n_init": 2},
}


def _fit(cls: type, params: Mapping[str, Any], X: Any, y: Any) -> Any:
    """The fingerprint of ``cls(**params)`` fitted on (X, y); raises what fit raises."""
    import inspect

    arguments = {**_SMALLER.get(cls.__name__, {}), **params}
    if "random_state" in inspect.signature(cls).parameters:
        arguments["random_state"] = 0  # the same randomness for both values of P
    with _quiet():
        estimator = cls(**arguments)
        estimator.fit(X, y)
        return _fingerprint(estimator, X)


_TRIAL_REALS = (0.3, 0.7, 2.0, 0.05, 10.0)
_TRIAL_INTEGERS = (2, 4, 1, 5, 10)


def _trial_values(cls: type, name: str) -> list[Any]:
    """The default of ``name`` and up to two other valid values, in a fixed order."""
    import inspect

    from hplint.catalog import constraints
    from hplint.catalog.generate import _encode_constraints, _json_value

    default = inspect.signature(cls).parameters[name].default
    ok, default = _json_value(default)
    encoded = _encode_constraints(cls, name) or []
    values = [default] if ok and default is not inspect.Parameter.empty else []
    trials: list[Any] = []
    for constraint in encoded:
        if constraint.get("type") == "options":
            trials += [v for v in constraint["values"] if v not in constraint.get("deprecated", ())]
        elif constraint.get("type") == "boolean":
            trials += [False, True]
        elif constraint.get("type") == "interval":
            trials += list(_TRIAL_INTEGERS if constraint["number"] == "integral" else _TRIAL_REALS)
    if isinstance(default, float) and not isinstance(default, bool):
        trials = [default * 2 + 0.1, default / 2, *trials]
    elif isinstance(default, int) and not isinstance(default, bool):
        trials = [*trials, default + 1]  # small counts first: a limit that binds
    for value in trials:
        if len(values) == 3:
            break
        if value not in values and constraints.check(encoded, value) is True:
            values.append(value)
    return values


@dataclass(frozen=True)
class Outcome:
    """The verdict on one candidate: the values verified, and those rejected with why."""

    candidate: Candidate
    verified: tuple[Any, ...]
    used_with: tuple[Any, ...]
    rejected: tuple[tuple[Any, str], ...]


def _same_for_all(
    cls: type, fixed: Mapping[str, Any], name: str, trials: Sequence[Any], data: Sequence[Any]
) -> bool:
    """Whether every value in ``trials`` fits the same, on every data set (raises on error)."""
    for X, y in data:
        first = _fit(cls, {**fixed, name: trials[0]}, X, y)
        for value in trials[1:]:
            if _fit(cls, {**fixed, name: value}, X, y) != first:
                return False
    return True


def verify(candidate: Candidate) -> Outcome:
    cls, name, selector = candidate.cls, candidate.parameter, candidate.selector
    trials = _trial_values(cls, name)
    if len(trials) < 2:
        reasons = tuple((v, f"fewer than two valid values of `{name}` to compare") for v in candidate.values)
        return Outcome(candidate, (), (), reasons)
    data = _datasets(cls)
    used_with = []
    control_errors = []
    for value in candidate.used_with:
        try:
            if not _same_for_all(cls, {selector: value}, name, trials, data):
                used_with.append(value)
        except Exception as error:  # noqa: BLE001 - the control cannot run under this value
            control_errors.append(f"{value!r}: {type(error).__name__}")
    if not used_with:
        why = "control failed: " + (
            f"`{name}` made no difference with `{selector}` in {list(candidate.used_with)!r}"
            + (f" (fit errors: {', '.join(control_errors)})" if control_errors else "")
        )
        return Outcome(candidate, (), (), tuple((v, why) for v in candidate.values))
    verified = []
    rejected = []
    for value in candidate.values:
        if value == "auto":
            # scikit-learn picks the real choice from the data (Ridge's solver for sparse
            # input, PCA's for large input): small dense data sets cannot stand for all.
            rejected.append((value, "not verified: `auto` chooses by the data"))
            continue
        try:
            same = _same_for_all(cls, {selector: value}, name, trials, data)
        except Exception as error:  # noqa: BLE001 - not verified under this value
            rejected.append((value, f"not verified: fit raised {type(error).__name__}"))
            continue
        if same:
            verified.append(value)
        else:
            rejected.append((value, f"`{name}` changes the fit when `{selector}={value!r}`"))
    return Outcome(candidate, tuple(verified), tuple(used_with), tuple(rejected))


def generate() -> dict[str, Any]:
    """The relations data for the installed scikit-learn (fits many tiny models)."""
    import sklearn

    relations = []
    rejected = []
    for candidate in candidates():
        outcome = verify(candidate)
        where = {"estimator": candidate.qualname, "parameter": candidate.parameter,
                 "selector": candidate.selector}  # fmt: skip
        if outcome.verified:
            relations.append({**where, "values": list(outcome.verified),
                              "used_with": list(outcome.used_with),
                              "source": candidate.sentence})  # fmt: skip
        for value, reason in outcome.rejected:
            rejected.append({**where, "value": value, "reason": reason})
    return {
        "sklearn": sklearn.__version__,
        "relations": relations,
        "rejected": rejected,
    }


def serialize(data: Mapping[str, Any]) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _quiet() -> Any:
    from hplint.catalog.generate import _quiet as quiet

    return quiet()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = serialize(generate())
    if "--check" in args:
        if DATA_PATH.exists() and DATA_PATH.read_text(encoding="utf-8") == text:
            print(f"{DATA_PATH.name} is up to date")
            return 0
        print(f"{DATA_PATH.name} is stale; run `python -m hplint.catalog.relations`")
        return 1
    DATA_PATH.write_text(text, encoding="utf-8")
    data = json.loads(text)
    print(f"wrote {DATA_PATH} ({len(data['relations'])} relations, "
          f"{len(data['rejected'])} rejected values)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
