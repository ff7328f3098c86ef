"""A PCA that keeps every component of the data it is fitted on (HP101).

``PCA(n_components=2)`` fitted only on ``X[:, [4, 14]]`` keeps both components: the
default (``None``: as many as the data's columns) does the same, and the transformed data
is the same (a rotation). The value chooses nothing. It is read when the estimator (the
construction, or a pipeline written around it) is bound to a name at a module statement,
and every read of that value of the name (a notebook rebinds names cell after cell: the
reaching definitions of ``model/scopes`` tell the values apart) is a method call, at least
one of them ``fit``/``fit_transform`` (possibly chained: ``pipe.fit(X).predict_proba(...)``),
and the data of every fit has a number of columns the code writes:

- a selection of columns written out: ``X[:, [4, 14]]``, ``table[["a", "b"]]``;
- a literal array: ``np.array([[-1, -1], [-2, -1]])`` (rows of one length);
- rows of such data (``X2[train]``), or a name whose one reaching assignment is one.

Anything else (a fit hplint cannot count, the object handed to a function, a search) and
the value stays a choice.
"""

from __future__ import annotations

from typing import Final

import libcst as cst

from hplint.model import Construction, ModuleFacts
from hplint.model.literals import NOT_LITERAL, literal_value
from hplint.model.names import dotted_parts
from hplint.model.scopes import Place, Scopes, module_scopes
from hplint.model.walk import CallSite, children, every_child

# Methods that fit (the data they are given sets the number of columns).
_FITTING: Final = frozenset({"fit", "fit_transform"})
# Text any counted data needs: a list of columns in an index (``X[:, [4, 14]]``,
# ``t[["a", "b"]]``) or literal rows (``[[-1, -1], ...]``).
_WRITTEN_COLUMNS: Final = (", [", "[[")
# Callees building an array from a literal (``np.array([[...], ...])``).
_ARRAYS: Final = frozenset({"numpy.array", "numpy.asarray"})


def keeps_every_feature(facts: ModuleFacts, construction: Construction, value: object) -> bool:
    """Whether ``value`` (an ``n_components``) is the number of columns of every data the
    construction's estimator is fitted on, all of them written in the code."""
    if type(value) is not int or not any(written in facts.text for written in _WRITTEN_COLUMNS):
        return False  # (no column selection nor literal rows written: nothing to count)
    statement = facts.module.body[construction.site.statement]
    bound = _bound_name(statement, construction.node)
    if bound is None:
        return False
    name, holder = bound
    fits = [site for site in facts.calls if len(site.callee) == 2 and site.callee[0] == name and site.callee[1] in _FITTING]
    if not fits:
        return False
    scopes = facts.derived(module_scopes)
    # The fits first (cheap), then every read of the name (a walk of the module).
    if not _fitted_on(facts, fits, name, holder, value, scopes):
        return False
    sites = {id(site.node): site for site in facts.calls}
    for _, call, method in _reads_of(facts.module, name):
        site = sites.get(id(call)) if call is not None else None
        if call is None or site is None:
            return False  # read where hplint cannot tell which value it is
        place = _place(scopes, site)
        if place is None or (values := _values(scopes, name, place)) is None:
            return False
        if values is not holder:
            continue  # another value of the name (a notebook rebinds it cell after cell)
        if not method:
            return False  # handed on: a search, a cross-validation may fit it on anything
        if method in _FITTING and (not call.args or _columns(facts, call.args[0].value, place, scopes) != value):
            return False
    return True


def _fitted_on(
    facts: ModuleFacts, fits: list[CallSite], name: str, holder: cst.BaseExpression, value: int, scopes: Scopes
) -> bool:
    """Whether some of ``fits`` fit this value of ``name`` and each that does is given
    ``value`` written columns."""
    fitted = False
    for site in fits:
        place = _place(scopes, site)
        if place is None or (values := _values(scopes, name, place)) is None:
            return False
        if values is holder:
            if not site.node.args or _columns(facts, site.node.args[0].value, place, scopes) != value:
                return False
            fitted = True
    return fitted


def _place(scopes: Scopes, site: CallSite) -> Place | None:
    scopes.want([(site.node, site.statement)])
    return scopes.place_of(site.node)


