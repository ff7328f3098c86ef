"""The reviewed table of removals (catalog/removals.py): its rows hold at run time, and
HP403's fixes for removed imports rewrite only what is the same object under a new name."""

from __future__ import annotations

import importlib
import inspect
import warnings

import pytest
from test_fix import fixed, no_fix

from hplint.catalog import functions, load, removals, versioned
from hplint.config import Settings
from hplint.engine import lint_source


# ---------------------------------------------------------------- the table, at run time
# The installed scikit-learn (the newest catalogued release) is past every removal in the
# table but ``SCORERS``' (1.5), so each row must fail there as the table says.


def _importable(qualname: str) -> bool:
    module, _, name = qualname.rpartition(".")
    try:
        importlib.import_module(qualname)
        return True
    except ImportError:
        pass
    try:
        return hasattr(importlib.import_module(module), name)
    except ImportError:
        return False


@pytest.mark.parametrize("qualname", sorted(removals.APIS))
def test_every_removed_api_is_gone_and_its_replacement_exists(qualname: str) -> None:
    assert not _importable(qualname)
    replacement = removals.APIS[qualname].replacement
    if replacement is not None and replacement.startswith("sklearn."):
        head, _, tail = replacement.partition(".from_estimator")
        assert _importable(head), replacement


@pytest.mark.parametrize("row", sorted(removals.PARAMETERS))
def test_every_removed_parameter_raises(row: tuple[str, str]) -> None:
    qualname, parameter = row
    module, _, name = qualname.rpartition(".")
    owner = getattr(importlib.import_module(module), name)
    with pytest.raises(TypeError, match=parameter):
        # The constructor's or the function's signature, as a call binds it.
        inspect.signature(owner).bind_partial(**{parameter: None})
    replacement = removals.PARAMETERS[row]
    if replacement.renamed:
        assert replacement.replacement in inspect.signature(owner).parameters


@pytest.mark.parametrize("row", sorted(removals.VALUES))
def test_every_removed_value_is_rejected_and_its_replacement_accepted(row: tuple[str, str, str]) -> None:
    from sklearn.utils._param_validation import InvalidParameterError

    qualname, parameter, value = row
    module, _, name = qualname.rpartition(".")
    cls = getattr(importlib.import_module(module), name)
    with pytest.raises(InvalidParameterError):
        cls(**{parameter: value})._validate_params()
    new = removals.VALUES[row].replacement
    if new is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # not even deprecated
            cls(**{parameter: new})._validate_params()


def test_the_table_only_speaks_where_the_catalog_is_silent() -> None:
    """A row for what a catalogued release records would never be read (the catalog wins)."""
    from hplint.catalog import history

    catalog = load()
    for qualname, parameter in removals.PARAMETERS:
        if catalog.lookup(qualname) is None:
            # A validated function: its catalog records the releases that have the parameter,
            # the row adds the deprecation; they must agree on the removal.
            function = functions.lookup(catalog, qualname)
            assert function is not None and parameter not in function.parameters, qualname
            row = removals.PARAMETERS[qualname, parameter]
            past = history.parameter(catalog, qualname, parameter)
            if past is None:  # gone before the function was first validated
                found = functions.history(qualname)
                assert found is not None
                first = min(found[1], key=versioned.key)
                assert versioned.key(row.removed) <= versioned.key(first), (qualname, parameter)
            else:
                assert past.removed() == row.removed, (qualname, parameter, past.removed())
            continue
        assert history.parameter(catalog, qualname, parameter) is None, (qualname, parameter)
    for qualname, parameter, value in removals.VALUES:
        past = history.parameter(catalog, qualname, parameter)
        assert past is not None and not any(past.lists(value, r) for r in past.releases)


# ------------------------------------------------- every row is found, however it is spelt
# HP403 skips the walk of a module that never spells a removed name's last part
# (removals.mentioned): each row must still be found as an import and as a dotted use.


@pytest.mark.parametrize("qualname", sorted(set(removals.APIS) | set(removals.from_releases())))
def test_every_removed_api_is_reported_at_its_import_and_its_dotted_use(qualname: str) -> None:
    parent, _, last = qualname.rpartition(".")
    imported = f"from {parent} import {last}\n"
    used = f"import sklearn\n{qualname}()\n"
    spellings = [imported, used]
    grandparent, _, module = parent.rpartition(".")
    if grandparent:  # through the module above it: ``from sklearn import externals``
        spellings.append(f"from {grandparent} import {module}\n{module}.{last}()\n")
    for source in spellings:
        codes = [d.code for d in lint_source(source, settings=Settings(select=("HP403",)))]
        assert codes == ["HP403"], source


def test_the_text_filter_admits_exactly_the_spelt_names() -> None:
    assert removals.mentioned("from sklearn.cross_validation import KFold")
    assert removals.mentioned("x = datasets.load_boston()")
    assert not removals.mentioned("from sklearn.model_selection import KFold")
    assert not removals.mentioned("my_load_boston_copy = 1")  # part of another identifier


# ------------------------------------------------------------------------- the fixes


def test_a_moved_module_is_renamed_when_every_name_is_the_same_there() -> None:
    source = "from sklearn.cross_validation import train_test_split, cross_val_score\n"
    assert fixed(source, "HP403") == "from sklearn.model_selection import train_test_split, cross_val_score\n"


def test_no_fix_when_a_name_changed_its_arguments() -> None:
    no_fix("from sklearn.cross_validation import KFold, train_test_split\n", "HP403")
    # The module itself under its new name: its uses may be the iterators that changed.
    no_fix("from sklearn import cross_validation\n", "HP403")
    no_fix("import sklearn.cross_validation as cv\n", "HP403")


