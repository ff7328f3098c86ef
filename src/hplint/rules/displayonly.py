"""Projections, clusterers and transformers whose output only reaches plots, or is only
looked at (HP101).

``PCA(n_components=2, whiten=True).fit_transform(X)`` scattered in a figure and used for
nothing else builds no model: ``whiten``, a kernel's ``gamma`` or any other parameter of
the projection shapes a picture, as its dimension does. A construction is *only displayed*
when everything it gives is read by plotting or printing code:

- the estimator (the call, or the one name bound to it) is fitted, transformed with, read
  for fitted attributes (``components_``, ``explained_variance_``: descriptions of the
  fit), shown as the last expression of a cell, or given to a plotting call;
- what ``fit_transform`` / ``transform`` / ``inverse_transform`` return (the call, sliced,
  wrapped in ``pd.DataFrame`` / ``pd.concat`` / a numpy function, or the one name bound to
  any of those) is only given to plotting calls (matplotlib, seaborn, plotly, bokeh,
  altair, a method of axes or figures, ``df.plot``, a function named ``plot_*`` /
  ``draw_*`` ...), printed or shown, or has columns assigned to it; and it reaches a
  drawing call at least once (the estimator given to a drawing helper may be drawn for its
  fit, a topic model's topics: that is no picture of a projection).

A clusterer (``KMeans(n_clusters=3)``) is read the same way, its labels as its output:
what ``fit_predict`` / ``predict`` / ``predict_proba`` return and its fitted attributes
(``labels_``, ``cluster_centers_``); labels only colouring a figure make the number of
clusters an exploration. Its labels assigned into a table (``df["cluster"] = ...``) are not
followed: the table may feed anything.

A preprocessing transformer, a feature extractor or selector, a kernel approximation or a
kernel density is read as a projection is (a density's output: what ``score_samples`` and
``sample`` return; a transformer's fitted attributes, ``vocabulary_``, are output too):
scaled data only drawn to show what a scaler does, a density drawn as a heat map, train
nothing.

Nor does anything but a clusterer whose output is only *looked at*, without a figure:
printed, shown as a cell's last line, its shape or ``len`` read (a course's feature
engineering demonstration, the features a selector keeps only counted). That needs one
look at least: fitted and never read, a ``.py`` module's name may be imported elsewhere.
What is looked at must be the output as it is (a slice, a table of it, ``.head()``):
computed from it (``np.corrcoef`` of a decomposition printed), it is a model's results.
A clusterer's labels are its product, so they must colour a figure; an estimator given
itself to a drawing helper (a topic model's topics drawn) is its own product too.

Anything else (passed to a model's ``fit``, iterated by a loop, given to an unknown
function) and the construction counts as a model step. A name bound at module level is
followed in module order up to its next assignment outside a function (notebook cells
reuse names, a later cell's loop too); a use in a function that does not bind the name
itself may run at any time, so it counts. A name bound in a function must be bound once
there, and every use of it in that function (or one nested in it) counts; a ``global``
declaration of it there is a use no walk accepts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

import libcst as cst

from hplint.catalog import roles
from hplint.model import Construction, ModuleFacts
from hplint.model.walk import children, descendants, leaf_names

# Libraries whose calls draw.
PLOTTING: Final = ("matplotlib", "seaborn", "plotly", "bokeh", "altair")
# Names of drawing functions and methods (of axes, figures, data frames, helpers).
_DRAWING: Final = re.compile(
    r"plot|scatter|draw|show|visuali[sz]e|annotate|^text$|quiver|arrow|contour|^hist|^bar|pcolor|^heatmap$|hexbin"
    r"|fill_between|^legend$",
    re.IGNORECASE,
)
# Names that hold axes or figures: what their methods do is drawing.
_AXES: Final = re.compile(r"^(?:plt|pl|ax\w*|axes|axs|fig\w*|sns|px|go)$")
# Calls that show a value, or describe it without its data (``len``).
_SHOWING: Final = frozenset({"print", "display", "pprint", "len"})
# Estimator methods that describe it without giving data.
_DESCRIBING: Final = frozenset({"get_params", "get_feature_names_out", "get_feature_names"})
# Attributes that describe data without giving any of it.
_DESCRIPTIONS: Final = frozenset({"shape", "ndim", "dtype", "dtypes", "nnz"})
# Builtins whose result holds what is given to them (``dict(x=projected[:, 0])`` for a
# plotting library's data source).
_CONTAINERS: Final = frozenset({"dict", "list", "tuple", "set", "sorted"})
# Calls whose result holds the data given to them (a table, an array of it).
_TABLES: Final = ("pandas.DataFrame", "pandas.concat")
_WRAPPING: Final = (*_TABLES, "numpy.")
# Methods whose result shows the data as it is (a part of it, another format of it); any
# other method, a numpy function or arithmetic computes something from it.
_VIEWS: Final = frozenset(
    {"head", "tail", "sample", "toarray", "todense", "round", "reshape", "ravel", "flatten", "astype", "copy", "to_frame"}
)
# Estimator methods whose result is the projected (or reconstructed) data.
_OUTPUT_METHODS: Final = frozenset({"fit_transform", "transform", "inverse_transform"})
# Clusterers: their labels only colouring a figure make every parameter (the number of
# clusters too) a setting of a picture, an exploration.
CLUSTERERS: Final = (
    "sklearn.cluster.", "sklearn.mixture.GaussianMixture", "sklearn.mixture.BayesianGaussianMixture",
)  # fmt: skip
# A clusterer's methods whose result is its labels (or what they are made from).
_CLUSTER_METHODS: Final = _OUTPUT_METHODS | {"fit_predict", "predict", "predict_proba"}
# Preprocessing transformers and density estimators: drawn and used for nothing else (the
# scaled data of a figure comparing scalers, a kernel density drawn as a heat map), they
# train nothing either.
TRANSFORMERS: Final = (
    "sklearn.preprocessing.", "sklearn.feature_extraction.", "sklearn.feature_selection.",
    "sklearn.kernel_approximation.", "sklearn.neighbors.KernelDensity",
)  # fmt: skip
# Feature selectors: which features they keep is their output too.
_SELECTORS: Final = "sklearn.feature_selection."
_SELECTOR_METHODS: Final = _OUTPUT_METHODS | {"get_support"}
# A density estimator's methods whose result is the density (or points drawn from it).
_DENSITIES: Final = frozenset({"sklearn.neighbors.KernelDensity"})
_DENSITY_METHODS: Final = frozenset({"score_samples", "sample"})


@dataclass
class _Walk:
    """What following one construction has met: the bindings followed (ids of the bound
    names), whether its output reached a drawing call, and whether the estimator itself
    was given to one (a topic model's topics drawn: its fit is the product)."""

    seen: set[int] = field(default_factory=set)
    drawn: bool = False
    fit_drawn: bool = False
    # Whether its output or fit was looked at: printed, shown, described (``.shape``).
    looked: bool = False
    # Whether what was looked at was computed from the output (a recommender's
    # similarities ``np.corrcoef(svd.fit_transform(X))`` printed): then the construction
    # is the model whose results are shown, not a demonstration of its output.
    computed: bool = False
    # Following a clusterer: its fitted attributes (``labels_``, ``cluster_centers_``)
    # are its output, and its labels put in a table make them data of that table.
    clusterer: bool = False
    # The methods whose result is the construction's output.
    outputs: frozenset[str] = _OUTPUT_METHODS
    # Following a decomposition or embedding, whose fitted attributes describe the fit.
    projection: bool = False


# How a name's uses are followed: as the estimator, or as its output.
_Follow = Callable[[cst.CSTNode, _Walk], bool]


def only_displayed(
    facts: ModuleFacts, constructions: Iterable[Construction], holders: Mapping[int, cst.Call] | None = None
) -> dict[int, bool]:
    """The ``constructions`` (ids of their calls) whose estimator and output only reach
    plotting or printing code, each with whether its output was drawn (False: only looked
    at). A construction that ``holders`` maps (by its call's id) to another call, the
    pipeline whose last step it is, is followed from that call."""
    wanted = list(constructions)
    if not wanted:
        return {}
    tree = _Tree(facts)
    found: dict[int, bool] = {}
    for construction in wanted:
        qualname = construction.estimator.qualname
        clusterer = qualname.startswith(CLUSTERERS)
        outputs = (
            _CLUSTER_METHODS if clusterer
            else _DENSITY_METHODS if qualname in _DENSITIES
            else _SELECTOR_METHODS if qualname.startswith(_SELECTORS)
            else _OUTPUT_METHODS
        )  # fmt: skip
        walk = _Walk(clusterer=clusterer, outputs=outputs, projection=qualname.startswith(roles.DISPLAY_COMPONENTS))
        start = (holders or {}).get(id(construction.node), construction.node)
        if not tree.estimator_shown(start, walk):
            continue
        # Labels only printed are a clustering's product; a transformer's output only
        # looked at (printed, shown, its shape read) trains nothing, unless the estimator
        # itself was drawn for its fit.
        if walk.drawn or (walk.looked and not (walk.computed or clusterer or walk.fit_drawn)):
            found[id(construction.node)] = walk.drawn
    return found


class _Tree:
    """The module's nodes with their parents, and the uses of each name."""

    def __init__(self, facts: ModuleFacts) -> None:
        self.facts = facts
        self.parent: dict[int, cst.CSTNode] = {}
        self.uses: dict[str, list[cst.Name]] = {}
        # The module statement each use of a name is in, by the use's id.
        self.top: dict[int, int] = {}
        self.body = facts.module.body
        for index, statement in enumerate(self.body):
            self.parent[id(statement)] = facts.module
            for node in descendants(statement):
                for child in children(node):
                    self.parent[id(child)] = node
                for name in leaf_names(node):
                    self.parent[id(name)] = node
                    # Not a use of a name: ``obj.name``'s attribute, ``f(name=...)``'s keyword.
                    if not (type(node) is cst.Attribute and node.attr is name) and not (
                        type(node) is cst.Arg and node.keyword is name
                    ):
                        self.uses.setdefault(name.value, []).append(name)
                        self.top[id(name)] = index

    # -- the estimator ---------------------------------------------------------------------

    def estimator_shown(self, node: cst.CSTNode, walk: _Walk) -> bool:
        """Whether the estimator ``node`` evaluates to is only fitted, transformed with,
        described or shown."""
        parent = self.parent.get(id(node))
        if type(parent) is cst.Attribute and parent.value is node:
            method = parent.attr.value
            called = self.parent.get(id(parent))
            if method.endswith("_") and not method.startswith("_"):
                # A fitted attribute: a projection's is a description of the fit
                # (``components_`` drawn as arrows); a clusterer's labels, centres or
                # inertia, a transformer's vocabulary, are what it gives: its output.
                if walk.projection:
                    walk.looked = True
                    return True
                return self.output_shown(parent, walk)
            if type(called) is not cst.Call or called.func is not parent:
                return False
            if method == "fit":
                return self.estimator_shown(called, walk)
            if method in _DESCRIBING:
                return True  # its parameters or the names of its outputs: no data
            return method in walk.outputs and self.output_shown(called, walk)
        return self._shown(node, parent, walk, self.estimator_shown)

    # -- its output ------------------------------------------------------------------------

    def output_shown(self, node: cst.CSTNode, walk: _Walk) -> bool:
        """Whether the data ``node`` evaluates to only reaches plotting or printing code."""
        parent = self.parent.get(id(node))
        # Derived data: a slice, an attribute (``.T``), a method's result (``.reshape()``),
        # arithmetic, a list or tuple of it, a table or array made of it.
        if parent is None:
            return False
        if type(parent) is cst.Attribute and parent.value is node and parent.attr.value in _DESCRIPTIONS:
            walk.looked = True
            return True  # ``X_new.shape``: a description of the data, none of it
        if type(parent) in _DERIVED or (type(parent) is cst.Attribute and parent.value is node):
            walk.computed = walk.computed or type(parent) in _ARITHMETIC
            return self.output_shown(parent, walk)
        if type(parent) is cst.Call and parent.func is node:
            if self._drawing(parent):  # ``table.plot(...)``
                walk.drawn = True
                return True
            # ``X_new.sum(axis=0)``: a computation on the data; ``.head()``, ``.toarray()``:
            # a view of it.
            walk.computed = walk.computed or not (type(node) is cst.Attribute and node.attr.value in _VIEWS)
            return self.output_shown(parent, walk)
        if type(parent) is cst.Arg:
            call = self.parent.get(id(parent))
            if type(call) is cst.Call and self._wrapping(call):
                # ``pd.DataFrame(X_new)`` shows it; ``np.corrcoef(X_new)`` computes from it.
                walk.computed = walk.computed or not (_callee_name(call) in _CONTAINERS or self._table(call))
                return self.output_shown(call, walk)
        if type(parent) is cst.CompFor and parent.iter is node:
            # ``[COLOURS[label] for label in labels]``: a lookup per item is data made of
            # it; a comprehension that calls anything may use it for more.
            comprehension = self.parent.get(id(parent))
            if isinstance(comprehension, (cst.ListComp, cst.GeneratorExp)) and not _calls(comprehension, parent):
                return self.output_shown(comprehension, walk)
            return False
        if type(parent) is cst.AssignTarget:
            # ``table["label"] = y``: a column added to the data shown. Labels put in a
            # table (``df["cluster"] = km.labels_``) become data of a table used for
            # anything: not followed, a model step.
            return not walk.clusterer
        return self._shown(node, parent, walk, self.output_shown)

    # -- shared ----------------------------------------------------------------------------

    def _shown(self, node: cst.CSTNode, parent: cst.CSTNode | None, walk: _Walk, follow: _Follow) -> bool:
        """Whether ``node`` is shown: the whole of an expression statement, an argument of a
        plotting or printing call, or the value of a plain assignment to a name whose
        every use ``follow`` accepts."""
        if type(parent) is cst.Expr:
            # The last expression of a cell: shown (the data; a bare estimator shows its
            # parameters, a fitting statement nothing).
            walk.looked = walk.looked or follow == self.output_shown
            return True
        if type(parent) is cst.Arg:
            call = self.parent.get(id(parent))
            if type(call) is not cst.Call:
                return False
            if self._drawing(call):
                # The projected data drawn: a picture. The estimator given to a drawing
                # helper may be drawn for its fit (``plot_top_words(nmf, ...)`` shows a
                # topic model's components): allowed, but no picture of a projection.
                if follow == self.output_shown:
                    walk.drawn = True
                else:
                    walk.fit_drawn = True
                return True
            if _callee_name(call) in _SHOWING:
                walk.looked = True
                return True
            return False
        if type(parent) is cst.Assign and parent.value is node and len(parent.targets) == 1:
            target = parent.targets[0].target
            if type(target) is cst.Name:
                return self._name_shown(target, walk, follow)
        return False

    def _name_shown(self, bound: cst.Name, walk: _Walk, follow: _Follow) -> bool:
        """Whether ``follow`` accepts every use of the value ``bound`` (a name's binding)
        gives the name. In a function: every use of the name in the module, ``bound``
        its only binding. At module level (a notebook's cells): the uses from ``bound``'s
        statement to the next plain assignment of the name at module level; uses in a
        function are read whenever it is called (unknown), unless it binds its own. A
        ``.py`` module's last value of a name that the module never reads is not followed
        (another file may import it)."""
        name = bound.value
        if id(bound) in walk.seen:
            return True  # already being followed (a use inside its own uses)
        walk.seen.add(id(bound))
        uses = [use for use in self.uses.get(name, ()) if use is not bound]
        function = self._function_of(bound)
        if function is not None:
            # A function's local: its uses are in that function (or a function nested
            # in it); another function's name is another variable. (A ``global``
            # declaration in this one is a use no walk accepts.)
            uses = [use for use in uses if self._inside(use, function)]
            return all(not self._binds(use) and follow(use, walk) for use in uses)
        start = self.top[id(bound)]
        end = min((self.top[id(use)] for use in uses if self._rebinds(use, start)), default=len(self.body))
        read = False
        for use in uses:
            function = self._function_of(use)
            if function is not None:
                if not self._local(function, name):
                    return False
                continue
            where = self.top[id(use)]
            if where < start or where > end or (where == end and self._binds(use)):
                continue  # another value of the name
            if self._binds(use) or not follow(use, walk):
                return False
            read = True
        # Never read: in a notebook, nothing else can; a ``.py`` module's last value of the
        # name may be imported by another file.
        return read or self.facts.notebook is not None or end < len(self.body)

    def _rebinds(self, use: cst.Name, start: int) -> bool:
        """Whether ``use`` is an assignment of its name outside any function, in a module
        statement after statement ``start`` (a cell's ``model = ...``, or one in a loop or
        ``with`` block there): the name's value there is another."""
        target = self.parent.get(id(use))
        if type(target) is not cst.AssignTarget or target.target is not use or self.top[id(use)] <= start:
            return False
        return self._function_of(use) is None

    def _inside(self, node: cst.CSTNode, scope: cst.CSTNode) -> bool:
        """Whether ``node`` is in ``scope``'s body."""
        current = self.parent.get(id(node))
        while current is not None and current is not scope:
            current = self.parent.get(id(current))
        return current is scope

    def _function_of(self, node: cst.CSTNode) -> cst.CSTNode | None:
        """The function, lambda or class whose body ``node`` is in (None: module level)."""
        current = self.parent.get(id(node))
        if type(current) in (cst.FunctionDef, cst.ClassDef) and getattr(current, "name", None) is node:
            current = self.parent.get(id(current))  # a definition's name is bound outside it
        while current is not None and type(current) is not cst.Module:
            if type(current) in _FUNCTIONS:
                return current
            current = self.parent.get(id(current))
        return None

    def _local(self, function: cst.CSTNode, name: str) -> bool:
        """Whether ``function`` binds ``name`` itself (a parameter, an assignment)."""
        return any(self._binds(use) and self._function_of(use) is function for use in self.uses.get(name, ()))

    def _binds(self, use: cst.Name) -> bool:
        parent = self.parent.get(id(use))
        if isinstance(parent, (cst.For, cst.CompFor)):
            return parent.target is use  # ``for x in name``: the iterable is read
        return type(parent) in _BINDERS or (type(parent) is cst.AssignTarget and parent.target is use)

    def _drawing(self, call: cst.Call) -> bool:
        parts = _callee_parts(call.func)
        if not parts:
            return False
        qualname = self.facts.resolver.resolve_parts(parts) or ""
        if qualname.partition(".")[0] in PLOTTING:
            return True
        return _AXES.match(parts[0]) is not None or any(_DRAWING.search(part) for part in parts[1:] or parts)

    def _table(self, call: cst.Call) -> bool:
        """Whether ``call`` makes a table of its arguments (``pd.DataFrame``, ``pd.concat``)."""
        return self._qualname(call).startswith(_TABLES)

    def _wrapping(self, call: cst.Call) -> bool:
        """Whether ``call``'s result holds the data given to it."""
        return _callee_name(call) in _CONTAINERS or self._qualname(call).startswith(_WRAPPING)

    def _qualname(self, call: cst.Call) -> str:
        """The qualified name of ``call``'s callee ("": not known)."""
        parts = _callee_parts(call.func)
        return (self.facts.resolver.resolve_parts(parts) if parts else None) or ""


# Expressions whose value is data made of their parts'.
_DERIVED: Final = (
    cst.Subscript, cst.SubscriptElement, cst.Index, cst.Slice, cst.BinaryOperation, cst.UnaryOperation,
    cst.Element, cst.List, cst.Tuple, cst.Set, cst.Comparison, cst.ComparisonTarget, cst.DictElement, cst.Dict,
)  # fmt: skip
# Derived data computed, not shown as it is.
_ARITHMETIC: Final = (cst.BinaryOperation, cst.UnaryOperation, cst.Comparison)
# What has a scope of its own.
_FUNCTIONS: Final = (cst.FunctionDef, cst.Lambda, cst.ClassDef)
# Nodes whose Name child is bound by them (besides an assignment target).
_BINDERS: Final = (
    cst.AnnAssign, cst.AugAssign, cst.For, cst.CompFor, cst.NamedExpr, cst.AsName, cst.Param,
    cst.FunctionDef, cst.ClassDef, cst.ImportAlias, cst.Global, cst.Nonlocal,
)  # fmt: skip


def _calls(comprehension: cst.ListComp | cst.GeneratorExp, for_in: cst.CompFor) -> bool:
    """Whether ``comprehension`` calls anything outside ``for_in``'s iterable."""
    parts: list[cst.CSTNode] = [comprehension.elt, *for_in.ifs]
    if for_in.inner_for_in is not None:
        parts.append(for_in.inner_for_in)
    return any(type(node) is cst.Call for part in parts for node in descendants(part))


def _callee_parts(func: cst.BaseExpression) -> list[str]:
    """The names of a callee, root first: ``axes[0].scatter`` -> ``["axes", "scatter"]``."""
    parts: list[str] = []
    current: cst.BaseExpression = func
    while True:
        if type(current) is cst.Attribute:
            parts.append(current.attr.value)
            current = current.value
        elif type(current) is cst.Subscript:
            current = current.value
        elif type(current) is cst.Call:
            current = current.func
        elif type(current) is cst.Name:
            parts.append(current.value)
            return parts[::-1]
        else:
            return parts[::-1]


def _callee_name(call: cst.Call) -> str | None:
    return call.func.value if type(call.func) is cst.Name else None
