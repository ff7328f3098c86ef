"""Literal hyperparameter values that are no hard-coded modelling choice (HP101).

The catalog's role says whether a parameter is a hyperparameter; some of their values still
choose nothing:

- a value that lets the library decide (``"auto"``; ``None`` where it is documented to mean
  the library's default, a value computed from the data or no extra arguments:
  ``GaussianNB(priors=None)``, ``DBSCAN(metric_params=None)``), or one that the kind of data
  decides (``SimpleImputer(strategy="most_frequent")``): ``catalog.roles.value_setting``;
- ``n_components`` of 2 or 3 on a decomposition or embedding that is not a step of a model,
  in a file that plots: the dimension of a picture;
- any other parameter of such a projection whose estimator and output only reach plotting
  code (``rules.displayonly``): it shapes a picture;
- any parameter of a clusterer whose labels only reach plotting code (``rules.displayonly``):
  they only colour a figure, an exploration;
- any parameter of a preprocessing transformer, feature extractor or selector, kernel
  approximation or kernel density whose output only reaches plotting code
  (``rules.displayonly``): a picture again; and of any of these or a projection whose
  output is only looked at (printed, shown, its shape read): no model is built from it;
- any value of a construction whose object nothing uses (``rules.unused``): alone on its
  line, or bound to a name never read again (a function's local; a notebook's name);
- any value of a transformer, selector, imputer, sampler or projection whose output,
  followed through the file, reaches no model (``rules.downstream``): word counts of an
  exploration, the columns a selector keeps printed, features binned for a heat map;
- the size of a univariate selector (``SelectKBest(k=20)``) that is only fitted and read for
  its ``scores_`` / ``pvalues_``: nothing is selected;
- LightGBM's ``subsample`` when ``subsample_freq`` stays 0 (its default): rows are bagged only
  with a positive frequency;
- the iteration budget of a boosting model that stops early (``n_estimators=1000`` with
  ``early_stopping_rounds=50``; CatBoost given an ``eval_set``): an upper bound; the
  stopping rule picks the number;
- what a text vectorizer whose ``analyzer`` is a callable (a lambda, a function of the
  file) ignores: ``ngram_range``, ``stop_words``, ``token_pattern``, ``tokenizer``,
  ``preprocessor``, ``lowercase``, ``strip_accents``;
- ``n_components`` of a PCA equal to the number of columns of every data it is fitted on,
  when those are written (``X[:, [4, 14]]``, ``df[["a", "b"]]``, a literal array): all the
  components, as the default keeps (``rules.fullrank``);
- ``n_components`` of a linear discriminant analysis that the code only fits and predicts
  with (``rules.transformonly``): only ``transform``'s output depends on it;
- any value of a construction in code that never builds it (``rules.deadbranches``): the
  ``elif`` of a selector bound to another literal (``method = "standard"``), ``if False:``,
  a branch on a notebook function's parameter that every call fixes, the entries of its
  dict of estimators that no call selects, a notebook function nothing calls;
- ``lowercase=False`` of a text vectorizer in a file that lower-cases text itself
  (``text.lower()``, ``df.text.str.lower()``, ``map(str.lower, ...)``): the case was settled
  before the vectorizer, which is told not to do it again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import libcst as cst

from hplint.catalog import roles
from hplint.model import Argument, Construction, ModuleFacts
from hplint.model.literals import literal_value
from hplint.model.scopes import module_scopes
from hplint.model.walk import descendants, every_descendant, names_in
from hplint.rules import deadbranches, displayonly, downstream, fullrank, transformonly, unused


def is_choice(facts: ModuleFacts, construction: Construction, argument: Argument, value: object) -> bool:
    """Whether the literal ``value`` of ``argument`` is a modelling choice."""
    assert argument.parameter is not None
    name = argument.parameter.name
    estimator = construction.estimator
    library = estimator.qualname.partition(".")[0]
    parameter = argument.parameter
    default_none = parameter.has_default and parameter.default is None and parameter.default_repr is None
    if roles.value_setting(estimator.name, name, value, library, default_none) is not None:
        return False
    if id(construction.node) in facts.derived(unused.unused_constructions):
        return False  # an object nothing uses: its values shape no model
    projection = estimator.qualname.startswith(roles.DISPLAY_COMPONENTS)
    # None: used for something; True: drawn and used for nothing else; False: only looked at.
    drawn = facts.derived(_only_displayed).get(id(construction.node))
    if name == "n_components" and projection and drawn is not False:
        # The dimension of a projection drawn is a choice unless it is a picture's.
        if value in roles.DISPLAY_DIMENSIONS and type(value) is int and _for_display(facts, construction):
            return False
    elif drawn is not None:
        # Drawn and used for nothing else (a projection, a clusterer whose labels only
        # colour a figure): its parameters shape a picture; only looked at (printed,
        # shown), whatever it is: no model is built from it.
        return False
    if _SELECTORS.get(estimator.qualname) == name and id(construction.node) in facts.derived(_only_scored):
        return False
    if name == "lowercase" and value is False and estimator.qualname in _TEXT_VECTORIZERS and _lowercases(facts):
        return False
    if name == "n_components" and estimator.qualname in _FULL_RANK and fullrank.keeps_every_feature(
        facts, construction, value
    ):
        return False  # as many components as the columns it is fitted on: the default's
    if (estimator.qualname, name) == _OLS_INTERCEPT and id(construction.node) in facts.derived(_after_bias_column):
        return False  # the polynomial step's constant column is the intercept either way
    if name in _BYPASSED_BY_CALLABLE_ANALYZER and estimator.qualname in _TEXT_VECTORIZERS and _callable_analyzer(
        facts, construction
    ):
        return False  # a callable analyzer reads the raw text itself: the value is ignored
    budget = _EARLY_STOPPING.get(library)
    if budget is not None and name in budget.budget and _stops_early(facts, construction, budget):
        return False
    if library == "lightgbm" and name == "subsample" and _lightgbm_bagging_off(facts, construction):
        return False  # rows are bagged only with a positive ``subsample_freq``
    if (estimator.qualname, name) in transformonly.TRANSFORM_ONLY and transformonly.never_transformed(
        facts, construction
    ):
        return False  # only ``transform``'s output depends on it, and nothing transforms
    if id(construction.node) in facts.derived(deadbranches.never_run):
        return False  # a branch that never runs: nothing is built with it
    # Last: it follows the output through the file (a transformer whose output reaches no
    # model).
    return not downstream.reaches_nothing(facts, construction)


# -- text lower-cased before the vectorizer ---------------------------------------------------

_TEXT_VECTORIZERS: Final = frozenset(
    f"sklearn.feature_extraction.text.{name}" for name in ("CountVectorizer", "TfidfVectorizer", "HashingVectorizer")
)
_LOWER_CASING: Final = frozenset({"lower", "casefold"})


# Decompositions whose default keeps every component: as many as the data's columns.
_FULL_RANK: Final = frozenset({"sklearn.decomposition.PCA", "sklearn.decomposition.IncrementalPCA"})

# An unpenalized least squares after a step that adds a constant column: its intercept
# is that column's coefficient either way (tests/test_tuning.py asks scikit-learn).
_OLS_INTERCEPT: Final = ("sklearn.linear_model.LinearRegression", "fit_intercept")
_BIAS_STEPS: Final = frozenset({"sklearn.preprocessing.PolynomialFeatures"})


def _after_bias_column(facts: ModuleFacts) -> frozenset[int]:
    """The constructions written as a pipeline's step right after a ``PolynomialFeatures``
    that keeps its bias column (``Pipeline([("poly", PolynomialFeatures(2)), ("ols",
    LinearRegression(fit_intercept=False))])``, ``make_pipeline(...)``)."""
    constructions = {id(c.node): c for c in facts.constructions}
    found: set[int] = set()
    for site in facts.calls:
        qualname = facts.resolver.resolve_parts(site.callee) or ""
        if qualname not in _PIPELINES and qualname not in _PIPELINE_FACTORIES:
            continue
        steps = downstream.pipeline_steps(site.node, qualname)
        for before, after in zip(steps or (), (steps or ())[1:]):
            previous = constructions.get(id(before))
            if previous is None or previous.estimator.qualname not in _BIAS_STEPS:
                continue
            if any(a.parameter is not None and a.parameter.name == "include_bias" for a in previous.arguments):
                continue  # (written: False drops the column; True keeps it, but say nothing)
            found.add(id(after))
    return frozenset(found)


# What a text vectorizer ignores when its analyzer is a callable (which gets the raw,
# decoded text): its preprocessing, tokenization and n-grams (tests/test_tuning.py asks
# scikit-learn).
_BYPASSED_BY_CALLABLE_ANALYZER: Final = frozenset(
    {"ngram_range", "stop_words", "token_pattern", "tokenizer", "preprocessor", "lowercase", "strip_accents"}
)


def _callable_analyzer(facts: ModuleFacts, construction: Construction) -> bool:
    """Whether the vectorizer's ``analyzer`` is a callable: a lambda, or the name of a
    function the file defines (``analyzer=text_process``)."""
    for argument in construction.arguments:
        if argument.parameter is not None and argument.parameter.name == "analyzer":
            value = argument.node.value
            if type(value) is cst.Lambda:
                return True
            return type(value) is cst.Name and value.value in facts.derived(_defined_functions)
    return False


def _defined_functions(facts: ModuleFacts) -> frozenset[str]:
    return frozenset(d.name.value for d in facts.definitions if type(d) is cst.FunctionDef)


def _lowercases(facts: ModuleFacts) -> bool:
    """Whether the module's code names a string's ``lower`` or ``casefold`` (called, or
    handed on as ``str.lower``); the text is searched first, the tree only when it may."""
    if not any(f".{name}" in facts.text for name in _LOWER_CASING):
        return False
    return facts.derived(_names_lower_casing)


def _names_lower_casing(facts: ModuleFacts) -> bool:
    return any(type(node) is cst.Attribute and node.attr.value in _LOWER_CASING for node in descendants(facts.module))


# -- display --------------------------------------------------------------------------------

# Plotting methods called on axes or data frames.
_PLOT_METHODS: Final = frozenset(
    {"scatter", "scatterplot", "scatter3D", "scatter_3d", "plot", "imshow", "plot_surface"}
)


def _for_display(facts: ModuleFacts, construction: Construction) -> bool:
    """Whether the file plots and the construction is not a step of another estimator."""
    return facts.derived(_plots) and id(construction.node) not in facts.derived(_nested)


# What may be drawn and used for nothing else: projections, clusterers, transformers; and
# what may be only looked at (printed, shown) without a figure.
_LOOKED_AT: Final = (*roles.DISPLAY_COMPONENTS, *displayonly.TRANSFORMERS)
_DRAWABLE: Final = (*_LOOKED_AT, *displayonly.CLUSTERERS)


def _only_displayed(facts: ModuleFacts) -> Mapping[int, bool]:
    """The projections, clusterers and transformers (not steps of another estimator, or
    a pipeline's last step) whose estimator and output only reach plotting or showing
    code (``displayonly``); clusterers only in a file that plots (their labels must
    colour a figure)."""
    nested = facts.derived(_nested)
    drawable = _DRAWABLE if facts.derived(_plots) else _LOOKED_AT
    wanted = [
        c for c in facts.constructions
        if c.estimator.qualname.startswith(drawable)
        and id(c.node) not in nested
        and c.node.args  # nothing written: nothing to report
    ]  # fmt: skip
    # A pipeline's last step is followed from the pipeline: its output is the step's.
    return displayonly.only_displayed(facts, wanted, facts.derived(_last_steps))


def _plots(facts: ModuleFacts) -> bool:
    for site in facts.calls:
        if site.callee[-1] in _PLOT_METHODS:
            return True
        qualname = facts.resolver.resolve_parts(site.callee)
        if qualname is not None and qualname.partition(".")[0] in displayonly.PLOTTING:
            return True
    return False


def _nested(facts: ModuleFacts) -> frozenset[int]:
    """The ids of constructor calls that are arguments (at any depth) of another
    construction or of a pipeline factory (``make_pipeline``), but for a pipeline's last
    step: what the pipeline outputs, a projection still, not a step of a model."""
    factories = [
        site.node
        for site in facts.calls
        if (facts.resolver.resolve_parts(site.callee) or "").startswith(unused.FACTORIES)
    ]
    outer = [c.node for c in facts.constructions] + factories
    found: set[int] = set()
    for call in outer:
        for arg in call.args:
            found.update(id(n) for n in descendants(arg.value) if type(n) is cst.Call)
    return frozenset(found - facts.derived(_last_steps).keys())


# Pipelines, whose output is their last step's.
_PIPELINES: Final = frozenset({"sklearn.pipeline.Pipeline", "imblearn.pipeline.Pipeline"})
_PIPELINE_FACTORIES: Final = frozenset({"sklearn.pipeline.make_pipeline", "imblearn.pipeline.make_pipeline"})


def _last_steps(facts: ModuleFacts) -> dict[int, cst.Call]:
    """The last step of each pipeline written out in the file (the id of its constructor
    call), and the pipeline's call: ``make_pipeline(StandardScaler(), PCA(n_components=2))``,
    ``Pipeline([("scale", StandardScaler()), ("pca", PCA(n_components=2))])``."""
    found: dict[int, cst.Call] = {}
    for site in facts.calls:
        if facts.resolver.resolve_parts(site.callee) in _PIPELINE_FACTORIES and site.node.args:
            last = site.node.args[-1]
            if last.keyword is None and not last.star and type(last.value) is cst.Call:
                found[id(last.value)] = site.node
    for construction in facts.constructions:
        if construction.estimator.qualname not in _PIPELINES:
            continue
        steps = next(
            (a.node.value for a in construction.arguments if a.parameter is not None and a.parameter.name == "steps"),
            None,
        )
        if isinstance(steps, (cst.List, cst.Tuple)) and steps.elements:
            step = steps.elements[-1].value
            if isinstance(step, cst.Tuple) and len(step.elements) == 2 and type(step.elements[1].value) is cst.Call:
                found[id(step.elements[1].value)] = construction.node
    return found


# -- selectors only read for their scores ---------------------------------------------------

# Univariate selectors and the parameter that sizes what ``transform`` keeps. Fitted and then
# read only for ``scores_`` (a ranking of every feature, often plotted), nothing is kept:
# the size chooses nothing.
_SELECTORS: Final[Mapping[str, str]] = {
    "sklearn.feature_selection.SelectKBest": "k",
    "sklearn.feature_selection.SelectPercentile": "percentile",
}
# What a scores-only use of the fitted selector touches (none of it depends on the size).
_SCORES: Final = frozenset({"scores_", "pvalues_"})
_SCORES_ONLY: Final = _SCORES | {"fit", "n_features_in_", "feature_names_in_"}


def _only_scored(facts: ModuleFacts) -> frozenset[int]:
    """The selector constructions (ids of their calls) whose fitted selector is only read
    for its scores: ``SelectKBest(chi2, k=20).fit(X, y).scores_``, or a name bound once to
    the construction and used in the module only as ``name.fit(...)`` and ``name.scores_``
    / ``name.pvalues_``."""
    selectors = {id(c.node): c for c in facts.constructions if c.estimator.qualname in _SELECTORS}
    if not selectors:
        return frozenset()
    found: set[int] = set()
    bound: dict[str, int] = {}  # name -> the selector call bound to it
    for index in {c.site.statement for c in selectors.values()}:
        for node in descendants(facts.module.body[index]):
            if isinstance(node, cst.Attribute) and node.attr.value in _SCORES:
                fitted = _fitted(node.value, selectors)
                if fitted is not None:
                    found.add(fitted)
            elif isinstance(node, cst.Assign) and id(node.value) in selectors and len(node.targets) == 1:
                target = node.targets[0].target
                if isinstance(target, cst.Name):
                    bound[target.value] = id(node.value)
    if bound:
        found |= _scored_names(facts.module, bound)
    return frozenset(found)


def _fitted(node: cst.BaseExpression, selectors: Mapping[int, Construction]) -> int | None:
    """The id of the selector construction when ``node`` is ``<construction>.fit(...)``."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "fit":
        if id(node.func.value) in selectors:
            return id(node.func.value)
    return None


def _scored_names(module: cst.Module, bound: Mapping[str, int]) -> set[int]:
    """The selector calls of ``bound`` whose name is used only for fitting and scores: every
    occurrence of the name (an attribute or keyword spelled the same counts too, which only
    makes this stricter) is an assignment target, ``name.fit`` or ``name.scores_``."""
    uses = Counter(name for name in names_in(module) if name in bound)
    allowed: Counter[str] = Counter()
    scored: set[str] = set()
    for node in descendants(module):
        if isinstance(node, cst.Attribute):
            value = node.value
            if isinstance(value, cst.Name) and value.value in bound and node.attr.value in _SCORES_ONLY:
                allowed[value.value] += 1
                if node.attr.value in _SCORES:
                    scored.add(value.value)
        elif isinstance(node, cst.AssignTarget):
            if isinstance(node.target, cst.Name) and node.target.value in bound:
                allowed[node.target.value] += 1
    # ``fit = test.fit(X, y)`` then ``fit.scores_``: ``fit`` returns the selector. Read in
    # the module, and in each function on its own (``fit`` is then its local, whatever other
    # functions bind to theirs), unless the function declares names global or nonlocal.
    functions = [n for n in descendants(module) if isinstance(n, cst.FunctionDef)]
    for scope in (module, *functions):
        if scope is not module and any(isinstance(n, (cst.Global, cst.Nonlocal)) for n in descendants(scope)):
            continue
        aliases = _fit_aliases(scope, bound)
        if aliases:
            scored.update(_scored_aliases(scope, aliases).values())
    return {bound[name] for name in scored if uses[name] == allowed[name]}


def _fit_aliases(module: cst.CSTNode, bound: Mapping[str, int]) -> dict[str, str]:
    """Names bound once in ``module`` (a module or a function) to ``<selector name>.fit(...)``:
    alias -> the selector's name."""
    found: dict[str, str] = {}
    targets: Counter[str] = Counter()
    for node in descendants(module):
        if not isinstance(node, cst.Assign):
            continue
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                targets[target.target.value] += 1
        value = node.value
        if (
            len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name)
            and isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute)
            and value.func.attr.value == "fit" and isinstance(value.func.value, cst.Name)
            and value.func.value.value in bound
        ):  # fmt: skip
            found[node.targets[0].target.value] = value.func.value.value
    return {alias: name for alias, name in found.items() if targets[alias] == 1 and alias not in bound}


