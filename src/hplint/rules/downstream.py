"""Transformers whose output reaches no model (HP101).

A scaler, a vectorizer, a selector, an imputer, a sampler or a projection shapes a model
only through what it gives: its output (what ``fit_transform``, ``transform``,
``fit_resample`` ... return), its fitted attributes (``vocabulary_``, ``scores_``), or
itself, as a model's step. When nothing it gives reaches a model (word counts drawn in an
exploration, the columns a selector keeps printed, features binned for a heat map, a
vocabulary that labels a bar chart), its values shape no model and choose nothing.

The analysis follows values forward from the construction, one forward data-flow analysis
per scope on ``model/flow`` (flow-sensitive: a notebook's ``X`` rebound to other data
is other data). A value is *derived* when it is computed from a derived value: assigned,
sliced, an attribute or a method's result, arithmetic, a container or table holding it, a
numpy, pandas or plotting function's result, a loop over it; an object a derived value is
stored into (``table["words"] = counts``, ``rows.append(counts)``) is derived from then on,
under every name that may hold that object (``frame = train``; ``for frame in (train,
test):``). A function of the file called with derived arguments, reading derived names of
the module, or handed on as a value (``fmin(fn=objective)``, ``table.apply(score)``) is
followed into its body, and its result is derived when it returns such a value; a
construction inside a function is followed into the callers of that function, and one in
a notebook's function that nothing calls or names is dead code (a method runs when its
class's protocol calls it).

The output *reaches a model* (and the values stay choices) when a derived value is:

- given to a method that learns or predicts (``fit``, ``predict``, ``score``, ``train``,
  ``evaluate`` ...) of anything but a known transformer of the same kinds, unless the
  method only predicts and its object is a parameter of the function that the function
  only predicts with (the caller's fitted model: a plotting helper expanding a mesh with
  the model's own ``PolynomialFeatures`` replicates the training transform, and the
  predictions are followed on as data);
- given to any construction or pipeline that holds a model, to a scikit-learn function
  that fits (``cross_val_score``), or to XGBoost, LightGBM, Keras, PyTorch ... (any library
  not listed as computing or drawing); a decomposition fitted on it is a model of it (an
  LSA's topics), as topic models are, while a manifold embedding passes it on;
- compared row with row (``cosine_similarity``, ``np.corrcoef``, ``.corr()``, ``@``: a
  recommender's results), or deciding a branch (``if score > best:``, a rule written by
  hand; ``if word in idf:`` only guards a lookup);
- written out (``to_csv``, ``np.save``, ``pickle.dump`` ...): another program may train on it;
- given to a function hplint does not know (but one of the project's, imported or from a
  star import, whose name says it draws: ``diagnostic_plots``, ``plot_boundary``), or to a
  method it does not know on an object it does not know (a class of the project's);
- stored where the analysis loses it: an attribute (``self.features = ...``), a parameter
  or global of a function, a ``global`` name, a class body, code hplint cannot see (a
  notebook magic, a cell that does not parse and names it); or left in a ``.py`` module's
  name that the module never reads again, or
  returned by a function no code of the file calls (another file may import them).

Anything it cannot follow counts as reaching a model: the analysis only removes findings
it can prove choose nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, NamedTuple

import libcst as cst

from hplint.model import Construction, ModuleFacts
from hplint.model.walk import CallSite
from hplint.model.flow import Forward
from hplint.model.literals import literal_value
from hplint.model.names import dotted_parts, parameter_names
from hplint.model.scopes import Place, Scopes, module_scopes, root_name
from hplint.model.walk import children, descendants, every_child, every_descendant, names_in

# -- what is followed ------------------------------------------------------------------------

# Estimators whose output is data for something else: the constructions followed, and (but
# the decompositions: ``_passes_data``) the estimators a derived value may pass through
# without reaching a model (``TSNE`` of a PCA's output). Clusterers are models: their
# labels are a result.
FOLLOWED: Final = (
    "sklearn.preprocessing.", "sklearn.feature_extraction.", "sklearn.feature_selection.",
    "sklearn.kernel_approximation.", "sklearn.impute.", "sklearn.decomposition.", "sklearn.manifold.",
    "sklearn.random_projection.", "sklearn.neighbors.NeighborhoodComponentsAnalysis",
    "imblearn.under_sampling.", "imblearn.over_sampling.", "imblearn.combine.",
)  # fmt: skip
# Decompositions that are models themselves: topic models, whose topics are the result.
_MODELS: Final = (
    "sklearn.decomposition.LatentDirichletAllocation", "sklearn.decomposition.NMF", "sklearn.decomposition.MiniBatchNMF",
)  # fmt: skip
# Containers of steps: they pass data through when every step they hold does.
_COMPOSITES: Final = frozenset(
    {
        "sklearn.pipeline.Pipeline", "sklearn.pipeline.FeatureUnion", "sklearn.compose.ColumnTransformer",
        "sklearn.pipeline.make_pipeline", "sklearn.pipeline.make_union", "sklearn.compose.make_column_transformer",
        "imblearn.pipeline.Pipeline", "imblearn.pipeline.make_pipeline",
    }
)  # fmt: skip

# -- what a derived value may meet without reaching a model -----------------------------------

# Libraries whose functions compute from data or draw it (their results are derived values).
_COMPUTING: Final = frozenset(
    {
        "numpy", "pandas", "scipy", "math", "statistics", "collections", "itertools", "functools",
        "operator", "re", "string", "textwrap", "random", "copy", "heapq", "bisect", "json", "time",
        "matplotlib", "seaborn", "plotly", "bokeh", "altair", "IPython", "wordcloud", "missingno",
        "squarify", "tqdm", "nltk", "tabulate", "pprint", "warnings", "termcolor", "colorama",
    }
)  # fmt: skip
# A function of a module hplint does not know (the project's own, imported) whose name
# says it draws: ``diagnostic_plots``, ``plot_decision_boundary``, ``show_images``. Not of
# a library that fits models (yellowbrick's functions fit the model they are given).
_PLOTTING_NAME: Final = re.compile(
    r"(?:^|_)(?:plot|plots|plotting|draw|show|visuali[sz]e|visuali[sz]ation)(?:_|$)|^plot", re.IGNORECASE
)
_MODELLING: Final = frozenset(
    {
        "sklearn", "xgboost", "lightgbm", "catboost", "imblearn", "keras", "tensorflow", "torch",
        "statsmodels", "yellowbrick", "mlxtend", "pycaret", "optuna", "hyperopt", "skopt",
        "sentence_transformers", "transformers", "gensim", "fastai", "h2o", "autogluon",
    }
)  # fmt: skip
# scikit-learn functions that compute from data without fitting a model (scores, splits,
# scaling functions, univariate statistics; pairwise similarities are ``_SIMILARITIES``).
_SKLEARN_COMPUTING: Final = (
    "sklearn.metrics.", "sklearn.utils.", "sklearn.model_selection.train_test_split",
    "sklearn.feature_selection.chi2", "sklearn.feature_selection.f_", "sklearn.feature_selection.mutual_info_",
    "sklearn.feature_selection.r_regression",
    "sklearn.preprocessing.scale", "sklearn.preprocessing.normalize", "sklearn.preprocessing.minmax_scale",
    "sklearn.preprocessing.maxabs_scale", "sklearn.preprocessing.robust_scale", "sklearn.preprocessing.label_binarize",
)  # fmt: skip
# Similarities between rows (a recommender's, a retrieval's): a model of their own. By
# qualified name, and as methods of tables.
_SIMILARITIES: Final = (
    "numpy.corrcoef", "numpy.dot", "numpy.matmul", "numpy.inner", "numpy.einsum", "numpy.linalg.norm",
    "sklearn.metrics.pairwise", "sklearn.metrics.pairwise_distances", "scipy.spatial", "scipy.sparse.linalg",
)  # fmt: skip
_SIMILARITY_METHODS: Final = frozenset({"corr", "corrwith", "dot", "cov"})
# Arrays backed by a file.
_MAPPED: Final = ("numpy.memmap", "numpy.lib.format.open_memmap", "numpy.load")
# Functions of the computing libraries that fit a model (a clustering, a curve, a classifier).
_FITTING_FUNCTIONS: Final = (
    "scipy.cluster.", "scipy.optimize.curve_fit", "scipy.stats.linregress", "numpy.polyfit", "numpy.polynomial.",
    "nltk.classify.", "nltk.NaiveBayesClassifier", "nltk.DecisionTreeClassifier", "nltk.MaxentClassifier",
)  # fmt: skip
# Builtins whose result is made of their arguments (or shows them).
_BUILTINS: Final = frozenset(
    {
        "print", "display", "len", "sorted", "reversed", "list", "dict", "tuple", "set", "frozenset", "zip",
        "enumerate", "range", "sum", "min", "max", "abs", "round", "str", "int", "float", "bool", "repr",
        "format", "isinstance", "type", "map", "filter", "any", "all", "iter", "next", "hash", "getattr",
        "hasattr", "divmod", "pow", "chr", "ord", "slice", "bytes", "complex", "id", "callable",
    }
)  # fmt: skip
# What only counts or measures data (its size, a range of indices): no value of it.
_COUNTING: Final = frozenset({"len", "range"})
_SIZES: Final = frozenset({"shape", "ndim", "size", "nnz", "dtype", "dtypes"})
# Methods that learn or predict: a derived value given to one reaches a model.
_LEARNING: Final = frozenset(
    {
        "fit", "fit_transform", "fit_predict", "fit_resample", "fit_sample", "partial_fit", "predict",
        "predict_proba", "predict_log_proba", "decision_function", "score", "score_samples", "transform",
        "inverse_transform", "staged_predict", "staged_predict_proba", "staged_decision_function",
        "train", "evaluate", "fit_generator", "train_on_batch", "test_on_batch", "predict_on_batch",
        "kneighbors", "apply", "fit_one_cycle", "learn",
    }
)  # fmt: skip
# Names of calls that write data out (methods and functions).
_WRITING: Final = re.compile(
    r"^(?:to_(?!string$|numpy$|list$|dict$|frame$|records$|markdown$|latex$|html$)\w+"
    r"|tofile|save\w*|dump\w*|write\w*|store|put|upload\w*|export\w*|log_\w+)$"
)
# Methods of data, containers, strings and figures that only compute, look up, show or
# draw: a derived value given to one on another object makes that object derived.
_PLAIN_METHODS: Final = frozenset(
    {
        # lists, dicts, sets, strings
        "append", "extend", "insert", "update", "add", "setdefault", "get", "pop", "remove", "index", "count",
        "join", "format", "items", "keys", "values", "copy", "union", "intersection", "difference",
        "issubset", "issuperset", "appendleft", "most_common", "replace", "split", "startswith", "endswith",
        # pandas and numpy
        "merge", "concat", "assign", "drop", "isin", "map", "loc", "iloc", "where", "mask", "fillna",
        "reindex", "rename", "set_index", "reset_index", "sort_values", "groupby", "agg", "aggregate",
        "value_counts", "combine_first", "compare", "equals", "mean", "sum", "std", "var", "head", "tail",
        "sample", "astype", "reshape", "dropna", "filter", "nlargest", "nsmallest", "clip", "round",
        "argsort", "searchsorted", "pivot_table", "melt", "explode", "describe", "query",
        # figures, axes, plotting objects
        "bar", "barh", "plot", "scatter", "hist", "imshow", "matshow", "pie", "boxplot", "violinplot",
        "heatmap", "text", "annotate", "legend", "set_title", "set_xlabel", "set_ylabel", "set_xticks",
        "set_yticks", "set_xticklabels", "set_yticklabels", "set_xlim", "set_ylim", "add_trace",
        "update_layout", "add_subplot", "colorbar", "fill_between", "errorbar", "axhline", "axvline",
        "vlines", "hlines", "contour", "contourf", "pcolormesh", "stem", "step", "quiver", "suptitle",
        "generate", "generate_from_frequencies", "generate_from_text", "fit_words", "to_image",
    }
)  # fmt: skip
# Methods of tables that read names of the code from their query text (``@cut``).
_QUERYING: Final = frozenset({"query", "eval"})
# Methods of tables that call the function they are given on the table's values.
_APPLYING: Final = frozenset({"apply", "map", "transform", "agg", "aggregate", "applymap", "pipe"})
# Methods that store their arguments in the object (``rows.append(counts)``).
_MUTATING: Final = frozenset(
    {
        "append", "extend", "insert", "update", "add", "setdefault", "appendleft", "extendleft", "push",
        "remove", "pop", "discard", "difference_update", "intersection_update", "symmetric_difference_update",
    }
)
# Callees that read names given as text, or a scope's names.
_INTROSPECTION: Final = frozenset({"eval", "exec", "globals", "locals", "vars", "dir"})

_NONE, _DERIVED, _ITSELF = 0, 1, 2


class _State(NamedTuple):
    """What holds before a statement: the names that hold derived values, those that hold
    the followed estimator itself (on every path), and the derived names of a ``.py``
    module not read since they were bound."""

    derived: frozenset[str]
    itself: frozenset[str]
    unread: frozenset[str]


_EMPTY: Final = _State(frozenset(), frozenset(), frozenset())


class _GiveUp(Exception):
    """The value reaches a model, or goes where it cannot be followed."""


@dataclass
class _Index:
    """The module's functions by name, and the calls of each name."""

    functions: dict[str, list[cst.FunctionDef]] = field(default_factory=dict)
    called: dict[str, list[CallSite]] = field(default_factory=dict)
    # Each function's free names (read, not bound in it), own names and ``global`` names,
    # on first need.
    free: dict[int, frozenset[str]] = field(default_factory=dict)
    own: dict[int, frozenset[str]] = field(default_factory=dict)
    globals: dict[int, frozenset[str]] = field(default_factory=dict)

    def own_names(self, function: cst.FunctionDef) -> frozenset[str]:
        """The names ``function``'s body binds, and its parameters (``_own_names``)."""
        found = self.own.get(id(function))
        if found is None:
            found = self.own[id(function)] = _own_names(function)
        return found

    def declared(self, function: cst.FunctionDef) -> frozenset[str]:
        """The names ``function`` declares ``global``/``nonlocal`` (``_declared``)."""
        found = self.globals.get(id(function))
        if found is None:
            found = self.globals[id(function)] = frozenset(_declared(function))
        return found

    def free_names(self, function: cst.FunctionDef) -> frozenset[str]:
        """The names ``function`` reads from the scopes around it, and those the file's
        functions it calls read (``main()`` calling ``train()``, which reads the data)."""
        found = self.free.get(id(function))
        if found is None:
            self.free[id(function)] = frozenset()  # (a recursive call adds nothing)
            found = _names_read(function) - self.own_names(function)
            for callee in _called_names(function) & self.functions.keys():
                for other in self.functions[callee]:
                    found |= self.free_names(other)
            self.free[id(function)] = found
        return found


