"""HP101 untuned-hyperparameter: message, options, and the rule page's table.

The shapes that are reported and the ones that stay silent are in tests/fixtures/HP101/.
Run ``python tests/test_tuning.py`` to print the table for rules/HP101.md.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hplint.catalog import load
from hplint.config import ConfigError, Settings, settings_from_table
from hplint.engine import lint_source
from hplint.options import RuleOptions

ROOT = Path(__file__).resolve().parents[1]
HEAD = "from sklearn.ensemble import RandomForestClassifier\nfrom sklearn.svm import SVC\n"

# The estimators whose parameters the rule page lists, most used first.
COMMON = """LogisticRegression LinearRegression Ridge Lasso ElasticNet SGDClassifier SVC SVR LinearSVC
KNeighborsClassifier KNeighborsRegressor DecisionTreeClassifier DecisionTreeRegressor
RandomForestClassifier RandomForestRegressor ExtraTreesClassifier GradientBoostingClassifier
GradientBoostingRegressor HistGradientBoostingClassifier HistGradientBoostingRegressor
AdaBoostClassifier BaggingClassifier VotingClassifier StackingClassifier GaussianNB MultinomialNB
MLPClassifier MLPRegressor KMeans DBSCAN AgglomerativeClustering GaussianMixture PCA TruncatedSVD
TSNE StandardScaler MinMaxScaler OneHotEncoder SimpleImputer PolynomialFeatures TfidfVectorizer
CountVectorizer ColumnTransformer SelectKBest""".split()


def role_table() -> str:
    """The Markdown table of hyperparameters and settings of the COMMON estimators."""
    catalog = load()
    by_name = {}
    for qualname in catalog.qualnames:
        estimator = catalog.lookup(qualname)
        assert estimator is not None
        by_name[estimator.name] = estimator
    lines = [
        "| estimator | hyperparameters (reported) | settings (not reported) |",
        "| --- | --- | --- |",
    ]
    for name in COMMON:
        parameters = by_name[name].parameters.values()
        hyper = ", ".join(f"`{p.name}`" for p in parameters if p.role == "hyperparameter")
        setting = ", ".join(f"`{p.name}`" for p in parameters if p.role == "setting")
        lines.append(f"| `{name}` | {hyper or '-'} | {setting or '-'} |")
    return "\n".join(lines)


def hp101(source: str, options: RuleOptions = RuleOptions()) -> list[tuple[int, str]]:
    settings = Settings(select=("HP101",), options=options)
    return [(d.start.row, d.message) for d in lint_source(HEAD + source, "<test>", settings)]


def test_message_names_the_call_the_parameter_and_what_to_do() -> None:
    [(row, message)] = hp101("model = RandomForestClassifier(max_depth=7, random_state=0)\n")
    assert row == 3
    assert message == (
        "`RandomForestClassifier(max_depth=7)`: hyperparameter `max_depth` is hard-coded and "
        "never tuned in this project; search over it (e.g. GridSearchCV) or justify the choice "
        "with `# noqa: HP101`"
    )


def test_message_shows_the_value_as_written() -> None:
    [(_, message)] = hp101("SVC(kernel='poly')\n")
    assert message.startswith("`SVC(kernel='poly')`: hyperparameter `kernel`")


def test_one_finding_per_call_names_every_untuned_hyperparameter() -> None:
    source = (
        "from sklearn.ensemble import GradientBoostingClassifier\n"
        "model = GradientBoostingClassifier(\n"
        "    random_state=0,\n"
        "    n_estimators=200, learning_rate=0.05,\n"
        "    max_depth=4,\n"
        ")\n"
    )
    [(row, message)] = hp101(source)
    assert row == 6  # the first untuned argument's line
    assert message == (
        "`GradientBoostingClassifier(n_estimators=200, learning_rate=0.05, max_depth=4)`: "
        "hyperparameters `n_estimators`, `learning_rate`, `max_depth` are hard-coded and never "
        "tuned in this project; search over them (e.g. GridSearchCV) or justify the choice with "
        "`# noqa: HP101`"
    )


def test_one_finding_per_call_leaves_out_what_is_tuned() -> None:
    source = (
        "from sklearn.model_selection import GridSearchCV\n"
        "GridSearchCV(RandomForestClassifier(), {'max_depth': [3, 5]})\n"
        "RandomForestClassifier(max_depth=3,\n"
        "                       n_estimators=50)\n"
    )
    [(row, message)] = hp101(source)
    assert row == 6 and message.startswith(
        "`RandomForestClassifier(n_estimators=50)`: hyperparameter `n_estimators` is"
    )


def test_hand_tuning_leaves_what_was_not_varied() -> None:
    source = (
        "from sklearn.linear_model import LogisticRegression\n"
        "LogisticRegression(C=0.1)\n"
        "LogisticRegression(C=0.1, fit_intercept=False)\n"  # only fit_intercept differs
        "LogisticRegression(C=0.1, fit_intercept=False, class_weight='balanced', l1_ratio=1.0)\n"
    )
    # Row 5: C is the same everywhere; row 6 differs from row 5 in two parameters.
    assert [(row, m.split(":")[0]) for row, m in hp101(source)] == [
        (4, "`LogisticRegression(C=0.1)`"),
        (5, "`LogisticRegression(C=0.1)`"),
        (6, "`LogisticRegression(C=0.1, class_weight='balanced', l1_ratio=1.0)`"),
    ]


def test_imputer_strategy_of_categorical_data_is_no_choice() -> None:
    source = "from sklearn.impute import SimpleImputer\nSimpleImputer(strategy={!r})\n"
    assert hp101(source.format("most_frequent")) == hp101(source.format("constant")) == []
    [(_, message)] = hp101(source.format("median"))
    assert "`strategy`" in message


def test_one_discriminant_is_what_two_classes_allow() -> None:
    # LDA keeps at most n_classes - 1 components: with the common two-class target, 1 is the
    # only legal value and the default's; with three classes or more it is a choice.
    source = "from sklearn.discriminant_analysis import LinearDiscriminantAnalysis as L\nL(n_components={})\n"
    assert hp101(source.format(1)) == []
    [(_, message)] = hp101(source.format(2))
    assert "`n_components`" in message


def test_the_function_of_a_function_transformer_is_what_the_step_is() -> None:
    # ``func`` defines the step (None: the identity), as FunctionSampler's does: a setting.
    source = "from sklearn.preprocessing import FunctionTransformer as F\nF({}).fit(X)\n"
    assert hp101(source.format("None")) == hp101(source.format("func=None, inverse_func=None")) == []
    # Its keyword arguments are the function's parameters, and stay reported.
    [(_, message)] = hp101(source.format("np.clip, kw_args={'a_min': 0, 'a_max': 600}"))
    assert "`kw_args`" in message


def test_scikit_learn_allows_two_classes_one_discriminant() -> None:
    """scikit-learn is the judge: two classes, one discriminant, the default's; two raise."""
    import numpy as np
    from sklearn.discriminant_analysis import LinearDiscriminantAnalysis

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(60, 4)), np.repeat([0, 1], 30)
    default = LinearDiscriminantAnalysis().fit(X, y).transform(X)
    one = LinearDiscriminantAnalysis(n_components=1).fit(X, y).transform(X)
    assert default.shape == one.shape == (60, 1) and np.array_equal(default, one)
    with pytest.raises(ValueError):
        LinearDiscriminantAnalysis(n_components=2).fit(X, y)


