"""XGBoost and LightGBM estimators take ``**kwargs``: HP401 on keywords their boosters
ignore, and on two aliases of one parameter, checked against the libraries at run time
(their warnings, or the booster's configuration, are the ground truth)."""

from __future__ import annotations

import json
import warnings
from collections import Counter
from typing import Any

import pytest

from hplint.catalog import load, native
from hplint.engine import lint_source

np = pytest.importorskip("numpy")

ROWS = np.random.default_rng(0).random((200, 3))
LABELS = (ROWS[:, 0] > 0.5).astype(int)


def _reported(root: str, cls: str, call: str) -> set[str]:
    source = f"from {root} import {cls}\n{call}\n"
    return {d.message for d in lint_source(source, "boost.py") if d.code == "HP401"}


def _keywords(root: str, cls: Any) -> list[str]:
    """Misspellings of every name the estimator and its booster know, and every
    scikit-learn parameter name: the shapes of mistake HP401 looks for."""
    booster = native.native(root)
    assert booster is not None
    known = sorted({*cls().get_params(), *booster.parameters})
    typos = {name[:-1] for name in known if len(name) > 4} | {name + "s" for name in known}
    words = typos | native.sklearn_parameter_names(load())
    return sorted(w for w in words if w.isidentifier() and not booster.knows(w) and w not in cls().get_params())


def _xgboost_ignores(keyword: str, set_params: bool = False) -> bool:
    """Whether XGBoost warns that ``keyword`` is not used, given to the constructor or, as
    a search gives it, to ``set_params``."""
    xgboost = pytest.importorskip("xgboost")
    # XGBoost's warnings follow its process-wide verbosity, which another test (or a
    # library it imports) may have lowered: ask for warnings explicitly.
    with warnings.catch_warnings(record=True) as caught, xgboost.config_context(verbosity=1):
        warnings.simplefilter("always")
        if set_params:
            xgboost.XGBClassifier(n_estimators=1).set_params(**{keyword: 1}).fit(ROWS, LABELS)
        else:
            xgboost.XGBClassifier(n_estimators=1, **{keyword: 1}).fit(ROWS, LABELS)
    return any(f'"{keyword}"' in str(w.message) and "not used" in str(w.message) for w in caught)


class _Log:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def info(self, message: str) -> None:
        self.lines.append(message)

    def warning(self, message: str) -> None:
        self.lines.append(message)


def _lightgbm_run(set_params: bool = False, **params: Any) -> list[str]:
    lightgbm = pytest.importorskip("lightgbm")
    log = _Log()
    lightgbm.register_logger(log)
    # LightGBM's log level is process-wide: set it back for every run.
    if set_params:
        lightgbm.LGBMClassifier(n_estimators=1, verbose=1).set_params(**params).fit(ROWS, LABELS)
    else:
        lightgbm.LGBMClassifier(**{"n_estimators": 1, "verbose": 1, **params}).fit(ROWS, LABELS)
    return log.lines


def _lightgbm_ignores(keyword: str, set_params: bool = False) -> bool:
    lines = _lightgbm_run(set_params, **{keyword: 1})
    return any(f"Unknown parameter: {keyword}" in line for line in lines)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("root", "cls_name", "ignores"),
    [("xgboost", "XGBClassifier", _xgboost_ignores), ("lightgbm", "LGBMClassifier", _lightgbm_ignores)],
)
def test_every_reported_keyword_is_ignored_by_the_library(root: str, cls_name: str, ignores: Any) -> None:
    module = pytest.importorskip(root)
    cls = getattr(module, cls_name)
    tally: Counter[str] = Counter()
    # Every sixth keyword, one fit each: about 100 per library (a fit of LightGBM costs
    # most of a second here).
    for keyword in _keywords(root, cls)[::6]:
        if not _reported(root, cls_name, f"{cls_name}({keyword}=1)"):
            tally["silent"] += 1
            continue
        assert ignores(keyword), keyword
        tally["reported, and the library ignores it"] += 1
    print(f"\n{root}: {dict(tally)}")
    assert tally["reported, and the library ignores it"] > 80, tally


XGBOOST_ALIASES = [("learning_rate", "eta", 0.1, 0.2), ("gamma", "min_split_loss", 0.1, 0.2),
                   ("reg_alpha", "alpha", 0.1, 0.2)]  # fmt: skip
# (``lambda`` is a Python keyword: ``XGBClassifier(lambda=...)`` cannot be written.)


@pytest.mark.parametrize(("first", "second", "a", "b"), XGBOOST_ALIASES)
def test_xgboost_aliases_together_lose_one_value(first: str, second: str, a: float, b: float) -> None:
    xgboost = pytest.importorskip("xgboost")
    assert _reported("xgboost", "XGBClassifier", f"XGBClassifier({first}={a}, {second}={b})")
    model = xgboost.XGBClassifier(n_estimators=1, **{first: a, second: b}).fit(ROWS, LABELS)
    config = json.loads(model.get_booster().save_config())["learner"]["gradient_booster"]["tree_train_param"]
    kept = {round(float(config[name]), 6) for name in (first, second)}
    assert len(kept) == 1  # both names hold the same value: the other one was lost


LIGHTGBM_ALIASES = [("n_estimators", "num_iterations"), ("subsample", "bagging_fraction"),
                    ("colsample_bytree", "feature_fraction"), ("reg_alpha", "lambda_l1"),
                    ("min_child_samples", "min_data_in_leaf"), ("learning_rate", "eta")]  # fmt: skip