def _index(facts: ModuleFacts) -> _Index:
    index = _Index()
    for definition in facts.definitions:
        if type(definition) is cst.FunctionDef:
            index.functions.setdefault(definition.name.value, []).append(definition)
    for site in facts.calls:
        if len(site.callee) == 1:
            index.called.setdefault(site.callee[0], []).append(site)
    return index


@dataclass
class _Reads:
    """How often each name is read other than as a callee, a definition's name, a keyword
    or an assignment target; and the names read as attributes (``obj.name``)."""

    read: dict[str, int] = field(default_factory=dict)
    attributes: set[str] = field(default_factory=set)


def name_reads(facts: ModuleFacts) -> _Reads:
    reads = _Reads()
    skipped: set[int] = set()
    for node in every_descendant(facts.module):
        if type(node) is cst.FunctionDef or type(node) is cst.ClassDef:
            skipped.add(id(node.name))
        elif type(node) is cst.Call:
            if type(node.func) is cst.Name:
                skipped.add(id(node.func))
        elif type(node) is cst.Attribute:
            skipped.add(id(node.attr))
            reads.attributes.add(node.attr.value)
        elif type(node) is cst.Arg:
            if node.keyword is not None:
                skipped.add(id(node.keyword))
        elif type(node) is cst.AssignTarget:
            for name in _target_names(node.target):
                skipped.add(id(name))
        elif type(node) is cst.Name and id(node) not in skipped:
            reads.read[node.value] = reads.read.get(node.value, 0) + 1
    return reads