def test_a_value_the_call_makes_inert_is_no_choice() -> None:
    # stop_words only applies to analyzer="word" (HP501's verified relation): with "char"
    # it is not reported, and the call's other choices still are.
    source = "from sklearn.feature_extraction.text import TfidfVectorizer as T\nT(analyzer={!r}, stop_words='english', max_df=0.9)\n"
    [(_, inert)] = hp101(source.format("char"))
    assert "`max_df`" in inert and "stop_words" not in inert
    [(_, used)] = hp101(source.format("word"))
    assert "`stop_words`" in used and "`analyzer`" in used
    # Set elsewhere, the selector may be "word" after all: reported.
    later = source.format("char") + "v = T(analyzer='char', stop_words='english')\nv.set_params(analyzer='word')\n"
    assert any("`stop_words`" in message for _, message in hp101(later))


def test_unit_transformer_weights_are_no_choice() -> None:
    """scikit-learn is the judge: weights all 1 give the output of no weights."""
    import numpy as np
    from sklearn.compose import ColumnTransformer
    from sklearn.decomposition import PCA
    from sklearn.pipeline import FeatureUnion
    from sklearn.preprocessing import StandardScaler

    X = np.random.default_rng(0).normal(size=(30, 4))
    steps = [("pca", PCA(n_components=2)), ("scale", StandardScaler())]
    plain = FeatureUnion(steps).fit_transform(X)
    assert np.array_equal(FeatureUnion(steps, transformer_weights={"pca": 1.0, "scale": 1}).fit_transform(X), plain)
    columns = [("pca", PCA(n_components=2), [0, 1, 2]), ("scale", StandardScaler(), [3])]
    assert np.array_equal(
        ColumnTransformer(columns, transformer_weights={"pca": 1, "scale": 1.0}).fit_transform(X),
        ColumnTransformer(columns).fit_transform(X),
    )
    head = "from sklearn.pipeline import FeatureUnion\n"
    union = "FeatureUnion([('a', A()), ('b', B())], transformer_weights={weights})\n"
    assert hp101(head + union.format(weights="{'a': 1.0, 'b': 1}")) == []
    assert "transformer_weights" in hp101(head + union.format(weights="{'a': 1.0, 'b': 0.5}"))[0][1]


def test_what_a_callable_analyzer_bypasses_is_no_choice() -> None:
    """scikit-learn is the judge: with a callable analyzer, the vectorizer's preprocessing,
    tokenization and n-gram settings change nothing."""
    import warnings

    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer

    documents = ["The quick brown Fox", "jumps over the lazy dog", "Fox and DOG are friends", "café Zürich"]
    words = str.split
    plain = CountVectorizer(analyzer=words).fit_transform(documents).toarray()
    bypassed = dict(
        ngram_range=(1, 3), stop_words="english", token_pattern=r"\w", tokenizer=str.split,
        preprocessor=str.upper, lowercase=False, strip_accents="ascii",
    )  # fmt: skip
    for name, value in bypassed.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # scikit-learn warns that some are unused
            changed = CountVectorizer(analyzer=words, **{name: value}).fit_transform(documents).toarray()
        assert np.array_equal(changed, plain), name
    head = "from sklearn.feature_extraction.text import CountVectorizer\ndef words(text):\n    return text.split()\n"
    call = "CountVectorizer(analyzer={}, ngram_range=(1, 3), min_df=2)\n"
    [(_, message)] = hp101(head + call.format("words"))
    assert "`min_df`" in message and "ngram_range" not in message
    [(_, message)] = hp101(head + call.format("lambda text: text.split()"))
    assert "ngram_range" not in message
    # A string analyzer (or a name hplint cannot see is a function) uses them.
    [(_, message)] = hp101(head + call.format("'word'"))
    assert "`ngram_range`" in message
    [(_, message)] = hp101(head + call.format("analyzer_name"))
    assert "`ngram_range`" in message


def test_as_many_components_as_columns_is_the_default() -> None:
    """scikit-learn is the judge of rules/fullrank: PCA(n_components=k) on k columns gives
    what PCA() gives (tests/fixtures/HP101/full_rank.py holds the shapes)."""
    import numpy as np
    from sklearn.decomposition import PCA, IncrementalPCA

    X = np.random.default_rng(0).normal(size=(40, 6))
    for columns in ([4, 1], [0, 2, 5]):
        data = X[:, columns]
        for cls in (PCA, IncrementalPCA):
            assert np.allclose(cls(n_components=len(columns)).fit_transform(data), cls().fit_transform(data))


def test_an_ols_intercept_after_a_bias_column_is_no_choice() -> None:
    """scikit-learn is the judge: after PolynomialFeatures' constant column, least squares
    predicts the same with or without its own intercept (a penalized model does not)."""
    import numpy as np
    from sklearn.linear_model import LinearRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(50, 2)), rng.normal(size=50)
    with_own = make_pipeline(PolynomialFeatures(degree=2), LinearRegression()).fit(X, y).predict(X)
    without = make_pipeline(PolynomialFeatures(degree=2), LinearRegression(fit_intercept=False)).fit(X, y).predict(X)
    assert np.allclose(with_own, without)
    head = "from sklearn.linear_model import LinearRegression, Ridge\nfrom sklearn.pipeline import Pipeline\n" + (
        "from sklearn.preprocessing import PolynomialFeatures\n"
    )
    # (True, the default written out: False is a setting anywhere, see the next test.)
    call = "Pipeline([('poly', PolynomialFeatures(degree=3{bias})), ('fit', {model}(fit_intercept=True))])\n"
    assert [m.split(":")[0] for _, m in hp101(head + call.format(bias="", model="LinearRegression"))] == [
        "`PolynomialFeatures(degree=3)`"
    ]
    assert len(hp101(head + call.format(bias=", include_bias=False", model="LinearRegression"))) == 2
    assert len(hp101(head + call.format(bias="", model="Ridge"))) == 2