def test_the_vendored_joblib_becomes_joblib_under_the_same_local_name() -> None:
    assert fixed("from sklearn.externals import joblib\n", "HP403") == "import joblib\n"
    assert fixed("from sklearn.externals import joblib as jl\n", "HP403") == "import joblib as jl\n"
    assert fixed("import sklearn.externals.joblib as jl\n", "HP403") == "import joblib as jl\n"
    assert fixed("from sklearn.externals.joblib import dump\n", "HP403") == "from joblib import dump\n"


def test_a_renamed_function_keeps_its_local_name() -> None:
    source = "from sklearn.metrics import calinski_harabaz_score\n"
    expected = "from sklearn.metrics import calinski_harabasz_score as calinski_harabaz_score\n"
    assert fixed(source, "HP403") == expected


def test_no_fix_for_a_replacement_that_is_another_class() -> None:
    no_fix("from sklearn.preprocessing import Imputer\n", "HP403")
    no_fix("import sklearn.externals.joblib\n", "HP403")
    no_fix("from sklearn.externals import six\n", "HP403")  # six may not be installed


def test_a_renamed_parameter_and_value_from_the_table_are_fixed() -> None:
    head = "from sklearn.decomposition import LatentDirichletAllocation\n"
    assert fixed(head + "LatentDirichletAllocation(n_topics=5)\n", "HP403").endswith("(n_components=5)\n")
    head = "from sklearn.tree import DecisionTreeRegressor\n"
    assert fixed(head + "DecisionTreeRegressor(criterion='mse')\n", "HP403").endswith("(criterion='squared_error')\n")


# -------------------------------------------------------------- search-space messages

SEARCH_HEAD = (
    "from sklearn.ensemble import RandomForestClassifier\n"
    "from sklearn.linear_model import LogisticRegression\n"
    "from sklearn.model_selection import GridSearchCV\n"
    "from sklearn.pipeline import Pipeline\n"
)


def _messages(source: str, code: str) -> list[str]:
    from hplint.engine import lint_source

    return [d.message for d in lint_source(SEARCH_HEAD + source, "search.py") if d.code == code]


def test_hp302_says_when_a_search_key_was_removed() -> None:
    source = 'GridSearchCV(LogisticRegression(), {"multi_class": ["ovr"], "C": [1, 2]})\n'
    (message,) = _messages(source, "HP302")
    assert message.endswith("; `multi_class` was deprecated in 1.5 and removed in 1.8 (the target is scikit-learn 1.9)")
    source = 'GridSearchCV(Pipeline([("lr", LogisticRegression())]), {"lr__multi_class": ["ovr", "multinomial"]})\n'
    (message,) = _messages(source, "HP302")
    assert "removed in 1.8" in message


def test_hp302_on_a_key_never_a_parameter_says_nothing_of_history() -> None:
    source = 'GridSearchCV(LogisticRegression(), {"C ": [1, 2]})\n'
    (message,) = _messages(source, "HP302")
    assert "whitespace" in message and message.endswith("did you mean `C`?")


def test_hp301_names_the_estimator_that_owns_the_key() -> None:
    source = 'GridSearchCV(Pipeline([("rf", RandomForestClassifier())]), {"rf__n_jobs": [1, -1]})\n'
    (message,) = _messages(source, "HP301")
    assert message.startswith("Search key `rf__n_jobs` is not a hyperparameter of `RandomForestClassifier`:")


def test_a_removed_parameter_of_a_function_is_one_hp403_with_its_history() -> None:
    from hplint.engine import lint_source

    source = (
        "from sklearn.metrics import mean_squared_error\n"
        "mean_squared_error([1.0], [1.0], squared=False)\n"
        "mean_squared_error([1.0], [1.0], squaredd=False)\n"
    )
    found = [(d.start.row, d.code, d.message) for d in lint_source(source)]
    assert [(row, code) for row, code, _ in found] == [(2, "HP403"), (3, "HP401")]
    assert found[0][2] == (
        "`squared` of `mean_squared_error` was deprecated in 1.4 and removed in 1.6 "
        "(the target is scikit-learn 1.9); use `root_mean_squared_error` instead"
    )


# ------------------------------------------------------------- removed after 1.2 (derived)


def test_the_releases_show_import_paths_gone_with_their_replacement() -> None:
    derived = removals.from_releases()
    row = derived["sklearn.utils.estimator_checks.LinearRegression"]
    assert (row.removed, row.replacement, row.renamed) == ("1.6", "sklearn.linear_model.LinearRegression", True)
    # Left the function catalog in 1.8 (no longer validated) but still importable: the
    # build's check in the release's own virtualenv kept it out.
    assert "sklearn.metrics.cluster.entropy" not in derived
    assert not set(derived) & set(removals.APIS)


def test_a_removed_import_path_is_fixed_to_the_class_it_stood_for() -> None:
    source = "from sklearn.utils.estimator_checks import Ridge as R\n"
    assert fixed(source, "HP403") == "from sklearn.linear_model import Ridge as R\n"


@pytest.mark.slow
def test_derived_removals_hold_in_the_releases_themselves() -> None:
    """Each derived row: importable in the release before it went, not in the release named
    (in the virtualenvs of ``python -m hplint.catalog.releases --work DIR``)."""
    import os
    from pathlib import Path

    from hplint.catalog import releases

    work = os.environ.get("HPLINT_RELEASES_WORK")
    if not work:
        pytest.skip("set HPLINT_RELEASES_WORK to the --work directory of hplint.catalog.releases")
    known = list(functions.releases())
    for name, row in removals.from_releases().items():
        before = known[known.index(row.removed) - 1]
        assert releases._importable(before, [name], Path(work)) == {name: True}, name
        assert releases._importable(row.removed, [name], Path(work)) == {name: False}, name