def _scored_aliases(module: cst.CSTNode, aliases: Mapping[str, str]) -> dict[str, str]:
    """The aliases every use of which reads the scores (``alias.scores_``), with at least
    one such read; an alias spelled anywhere else (passed on, transformed with) is not."""
    nodes = list(every_descendant(module))
    attributes = {id(n.attr) for n in nodes if isinstance(n, cst.Attribute)}
    keywords = {id(n.keyword) for n in nodes if isinstance(n, cst.Arg) and n.keyword is not None}
    spelled = Counter(
        n.value for n in nodes
        if isinstance(n, cst.Name) and n.value in aliases and id(n) not in attributes and id(n) not in keywords
    )  # fmt: skip
    reads: Counter[str] = Counter()
    for n in nodes:
        if isinstance(n, cst.Attribute) and isinstance(n.value, cst.Name) and n.value.value in aliases:
            if n.attr.value in _SCORES:
                reads[n.value.value] += 1
    # Each spelling is the binding or a scores read.
    return {alias: name for alias, name in aliases.items() if reads[alias] and spelled[alias] == reads[alias] + 1}


# -- early stopping -------------------------------------------------------------------------


@dataclass(frozen=True)
class _EarlyStopping:
    """How one library's estimators are told to stop early, and what their budget is."""

    # The parameters whose value is then only an upper bound.
    budget: frozenset[str]
    # Constructor keywords (catalogued or passed through ``**kwargs``) that turn it on
    # when given anything but None.
    constructor: frozenset[str]
    # ``fit`` keywords that turn it on.
    fit: frozenset[str]
    # Constructor or ``fit`` keywords holding callbacks, and the callbacks that stop early.
    callbacks: frozenset[str] = frozenset()
    # A keyword that, given a literal False on the constructor or ``fit``, keeps every
    # iteration anyway (CatBoost's ``use_best_model``).
    kept_unless: str | None = None