def _target_names(target: cst.CSTNode) -> Iterator[cst.Name]:
    if type(target) is cst.Name:
        yield target
    elif type(target) in (cst.Tuple, cst.List):
        for element in target.elements:  # type: ignore[attr-defined]
            yield from _target_names(element.value)
    elif type(target) is cst.StarredElement:
        yield from _target_names(target.value)


def reaches_nothing(facts: ModuleFacts, construction: Construction) -> bool:
    """Whether nothing ``construction`` gives reaches a model (False when unknown)."""
    answers = facts.derived(_answers)
    key = id(construction.node)
    if key not in answers:
        answers[key] = _followed(construction.estimator.qualname) and _Module(facts).follow(construction)
    return answers[key]


def _answers(facts: ModuleFacts) -> dict[int, bool]:
    """The answers of ``reaches_nothing``, by construction (kept with the facts)."""
    return {}


def _methods(facts: ModuleFacts) -> frozenset[int]:
    """The functions defined right in a class body (by id)."""
    return frozenset(
        id(statement)
        for definition in facts.definitions if type(definition) is cst.ClassDef
        for statement in (definition.body.body if type(definition.body) is cst.IndentedBlock else ())
        if type(statement) is cst.FunctionDef
    )  # fmt: skip


def _constructions(facts: ModuleFacts) -> dict[int, Construction]:
    return {id(c.node): c for c in facts.constructions}


class _Module:
    """What following constructions needs of a module (made per question: it holds the
    facts, which must not hold it)."""

    def __init__(self, facts: ModuleFacts) -> None:
        self.facts = facts
        self.constructions = facts.derived(_constructions)
        self.index = facts.derived(_index)

    @property
    def scopes(self) -> Scopes:
        """The module's statement scopes, built on first need (a construction written in
        a model's pipeline is answered without them)."""
        return self.facts.derived(module_scopes)

    def follow(self, construction: Construction) -> bool:
        if not _INTROSPECTION.isdisjoint(self.index.called) or self._in_a_model(construction):
            return False
        scopes = self.scopes
        scopes.want([(construction.node, construction.site.statement)])
        place = scopes.place_of(construction.node)
        if place is None:
            return False
        if self._never_runs(place):
            return True  # in a notebook's function that nothing calls: dead code
        run = _Run(self, construction.node)
        run.triggers.add(place.order)
        try:
            run.from_scope(place)
        except (_GiveUp, RecursionError):
            return False
        return True

    def _never_runs(self, place: Place) -> bool:
        """Whether the statement at ``place`` is in a notebook's function that nothing
        calls or names (a ``.py`` module's may be called by another file)."""
        function = self.scopes.function_at(place)
        if self.facts.notebook is None or function is None or id(function) in self.facts.derived(_methods):
            return False  # (a method runs when its class's protocol calls it)
        if function.decorators:
            return False  # a decorator may run it (``@interact``)
        name = function.name.value
        reads = self.facts.derived(name_reads)
        return name not in self.index.called and not reads.read.get(name) and name not in reads.attributes

    def _in_a_model(self, construction: Construction) -> bool:
        """Whether the construction is written inside a construction or pipeline that
        holds a model (``make_pipeline(StandardScaler(), SVC())``): a model's step, known
        without following anything."""
        statement = self.facts.module.body[construction.site.statement]
        path = _path_to(statement, construction.node)
        for call in reversed(path or ()):
            if id(call) in self.constructions or (self._qualname(call) or "") in _COMPOSITES:
                if not self.propagates(call):
                    return True
        return False

    def propagates(self, call: cst.Call, place: Place | None = None) -> bool:
        """Whether ``call`` constructs an estimator (or a pipeline of them) that passes
        data on without reaching a model: one of ``FOLLOWED`` given no estimator (a
        selector given a model, ``SelectFromModel(clf)``, fits it), or a pipeline, union
        or column transformer whose every step, written out or held in a name whose one
        value at ``place`` is written out, is one."""
        construction = self.constructions.get(id(call))
        qualname = self._qualname(call)
        if qualname is None:
            return False
        if construction is not None and _passes_data(qualname):
            return not any(
                argument.expanded
                or (type(argument.node.value) is cst.Attribute and argument.node.value.attr.value in _LEARNING)
                or (argument.parameter is not None and argument.parameter.name in _ESTIMATOR_PARAMETERS)
                or any(id(n) in self.constructions for n in descendants(argument.node.value))
                for argument in construction.arguments
            )
        if qualname in _COMPOSITES:
            steps = pipeline_steps(call, qualname)
            return steps is not None and bool(steps) and all(self._step_passes(step, place) for step in steps)
        return False

    def _step_passes(self, step: cst.BaseExpression, place: Place | None) -> bool:
        if type(step) is cst.Name and place is not None:
            found = self.scopes.value_of(step.value, place)
            step = found.value if found is not None else step
        return type(step) is cst.SimpleString or (type(step) is cst.Call and self.propagates(step, place))

    def _qualname(self, call: cst.Call) -> str | None:
        construction = self.constructions.get(id(call))
        if construction is not None:
            return construction.estimator.qualname
        parts = dotted_parts(call.func)
        return _resolved(self.facts, parts)