def test_no_intercept_is_a_fact_of_the_data() -> None:
    """``fit_intercept=False`` on any linear model states that the data has no intercept to
    fit; scikit-learn agrees that on centred data it changes nothing. True, the default
    written out, is still reported, and so are the call's other values."""
    import numpy as np
    from sklearn.linear_model import LinearRegression

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(40, 3)), rng.normal(size=40)
    X, y = X - X.mean(axis=0), y - y.mean()
    own, none = LinearRegression().fit(X, y), LinearRegression(fit_intercept=False).fit(X, y)
    assert np.allclose(own.coef_, none.coef_) and abs(own.intercept_) < 1e-12
    head = "from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge\n"
    for call in ("LinearRegression(fit_intercept=False)", "Ridge(fit_intercept=False)"):
        assert hp101(head + call + "\n") == []
    [(_, message)] = hp101(head + "LogisticRegression(C=0.5, fit_intercept=False)\n")
    assert message.startswith("`LogisticRegression(C=0.5)`: hyperparameter `C` is")
    [(_, message)] = hp101(head + "LinearRegression(fit_intercept=True)\n")
    assert "`fit_intercept`" in message


def test_gaussian_process_noise_other_than_none_is_a_choice() -> None:
    source = "from sklearn.gaussian_process import GaussianProcessRegressor as G\nG(alpha={})\n"
    assert hp101(source.format("0.0")) == hp101(source.format("0")) == []
    [(_, message)] = hp101(source.format("0.1"))
    assert "`alpha`" in message


def test_noqa_marks_the_choice() -> None:
    assert hp101("SVC(C=10.0)  # noqa: HP101\n") == []


def test_noqa_on_the_first_untuned_argument_silences_the_whole_call() -> None:
    source = "SVC(\n    random_state=0,\n    C=10.0,  # noqa: HP101 (from the paper)\n    gamma=0.1,\n)\n"
    assert hp101(source) == []
    # Elsewhere in the call it does not: the finding is on its first untuned argument.
    [(row, _)] = hp101(source.replace("  # noqa: HP101 (from the paper)", "") + "# noqa: HP101\n")
    assert row == 5


@pytest.mark.parametrize("entry", ["max_depth", "RandomForestClassifier.max_depth"])
def test_ignore_parameters(entry: str) -> None:
    source = "RandomForestClassifier(max_depth=7)\nSVC(C=1.0)\n"
    options = RuleOptions(hp101_ignore_parameters=(entry,))
    assert [row for row, _ in hp101(source, options)] == [4]


def test_ignore_parameters_for_one_class_leaves_the_others() -> None:
    source = "from sklearn.svm import SVR\nSVC(kernel='linear')\nSVR(kernel='linear')\n"
    options = RuleOptions(hp101_ignore_parameters=("SVC.kernel",))
    assert [row for row, _ in hp101(source, options)] == [5]


def test_ignore_parameters_removes_one_parameter_from_the_call() -> None:
    source = "RandomForestClassifier(max_depth=7, n_estimators=10)\n"
    options = RuleOptions(hp101_ignore_parameters=("RandomForestClassifier.max_depth",))
    [(row, message)] = hp101(source, options)
    assert row == 3 and message.startswith(
        "`RandomForestClassifier(n_estimators=10)`: hyperparameter `n_estimators` is"
    )
    options = RuleOptions(hp101_ignore_parameters=("max_depth", "n_estimators"))
    assert hp101(source, options) == []


@pytest.mark.parametrize("entry", ["max_iter", "SVC.max_iter"])
def test_extend_hyperparameters(entry: str) -> None:
    source = "SVC(max_iter=100)\n"
    assert hp101(source) == []
    options = RuleOptions(hp101_extend_hyperparameters=(entry,))
    [(row, message)] = hp101(source, options)
    assert row == 3 and "`max_iter`" in message


def test_a_search_hplint_cannot_read_counts_every_dict_key_as_searched() -> None:
    source = (
        "from sklearn.model_selection import GridSearchCV\n"
        "def grid():\n"
        "    return {'max_depth': [3, 5]}\n"
        "search = GridSearchCV(RandomForestClassifier(max_depth=3, n_estimators=50), grid())\n"
        "other = {'svc__C': 1}\n"
    )
    # max_depth and C are keys of dicts in the file; n_estimators is in none.
    [(row, message)] = hp101(source + "SVC(C=2.0)\n")
    assert row == 6 and "`n_estimators`" in message


def test_a_search_without_any_readable_key_silences_the_file() -> None:
    source = (
        "from sklearn.model_selection import GridSearchCV\n"
        "search = GridSearchCV(RandomForestClassifier(max_depth=3), load_space())\n"
    )
    assert hp101(source) == []


def test_a_context_ends_with_its_subtree() -> None:
    """A test class, a loop or a lambda changes the context of what is inside it only,
    not of what follows it in the same top-level statement."""
    source = (
        "if True:\n"
        "    class TestSVC:\n"
        "        SVC(C=1.0)\n"
        "    SVC(C=1.0)\n"
        "    for gamma in [1, 2]:\n"
        "        SVC(gamma=gamma)\n"
        "    fs = [lambda kernel: SVC(kernel=kernel), SVC(kernel='rbf')]\n"
        "    RandomForestClassifier(max_depth=4)\n"
        "    SVC(gamma=0.5)\n"
    )
    # Row 6 follows the test class; the loop and the lambda sweep gamma and kernel, not C.
    assert [row for row, _ in hp101(source)] == [6, 10]


def test_set_params_in_a_loop_tunes_the_parameter() -> None:
    source = "model = SVC(C=1.0)\nfor c in [0.1, 1.0]:\n    model.set_params(C=c)\n"
    assert hp101(source) == []



def test_set_params_on_a_model_bound_to_its_fit_tunes_the_parameter() -> None:
    # fit returns the estimator itself: the pipeline is what set_params lands on.
    source = (
        "from sklearn.linear_model import LassoLarsIC\nfrom sklearn.pipeline import make_pipeline\n"
        "model = make_pipeline(LassoLarsIC(criterion='aic')).fit(X, y)\n"
        "model.set_params(lassolarsic__criterion='bic').fit(X, y)\n"
    )
    assert hp101(source) == []
    assert len(hp101(source.replace("lassolarsic__criterion", "lassolarsic__eps"))) == 1


def test_a_dict_named_as_a_search_result_tunes_its_keys() -> None:
    # A search's output pasted in: the model below repeats its values.
    model = "from sklearn.linear_model import LogisticRegression as L\nL(C=0.1, penalty='l1', solver='liblinear')\n"
    assert hp101("best_parameters = {'C': 0.1, 'penalty': 'l1'}\n" + model) == []
    # Under another name, a dict of single values is no space.
    [(_, message)] = hp101("parameters = {'C': 0.1, 'penalty': 'l1'}\n" + model)
    assert "hyperparameter `C`" in message