def _values(scopes: Scopes, name: str, place: Place) -> cst.BaseExpression | None:
    """The one value ``name`` holds at ``place`` (None: several, or unknown)."""
    values = scopes.values_of(name, place, calls_change=False)
    return values[0].value if values is not None and len(values) == 1 else None


def _reads_of(module: cst.Module, name: str) -> list[tuple[cst.Name, cst.Call | None, str | None]]:
    """Each read of ``name``: with the call it is the receiver of (and the method's name),
    or the call whose arguments hold it (and None), or no call."""
    found: list[tuple[cst.Name, cst.Call | None, str | None]] = []
    stack: list[tuple[cst.CSTNode, cst.Call | None]] = [(module, None)]
    while stack:
        node, around = stack.pop()
        if type(node) is cst.Call:
            func = node.func
            if type(func) is cst.Attribute and type(func.value) is cst.Name and func.value.value == name:
                found.append((func.value, node, func.attr.value))
            else:
                stack.append((func, around))
            stack.extend((arg, node) for arg in node.args)
            continue
        if type(node) is cst.Name:
            if node.value == name:
                found.append((node, around, None))
            continue
        if type(node) is cst.AssignTarget and type(node.target) is cst.Name:
            continue  # the binding itself
        if type(node) is cst.Attribute:
            stack.append((node.value, around))
            continue
        if type(node) is cst.Arg:
            stack.append((node.value, around))
            continue
        stack.extend((child, around) for child in every_child(node))
    return found


def _bound_name(statement: cst.CSTNode, call: cst.Call) -> tuple[str, cst.BaseExpression] | None:
    """The name a module statement ``name = ...`` binds to ``call`` or to a pipeline
    written around it (``name = make_pipeline(StandardScaler(), PCA(2), ...)``), and the
    value bound."""
    if type(statement) is not cst.SimpleStatementLine or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if type(small) is not cst.Assign or len(small.targets) != 1 or type(small.targets[0].target) is not cst.Name:
        return None
    value = small.value
    if value is not call and not (type(value) is cst.Call and _holds(value, call)):
        return None
    return small.targets[0].target.value, value


def _holds(node: cst.CSTNode, call: cst.Call) -> bool:
    return node is call or any(_holds(child, call) for child in children(node))


def _columns(facts: ModuleFacts, data: cst.BaseExpression, place: Place, scopes: Scopes) -> int | None:
    """The number of columns of ``data`` when the code writes it (None: unknown)."""
    for _ in range(8):  # names followed to their assignment, rows taken of them
        if type(data) is cst.Subscript:
            elements = data.slice
            if len(elements) == 2:
                return _written_count(elements[1].slice)
            if len(elements) == 1 and type(elements[0].slice) is cst.Index:
                index = elements[0].slice.value
                if type(index) is cst.List:
                    return _written_count(elements[0].slice)  # ``table[["a", "b"]]``
                data = data.value  # rows of it: ``X2[train]``
                continue
            return None
        if type(data) is cst.Call:
            return _array_columns(facts, data)
        if type(data) is cst.Name:
            found = scopes.value_of(data.value, place)
            if found is None:
                return None
            data = found.value
            continue
        return None
    return None


def _written_count(part: cst.BaseSlice) -> int | None:
    """The number of items of ``[4, 14]`` / ``["a", "b"]`` written as an index."""
    if type(part) is not cst.Index or type(part.value) is not cst.List:
        return None
    items = [literal_value(element.value) for element in part.value.elements]
    if not items or any(item is NOT_LITERAL or type(item) not in (int, str) for item in items):
        return None
    return len(items)


def _array_columns(facts: ModuleFacts, call: cst.Call) -> int | None:
    """The row length of ``np.array([[...], [...]])`` written out."""
    parts = dotted_parts(call.func)
    if not parts or facts.resolver.resolve_parts(parts) not in _ARRAYS or not call.args:
        return None
    rows = literal_value(call.args[0].value)
    if type(rows) is not list or not rows or any(type(row) is not list for row in rows):
        return None
    lengths = {len(row) for row in rows}
    return lengths.pop() if len(lengths) == 1 else None