class _Run:
    """Following one construction through the scopes that may see what it gives."""

    def __init__(self, owner: _Module, source: cst.Call) -> None:
        self.owner = owner
        self.facts = owner.facts
        self.scopes = owner.scopes
        self.source = source
        # Each local function followed with given derived parameters and names: whether
        # it returns a derived value (None: being followed; a recursive call).
        self.functions: dict[tuple[int, frozenset[str], frozenset[str]], bool | None] = {}
        self.done: set[int] = set()
        # The functions that return what the construction gives whatever they are given.
        self.returning: set[int] = set()
        # The statements (by order) where what the construction gives may first appear:
        # its own, and the calls of the functions in ``returning``. Before any, a scope
        # holds nothing derived and its statements need no reading.
        self.triggers: set[int] = set()

    def from_scope(self, place: Place) -> None:
        """Follow the construction from the scope it is written in, then into the callers
        of each function that returns what it gives."""
        pending = [place.scope]
        while pending:
            scope = pending.pop()
            if scope in self.done:
                continue
            self.done.add(scope)
            function = self.scopes.function_at(Place(scope, 0, -1))
            if scope != 0 and function is None:
                raise _GiveUp  # a class body: its names become attributes
            returns = self.run(scope, _EMPTY, function)
            if function is not None and returns:
                self.returning.add(id(function))
                pending.extend(self._callers(function))

    def _callers(self, function: cst.FunctionDef) -> list[int]:
        """The scopes that call ``function`` by its name (and the orders of the calling
        statements become triggers: there what it returns enters those scopes)."""
        name = function.name.value
        index = self.owner.index
        reads = self.facts.derived(name_reads)
        if len(index.functions.get(name, ())) != 1 or reads.read.get(name, 0) or name in reads.attributes:
            # Handed on as a value, called as a method, or which function a call runs is unclear.
            raise _GiveUp
        sites = index.called.get(name, [])
        if not sites:
            if self.facts.notebook is None:
                raise _GiveUp  # a .py module's function may be called by another file
            return []
        self.scopes.want((site.node, site.statement) for site in sites)
        found: list[int] = []
        for site in sites:
            place = self.scopes.place_of(site.node)
            if place is None:
                raise _GiveUp
            found.append(place.scope)
            self.triggers.add(place.order)
        return found

    def run(self, scope: int, entry: _State, function: cst.FunctionDef | None) -> bool:
        """Follow scope ``scope`` from ``entry``: whether it returns a derived value."""
        walk = _Scope(self, scope, function)
        end = walk.run(self.scopes.flow(scope), entry)
        if end is not None and scope == 0 and self.facts.notebook is None:
            # Left in a .py module's name that the module does not read again, or that a
            # function of it reads: another file may import either.
            functions = (f for same in self.owner.index.functions.values() for f in same)
            if end.unread or any(end.derived & self.owner.index.free_names(f) for f in functions):
                raise _GiveUp
        return walk.returns

    def call_function(self, function: cst.FunctionDef, derived: frozenset[str], itself: frozenset[str]) -> bool:
        """Follow a call of the file's ``function`` whose parameters and free names
        ``derived`` hold derived values: whether it returns one."""
        key = (id(function), derived, itself)
        if key in self.functions:
            found = self.functions[key]
            return True if found is None else found
        self.functions[key] = None
        scope = self.scopes.body_of(function)
        if scope is None or function.decorators or function.asynchronous is not None:
            raise _GiveUp
        returns = self.run(scope, _State(derived, itself, frozenset()), function)
        self.functions[key] = returns
        return returns