def test_a_space_or_result_written_with_dict_keywords_counts_as_a_display() -> None:
    # CatBoost's own searches take such grids: ``model.randomized_search(grid, X, y)``.
    model = "from catboost import CatBoostClassifier\nCatBoostClassifier(random_strength=2, depth=6).fit(X, y)\n"
    assert hp101("grid = dict(random_strength=[1, 5, 10], depth=[4, 6, 8])\n" + model) == []
    assert hp101("best_params = dict(random_strength=2, depth=6)\n" + model) == []
    # One candidate each, under a space's name, is no space; under another name, nothing.
    assert len(hp101("grid = dict(random_strength=2, depth=6)\n" + model)) == 1
    assert len(hp101("options = dict(random_strength=[1, 5, 10], depth=[4, 6, 8])\n" + model)) == 1

def test_a_list_of_spaces_under_a_space_name_counts_as_its_dicts() -> None:
    # The form a search takes for several grids: each dict's keys count.
    model = "from catboost import CatBoostClassifier\nCatBoostClassifier(random_strength=2, depth=6).fit(X, y)\n"
    assert hp101("param_grid = [{'random_strength': [1, 5]}, dict(depth=[4, 6])]\n" + model) == []
    # A list holding anything but dicts is no list of spaces.
    [(_, message)] = hp101("param_grid = [{'random_strength': [1, 5]}, other]\n" + model)
    assert "`random_strength`, `depth`" in message


def test_a_pipeline_path_given_candidates_is_a_space_under_any_name() -> None:
    """``{"model__C": [...]}`` is a grid whatever it is called (``set_params`` takes one
    value per path, a search several), and so is such a path set by subscript: a grid a
    helper builds for a search in another function or file (``parameters["imputer__strategy"]
    = [...]``, added only when the data has missing values)."""
    model = "from sklearn.svm import SVC\nSVC(C=3.0, kernel='poly').fit(X, y)\n"
    assert hp101("parameters = [{'model__C': [0.1, 1, 10], 'model__kernel': ['rbf']}]\n" + model) == []
    assert hp101("settings = {'model__C': np.logspace(-3, 3, 7), 'model__kernel': ['rbf']}\n" + model) == []
    assert hp101("self.grid_ = dict(model__C=[0.1, 1, 10], model__kernel=['rbf'])\n" + model) == []
    imputer = "from sklearn.impute import SimpleImputer\nSimpleImputer(strategy='median').fit(X)\n"
    assert hp101("if missing:\n    parameters['imputer__strategy'] = ['mean', 'median']\n" + imputer) == []
    # One value per path is a configuration (``set_params(**settings)``), as is a plain
    # name given candidates under a name that does not say it is a space.
    assert len(hp101("settings = {'model__C': 1.0, 'model__kernel': 'rbf'}\n" + model)) == 1
    assert len(hp101("settings = {'model__C': [1.0]}\n" + model)) == 1
    assert len(hp101("parameters['imputer__strategy'] = 'mean'\n" + imputer)) == 1
    assert len(hp101("parameters['strategy'] = ['mean', 'median']\n" + imputer)) == 1


# -- configuration ----------------------------------------------------------------------


def test_options_are_read_from_the_hp101_table(tmp_path: Path) -> None:
    table = {"hp101": {"ignore-parameters": ["SVC.kernel", "max_depth", "max_depth"],
                       "extend-hyperparameters": ["max_iter"]}}  # fmt: skip
    settings = settings_from_table(table, tmp_path / "hplint.toml")
    assert settings.options == RuleOptions(
        hp101_ignore_parameters=("SVC.kernel", "max_depth"),
        hp101_extend_hyperparameters=("max_iter",),
    )


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"ignore-parameter": []}, "unknown option; HP101 has `ignore-parameters`"),
        ({"ignore-parameters": "max_depth"}, "expected a list of strings, got a string"),
        ({"ignore-parameters": [1]}, "expected a list of strings"),
        ({"extend-hyperparameters": ["sklearn.svm.SVC.C"]}, "is not a parameter name"),
        ({"extend-hyperparameters": ["max depth"]}, "is not a parameter name"),
    ],
)
def test_invalid_options_name_the_key(options: dict[str, object], error: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=re.escape(error)) as raised:
        settings_from_table({"hp101": options}, tmp_path / "hplint.toml")
    assert "hp101." in str(raised.value)


def test_other_rules_still_take_no_options(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="HP401 has no options"):
        settings_from_table({"hp401": {"ignore-parameters": []}}, tmp_path / "hplint.toml")