_EARLY_STOPPING_CALLBACKS: Final = frozenset({"EarlyStopping", "early_stopping"})

# By top-level package. scikit-learn: only GradientBoosting* count their budget in
# n_estimators (HistGradientBoosting*, SGD* and MLP* count it in max_iter, a setting anyway),
# and they stop early when n_iter_no_change is set. XGBoost: early_stopping_rounds or an
# EarlyStopping callback, on the constructor (>= 1.6) or fit (older releases). LightGBM:
# the early_stopping callback on fit, early_stopping_rounds on fit (< 4.0), or an alias of
# early_stopping_round among the constructor's keyword arguments. CatBoost: the overfitting
# detector (od_type, od_wait) or early_stopping_rounds, on the constructor or fit; and an
# eval_set given to fit, with which use_best_model (True unless set False) shrinks the model
# to its best iteration on it (CatBoost's documentation of use_best_model).
_EARLY_STOPPING: Final[Mapping[str, _EarlyStopping]] = {
    "sklearn": _EarlyStopping(frozenset({"n_estimators"}), frozenset({"n_iter_no_change"}), frozenset()),
    "xgboost": _EarlyStopping(
        frozenset({"n_estimators"}), frozenset({"early_stopping_rounds"}),
        frozenset({"early_stopping_rounds"}), frozenset({"callbacks"}),
    ),
    "lightgbm": _EarlyStopping(
        frozenset({"n_estimators"}),
        frozenset({"early_stopping_round", "early_stopping_rounds", "early_stopping", "n_iter_no_change"}),
        frozenset({"early_stopping_rounds"}), frozenset({"callbacks"}),
    ),
    "catboost": _EarlyStopping(
        frozenset({"iterations", "n_estimators", "num_boost_round", "num_trees"}),
        frozenset({"early_stopping_rounds", "od_type", "od_wait"}),
        frozenset({"early_stopping_rounds", "od_type", "od_wait", "eval_set"}),
        kept_unless="use_best_model",
    ),
}