class _Scope(Forward[_State]):
    """The forward analysis of one scope (see the module docstring)."""

    max_passes = 12
    final_pass = False

    def __init__(self, run: _Run, scope: int, function: cst.FunctionDef | None) -> None:
        super().__init__()
        self.run_ = run
        self.facts = run.facts
        self.scope = scope
        self.function = function
        self.returns = False
        # The names a function declares ``global``/``nonlocal``: storing a derived value in
        # one loses it (read whenever).
        index = run.owner.index
        self.declared: set[str] = set() if function is None else set(index.declared(function))
        # A function's own names (bound in its body, not parameters): storing a derived
        # value into anything else (a parameter's object, a global) loses it.
        self.own: frozenset[str] | None = None if function is None else index.own_names(function)
        self.parameters: frozenset[str] = (
            frozenset(parameter_names(function.params)) if function is not None else frozenset()
        )
        # The state of the statement being stepped (updated by evaluation).
        self.derived: set[str] = set()
        self.itself: set[str] = set()
        self.unread: set[str] = set()
        self.place: Place | None = None
        # Names a ``with`` bound to a library's object (a file, a store).
        self.outside: set[str] = set()
        self.aliases: dict[str, tuple[str, ...]] | None = None

    # -- the flow ---------------------------------------------------------------------

    def join(self, states: Iterable[_State | None]) -> _State | None:
        present = [s for s in states if s is not None]
        if not present:
            return None
        derived = frozenset().union(*(s.derived for s in present))
        itself = frozenset.intersection(*(s.itself for s in present))
        # Unread on every path: a name some path reads was followed there.
        unread = frozenset.intersection(*(s.unread for s in present))
        return _State(derived, itself, unread)

    def widen(self) -> _State:
        raise _GiveUp

    def opaque(self, state: _State) -> _State:
        if state.derived:
            raise _GiveUp  # code hplint cannot see may read it
        return state

    def step(self, order: int, state: _State) -> _State | None:
        if not state.derived and order not in self.run_.triggers:
            return state  # nothing derived can be read or stored here
        node, place = self.run_.scopes.statement(order)
        self.place = place
        self.derived, self.itself, self.unread = set(state.derived), set(state.itself), set(state.unread)
        self._statement(node)
        return _State(frozenset(self.derived), frozenset(self.itself), frozenset(self.unread))

    def _statement(self, node: cst.CSTNode) -> None:
        kind = type(node)
        if kind is cst.Assign:
            if _opaque(node.value) and any(  # type: ignore[attr-defined]
                name in self.derived for target in node.targets for name in names_in(target.target)  # type: ignore[attr-defined]
            ):
                raise _GiveUp  # a notebook cell that does not parse, which may read it
            value = self.value(node.value)  # type: ignore[attr-defined]
            for target in node.targets:  # type: ignore[attr-defined]
                self.bind(target.target, value)
        elif kind is cst.AnnAssign:
            if node.value is not None:  # type: ignore[attr-defined]
                self.bind(node.target, self.value(node.value))  # type: ignore[attr-defined]
        elif kind is cst.AugAssign:
            value = self.value(node.value) or self.value(node.target)  # type: ignore[attr-defined]
            if value:
                self.bind(node.target, _DERIVED)  # type: ignore[attr-defined]
        elif kind is cst.Expr:
            shown = self.value(node.value)  # type: ignore[attr-defined]
            if shown == _ITSELF and self.function is None and self.facts.notebook is None:
                fitted = _fitted_in_place(node.value)  # type: ignore[attr-defined]
                if fitted is None or fitted not in self.itself:
                    raise _GiveUp  # a .py module's line showing the call: an example of it (``rules.unused``)
                # ``counter.fit(texts)`` on a line of its own: the name holds the fitted
                # object, for the lines after it (or, if none reads it, another file).
                self.unread.add(fitted)
        elif kind is cst.Return:
            if node.value is not None and self.value(node.value):  # type: ignore[attr-defined]
                self.returns = True
        elif kind is cst.Global or kind is cst.Nonlocal:
            self.declared.update(n.name.value for n in node.names)  # type: ignore[attr-defined]
        elif kind is cst.Del:
            # ``del name`` unbinds it; ``del table["column"]`` leaves the rest of the table.
            for target in _deleted(node.target):  # type: ignore[attr-defined]
                if type(target) is cst.Name:
                    self._forget(target.value)
                elif self.value(target) and type(target) is cst.Subscript:
                    self.store(target.value)  # ``del X[dropped]``: what it keeps is decided by it
        elif kind is cst.Import or kind is cst.ImportFrom:
            for alias in node.names if type(node.names) is tuple else ():  # type: ignore[attr-defined]
                bound = alias.asname.name if alias.asname is not None else alias.name
                for name in names_in(bound):
                    self._forget(name)
        elif kind is cst.FunctionDef:
            if node is not self.function:
                for part in node.decorators:  # type: ignore[attr-defined]
                    self.value(part.decorator)
                for param in _all_params(node.params):  # type: ignore[attr-defined]
                    if param.default is not None and self.value(param.default):
                        raise _GiveUp  # a default every call may receive
                self._forget(node.name.value)  # type: ignore[attr-defined]
        elif kind is cst.ClassDef:
            if any(name in self.derived for name in names_in(node)):
                raise _GiveUp  # read in a class body: kept as an attribute
            self._forget(node.name.value)  # type: ignore[attr-defined]
        elif kind is cst.For:
            self.bind(node.target, self.value(node.iter))  # type: ignore[attr-defined]
        elif kind is cst.With:
            for item in node.items:  # type: ignore[attr-defined]
                value = self.value(item.item)
                if item.asname is not None:
                    self.bind(item.asname.name, value)
                    if type(item.asname.name) is cst.Name and self._made_outside(item.item):
                        self.outside.add(item.asname.name.value)  # ``with h5py.File(...) as out:``
        elif kind is cst.ExceptHandler or kind is cst.ExceptStarHandler:
            if node.name is not None:  # type: ignore[attr-defined]
                self.bind(node.name.name, _NONE)  # type: ignore[attr-defined]
        elif kind in (cst.If, cst.While):
            if self.value(node.test):  # type: ignore[attr-defined]
                # A decision made from it: a rule written by hand (choosing the words to
                # predict by scores made of it) is a model too.
                raise _GiveUp
        elif kind in (cst.Try, cst.TryStar, cst.Pass, cst.Break, cst.Continue):
            return
        elif isinstance(node, cst.BaseSmallStatement) or kind is cst.Match:
            for child in every_child(node) if kind is not cst.Match else [node.subject]:  # type: ignore[attr-defined]
                if isinstance(child, cst.BaseExpression):
                    self.value(child)
        else:
            raise _GiveUp  # a statement this analysis does not know

    # -- names ------------------------------------------------------------------------

    def bind(self, target: cst.CSTNode, value: int) -> None:
        """Bind ``target`` (an assignment's, a loop's) to a value of kind ``value``."""
        kind = type(target)
        if kind is cst.Name:
            name = target.value  # type: ignore[attr-defined]
            if name in self.declared:
                if value:
                    raise _GiveUp  # a global's value: read anywhere
                return
            if value:
                self.derived.add(name)
                self.unread.add(name)
                if value == _ITSELF:
                    self.itself.add(name)
                else:
                    self.itself.discard(name)
            else:
                self._forget(name)
        elif kind in (cst.Tuple, cst.List):
            for element in target.elements:  # type: ignore[attr-defined]
                self.bind(element.value, _DERIVED if value else _NONE)
        elif kind is cst.StarredElement:
            self.bind(target.value, _DERIVED if value else _NONE)  # type: ignore[attr-defined]
        elif kind is cst.Subscript:
            # ``table["col"] = value``: the table holds it from now on.
            index = max((self.value(e) for e in target.slice), default=_NONE)  # type: ignore[attr-defined]
            holder = self.value(target.value)  # type: ignore[attr-defined]
            if value or (index and not holder):
                self.store(target.value)  # type: ignore[attr-defined]
        elif kind is cst.Attribute:
            self.value(target.value)  # type: ignore[attr-defined]
            if value:
                self.store(target.value, attribute=True)  # type: ignore[attr-defined]
        else:
            raise _GiveUp

    def store(self, holder: cst.BaseExpression, attribute: bool = False) -> None:
        """A derived value was stored into ``holder``'s object: it holds one from now on."""
        name = root_name(holder)
        if name is None or attribute:
            raise _GiveUp  # an attribute: read by code this analysis does not follow
        if self.own is not None and (name not in self.own or name in self.parameters):
            raise _GiveUp  # the caller's object or a global: read after this function returns
        if name in self.declared or self.facts.resolver.bindings.lookup(name) is not None:
            raise _GiveUp  # a global, or an object another module holds
        if self._outside(name):
            raise _GiveUp  # an object of a library that keeps it (an HDF5 file, a memory map)
        for alias in self._aliases().get(name, (name,)):
            self.derived.add(alias)
            self.itself.discard(alias)

    def _outside(self, name: str) -> bool:
        """Whether ``name`` holds, by its one reaching assignment, what a library other than
        the computing ones made, or a memory map: storing into it writes elsewhere."""
        if self.place is None:
            return False
        if name in self.outside:
            return True
        found = self.run_.scopes.value_of(name, self.place)
        return found is not None and self._made_outside(found.value)

    def _made_outside(self, expr: cst.BaseExpression) -> bool:
        """Whether ``expr`` (or the object it is part of) is made by a library other than
        the computing ones, or is a memory map."""
        while type(expr) is cst.Subscript or type(expr) is cst.Attribute:
            expr = expr.value
        if type(expr) is not cst.Call or id(expr) in self.run_.owner.constructions:
            return False  # (an estimator the analysis follows: a TSNE fitted on it)
        qualname = _resolved(self.facts, dotted_parts(expr.func))
        if qualname is None:
            return False
        return qualname.partition(".")[0] not in _COMPUTING or qualname.startswith(_MAPPED)

    def _aliases(self) -> dict[str, tuple[str, ...]]:
        """The names of this scope that may hold the same object as each name, itself
        included (``other = table``, ``for frame in (train, test):``): storing into one
        stores into all. On first need."""
        if self.aliases is None:
            groups: dict[str, set[str]] = {}
            for order in _orders(self.run_.scopes.flow(self.scope)):
                node = self.run_.scopes.statement(order)[0]
                for first, second in _alias_pairs(node):
                    merged = groups.get(first, {first}) | groups.get(second, {second})
                    for name in merged:
                        groups[name] = merged
            self.aliases = {name: tuple(group) for name, group in groups.items()}
        return self.aliases

    def _forget(self, name: str) -> None:
        self.derived.discard(name)
        self.itself.discard(name)
        self.unread.discard(name)

    def _closure(self, name: str) -> int:
        """A function of the file handed on as a value (``fmin(fn=objective)``,
        ``df.apply(score)``) that reads derived names: whoever calls it reads them."""
        found = _NONE
        for function in self.run_.owner.index.functions.get(name, ()):
            free = self.derived.intersection(self.run_.owner.index.free_names(function))
            if free:
                # Followed as its callers will run it: what it does with them counts here.
                self.run_.call_function(function, frozenset(free), frozenset(self.itself & free))
                found = _DERIVED
        return found

    def read(self, name: str) -> int:
        if name not in self.derived:
            return _NONE
        self.unread.discard(name)
        return _ITSELF if name in self.itself else _DERIVED

    # -- expressions ------------------------------------------------------------------

    def value(self, node: cst.CSTNode, local: frozenset[str] = frozenset()) -> int:
        """What ``node`` evaluates to (``_NONE``, ``_DERIVED``, ``_ITSELF``), raising
        ``_GiveUp`` when evaluating it hands a derived value to a model; ``local``: the
        derived names a comprehension binds."""
        if node is self.run_.source:
            for arg in self.run_.source.args:
                self.value(arg.value, local)
            return _ITSELF
        kind = type(node)
        if kind is cst.Name:
            name = node.value  # type: ignore[attr-defined]
            if name in local:
                return _DERIVED
            return self.read(name) or self._closure(name)
        if kind is cst.Call:
            return self.call(node, local)  # type: ignore[arg-type]
        if kind is cst.Attribute:
            value = self.value(node.value, local)  # type: ignore[attr-defined]
            return _DERIVED if value and node.attr.value not in _SIZES else _NONE  # type: ignore[attr-defined]
        if kind is cst.Arg:
            return self.value(node.value, local)  # type: ignore[attr-defined]
        if kind in (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp):
            return self.comprehension(node, local)
        if kind is cst.Lambda:
            if any(p.default is not None and self.value(p.default, local) for p in _all_params(node.params)):  # type: ignore[attr-defined]
                raise _GiveUp  # a default every call may receive
            shadowed = local - frozenset(parameter_names(node.params))  # type: ignore[attr-defined]
            return _DERIVED if self.value(node.body, shadowed) else _NONE  # type: ignore[attr-defined]
        if kind is cst.NamedExpr:
            value = self.value(node.value, local)  # type: ignore[attr-defined]
            self.bind(node.target, value)  # type: ignore[attr-defined]
            return value
        if kind in (cst.Yield, cst.Await):
            if node.value is not None and self.value(node.value, local):  # type: ignore[attr-defined]
                raise _GiveUp  # handed to whatever iterates the generator
            return _NONE
        found = _NONE
        for child in every_child(node):
            if self.value(child, local):
                found = _DERIVED
        if found and kind is cst.BinaryOperation and type(node.operator) is cst.MatrixMultiply:  # type: ignore[attr-defined]
            raise _GiveUp  # rows compared
        return found

    def comprehension(self, node: cst.CSTNode, local: frozenset[str]) -> int:
        found = _NONE
        for_in: cst.CompFor | None = node.for_in  # type: ignore[attr-defined]
        while for_in is not None:
            iterated = self.value(for_in.iter, local)
            targets = frozenset(names_in(for_in.target))
            local = local | targets if iterated else local - targets
            found = found or iterated
            for condition in for_in.ifs:
                found = self.value(condition.test, local) or found
            for_in = for_in.inner_for_in
        parts = [node.key, node.value] if type(node) is cst.DictComp else [node.elt]  # type: ignore[attr-defined]
        for part in parts:
            if self.value(part, local):
                found = _DERIVED
        return _DERIVED if found else _NONE

    def call(self, node: cst.Call, local: frozenset[str]) -> int:
        func = node.func
        arguments = [self.value(arg.value, local) for arg in node.args]
        given = max(arguments, default=_NONE)
        if given:
            self.callbacks(node, local)
        owner = self.run_.owner
        if id(node) in owner.constructions or (
            (qualname := owner._qualname(node)) is not None and qualname in _COMPOSITES
        ):
            if not given:
                return _NONE
            if owner.propagates(node, self.place):
                return _DERIVED
            raise _GiveUp  # a model holding it
        qualname = _resolved(self.facts, dotted_parts(func))
        if qualname is not None:
            return self.library(qualname, given)
        if type(func) is cst.Name:
            return self.named(func.value, node, arguments, local)
        if type(func) is cst.Attribute:
            return self.method(func, given, local, node)
        callee = self.value(func, local)
        if given or callee:
            raise _GiveUp  # a callee this analysis cannot name
        return _NONE

    def library(self, qualname: str, given: int) -> int:
        """A call of a library's function (``np.sum``, ``plt.bar``, ``cross_val_score``)."""
        if not given:
            return _NONE
        root, _, _ = qualname.partition(".")
        if _WRITING.match(qualname.rpartition(".")[2]) or qualname.startswith(_SIMILARITIES + _FITTING_FUNCTIONS):
            raise _GiveUp  # written out, rows compared (a recommender), or a model fitted
        if root in _COMPUTING or qualname.startswith(_SKLEARN_COMPUTING):
            return _DERIVED
        if root not in _MODELLING and _PLOTTING_NAME.search(qualname.rpartition(".")[2]):
            return _DERIVED  # a project's plotting helper (``transformation.diagnostic_plots``)
        raise _GiveUp

    def named(self, name: str, node: cst.Call, arguments: Sequence[int], local: frozenset[str]) -> int:
        """A call of a plain name: a builtin, or a function of the file."""
        if name in local:
            raise _GiveUp
        resolver = self.facts.resolver
        if not resolver.bindings.is_bound(name):
            if name in _BUILTINS:
                if name == "print" and any(arguments) and any(a.keyword and a.keyword.value == "file" for a in node.args):
                    raise _GiveUp  # printed into a file
                return _DERIVED if any(arguments) and name not in _COUNTING else _NONE
            if any(arguments):
                if _PLOTTING_NAME.search(name):
                    return _DERIVED  # a plotting helper of a star import (``plot_confusion``)
                raise _GiveUp  # a name this analysis cannot see (a star import, another cell's exec)
            return _NONE
        if name in self.derived:
            # A callable it gave (``analyze = vectorizer.build_analyzer()``) run on other
            # data: what it returns is its output. Given derived data, the callable may be
            # a model's method held beside it in a container.
            if any(arguments):
                raise _GiveUp
            self.read(name)
            return _DERIVED
        functions = self.run_.owner.index.functions.get(name, [])
        if len(functions) != 1:
            if any(arguments) or any(self.derived.intersection(_names_read(f)) for f in functions):
                raise _GiveUp  # a class, a callable held in a variable, a name defined twice
            return _NONE
        function = functions[0]
        derived, itself = self._parameters(function, node, arguments)
        free = frozenset(self.derived) & self.run_.owner.index.free_names(function)
        derived |= free - frozenset(parameter_names(function.params))
        itself |= frozenset(self.itself) & derived - frozenset(parameter_names(function.params))
        if not derived and id(function) not in self.run_.returning:
            return _NONE
        for name_read in free:
            self.unread.discard(name_read)
        return _DERIVED if self.run_.call_function(function, derived, itself) else _NONE

    def _parameters(
        self, function: cst.FunctionDef, node: cst.Call, arguments: Sequence[int]
    ) -> tuple[frozenset[str], frozenset[str]]:
        """The parameters of ``function`` a call gives derived values (``arguments``: what
        each argument of ``node`` is), and those given the estimator itself."""
        params = function.params
        positional = [p.name.value for p in (*params.posonly_params, *params.params)]
        keyword = {p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params)}
        derived: set[str] = set()
        itself: set[str] = set()
        for position, (arg, value) in enumerate(zip(node.args, arguments)):
            if not value:
                continue
            if arg.star:
                return frozenset(parameter_names(params)), frozenset()
            if arg.keyword is not None:
                target = arg.keyword.value
                if target not in keyword:
                    return frozenset(parameter_names(params)), frozenset()
            elif position < len(positional):
                target = positional[position]
            else:
                return frozenset(parameter_names(params)), frozenset()
            derived.add(target)
            if value == _ITSELF:
                itself.add(target)
        return frozenset(derived), frozenset(itself)

    def _mentions_derived(self, node: cst.Call, prefix: str = "") -> bool:
        """Whether a string argument of ``node`` names a derived name (the code a converted
        notebook's ``get_ipython().run_cell_magic`` runs)."""
        text = " ".join(
            n.value for arg in node.args for n in every_descendant(arg.value) if type(n) is cst.SimpleString
        )
        return any(re.search(rf"{re.escape(prefix)}\b{re.escape(name)}\b", text) for name in self.derived)

    def method(self, func: cst.Attribute, given: int, local: frozenset[str], node: cst.Call) -> int:
        """A call of a method of an object (``X.sum()``, ``ax.bar(words)``, ``model.fit(X)``)."""
        receiver = self.value(func.value, local)
        method = func.attr.value
        if receiver == _ITSELF:
            return _ITSELF if method in _RETURNS_SELF else _DERIVED
        if (_WRITING.match(method) or method in _SIMILARITY_METHODS) and (receiver or given):
            raise _GiveUp  # written out (another program may train on it), or rows compared
        if _opaque(func.value) and self._mentions_derived(node):
            raise _GiveUp  # a cell magic's code, which may read it
        if receiver and not given:
            self.callbacks(node, local)  # (given derived data, ``call`` read them)
        if method in _QUERYING and self._mentions_derived(node, "@"):
            given = _DERIVED  # ``table.query("age > @cut")`` reads ``cut``
        if not given:
            return _DERIVED if receiver else _NONE
        if any(_in_place(arg) for arg in node.args):
            self.store(func.value)  # ``X.drop(columns=dropped, inplace=True)``
        if method in _APPLYING and all(
            _is_function(arg.value, self.run_.owner.index.functions) for arg in node.args if self.value(arg.value, local)
        ):
            return _DERIVED  # ``table.apply(score)``: a function of the file, followed already
        if method in _LEARNING:
            if method in _PREDICTING and self._given_model(func.value):
                # The caller's fitted model predicts on it: the transformer replicates the
                # one the model was trained behind (a plotting helper expanding a mesh),
                # and the model's predictions are data.
                return _DERIVED
            if not self._passes_on(func.value):
                raise _GiveUp  # learned from, or predicted on, by a model
            if type(func.value) is not cst.Call:
                self.store(func.value)  # a projection fitted on it: its output is derived too
            return _DERIVED
        if method in _MUTATING:
            self.store(func.value)
            return _DERIVED
        if method in _PLAIN_METHODS or _DRAWING.search(method):
            return _DERIVED
        raise _GiveUp  # a method this analysis does not know

    def callbacks(self, node: cst.Call, local: frozenset[str]) -> None:
        """The functions given to a call that handles derived data (``table.apply(...)``,
        ``map(f, rows)``, ``np.apply_along_axis(f, 1, X)``) may be run on it: a lambda's
        body is read with its parameters derived, a function of the file followed with
        them derived, and a model's method given so (``map(clf.predict, rows)``) is a
        model reached."""
        functions = self.run_.owner.index.functions
        for arg in node.args:
            value = arg.value
            if type(value) is cst.Lambda:
                self.value(value.body, local | frozenset(parameter_names(value.params)))
            elif type(value) is cst.Name and value.value in functions and value.value not in self.derived:
                for function in functions[value.value]:
                    parameters = frozenset(parameter_names(function.params))
                    free = self.derived.intersection(self.run_.owner.index.free_names(function))
                    self.run_.call_function(function, parameters | free, frozenset())
            elif type(value) is cst.Attribute and value.attr.value in _LEARNING:
                if self.value(value.value, local) != _ITSELF and not self._passes_on(value.value):
                    raise _GiveUp  # a model's method, run on it

    def _given_model(self, receiver: cst.BaseExpression) -> bool:
        """Whether ``receiver`` is a parameter of the function (the caller's object) that
        the function neither rebinds nor fits: a model fitted elsewhere."""
        if type(receiver) is not cst.Name or self.function is None:
            return False
        name = receiver.value
        if name not in parameter_names(self.function.params):
            return False
        # Every mention of it in the body is a prediction (not a fit, not handed on, not
        # rebound).
        predicting = sum(
            1
            for node in descendants(self.function.body)
            if type(node) is cst.Call
            and type(node.func) is cst.Attribute
            and node.func.attr.value in _PREDICTING
            and type(node.func.value) is cst.Name
            and node.func.value.value == name
        )
        return predicting == sum(1 for found in names_in(self.function.body) if found == name)

    def _passes_on(self, receiver: cst.BaseExpression) -> bool:
        """Whether ``receiver`` holds an estimator that passes data on (a projection, a
        scaler), by its one reaching assignment: ``tsne = TSNE(); tsne.fit_transform(...)``."""
        if type(receiver) is cst.Call:
            return self.run_.owner.propagates(receiver)
        if type(receiver) is not cst.Name or self.place is None:
            return False
        value = self.run_.scopes.value_of(receiver.value, self.place)
        if value is None:
            return False
        expr: cst.BaseExpression = value.value
        while type(expr) is cst.Call and type(expr.func) is cst.Attribute and expr.func.attr.value in _RETURNS_SELF:
            expr = expr.func.value
        return type(expr) is cst.Call and self.run_.owner.propagates(expr)