@pytest.mark.parametrize(("first", "second"), LIGHTGBM_ALIASES)
def test_lightgbm_aliases_together_are_reported_by_lightgbm_too(first: str, second: str) -> None:
    values = {"n_estimators": 2, "num_iterations": 3, "min_child_samples": 2, "min_data_in_leaf": 3}
    a, b = values.get(first, 0.5), values.get(second, 0.6)
    assert _reported("lightgbm", "LGBMClassifier", f"LGBMClassifier({first}={a}, {second}={b})")
    params = {first: a, second: b}
    if first == "n_estimators":
        # The wrapper resolves this pair itself, silently: one of the values is lost.
        lightgbm = pytest.importorskip("lightgbm")
        model = lightgbm.LGBMClassifier(verbose=-1, **params).fit(ROWS, LABELS)
        assert model.booster_.num_trees() in (a, b)
        return
    lines = _lightgbm_run(**params)
    assert any("will be ignored" in line for line in lines), lines


def test_known_names_and_single_aliases_are_silent() -> None:
    assert not _reported("xgboost", "XGBClassifier", "XGBClassifier(eta=0.1, max_depth=3, tweedie_variance_power=1.2)")
    assert not _reported("lightgbm", "LGBMClassifier", "LGBMClassifier(min_samples_leaf=3, max_bin=63, num_leaves=31)")
    # A None value never reaches the booster: XGBoost says nothing, and neither does hplint.
    xgboost = pytest.importorskip("xgboost")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        xgboost.XGBClassifier(n_estimators=1, n_jobs=1, nthread=None, max_dept=None).fit(ROWS, LABELS)
    assert not [w for w in caught if "not used" in str(w.message)]
    assert not _reported("xgboost", "XGBClassifier", "XGBClassifier(n_jobs=1, nthread=None, max_dept=None)")
    # A name that is neither close to a known one nor a scikit-learn parameter: no claim.
    assert not _reported("xgboost", "XGBClassifier", "XGBClassifier(zzz_custom=1)")


def _search_reported(root: str, cls: str, key: str) -> set[str]:
    source = (
        f"from {root} import {cls}\nfrom sklearn.model_selection import GridSearchCV\n"
        f"GridSearchCV({cls}(), {{{key!r}: [1, 2]}})\n"
    )
    return {d.message for d in lint_source(source, "boost.py") if d.code == "HP302"}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("root", "cls_name", "ignores"),
    [("xgboost", "XGBClassifier", _xgboost_ignores), ("lightgbm", "LGBMClassifier", _lightgbm_ignores)],
)
def test_every_reported_search_key_is_ignored_by_the_library(root: str, cls_name: str, ignores: Any) -> None:
    """HP302 on a search key of a booster's estimator: the search sets it with
    ``set_params``, and the library ignores it there, as it does a constructor keyword."""
    module = pytest.importorskip(root)
    cls = getattr(module, cls_name)
    tally: Counter[str] = Counter()
    for keyword in _keywords(root, cls)[3::6]:  # other keywords than the constructor test's
        reported = _search_reported(root, cls_name, keyword)
        assert bool(reported) == bool(_reported(root, cls_name, f"{cls_name}({keyword}=1)")), keyword
        if not reported:
            tally["silent"] += 1
            continue
        assert ignores(keyword, set_params=True), keyword
        tally["reported, and the library ignores it"] += 1
    print(f"\n{root}: {dict(tally)}")
    assert tally["reported, and the library ignores it"] > 80, tally


@pytest.mark.parametrize(("root", "cls_name", "ignores"), [("xgboost", "XGBClassifier", _xgboost_ignores),
                                                          ("lightgbm", "LGBMClassifier", _lightgbm_ignores)])
def test_silent_was_removed_and_is_ignored(root: str, cls_name: str, ignores: Any) -> None:
    """``silent`` left both libraries' scikit-learn API: HP403 on the keyword, HP302 on
    the search key; both libraries ignore it, either way."""
    pytest.importorskip(root)
    assert ignores("silent") and ignores("silent", set_params=True)
    source = f"from {root} import {cls_name}\n{cls_name}(silent=True)\n"
    assert [d.code for d in lint_source(source, "boost.py")] == ["HP403"]
    (message,) = _search_reported(root, cls_name, "silent")
    assert "`silent`" in message and "ignores it" in message


def test_a_misspelt_search_key_is_renamed_to_the_constructor_parameter() -> None:
    from test_fix import fixed, no_fix

    source = 'from xgboost import XGBClassifier\nGridSearchCV(XGBClassifier(), {"max_dept": [3, 5]})\n'
    assert fixed(source, "HP302") == source.replace("max_dept", "max_depth")
    # A close booster-only name is no constructor parameter: no rename is certain.
    no_fix('from xgboost import XGBClassifier\nGridSearchCV(XGBClassifier(), {"normalize_typ": ["tree"]})\n', "HP302")
    no_fix('from xgboost import XGBClassifier\nGridSearchCV(XGBClassifier(), {"silent": [0, 1]})\n', "HP302")


def test_the_closest_known_name_is_suggested() -> None:
    """`sample_typ` is the booster's `sample_type`, not the constructor's `subsample`."""
    (message,) = _reported("xgboost", "XGBClassifier", "XGBClassifier(sample_typ='weighted')")
    assert "did you mean `sample_type`?" in message