# LightGBM bags rows (``subsample``, alias ``bagging_fraction``) only when ``subsample_freq``
# (alias ``bagging_freq``) is positive; its default 0 leaves ``subsample`` without effect
# (tests/test_tuning.py asks LightGBM).
_LIGHTGBM_BAGGING_FREQUENCY: Final = frozenset({"subsample_freq", "bagging_freq"})


def _lightgbm_bagging_off(facts: ModuleFacts, construction: Construction) -> bool:
    """Whether the LightGBM construction leaves ``subsample_freq`` at 0: not given (or a
    literal 0), no ``*``/``**`` expansion, and no ``set_params`` in the file that names it."""
    for arg in construction.node.args:
        if arg.star:
            return False
        if arg.keyword is not None and arg.keyword.value in _LIGHTGBM_BAGGING_FREQUENCY:
            if literal_value(arg.value) != 0:
                return False
    text = facts.text
    return "set_params" not in text or not any(name in text for name in _LIGHTGBM_BAGGING_FREQUENCY)


def _stops_early(facts: ModuleFacts, construction: Construction, rule: _EarlyStopping) -> bool:
    fits = _fits_of(facts, construction)
    if rule.kept_unless is not None and any(
        arg.keyword is not None and arg.keyword.value == rule.kept_unless and literal_value(arg.value) is False
        for call in (construction.node, *fits)
        for arg in call.args
    ):
        return False  # told to keep every iteration
    if _configures(construction.node.args, rule.constructor, rule.callbacks):
        return True
    return any(_configures(call.args, rule.fit, rule.callbacks) for call in fits)