# Names of drawing methods (of axes, figures, plotly's ``append_trace`` and
# ``update_layout``, data frames' ``plot`` accessor).
_DRAWING: Final = re.compile(
    r"plot|scatter|draw|show|hist|bar|heatmap|imshow|annotate|legend|text|label|tick|title|xlim|ylim|trace|layout"
)
# Methods of a fitted model that only predict.
_PREDICTING: Final = frozenset({"predict", "predict_proba", "predict_log_proba", "decision_function"})
# Estimator methods that return the estimator itself.
_RETURNS_SELF: Final = frozenset({"fit", "set_params", "partial_fit"})


def _in_place(arg: cst.Arg) -> bool:
    """Whether ``arg`` is ``inplace=True``: the method changes its object."""
    return arg.keyword is not None and arg.keyword.value == "inplace" and literal_value(arg.value) is True


def _is_function(node: cst.BaseExpression, functions: Mapping[str, Sequence[cst.FunctionDef]]) -> bool:
    """Whether ``node`` is a function: a lambda, or the name of one the file defines."""
    return type(node) is cst.Lambda or (type(node) is cst.Name and node.value in functions)


def _opaque(node: cst.BaseExpression) -> bool:
    """Whether ``node`` is ``get_ipython()``: the stand-in of a notebook cell that does not
    parse (``hplint.unparsed``), or the shell a converted notebook's magics run in."""
    return type(node) is cst.Call and type(node.func) is cst.Name and node.func.value == "get_ipython"