def test_options_reach_the_rule_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.hplint]\nselect = ["HP101"]\n[tool.hplint.hp101]\nignore-parameters = ["C"]\n'
    )
    (tmp_path / "train.py").write_text(HEAD + "SVC(C=1.0, kernel='linear')\n")
    result = subprocess.run(
        [sys.executable, "-m", "hplint", "check", "--no-cache", "--output-format", "concise"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "`kernel`" in result.stdout and "`C`" not in result.stdout


# -- the rule page ----------------------------------------------------------------------


def test_rule_page_table_matches_the_catalog() -> None:
    page = (ROOT / "rules" / "HP101.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- table:.*?-->\n(.*?)\n<!-- end table -->", page, re.S)
    assert match, "rules/HP101.md has no generated table"
    assert match.group(1) == role_table(), "regenerate it: python tests/test_tuning.py"


def test_rule_page_shows_both_ways_of_justifying_a_fixed_value(tmp_path: Path) -> None:
    """Every example under "Use instead" is silent: the search, the ``noqa`` with a reason,
    the comment that states the value, and the Example itself under the page's
    ``ignore-parameters`` table."""
    page = (ROOT / "rules" / "HP101.md").read_text(encoding="utf-8")
    section = page.split("## Use instead\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 3 and "# noqa: HP101" in blocks[1] and "# max_depth=7 because" in blocks[2]
    settings = Settings(select=("HP101",))
    assert all(lint_source(block, "<page>", settings) == [] for block in blocks)
    example = page.split("## Example\n```python\n", 1)[1].split("```", 1)[0]
    assert lint_source(example, "<page>", settings) != []
    [toml] = re.findall(r"```toml\n(.*?)```", section, re.S)
    (tmp_path / "pyproject.toml").write_text(toml)
    (tmp_path / "example.py").write_text(example)
    result = subprocess.run(
        [sys.executable, "-m", "hplint", "check", "--no-cache", "--select", "HP101", "example.py"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


if __name__ == "__main__":
    print(role_table())


# -- values and words that carry their tuning ---------------------------------------------


@pytest.mark.parametrize(
    ("number", "digits"),
    [("0.43709", 5), ("3.5017", 5), ("1000", 1), ("0.0005", 1), ("1e-4", 1), ("1_234", 4),
     ("1.500", 2), ("0x1F", 0), ("250000", 2), (".8", 1)],
)  # fmt: skip
def test_significant_digits(number: str, digits: int) -> None:
    from hplint.rules.tuningwords import significant_digits

    assert significant_digits(number) == digits


@pytest.mark.parametrize(
    ("text", "tuned"),
    [("# tuned with GridSearchCV", True), ("## Hyperparameter tuning", True),
     ("best params from the random search", True), ("Optimal values (Optuna)", True),
     ("# cross-validated", True), ("a random forest with 1000 trees", False),
     ("# untuned baseline", False), ("# the bestiary", False),
     ('# I did some "manual" cross-validation here', True), ("# manually cross-validated", True),
     ("# score it with cross-validation", False), ("# calculate cross-validated AUC", False),
     ("# Use cross-validated predictions for calibration", False),
     ("# In a real setting, this parameter should be tuned. We set it to 8", False),
     ("# we would select this value via grid-search", False), ("# not the best, but fast", False),
     ("# Trees: best depth found above. Not scaled.", True),
     ("We did this using the validation set and found 3 Gaussians to be optimal", True),
     ("# get parameters via GridCV", True), ("# 'isotonic' worked better than default 'sigmoid'", True),
     ("# a better model would need more data", False), ("# gridlines on the plot", False),
     ("# Average CV score on the training set was: -74.9", True), ("# average CV score: 0.81", False),
     ("The forest gives 78.6%, better than the tree, without tuning any parameters.", False),
     ("# Create GB model -- hyperparameters have already been searched for you", True),
     ("# hyperparameters were never searched", False), ("# searched the docs for this", False)],
)  # fmt: skip
def test_tuned_vocabulary(text: str, tuned: bool) -> None:
    from hplint.rules.tuningwords import says_tuned

    assert says_tuned(text) is tuned


def _notebook(*cells: tuple[str, str]) -> str:
    return json.dumps({
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"language_info": {"name": "python"}},
        "cells": [{"cell_type": kind, "metadata": {}, "source": text,
                   **({"outputs": [], "execution_count": None} if kind == "code" else {})}
                  for kind, text in cells],
    })  # fmt: skip


def _notebook_findings(path: Path) -> list[tuple[int, str]]:
    """The (cell, message up to its colon) of each HP101 finding of ``hplint check path``."""
    result = subprocess.run(
        [sys.executable, "-m", "hplint", "check", "--isolated", "--no-cache", "--select", "HP101",
         "--output-format", "json", path.name],
        cwd=path.parent, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    return [(d["cell"], d["message"].split(":")[0]) for d in json.loads(result.stdout)]


def test_a_markdown_cell_right_before_says_the_values_were_tuned(tmp_path: Path) -> None:
    (tmp_path / "model.ipynb").write_text(_notebook(
        ("code", "from sklearn.svm import SVC\nfrom sklearn.ensemble import RandomForestClassifier"),
        ("markdown", "## Final model\nParameters found with a grid search on the full data."),
        ("code", "svc = SVC(C=12.0, gamma=0.02)"),
        ("markdown", "## A forest"),
        ("code", "forest = RandomForestClassifier(max_depth=4)"),
        ("markdown", "tuned values follow, two cells down"),
        ("code", "print(1)"),
        ("code", "forest2 = RandomForestClassifier(min_samples_leaf=4)"),
        ("code", "fitted = [m.fit(X, y) for m in (svc, forest, forest2)]"),  # used: not dead objects
    ))  # fmt: skip
    assert _notebook_findings(tmp_path / "model.ipynb") == [
        (5, "`RandomForestClassifier(max_depth=4)`"),
        (8, "`RandomForestClassifier(min_samples_leaf=4)`"),
    ]


def test_a_heading_comment_covers_the_next_cell_in_no_notebook(tmp_path: Path) -> None:
    # In a .py file the comment heads the run of definitions below it
    # (fixtures/HP101/heading_comments.py); a notebook's cells are joined with no line
    # between, so the definition in the next cell is not covered.
    (tmp_path / "model.ipynb").write_text(_notebook(
        ("code", "from sklearn.svm import SVC\nfrom sklearn.ensemble import RandomForestClassifier"),
        ("code", "# parameters from the grid search\nsvc = SVC(C=12.0, gamma=0.02)"),
        ("code", "forest = RandomForestClassifier(max_depth=4)"),
        ("code", "fitted = [m.fit(X, y) for m in (svc, forest)]"),
    ))  # fmt: skip
    assert _notebook_findings(tmp_path / "model.ipynb") == [(3, "`RandomForestClassifier(max_depth=4)`")]


def test_markdown_around_a_cell_that_states_a_value_justifies_it(tmp_path: Path) -> None:
    """Real code (a Kaggle notebook): the markdown after the KMeans cell says "decided to go
    with the pair (6,4) and 4 clusters". The cell right before or right after counts, only
    for the parameter it names with that value; the first heading names a string value."""
    (tmp_path / "clusters.ipynb").write_text(_notebook(
        ("markdown", "# KMeans and spectral clustering of the customers\nA first look."),
        ("code", "from sklearn.cluster import AgglomerativeClustering, Birch, KMeans, MiniBatchKMeans, SpectralClustering\n"
                 "from sklearn.ensemble import RandomForestClassifier\nfrom sklearn.mixture import GaussianMixture"),
        ("code", "kmeans = KMeans(n_clusters=4)"),
        ("markdown", "I have plotted several pairs and decided to go with the pair (6,4) and 4 clusters."),
        ("markdown", "Below, a forest with a depth of 6, since deeper trees overfit."),
        ("code", "forest = RandomForestClassifier(n_estimators=300, max_depth=6, min_samples_leaf=4)"),
        ("markdown", "Scores for 4 and 6 are printed below; 300 is what we had."),
        ("code", "birch = Birch(n_clusters=6)"),
        ("code", "minibatch = MiniBatchKMeans(n_clusters=5)"),
        ("markdown", "## 5 clusters\nThe elbow is at 5 clusters.\n```python\n# 8 clusters look better\nnear = KMeans(n_clusters=8)\n```"),
        ("code", "spectral = SpectralClustering(affinity='nearest_neighbors', assign_labels='kmeans')"),
        ("markdown", "```\nSpectralClustering(n_clusters=8)\n```"),
        ("code", "far = AgglomerativeClustering(n_clusters=8)"),
        ("markdown", "We identify 7 clusters."),
        ("code", "gmm = GaussianMixture(n_components=7)"),
        ("code", "fitted = [m.fit(X) for m in (kmeans, forest, birch, minibatch, spectral, far, gmm)]"),
    ))  # fmt: skip
    # kmeans: stated after, with a reason; the forest: max_depth stated before, the others
    # not ("4", "300" alone); birch: nothing beside it; minibatch: stated after; spectral:
    # the heading names one string (KMeans, next to "spectral clustering"); far: a fenced
    # code block is code, not prose; gmm: stated without a reason (a restatement).
    assert _notebook_findings(tmp_path / "clusters.ipynb") == [
        (6, "`RandomForestClassifier(n_estimators=300, min_samples_leaf=4)`"),
        (8, "`Birch(n_clusters=6)`"),
        (11, "`SpectralClustering(affinity='nearest_neighbors')`"),
        (13, "`AgglomerativeClustering(n_clusters=8)`"),
        (15, "`GaussianMixture(n_components=7)`"),
    ]


def test_a_comment_that_states_one_value_leaves_the_others_reported() -> None:
    source = (
        "# 200 trees are enough: the score levels off\n"
        "model = RandomForestClassifier(max_depth=6, n_estimators=200, min_samples_leaf=3)\n"
    )
    assert [message.split(":")[0] for _, message in hp101(source)] == [
        "`RandomForestClassifier(max_depth=6, min_samples_leaf=3)`"
    ]


def test_a_stated_value_holds_for_the_same_value_of_a_twin_call() -> None:
    """Real code: the comment gives the reason once; the twin fitted on other columns is
    the same choice."""
    source = (
        "selected = RandomForestClassifier(max_depth=4, n_estimators=300)  # max_depth=4 since deeper trees overfit\n"
        "selected.fit(X_selected, y)\n"
        "every = RandomForestClassifier(max_depth=4, n_estimators=300)\n"
        "every.fit(X_all, y)\n"
    )
    assert [message.split(":")[0] for _, message in hp101(source)] == [
        "`RandomForestClassifier(n_estimators=300)`"
    ] * 2
    # Without the comment, the twins are reported whole.
    bare = source.replace("  # max_depth=4 since deeper trees overfit", "")
    assert [message.split(":")[0] for _, message in hp101(bare)] == [
        "`RandomForestClassifier(max_depth=4, n_estimators=300)`"
    ] * 2


def test_a_curve_in_a_helper_tunes_the_names_its_calls_pass() -> None:
    """Real code: a helper draws validation curves for whatever parameter it is given;
    the values were read off those curves."""
    source = (
        "from sklearn.model_selection import validation_curve\n"
        "def curve(model, param_name, values):\n"
        "    return validation_curve(model, X, y, param_name=param_name, param_range=values)\n"
        "curve(RandomForestClassifier(min_samples_leaf=12), 'n_estimators', [10, 50, 100])\n"
        "curve(RandomForestClassifier(n_estimators=80), 'min_samples_leaf', [1, 5, 10])\n"
        "RandomForestClassifier(n_estimators=80, min_samples_leaf=12, max_depth=4)\n"
    )
    assert [message.split(":")[0] for _, message in hp101(source)] == [
        "`RandomForestClassifier(max_depth=4)`"
    ]


def test_a_sweep_written_out_statement_by_statement_explores_what_its_series_differ_in() -> None:
    # Twenty-five depths tried with the entropy criterion, then the same with the default
    # (fifty constructions: a pairwise comparison capped at forty once gave up here).
    lines = ["from sklearn.tree import DecisionTreeClassifier"]
    for criterion in (", criterion='entropy'", ""):
        for depth in range(1, 26):
            lines.append(f"dt = DecisionTreeClassifier(max_depth={depth}{criterion})")
            lines.append("scores = cross_val_score(dt, X, y)")
    assert hp101("\n".join(lines) + "\n") == []
    # The same fifty with min_samples_leaf fixed at 5 in every one: never explored.
    fixed = [line.replace("max_depth=", "min_samples_leaf=5, max_depth=") for line in lines]
    found = hp101("\n".join(fixed) + "\n")
    assert len(found) == 50 and all("`min_samples_leaf`" in m and "`max_depth`" not in m for _, m in found)


def test_a_keyword_the_class_no_longer_knows_is_compared_as_written() -> None:
    # NMF lost ``alpha`` (scikit-learn 1.2): both calls still differ in n_components alone.
    source = (
        "from sklearn.decomposition import NMF\n"
        "pos = NMF(n_components=total_topics, alpha=0.1, l1_ratio=0.2).fit(X)\n"
        "neg = NMF(n_components=10, alpha=0.1, l1_ratio=0.2).fit(X)\n"
    )
    assert [m.split(":")[0] for _, m in hp101(source)] == ["`NMF(l1_ratio=0.2)`"] * 2
    # Written differently it is a second difference: nothing is one apart.
    found = hp101(source.replace("alpha=0.1, l1_ratio=0.2).fit(X)\n", "alpha=0.5, l1_ratio=0.2).fit(X)\n", 1))
    assert [m.split(":")[0] for _, m in found] == ["`NMF(l1_ratio=0.2)`", "`NMF(n_components=10, l1_ratio=0.2)`"]


@pytest.mark.parametrize(
    ("source", "reported"),
    [
        ("s = SelectKBest(chi2, k=20)\ns.fit(X, y)\nprint(s.scores_, s.pvalues_)\n", False),
        ("ranking = SelectPercentile(percentile=10).fit(X, y).pvalues_\n", False),
        # Fitted in the printing call: the scores are only looked at (rules/displayonly).
        ("s = SelectKBest(chi2, k=20)\nprint(s.fit(X, y).scores_)\n", False),
        ("s = SelectKBest(chi2, k='all').fit(X, y)\nkept = s.transform(X)\n", False),
        # What it keeps is used: transform, fit_transform, get_support, or the object escapes.
        ("s = SelectKBest(chi2, k=20)\ns.fit(X, y)\nprint(s.scores_)\nX2 = s.transform(X)\n", True),
        ("s = SelectKBest(chi2, k=20)\ns.fit(X, y)\nprint(s.scores_)\nmodel = make_pipeline(s, SVC())\n", True),
        ("X2 = SelectKBest(chi2, k=20).fit_transform(X, y)\n", True),
        ("s = SelectKBest(chi2, k=20)\ns.fit(X, y)\n", True),
    ],
)
def test_a_selector_only_read_for_its_scores_selects_nothing(source: str, reported: bool) -> None:
    head = "from sklearn.feature_selection import SelectKBest, SelectPercentile, chi2\n"
    assert bool(hp101(head + source)) is reported


def test_lda_components_of_a_classifier_never_transformed_are_no_choice() -> None:
    """scikit-learn is the judge: a linear discriminant analysis predicts the same whatever its
    ``n_components`` (only ``transform``'s output depends on it)."""
    import numpy as np
    from sklearn.datasets import load_iris
    from sklearn.discriminant_analysis import LinearDiscriminantAnalysis

    X, y = load_iris(return_X_y=True)
    one = LinearDiscriminantAnalysis(n_components=1).fit(X, y)
    other = LinearDiscriminantAnalysis().fit(X, y)
    assert np.allclose(one.predict_proba(X), other.predict_proba(X))
    assert np.allclose(one.coef_, other.coef_)
    assert one.transform(X).shape[1] != other.transform(X).shape[1]
    head = (
        "from sklearn.discriminant_analysis import LinearDiscriminantAnalysis as LDA\n"
        "from sklearn.feature_selection import RFECV\n"
        "from sklearn.model_selection import cross_val_score\n"
        "from sklearn.pipeline import make_pipeline\n"
        "from sklearn.preprocessing import StandardScaler\n"
    )
    # (3 components: 1 is silent anyway, what two classes allow.)
    silent = (
        "lda = LDA(n_components=3)\nlda.fit(X, y)\nprint(lda.score(X_test, y_test), lda.coef_)\n",
        "rfe = RFECV(LDA(n_components=3), cv=5).fit(X, y)\n",
        "clf = LDA(n_components=3).fit(X, y)\nscores = cross_val_score(clf, X, y)\n",
    )
    for use in silent:
        assert hp101(head + use) == [], use
    reported = (
        "proj = LDA(n_components=3)\nZ = proj.fit_transform(X, y)\nclf.fit(Z, y)\n",
        "lda = LDA(n_components=3)\nmake_pipeline(StandardScaler(), lda).fit(X, y)\n",
        "lda = LDA(n_components=3)\nlda.fit(X, y)\nmodels.append(lda)\n",
        "lda = LDA(n_components=3).fit(X, y)\nfit_all(lda)\n",
    )
    for use in reported:
        assert len(hp101(head + use)) == 1, use


def test_lightgbm_subsample_without_a_bagging_frequency_is_no_choice() -> None:
    """LightGBM is the judge: with ``subsample_freq`` at its default 0 no rows are bagged, so
    ``subsample`` changes nothing; with a positive frequency it does."""
    import numpy as np
    from lightgbm import LGBMRegressor

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(300, 4)), rng.normal(size=300)

    def predict(**params: object) -> np.ndarray:
        return LGBMRegressor(n_estimators=20, verbose=-1, random_state=0, **params).fit(X, y).predict(X)

    assert np.array_equal(predict(subsample=0.5), predict())
    assert not np.array_equal(predict(subsample=0.5, subsample_freq=1), predict(subsample_freq=1))
    head = "from lightgbm import LGBMClassifier\n"
    assert hp101(head + "LGBMClassifier(subsample=0.8).fit(X, y)\n") == []
    # (an explicit 0 is the default written out: only it is reported)
    written = hp101(head + "LGBMClassifier(subsample=0.8, subsample_freq=0).fit(X, y)\n")
    assert [message.split(":")[0] for _, message in written] == ["`LGBMClassifier(subsample_freq=0)`"]
    assert len(hp101(head + "LGBMClassifier(subsample=0.8, subsample_freq=1).fit(X, y)\n")) == 1
    assert len(hp101(head + "LGBMClassifier(subsample=0.8, bagging_freq=5).fit(X, y)\n")) == 1
    later = "m = LGBMClassifier(subsample=0.8)\nm.set_params(subsample_freq=1)\nm.fit(X, y)\n"
    assert len(hp101(head + later)) == 1


def test_an_elbow_visualizer_searches_the_number_of_clusters() -> None:
    head = "from sklearn.cluster import KMeans\nfrom yellowbrick.cluster import KElbowVisualizer\n"
    fit = "KMeans(n_clusters=4).fit(X)\n"
    assert len(hp101(head + fit)) == 1
    assert hp101(head + "KElbowVisualizer(KMeans(), k=(2, 10)).fit(X)\n" + fit) == []
    assert hp101(head + "model = KMeans()\nKElbowVisualizer(model).fit(X)\n" + fit) == []
    # Another library's function of that name searches nothing.
    other = head.replace("yellowbrick.cluster", "project.plots")
    assert len(hp101(other + "KElbowVisualizer(clusterer, k=(2, 10)).fit(X)\n" + fit)) == 1
    assert hp101(head + "KElbowVisualizer(clusterer, k=(2, 10)).fit(X)\n" + fit) == []


def test_catboost_given_an_eval_set_keeps_its_best_iteration() -> None:
    head = "from catboost import CatBoostRegressor\n"
    model = "model = CatBoostRegressor(iterations=2000, depth=8{kept})\n"
    fit = "model.fit(X, y, eval_set=(X_val, y_val))\n"
    assert [m.split(":")[0] for _, m in hp101(head + model.format(kept="") + fit)] == ["`CatBoostRegressor(depth=8)`"]
    # Without an eval_set, or told to keep every iteration: the budget is a choice.
    both = "`CatBoostRegressor(iterations=2000, depth=8)`"
    assert [m.split(":")[0] for _, m in hp101(head + model.format(kept="") + "model.fit(X, y)\n")] == [both]
    kept = model.format(kept=", use_best_model=False") + fit
    assert [m.split(":")[0] for _, m in hp101(head + kept)] == [both]


def test_a_pytest_modules_fixtures_and_helpers_are_test_code() -> None:
    helper = "def _fitted(X, y):\n    return RandomForestClassifier(max_depth=3).fit(X, y)\n"
    fixture = "@pytest.fixture(name='model')\ndef model_fixture(data):\n    return SVC(C=3.0).fit(*data)\n"
    test = "def test_predicts(model):\n    assert model.predict([[0, 1]]).shape == (1,)\n"
    assert hp101("import pytest\n" + helper + fixture + test) == []
    assert hp101("from pytest import fixture\n" + fixture.replace("@pytest.fixture", "@fixture")) == []
    # Importing pytest alone, without a test or a fixture, is no test module.
    assert len(hp101("import pytest\n" + helper)) == 1
    # Nor is a module of tests that does not import pytest (a script named for testing a
    # model): only its ``test_*`` functions are test code.
    assert len(hp101(helper + test)) == 1


def test_an_elbow_over_kmeans_chooses_the_clusters_of_its_twins() -> None:
    elbow = (
        "from sklearn.cluster import AgglomerativeClustering, KMeans, MiniBatchKMeans\n"
        "X = load()\n"
        "inertias = [KMeans(n_clusters=k).fit(X).inertia_ for k in range(1, 10)]\n"
    )
    twin = "labels = MiniBatchKMeans(n_clusters=3, reassignment_ratio=0.05).fit_predict(X)\nprint(labels)\n"
    [(_, message)] = hp101(elbow + twin)
    assert "`reassignment_ratio`" in message and "`n_clusters`" not in message
    # Another algorithm's number of clusters is its own choice.
    other = "labels = AgglomerativeClustering(n_clusters=3).fit_predict(X)\nprint(labels)\n"
    [(_, message)] = hp101(elbow + other)
    assert "`n_clusters`" in message


def test_a_search_over_kmeans_in_another_file_tunes_its_twins() -> None:
    from hplint.diagnostics import TuningFacts

    searched = TuningFacts(classes=frozenset({("sklearn.cluster.KMeans", "n_clusters")}))
    assert searched.tunes("sklearn.cluster.MiniBatchKMeans", "n_clusters")
    assert not searched.tunes("sklearn.cluster.MiniBatchKMeans", "batch_size")
    assert not searched.tunes("sklearn.cluster.SpectralClustering", "n_clusters")


def test_an_iteration_budget_is_an_upper_bound_only_where_that_object_stops_early() -> None:
    # A notebook rebinds `xgb` cell after cell: only the second object's fit stops early,
    # so only its `n_estimators` is the stopping rule's bound.
    source = (
        "from xgboost import XGBClassifier\n"
        "xgb = XGBClassifier(n_estimators=1000, max_depth=4)\n"
        "xgb.fit(X, y)\n"
        "xgb = XGBClassifier(n_estimators=1000, max_depth=4)\n"
        "xgb.fit(X, y, eval_set=[(X, y)], early_stopping_rounds=100)\n"
    )
    assert [message.split("`")[1] for _, message in hp101(source)] == [
        "XGBClassifier(n_estimators=1000, max_depth=4)",
        "XGBClassifier(max_depth=4)",
    ]


def test_a_fit_the_value_analysis_cannot_place_still_stops_the_budget() -> None:
    # Which object `xgb` holds at the fit depends on the branch: silent, as before.
    source = (
        "from xgboost import XGBClassifier\n"
        "xgb = XGBClassifier(n_estimators=1000, max_depth=4)\n"
        "if flag:\n"
        "    xgb = XGBClassifier(n_estimators=1000, max_depth=4)\n"
        "xgb.fit(X, y, eval_set=[(X, y)], early_stopping_rounds=100)\n"
    )
    assert [message.split("`")[1] for _, message in hp101(source)] == [
        "XGBClassifier(max_depth=4)",
        "XGBClassifier(max_depth=4)",
    ]


def test_a_named_grid_a_search_reads_tunes_only_the_class_it_searches() -> None:
    # The forest's grid says nothing of the booster's budget: it is still reported.
    source = (
        "from sklearn.model_selection import GridSearchCV\n"
        "from xgboost import XGBClassifier\n"
        "param_grid = {'n_estimators': [100, 200, 300]}\n"
        "GridSearchCV(RandomForestClassifier(), param_grid).fit(X, y)\n"
        "RandomForestClassifier(n_estimators=200)\n"
        "XGBClassifier(n_estimators=1000)\n"
    )
    assert [message.split("`")[1] for _, message in hp101(source)] == ["XGBClassifier(n_estimators=1000)"]


def test_a_named_grid_no_search_of_the_file_reads_counts_for_every_class() -> None:
    # Its search may be in another file, on any class.
    source = (
        "from xgboost import XGBClassifier\n"
        "param_grid = {'n_estimators': [100, 200, 300]}\n"
        "XGBClassifier(n_estimators=1000)\n"
    )
    assert hp101(source) == []


def test_an_attribute_model_whose_fit_stops_early_has_its_budget_as_a_bound() -> None:
    # A class keeps its model in `self.model` and fits it with early stopping elsewhere
    # in the class; another class's `self.model` fitted without it keeps its budget.
    source = (
        "from catboost import CatBoostRegressor\n"
        "from xgboost import XGBRegressor\n"
        "class Pipe:\n"
        "    def init(self):\n"
        "        self.model = CatBoostRegressor(iterations=50, depth=6)\n"
        "    def train(self, X, y, Xv, yv):\n"
        "        self.model.fit(X, y, eval_set=[(Xv, yv)], early_stopping_rounds=100)\n"
        "class Other:\n"
        "    def init(self):\n"
        "        self.model = XGBRegressor(n_estimators=500)\n"
        "    def train(self, X, y):\n"
        "        self.model.fit(X, y)\n"
        "class Third:\n"
        "    def train(self, X, y):\n"
        "        self.model.fit(X, y, eval_set=[(X, y)], early_stopping_rounds=10)\n"
    )
    assert [message.split("`")[1] for _, message in hp101(source)] == [
        "CatBoostRegressor(depth=6)",
        "XGBRegressor(n_estimators=500)",
    ]


def test_an_optuna_suggestion_tunes_the_key_it_is_stored_under() -> None:
    # The dict is expanded into the estimator: its key, not the trial's name, is the parameter.
    source = (
        "from catboost import CatBoostRegressor\n"
        "def objective(trial):\n"
        "    params = {'iterations': trial.suggest_int('n_estimators', 100, 1000)}\n"
        "    return CatBoostRegressor(**params)\n"
        "def fallback():\n"
        "    return CatBoostRegressor(iterations=50)\n"
        "def shaped(trial):\n"
        "    return dict(depth=trial.suggest_int('tree_depth', 2, 8))\n"
        "CatBoostRegressor(depth=6)\n"
    )
    assert hp101(source) == []


def test_a_selector_read_for_its_scores_through_the_object_fit_returns_chooses_nothing() -> None:
    # The snippet every univariate-selection tutorial has: `fit` is the fitted selector.
    source = (
        "from sklearn.feature_selection import SelectKBest, chi2\n"
        "test = SelectKBest(score_func=chi2, k=4)\n"
        "fit = test.fit(X, y)\n"
        "scores = np.absolute(fit.scores_) / np.absolute(fit.scores_).sum()\n"
        "kept = SelectKBest(score_func=chi2, k=4)\n"
        "fitted = kept.fit(X, y)\n"
        "print(fitted.scores_)\n"
        "X_new = fitted.transform(X)\n"
    )
    assert [(row, message.split("`")[1]) for row, message in hp101(source)] == [(7, "SelectKBest(k=4)")]
    # A selector whose fitted alias is used for more than its scores is still reported.
    assert hp101(source.replace("np.absolute(fit.scores_).sum()", "fit.transform(X).sum()"))


def test_a_fit_alias_is_read_in_its_own_function() -> None:
    # Another function binds its own `fit` to something else: this one's is still the selector.
    source = (
        "import numpy as np\n"
        "from sklearn.feature_selection import SelectKBest, chi2\n"
        "def components(model, X):\n"
        "    fit = model.fit(X)\n"
        "    return fit.components_\n"
        "def univariate(X, y):\n"
        "    test = SelectKBest(score_func=chi2, k=4)\n"
        "    fit = test.fit(X, y)\n"
        "    return np.absolute(fit.scores_) / np.absolute(fit.scores_).sum()\n"
    )
    assert hp101(source) == []


def test_a_pipeline_grid_written_in_a_call_tunes_its_keys() -> None:
    # A spec object carries the estimator and the grid another module searches.
    source = (
        "from sklearn.neural_network import MLPClassifier\n"
        "spec = ModelSpec(\n"
        "    factory=lambda: MLPClassifier(activation='tanh', alpha=1e-4),\n"
        "    param_grid=[{'model__alpha': [1e-4, 1e-3]}],\n"
        ")\n"
    )
    assert [message.split("`")[1] for _, message in hp101(source)] == ["MLPClassifier(activation='tanh')"]