def _fits_of(facts: ModuleFacts, construction: Construction) -> list[cst.Call]:
    """The ``name.fit(...)`` calls on a name the construction is assigned to, but those the
    value analysis shows another construction reaches (the name rebound: a notebook's
    ``xgb = XGBClassifier(...)`` of cell after cell, each fitted its own way); and the
    ``self.model.fit(...)`` calls in the same top-level statement (the class) as a
    ``self.model = ...`` construction."""
    names = facts.derived(_bound_names).get(id(construction.node), ())
    fits = [
        site.node for site in facts.calls
        if len(site.callee) == 3 and site.callee[2] == "fit" and site.callee[:2] in names
        and site.statement == construction.site.statement
    ]  # fmt: skip
    sites = [
        site for site in facts.calls
        if len(site.callee) == 2 and site.callee[1] == "fit" and site.callee[:1] in names
    ]  # fmt: skip
    if not sites:
        return fits
    others = {id(c.node) for c in facts.constructions} - {id(construction.node)}
    scopes = facts.derived(module_scopes)
    scopes.want([(site.node, site.statement) for site in sites])
    for site in sites:
        place = scopes.place_of(site.node)
        values = None if place is None else scopes.values_of(site.callee[0], place, calls_change=False)
        if values is not None and len(values) == 1 and id(values[0].value) in others:
            continue  # another object's fit
        fits.append(site.node)
    return fits