def _fitted_in_place(expr: cst.BaseExpression) -> str | None:
    """The name whose object ``expr`` fits and returns (``counter.fit(texts)``), or None."""
    if type(expr) is cst.Call and type(expr.func) is cst.Attribute and type(expr.func.value) is cst.Name:
        return expr.func.value.value if expr.func.attr.value in _RETURNS_SELF else None
    return None


# The names the computing libraries are imported under by convention: a file that uses one
# without binding it got it from ``%pylab``, a preamble's star import or a cell hplint cannot
# read (``pd.DataFrame(counts)`` in a notebook whose imports are elsewhere).
_CONVENTIONAL: Final = {"np": "numpy", "pd": "pandas", "plt": "matplotlib.pyplot", "sns": "seaborn"}


def _resolved(facts: ModuleFacts, parts: Sequence[str] | None) -> str | None:
    """The qualified name ``parts`` (a dotted callee) resolves to through the file's
    imports, or through a computing library's conventional name that the file never binds."""
    if not parts:
        return None
    resolver = facts.resolver
    qualname = resolver.resolve_parts(parts)
    if qualname is None and len(parts) > 1 and parts[0] in _CONVENTIONAL and not resolver.bindings.is_bound(parts[0]):
        return ".".join([_CONVENTIONAL[parts[0]], *parts[1:]])
    return qualname