def _configures(args: Sequence[cst.Arg], keywords: frozenset[str], callbacks: frozenset[str]) -> bool:
    for arg in args:
        if arg.keyword is None:
            continue
        keyword = arg.keyword.value
        if keyword in keywords and literal_value(arg.value) is not None:
            return True
        if keyword in callbacks and any(
            type(n) is cst.Call and _callee_name(n) in _EARLY_STOPPING_CALLBACKS
            for n in descendants(arg.value)
        ):
            return True
    return False


def _callee_name(call: cst.Call) -> str | None:
    func = call.func
    if type(func) is cst.Name:
        return func.value
    if type(func) is cst.Attribute:
        return func.attr.value
    return None


def _bound_names(facts: ModuleFacts) -> dict[int, tuple[tuple[str, ...], ...]]:
    """The names each boosting construction is assigned to, as dotted parts: a variable
    (``model = XGBClassifier(...)``: ``("model",)``) or an attribute of one
    (``self.model = ...``: ``("self", "model")``)."""
    wanted = {
        id(c.node): c.site.statement
        for c in facts.constructions
        if c.estimator.qualname.partition(".")[0] in _EARLY_STOPPING
    }
    statements = set(wanted.values())
    found: dict[int, tuple[tuple[str, ...], ...]] = {}
    for index in statements:
        for node in descendants(facts.module.body[index]):
            if type(node) is cst.Assign and id(node.value) in wanted:
                found[id(node.value)] = tuple(
                    parts for t in node.targets if (parts := _dotted(t.target)) is not None
                )
    return found


def _dotted(target: cst.BaseExpression) -> tuple[str, ...] | None:
    """``("model",)`` for ``model``, ``("self", "model")`` for ``self.model``; else None."""
    if type(target) is cst.Name:
        assert isinstance(target, cst.Name)
        return (target.value,)
    if type(target) is cst.Attribute:
        assert isinstance(target, cst.Attribute)
        if type(target.value) is cst.Name:
            assert isinstance(target.value, cst.Name)
            return (target.value.value, target.attr.value)
    return None