def _passes_data(qualname: str) -> bool:
    """Whether an estimator of ``qualname`` fitted on a derived value passes it on rather
    than being a model of it: not a decomposition, whose factors of another transformer's
    output are a model's (an LSA's topics, a recommender's factors)."""
    return _followed(qualname) and not qualname.startswith("sklearn.decomposition.")


def _followed(qualname: str) -> bool:
    return qualname.startswith(FOLLOWED) and not qualname.startswith(_MODELS)


# Parameters of the followed classes that take an estimator (a model they fit).
_ESTIMATOR_PARAMETERS: Final = frozenset({"estimator", "base_estimator", "estimators"})


def pipeline_steps(call: cst.Call, qualname: str) -> list[cst.BaseExpression] | None:
    """The step expressions a pipeline, union or column transformer is made of, as
    written (None: not written out: ``Pipeline(steps)``, ``*steps``)."""
    if qualname.rpartition(".")[2].startswith("make_"):
        if any(arg.star or arg.keyword is not None and arg.keyword.value not in _FACTORY_OPTIONS for arg in call.args):
            return None
        # ``make_column_transformer((scaler, columns), ...)``: the first item of each pair.
        items = [arg.value for arg in call.args if arg.keyword is None]
        return [_first(item) for item in items] if "column" in qualname else items
    lists = [arg.value for arg in call.args if arg.keyword is None or arg.keyword.value in _STEP_LISTS]
    if len(lists) != 1 or type(lists[0]) not in (cst.List, cst.Tuple):
        return None
    found: list[cst.BaseExpression] = []
    for element in lists[0].elements:  # type: ignore[attr-defined]
        # ``("name", step)`` or ``("name", step, columns)``.
        if type(element.value) is not cst.Tuple or len(element.value.elements) < 2:
            return None
        found.append(element.value.elements[1].value)
    return found


def _first(item: cst.BaseExpression) -> cst.BaseExpression:
    if type(item) is cst.Tuple and item.elements:
        return item.elements[0].value
    return item


# Keywords of the pipeline factories that are no step; the keyword holding a pipeline's,
# a union's or a column transformer's steps.
_FACTORY_OPTIONS: Final = frozenset(
    {"memory", "verbose", "n_jobs", "remainder", "sparse_threshold", "transformer_weights"}
)
_STEP_LISTS: Final = frozenset({"steps", "transformer_list", "transformers"})


def _orders(flow: Sequence[object]) -> Iterator[int]:
    """The statements (by order) of a scope's flow (``model/flow``), at any depth."""
    for item in flow:
        if type(item) is int:
            yield item
        elif isinstance(item, (tuple, list)):
            yield from _orders(item)


def _alias_pairs(node: cst.CSTNode) -> Iterator[tuple[str, str]]:
    """The names a statement makes hold one object, or a container of the other's object:
    ``a = b``; ``a, b = c, d``; ``combine = [train, test]`` (storing into ``combine[0]``
    or into a loop's ``dataset`` over it stores into ``train``); ``for a in (b, c):``;
    ``for dataset in combine:``."""
    if type(node) is cst.Assign:
        for target in node.targets:
            yield from _bound_together(target.target, node.value)
            if type(target.target) is cst.Name and type(node.value) in (cst.Tuple, cst.List):
                for element in node.value.elements:  # type: ignore[attr-defined]
                    if type(element.value) is cst.Name:
                        yield target.target.value, element.value.value
    elif type(node) is cst.For:
        if type(node.iter) in (cst.Tuple, cst.List):
            for element in node.iter.elements:  # type: ignore[attr-defined]
                yield from _bound_together(node.target, element.value)
        elif type(node.target) is cst.Name and type(node.iter) is cst.Name:
            yield node.target.value, node.iter.value


def _bound_together(target: cst.BaseExpression, value: cst.BaseExpression) -> Iterator[tuple[str, str]]:
    """The (target, value) names a loop binds one to the other, position by position:
    ``for frame in (train, test)``, ``for X, frame in [(X_tr, train), (X_te, test)]``."""
    if type(target) is cst.Name and type(value) is cst.Name:
        yield target.value, value.value
    elif type(target) in (cst.Tuple, cst.List) and type(value) in (cst.Tuple, cst.List):
        targets, values = target.elements, value.elements  # type: ignore[attr-defined]
        if len(targets) == len(values):
            for inner_target, inner_value in zip(targets, values):
                yield from _bound_together(inner_target.value, inner_value.value)


def _path_to(node: cst.CSTNode, target: cst.CSTNode) -> list[cst.Call] | None:
    """The calls around ``target`` inside ``node``, outermost first (None: not inside)."""
    if node is target:
        return []
    for child in children(node):
        found = _path_to(child, target)
        if found is not None:
            return [node, *found] if type(node) is cst.Call else found
    return None


def _deleted(target: cst.BaseExpression) -> Iterator[cst.BaseExpression]:
    """The targets of a ``del`` statement (``del a, b[0]``: ``a`` and ``b[0]``)."""
    if type(target) in (cst.Tuple, cst.List):
        for element in target.elements:  # type: ignore[attr-defined]
            yield from _deleted(element.value)
    else:
        yield target


def _all_params(params: cst.Parameters) -> Iterator[cst.Param]:
    yield from (*params.posonly_params, *params.params, *params.kwonly_params)
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            yield star


def _declared(function: cst.FunctionDef) -> set[str]:
    return {
        name.name.value
        for node in every_descendant(function.body)
        if type(node) is cst.Global or type(node) is cst.Nonlocal
        for name in node.names
    }


def _called_names(function: cst.FunctionDef) -> set[str]:
    """The plain names ``function`` calls (``train()``)."""
    return {
        node.func.value
        for node in every_descendant(function.body)
        if type(node) is cst.Call and type(node.func) is cst.Name
    }


def _names_read(function: cst.FunctionDef) -> frozenset[str]:
    return frozenset(names_in(function.body))


def _own_names(function: cst.FunctionDef) -> frozenset[str]:
    """The names ``function``'s body binds (its locals), and its parameters."""
    found: set[str] = set(parameter_names(function.params))
    for node in every_descendant(function.body):
        kind = type(node)
        if kind is cst.AssignTarget:
            found.update(names_in(node.target))  # type: ignore[attr-defined]
        elif kind in (cst.AnnAssign, cst.AugAssign):
            found.update(names_in(node.target))  # type: ignore[attr-defined]
        elif kind in (cst.For, cst.CompFor):
            found.update(names_in(node.target))  # type: ignore[attr-defined]
        elif kind is cst.NamedExpr:
            found.update(names_in(node.target))  # type: ignore[attr-defined]
        elif kind is cst.AsName:
            found.update(names_in(node.name))  # type: ignore[attr-defined]
        elif kind in (cst.FunctionDef, cst.ClassDef):
            found.add(node.name.value)  # type: ignore[attr-defined]
    return frozenset(found)
