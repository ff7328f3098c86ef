#!/usr/bin/env python3
"""An independent judge of hyperparameter search spaces in real code (a measurement tool).

It does not import hplint, and shares none of its analysis: it reads each file with Python's
``ast``, resolves every search call by the *nearest preceding binding* of a name in textual
order, computes what can be computed without running user code, and then asks the
estimator libraries themselves (scikit-learn, XGBoost, LightGBM, imbalanced-learn) about
every key and literal candidate:

* a key is valid when ``set_params(**{key: value})`` accepts it on the constructed
  estimator (``unknown-key`` when it raises); a key accepted only by an estimator's
  ``**kwargs`` and absent from ``get_params(deep=True)`` is ``kwargs-key``, reported but
  outside the recall measures (XGBoost/LightGBM accept and ignore it);
* a literal candidate is invalid when scikit-learn's own validation of the parameter
  (``validate_parameter_constraints`` with the owning estimator's
  ``_parameter_constraints`` for that key, after ``set_params``) rejects it
  (``invalid-candidate``); ``randint(low, high)`` is checked at ``low`` and ``high - 1``;
* a key of a grid or of a distributions dict with exactly one candidate is
  ``single-candidate`` (in a list of dicts: only when every dict gives the key the same
  single candidate); ``validation_curve`` and ``BayesSearchCV`` are not judged for it;
* a key whose last part is in ``NON_MODEL_KEYS`` is ``non-model-key``.

What it cannot resolve it records (``resolved: false`` and ``why``) instead of guessing.

Output: one JSON object per search call on stdout (or ``--output``), one per file that
does not parse (``{"file", "parse_error", "search_calls_textual"}``) and one per notebook
cell that does not parse (``{"file", "dropped_cell", "search_calls_textual"}``). Positions: ``line``
is the line of the joined module (notebooks: code cells joined in order, IPython lines
blanked); ``cell`` (1-based, counting every cell as Jupyter does; null for a ``.py``)
and ``row`` (1-based inside the cell) are what a notebook user sees.

Usage: judge_spaces.py [--output FILE] (--files-from FILES.txt | PATH ...)
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import re
import sys
import warnings
from dataclasses import dataclass, field
from typing import Any

# Keys that never shape the model a search looks for: seeds, parallelism, logging, memory
# and copies, and what is only stored on the side. Compared on the key's last part
# (``clf__random_state`` -> ``random_state``). Written from the libraries' documentation:
# scikit-learn (random_state, n_jobs, verbose, copy, copy_X, memory, cache_size, warm_start
# -- every search candidate is a fresh clone, so warm starts never happen --, pre_dispatch,
# oob_score, compute_score, store_covariance, store_cv_results/values), XGBoost (seed,
# nthread, verbosity, silent, n_jobs, importance_type, device), LightGBM (seed,
# num_threads, verbose, importance_type), CatBoost (random_seed, thread_count,
# verbose, logging_level).
NON_MODEL_KEYS = frozenset(
    {
        "random_state", "seed", "random_seed",
        "n_jobs", "nthread", "n_threads", "num_threads", "thread_count", "pre_dispatch",
        "verbose", "verbosity", "silent", "logging_level", "verbose_eval",
        "copy", "copy_X", "memory", "cache_size", "warm_start",
        "oob_score", "compute_score", "store_covariance", "store_cv_results",
        "store_cv_values", "importance_type", "device",
    }
)

# Search classes, and which judgement of single candidates applies to their spaces.
SEARCHES = {
    "GridSearchCV": "grid",
    "HalvingGridSearchCV": "grid",
    "RandomizedSearchCV": "dist",
    "HalvingRandomSearchCV": "dist",
    "BayesSearchCV": "bayes",
}
SPACE_KEYWORDS = ("param_grid", "param_distributions", "search_spaces")
# Libraries whose classes the judge may import and construct; nothing else is imported.
LIBRARIES = ("sklearn", "xgboost", "lightgbm", "imblearn", "catboost", "skopt")
TEXTUAL_SEARCH = re.compile(
    r"\b(GridSearchCV|RandomizedSearchCV|HalvingGridSearchCV|HalvingRandomSearchCV"
    r"|BayesSearchCV|validation_curve)\s*\("
)
# Cell magics whose body IPython runs as Python; any other ``%%`` cell is not Python.
PYTHON_CELL_MAGICS = ("%%time", "%%timeit", "%%capture", "%%prun", "%%debug")


class Unknown(Exception):
    """A value the judge cannot compute without running user code; the text says why."""


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Position:
    cell: int | None
    row: int
    shift: int  # columns removed from this line by dedenting its cell


@dataclass
class Source:
    path: str
    text: str
    positions: list[Position]  # index: joined line - 1
    dropped_cells: list[tuple[int, int]] = field(default_factory=list)  # (cell, search calls)

    def where(self, line: int) -> Position:
        return self.positions[line - 1]


def load_source(path: str) -> Source:
    if not path.endswith(".ipynb"):
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        rows = text.count("\n") + 1
        return Source(path, text, [Position(None, i, 0) for i in range(1, rows + 1)])
    with open(path, encoding="utf-8") as handle:
        notebook = json.load(handle)
    cells = notebook.get("cells")
    if cells is None:  # nbformat 3
        cells = [c for w in notebook.get("worksheets", []) for c in w.get("cells", [])]
    lines: list[str] = []
    positions: list[Position] = []
    dropped: list[int] = []
    for number, cell in enumerate(cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", cell.get("input", ""))
        if isinstance(source, list):
            source = "".join(source)
        cell_lines, shift = _python_lines(source)
        if cell_lines is None:
            continue
        if not _parses("\n".join(cell_lines)):
            dropped.append((number, len(TEXTUAL_SEARCH.findall("\n".join(cell_lines)))))
            cell_lines = [""] * len(cell_lines)
        for row, line in enumerate(cell_lines, start=1):
            lines.append(line)
            positions.append(Position(number, row, shift))
    return Source(path, "\n".join(lines) + "\n", positions + [Position(None, 0, 0)], dropped)


def _python_lines(source: str) -> tuple[list[str] | None, int]:
    """A code cell's lines with IPython lines blanked (one line out per line in)."""
    lines = source.split("\n")
    head = lines[0].strip() if lines else ""
    if head.startswith("%%"):
        if not head.startswith(PYTHON_CELL_MAGICS):
            return None, 0
        lines = [""] + lines[1:]
    out = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(("%", "!")) or re.match(r"^[\w.]+\s*=\s*[!%]", stripped):
            out.append("")
        elif stripped.endswith("?") and not stripped.startswith("#"):
            out.append("")  # help: obj? / obj??
        else:
            out.append(line)
    # IPython removes the indentation of a cell's first line from every line.
    first = next((l for l in out if l.strip()), "")
    indent = len(first) - len(first.lstrip())
    if indent and all(not l.strip() or l[:indent].isspace() for l in out):
        return [l[indent:] for l in out], indent
    return out, 0


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    return True


# --------------------------------------------------------------------------- bindings


@dataclass(frozen=True)
class Binding:
    name: str
    end: tuple[int, int]  # the binding takes effect after this position
    start: tuple[int, int]  # where its statement starts: its value is read from there
    kind: str  # assign, import, for, with, param, def, class, augassign, unpack, other
    value: Any  # the assigned expression (assign), the dotted import path (import)
    scope: tuple[int, int] | None  # (first, last) line of the function it is local to


class Bindings(ast.NodeVisitor):
    """Every binding of a name in the file, in textual order."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[Binding]] = {}
        self.scope: tuple[int, int] | None = None

    def add(self, name: str, node: ast.AST, kind: str, value: Any = None) -> None:
        end = (node.end_lineno or node.lineno, node.end_col_offset or 0)
        start = (node.lineno, node.col_offset)
        self.by_name.setdefault(name, []).append(Binding(name, end, start, kind, value, self.scope))

    def lookup(self, name: str, at: tuple[int, int]) -> Binding | None:
        best = None
        for binding in self.by_name.get(name, ()):
            if binding.end > at:
                continue
            if binding.scope is not None and not binding.scope[0] <= at[0] <= binding.scope[1]:
                continue  # a local of another function
            if best is None or binding.end >= best.end:
                best = binding
        return best

    def _targets(self, target: ast.AST, stmt: ast.AST, value: ast.AST | None, kind: str) -> None:
        if isinstance(target, ast.Name):
            self.add(target.id, stmt, kind, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            values = value.elts if isinstance(value, (ast.Tuple, ast.List)) else None
            for i, element in enumerate(target.elts):
                if values is not None and len(values) == len(target.elts):
                    self._targets(element, stmt, values[i], kind)
                else:
                    self._targets(element, stmt, None, "unpack" if kind == "assign" else kind)
        elif isinstance(target, ast.Starred):
            self._targets(target.value, stmt, None, "unpack")

    def visit_Assign(self, node: ast.Assign) -> None:
        self.generic_visit(node)
        for target in node.targets:
            self._targets(target, node, node.value, "assign")

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.generic_visit(node)
        if node.value is not None:
            self._targets(node.target, node, node.value, "assign")

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.generic_visit(node)
        self._targets(node.target, node, None, "augassign")

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.generic_visit(node)
        self.add(node.target.id, node, "assign", node.value)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        # The loop variable is bound before the body runs: its binding ends at the header.
        header = ast.Pass(lineno=node.lineno, col_offset=node.col_offset,
                          end_lineno=node.iter.end_lineno, end_col_offset=node.iter.end_col_offset)
        self._targets(node.target, header, None, "for")
        self.generic_visit(node)

    visit_AsyncFor = visit_For

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            if item.optional_vars is not None:
                self._targets(item.optional_vars, item.context_expr, None, "with")
        self.generic_visit(node)

    visit_AsyncWith = visit_With

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.add(alias.asname, node, "import", alias.name)
            else:
                top = alias.name.split(".")[0]
                self.add(top, node, "import", top)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            for alias in node.names:
                self.add(alias.asname or alias.name, node, "other")
            return
        for alias in node.names:
            if alias.name == "*":
                continue
            self.add(alias.asname or alias.name, node, "import", f"{node.module}.{alias.name}")

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.add(node.name, node, "def", node)
        outer = self.scope
        self.scope = (node.lineno, node.end_lineno or node.lineno)
        arguments = node.args
        for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                    arguments.vararg, arguments.kwarg]:
            if arg is not None:
                self.by_name.setdefault(arg.arg, []).append(
                    Binding(arg.arg, (node.lineno, node.col_offset), (node.lineno, node.col_offset),
                            "param", None, self.scope))
        for statement in node.body:
            self.visit(statement)
        self.scope = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        pass  # a lambda's parameters are local to it

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.generic_visit(node)
        self.add(node.name, node, "class")

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.add(node.name, node, "other")
        self.generic_visit(node)

    def _comprehension(self, node: ast.AST) -> None:
        pass  # comprehension variables are local to the comprehension

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Dist:
    """A scipy.stats distribution of literals (a RandomizedSearchCV candidate source)."""

    name: str
    args: tuple[Any, ...]
    line: int


@dataclass(frozen=True)
class Candidate:
    value: Any
    line: int
    literal: bool  # a value computed from literals (not an estimator, not unknown)


_NUMPY_RANGES = {"arange", "linspace", "logspace", "geomspace"}
_SAFE_OPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
             ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b,
             ast.FloorDiv: lambda a, b: a // b, ast.Pow: lambda a, b: a ** b,
             ast.Mod: lambda a, b: a % b}
_SCALARS = (int, float, str, bool, type(None))


class Resolver:
    def __init__(self, tree: ast.AST) -> None:
        self.bindings = Bindings()
        self.bindings.visit(tree)
        self.depth = 0

    # names and imports ------------------------------------------------------------

    def binding(self, name: str, at: tuple[int, int]) -> Binding:
        found = self.bindings.lookup(name, at)
        if found is None:
            raise Unknown(f"`{name}` has no preceding binding")
        return found

    def qualified(self, node: ast.AST, at: tuple[int, int]) -> str | None:
        """The dotted import path an expression names (``np.arange`` -> numpy.arange)."""
        if isinstance(node, ast.Name):
            found = self.bindings.lookup(node.id, at)
            if found is None:
                return None
            if found.kind == "import":
                return str(found.value)
            if found.kind == "assign" and isinstance(found.value, (ast.Name, ast.Attribute)):
                return self.qualified(found.value, found.start)
            return None
        if isinstance(node, ast.Attribute):
            base = self.qualified(node.value, at)
            return f"{base}.{node.attr}" if base else None
        return None

    def assigned(self, name: ast.Name, at: tuple[int, int]) -> tuple[ast.AST, tuple[int, int]]:
        found = self.binding(name.id, at)
        if found.kind != "assign" or found.value is None:
            raise Unknown(f"`{name.id}` is bound by {found.kind} (line {found.end[0]})")
        return found.value, found.start

    # literal values -----------------------------------------------------------------

    def value(self, node: ast.AST, at: tuple[int, int], env: dict[str, Any] | None = None) -> Any:
        self.depth += 1
        try:
            if self.depth > 40:
                raise Unknown("too deep")
            return self._value(node, at, env or {})
        finally:
            self.depth -= 1

    def _value(self, node: ast.AST, at: tuple[int, int], env: dict[str, Any]) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = self.value(node.operand, at, env)
            if isinstance(operand, (int, float)) and not isinstance(operand, bool):
                return -operand if isinstance(node.op, ast.USub) else operand
            raise Unknown("unary operator on a non-number")
        if isinstance(node, ast.BinOp) and type(node.op) in _SAFE_OPS:
            left, right = self.value(node.left, at, env), self.value(node.right, at, env)
            if isinstance(left, (list, tuple)) and isinstance(right, (list, tuple, int)) or \
                    isinstance(left, (int, float)) and isinstance(right, (int, float)):
                if isinstance(node.op, ast.Pow) and isinstance(right, (int, float)) and abs(right) > 64:
                    raise Unknown("large power")
                return _SAFE_OPS[type(node.op)](left, right)
            raise Unknown("operator on non-literals")
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            items = []
            for element in node.elts:
                if isinstance(element, ast.Starred):
                    items.extend(self.value(element.value, at, env))
                else:
                    items.append(self.value(element, at, env))
            return tuple(items) if isinstance(node, ast.Tuple) else items
        if isinstance(node, ast.Dict):
            return {self.value(k, at, env): self.value(v, at, env)
                    for k, v in zip(node.keys, node.values) if k is not None}
        if isinstance(node, ast.Name):
            if node.id in env:
                return env[node.id]
            value, end = self.assigned(node, at)
            return self.value(value, end)
        if isinstance(node, (ast.ListComp, ast.GeneratorExp)) and len(node.generators) == 1:
            generator = node.generators[0]
            if generator.ifs or not isinstance(generator.target, ast.Name):
                raise Unknown("comprehension with a filter or an unpacking target")
            items = self.value(generator.iter, at, env)
            if not isinstance(items, (list, tuple, range)) or len(items) > 10_000:
                raise Unknown("comprehension over a non-sequence")
            return [self.value(node.elt, at, {**env, generator.target.id: item}) for item in items]
        if isinstance(node, ast.Call):
            return self._call_value(node, at, env)
        if isinstance(node, ast.Attribute):
            name = self.qualified(node, at)
            if name in ("numpy.nan", "numpy.NaN"):
                return float("nan")
            if name in ("numpy.inf", "numpy.Inf", "math.inf"):
                return float("inf")
            if name in ("numpy.pi", "math.pi"):
                return 3.141592653589793
            if node.attr == "tolist" or node.attr == "values":
                raise Unknown("attribute")
        raise Unknown(f"{type(node).__name__} is not a literal")

    def _call_value(self, node: ast.Call, at: tuple[int, int], env: dict[str, Any]) -> Any:
        func = node.func
        # np.arange(...).tolist()
        if isinstance(func, ast.Attribute) and func.attr == "tolist" and not node.args:
            return list(self.value(func.value, at, env))
        name = self.qualified(func, at)
        bare = func.id if isinstance(func, ast.Name) else None
        if bare is not None and self.bindings.lookup(bare, at) is None:
            name = {"range": "range", "list": "list", "tuple": "tuple", "int": "int",
                    "float": "float", "dict": "dict", "round": "round"}.get(bare)
        args = [self.value(a, at, env) for a in node.args if not isinstance(a, ast.Starred)]
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise Unknown("starred call argument")
        kwargs = {k.arg: self.value(k.value, at, env) for k in node.keywords if k.arg}
        if name == "range":
            result = range(*args)
            if len(result) > 10_000:
                raise Unknown("huge range")
            return list(result)
        if name in ("list", "tuple") and len(args) <= 1 and not kwargs:
            items = list(args[0]) if args else []
            return items if name == "list" else tuple(items)
        if name in ("int", "float", "round") and args:
            return {"int": int, "float": float, "round": round}[name](*args)
        if name == "dict" and not args:
            return kwargs
        if name and name.startswith("numpy.") and name.split(".")[-1] in _NUMPY_RANGES | {"array"}:
            import numpy as np  # a library function of literals, not user code

            result = getattr(np, name.split(".")[-1])(*args, **kwargs)
            if result.size > 10_000:
                raise Unknown("huge array")
            return result.tolist()
        if name and name.startswith("scipy.stats.") or name and name.startswith("scipy.stats"):
            return Dist(name.split(".")[-1], tuple(args), node.lineno)
        raise Unknown(f"call of `{ast.unparse(func)}`")

    # estimators ---------------------------------------------------------------------

    def estimator(self, node: ast.AST, at: tuple[int, int]) -> Any:
        self.depth += 1
        try:
            if self.depth > 40:
                raise Unknown("too deep")
            return self._estimator(node, at)
        finally:
            self.depth -= 1

    def _estimator(self, node: ast.AST, at: tuple[int, int]) -> Any:
        if isinstance(node, ast.Name):
            value, end = self.assigned(node, at)
            return self.estimator(value, end)
        if isinstance(node, ast.Call):
            name = self.qualified(node.func, at)
            if name in ("sklearn.base.clone", "copy.deepcopy", "copy.copy") and node.args:
                return self.estimator(node.args[0], at)
            returned = self.helper_return(node.func, at)
            if returned is not None:
                return self.estimator(returned, (returned.lineno, returned.col_offset))
            factory = self.library_object(node.func, at)
            if any(isinstance(a, ast.Starred) for a in node.args):
                raise Unknown("starred argument of an estimator")
            # Positional arguments of a class are its first parameters by name, so that an
            # unknown one is handled like an unknown keyword; make_pipeline's are steps.
            names = _positional_names(factory)
            keywords = [(k.arg, k.value) for k in node.keywords]
            if names is not None and len(node.args) <= len(names):
                keywords = list(zip(names, node.args)) + keywords
                args = []
            else:
                args = [self.part(argument, at) for argument in node.args]
            kwargs: dict[str, Any] = {}
            for arg, value in keywords:
                if arg is None:
                    # **settings: which parameters exist does not depend on them; a dict
                    # of literals is applied, anything else leaves the defaults.
                    try:
                        settings = self.value(value, at)
                    except Unknown:
                        continue
                    if isinstance(settings, dict):
                        kwargs.update({k: v for k, v in settings.items() if isinstance(k, str)})
                    continue
                try:
                    kwargs[arg] = self.part(value, at, top=True)
                except Unknown:
                    if arg in _STEP_LISTS:
                        raise
                    if arg in _ESTIMATOR_PARAMETERS:
                        kwargs[arg] = _opaque(value)
                    # Any other non-literal setting stays at its default: which parameters
                    # exist does not depend on it.
            return _construct(factory, args, kwargs)
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            # models["rf"] / models[0] of a dict or list literal of constructions.
            container, end = self.assigned(node.value, at)
            index = self.value(node.slice, at)
            if isinstance(container, ast.Dict):
                for key, value in zip(container.keys, container.values):
                    if key is not None and self.value(key, end) == index:
                        return self.estimator(value, end)
            elif isinstance(container, (ast.List, ast.Tuple)) and isinstance(index, int) \
                    and -len(container.elts) <= index < len(container.elts):
                return self.estimator(container.elts[index], end)
            raise Unknown("a subscript the judge cannot follow")
        raise Unknown(f"estimator is a {type(node).__name__}")

    def helper_return(self, func: ast.AST, at: tuple[int, int]) -> ast.AST | None:
        """The one returned expression of a function of this file (``def build(): return ...``).

        Its parameters stay unknown: what depends on them is opaque or left at its default.
        """
        if not isinstance(func, ast.Name):
            return None
        found = self.bindings.lookup(func.id, at)
        if found is None or found.kind != "def":
            return None
        returns = [n for n in ast.walk(found.value) if isinstance(n, ast.Return)]
        if len(returns) != 1 or returns[0].value is None:
            raise Unknown(f"`{func.id}` is a function of this file without a single return")
        return returns[0].value

    def part(self, node: ast.AST, at: tuple[int, int], top: bool = True) -> Any:
        """A constructor argument: an estimator, a literal, or a list/tuple of them.

        What cannot be computed inside a step list or tuple (a user's transformer class, a
        column list read from the data) becomes an opaque estimator that accepts any key:
        keys below it are then unverifiable, and every other key is still judged exactly.
        """
        try:
            return self._part(node, at)
        except Unknown:
            # A call names its class (make_pipeline names the step after it); a bare name
            # at the top (a step list, an estimator) does not, and stays unknown.
            if isinstance(node, ast.Call) or not top:
                return _opaque(node)
            raise

    def _part(self, node: ast.AST, at: tuple[int, int]) -> Any:
        if isinstance(node, (ast.List, ast.Tuple)):
            items = [self.part(element, at, top=False) for element in node.elts]
            return tuple(items) if isinstance(node, ast.Tuple) else items
        if isinstance(node, ast.Call):
            try:
                self.library_object(node.func, at)
            except Unknown:
                return self.value(node, at)
            return self.estimator(node, at)
        if isinstance(node, ast.Name):
            value, end = self.assigned(node, at)
            return self._part(value, end)
        return self.value(node, at)

    def library_object(self, func: ast.AST, at: tuple[int, int]) -> Any:
        name = self.qualified(func, at)
        if name is None and isinstance(func, ast.Name) and self.bindings.lookup(func.id, at) is None:
            name = _FALLBACK.get(func.id)  # a star import, or an import the kernel left out
        if name is None:
            raise Unknown(f"`{ast.unparse(func)}` is not an import of an estimator library")
        if name.split(".")[0] not in LIBRARIES:
            raise Unknown(f"`{name}` is outside the estimator libraries")
        module, _, attr = name.rpartition(".")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if module == "sklearn.experimental":
                    raise ImportError
                if "HalvingGridSearchCV" in name or "HalvingRandomSearchCV" in name:
                    importlib.import_module("sklearn.experimental.enable_halving_search_cv")
                return getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as error:
            raise Unknown(f"`{name}` cannot be imported ({type(error).__name__})") from None


def _is_estimator(value: Any) -> bool:
    return hasattr(value, "get_params") and not isinstance(value, type)


# Constructor arguments that hold a list of steps: without them nothing can be judged.
_STEP_LISTS = ("steps", "transformers", "estimators", "transformer_list")
# Constructor arguments that hold an estimator: unknown, they become opaque, not the default.
_ESTIMATOR_PARAMETERS = ("estimator", "base_estimator", "final_estimator", "regressor",
                         "classifier", "transformer", "preprocessor")


def _opaque(node: ast.AST) -> Any:
    """An estimator standing for one the judge cannot build, named like its class."""
    from sklearn.base import BaseEstimator

    func = node.func if isinstance(node, ast.Call) else None
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "Unknown")

    class Opaque(BaseEstimator):
        judge_opaque = True

        def get_params(self, deep: bool = True) -> dict[str, Any]:
            return {}

        def set_params(self, **params: Any) -> "Opaque":
            return self

    Opaque.__name__ = Opaque.__qualname__ = str(name)
    return Opaque()


def _construct(factory: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Call the library; an argument its version no longer takes is left out (and noted)."""
    for _ in range(8):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return factory(*args, **kwargs)
        except TypeError as error:
            match = re.search(r"unexpected keyword argument '(\w+)'", str(error))
            if match is None or match.group(1) not in kwargs:
                raise Unknown(f"constructing {getattr(factory, '__name__', factory)} failed: "
                              f"TypeError: {error}"[:200]) from None
            del kwargs[match.group(1)]
        except Exception as error:  # the library refuses the construction
            raise Unknown(f"constructing {getattr(factory, '__name__', factory)} failed: "
                          f"{type(error).__name__}: {error}"[:200]) from None
    raise Unknown("constructing failed: too many removed arguments")


def _positional_names(factory: Any) -> list[str] | None:
    """The parameters a class's positional arguments fill, in order (None: not a class)."""
    import inspect

    if not isinstance(factory, type):
        return None
    try:
        parameters = inspect.signature(factory).parameters.values()
    except (TypeError, ValueError):
        return None
    return [p.name for p in parameters if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]


def _is_opaque(value: Any) -> bool:
    return getattr(value, "judge_opaque", False)


def _fallback_table() -> dict[str, str]:
    """Class name -> dotted path, for names used without a visible import."""
    table: dict[str, str] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from sklearn.utils import all_estimators

        for name, cls in all_estimators():
            table[name] = f"{cls.__module__}.{name}"
        for name in ("Pipeline", "FeatureUnion"):
            table[name] = f"sklearn.pipeline.{name}"
        table["make_pipeline"] = "sklearn.pipeline.make_pipeline"
        table["ColumnTransformer"] = "sklearn.compose.ColumnTransformer"
        for module, names in (("xgboost", ("XGBClassifier", "XGBRegressor", "XGBRFClassifier", "XGBRFRegressor")),
                              ("lightgbm", ("LGBMClassifier", "LGBMRegressor", "LGBMRanker"))):
            for name in names:
                table[name] = f"{module}.{name}"
    return table


_FALLBACK = _fallback_table()


# --------------------------------------------------------------------------- judging


@dataclass
class Space:
    """One dict of a search space: key -> (key node, candidates or a distribution)."""

    node: ast.AST  # the dict literal or dict(...) call
    keys: list[tuple[str, int, int, Any]]  # key, line, col, value (list / Dist / scalar)


class Judge:
    def __init__(self, source: Source, tree: ast.AST) -> None:
        self.source = source
        self.resolver = Resolver(tree)
        self.tree = tree
        self._functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]

    def calls(self) -> list[dict[str, Any]]:
        records = []
        for node in ast.walk(self.tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            short = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if short in SEARCHES or short == "validation_curve":
                records.append(self.judge(node, short))
        records.sort(key=lambda r: r["line"])
        return records

    def judge(self, call: ast.Call, kind: str) -> dict[str, Any]:
        at = (call.lineno, call.col_offset)
        where = self.source.where(call.lineno)
        record: dict[str, Any] = {"file": self.source.path, "line": call.lineno, "cell": where.cell,
                                  "row": where.row, "call": kind, "resolved": False, "why": None,
                                  "estimator": None, "keys": 0, "defects": [], "probe": None}
        record["space_resolved"] = False
        record["shape"] = self.shape(call, at)
        try:
            estimator = self.target(call, at)
        except Unknown as error:
            estimator, record["why"] = None, f"estimator: {error}"
        try:
            if kind == "validation_curve":
                spaces = self.validation_space(call, at)
            else:
                space_node = _argument(call, 1, *SPACE_KEYWORDS)
                if space_node is None:
                    raise Unknown("no search space argument")
                spaces = self.spaces(space_node, at)
        except Unknown as error:
            record["why"] = record["why"] or str(error)
            return record
        record["space_resolved"] = True
        record["keys"] = sum(len(s.keys) for s in spaces)
        # Single candidates and non-model keys are judged on the space alone; the other
        # kinds need the estimator.
        record["defects"] = self.defects(estimator, spaces, SEARCHES.get(kind, "curve"))
        if estimator is not None:
            record["estimator"] = _describe(estimator)
            record["resolved"] = True
            record["probe"] = self.probe(spaces, estimator)
        return record

    def shape(self, call: ast.Call, at: tuple[int, int]) -> list[str]:
        """How the call reaches its estimator and space, to break measurements down by."""
        tags = []
        for role, node in (("estimator", _argument(call, 0, "estimator")),
                           ("space", _argument(call, 1, *SPACE_KEYWORDS))):
            if not isinstance(node, ast.Name):
                tags.append(f"{role}-inline")
                continue
            binding = self.resolver.bindings.lookup(node.id, at)
            count = len(self.resolver.bindings.by_name.get(node.id, ()))
            if binding is not None and binding.scope is None and self._in_function(at):
                tags.append(f"{role}-from-module-scope")
            tags.append(f"{role}-name-bound-{'once' if count == 1 else 'more-than-once'}")
        if self._in_function(at):
            tags.append("call-in-function")
        origin = self.resolver.qualified(call.func, at) or ""
        if origin.startswith("sklearn.grid_search") or origin.startswith("sklearn.learning_curve"):
            tags.append("search-from-removed-module")  # scikit-learn < 0.20
        return tags

    def _in_function(self, at: tuple[int, int]) -> bool:
        return any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                   and n.lineno <= at[0] <= (n.end_lineno or n.lineno) for n in self._functions)

    def target(self, call: ast.Call, at: tuple[int, int]) -> Any:
        node = _argument(call, 0, "estimator")
        if node is None:
            raise Unknown("no estimator argument")
        estimator = self.resolver.estimator(node, at)
        if not _is_estimator(estimator) or _is_opaque(estimator):
            raise Unknown("not an estimator object the judge can build")
        try:
            estimator.get_params(deep=True)
        except Exception as error:
            raise Unknown(f"get_params failed: {type(error).__name__}") from None
        return estimator

    # spaces ---------------------------------------------------------------------------

    def spaces(self, node: ast.AST, at: tuple[int, int]) -> list[Space]:
        if isinstance(node, ast.Name):
            try:
                value, end = self.resolver.assigned(node, at)
            except Unknown as error:
                raise Unknown(f"space: {error}") from None
            self._refuse_mutation(node.id, end, at)
            return self.spaces(value, end)
        if isinstance(node, (ast.List, ast.Tuple)):
            spaces: list[Space] = []
            for element in node.elts:
                spaces.extend(self.spaces(element, at))
            if not spaces:
                raise Unknown("space: empty list")
            return spaces
        if isinstance(node, ast.Dict):
            keys = []
            for key, value in zip(node.keys, node.values):
                if key is None:
                    raise Unknown("space: ** inside the dict")
                text = self.string(key, at, f"space: key {ast.unparse(key)}")
                keys.append((text, key.lineno, key.col_offset, self.candidates(value, at)))
            return [Space(node, keys)]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict" \
                and not node.args and all(k.arg for k in node.keywords):
            keys = [(k.arg, k.lineno, k.col_offset, self.candidates(k.value, at)) for k in node.keywords]
            return [Space(node, keys)]
        raise Unknown(f"space: a {type(node).__name__} ({ast.unparse(node)[:60]})")

    def _refuse_mutation(self, name: str, start: tuple[int, int], end: tuple[int, int]) -> None:
        """A space completed after its assignment (grid['k'] = ..., grid.update(...))."""
        for node in ast.walk(self.tree):
            line = getattr(node, "lineno", 0)
            if not start[0] <= line <= end[0]:
                continue
            if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) \
                    and isinstance(node.value, ast.Name) and node.value.id == name:
                raise Unknown(f"space: `{name}` is changed by item assignment (line {line})")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == name \
                    and node.func.attr in ("update", "pop", "setdefault", "append", "extend"):
                raise Unknown(f"space: `{name}` is changed by .{node.func.attr}() (line {line})")

    def candidates(self, node: ast.AST, at: tuple[int, int]) -> Any:
        """A key's candidates: a list of Candidate, a Dist, or an Unknown marker."""
        if isinstance(node, (ast.List, ast.Tuple)):
            out = []
            for element in node.elts:
                if isinstance(element, ast.Starred):
                    return _Opaque("starred candidates")
                out.append(self._candidate(element, at))
            return out
        if isinstance(node, ast.Name):
            try:
                value, end = self.resolver.assigned(node, at)
            except Unknown as error:
                return _Opaque(str(error))
            return self.candidates(value, end)
        try:
            value = self.resolver.value(node, at)
        except Unknown as error:
            return _Opaque(str(error))
        if isinstance(value, Dist):
            return value
        if isinstance(value, (list, tuple)):
            return [Candidate(v, node.lineno, True) for v in value]
        return _Scalar(value, node.lineno)

    def _candidate(self, node: ast.AST, at: tuple[int, int]) -> Candidate:
        try:
            return Candidate(self.resolver.value(node, at), node.lineno, True)
        except Unknown:
            pass
        try:
            return Candidate(self.resolver.estimator(node, at), node.lineno, False)
        except Unknown:
            return Candidate(None, node.lineno, False)

    def string(self, node: ast.AST, at: tuple[int, int], what: str) -> str:
        try:
            text = self.resolver.value(node, at)
        except Unknown as error:
            raise Unknown(f"{what}: {error}") from None
        if not isinstance(text, str):
            raise Unknown(f"{what}: not a string")
        return text

    def validation_space(self, call: ast.Call, at: tuple[int, int]) -> list[Space]:
        # validation_curve(estimator, X, y, param_name, param_range): positional before 1.0.
        name_node = _argument(call, 3, "param_name")
        range_node = _argument(call, 4, "param_range")
        if name_node is None or range_node is None:
            raise Unknown("validation_curve without param_name/param_range")
        key = self.string(name_node, at, "param_name")
        return [Space(name_node, [(key, name_node.lineno, name_node.col_offset,
                                   self.candidates(range_node, at))])]

    # defects --------------------------------------------------------------------------

    def defects(self, estimator: Any, spaces: list[Space], kind: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        singles: dict[str, list[tuple[Any, int]]] = {}
        for space in spaces:
            steps = {k: v for k, _, _, v in space.keys
                     if isinstance(v, list) and v and any(_is_estimator(c.value) for c in v)}
            for key, line, _col, value in space.keys:
                if key.rpartition("__")[2] in NON_MODEL_KEYS:
                    found.append(self.defect(line, key, "non-model-key", ""))
                if isinstance(value, _Scalar):
                    found.append(self.defect(line, key, "not-a-list", repr(value.value)))
                if isinstance(value, list) and len(value) == 1 and kind in ("grid", "dist"):
                    singles.setdefault(key, []).append((value[0], line))
                if estimator is not None:
                    found.extend(self.key_defects(estimator, key, line, value, steps))
        for key, entries in singles.items():
            if len(entries) != len(spaces):
                # In a list of dicts, a key with several candidates in another dict, or
                # absent from one (left at its default there), tells the subspaces apart.
                continue
            values = {_freeze(c.value) if c.literal else id(c) for c, _ in entries}
            if len(values) == 1:
                for candidate, line in entries:
                    found.append(self.defect(line, key, "single-candidate", repr(candidate.value)[:80]))
        return found

    def key_defects(self, estimator: Any, key: str, line: int, value: Any,
                    steps: dict[str, list[Candidate]]) -> list[dict[str, Any]]:
        """What the estimator itself says of a key and its literal candidates."""
        variants = self.variants(estimator, key, steps)
        if variants is None:
            return [self.defect(line, key, "unverifiable", "a step candidate is unknown")]
        verdicts = [_key_verdict(v, key) for v in variants]
        if "opaque" in verdicts:
            return [self.defect(line, key, "unverifiable", "below a step the judge cannot build")]
        if all(v == "unknown" for v in verdicts):
            return [self.defect(line, key, "unknown-key", _describe(estimator))]
        found = []
        if all(v in ("unknown", "kwargs") for v in verdicts):
            found.append(self.defect(line, key, "kwargs-key", _describe(estimator)))
        return found + self.invalid(variants, verdicts, key, line, value)

    def variants(self, estimator: Any, key: str, steps: dict[str, list[Candidate]]) -> list[Any] | None:
        """The estimators a key can address, when the same dict replaces a step above it."""
        for prefix, candidates in steps.items():
            if key.startswith(prefix + "__"):
                out = []
                for candidate in candidates:
                    if candidate.value is None and not candidate.literal:
                        return None
                    try:
                        from sklearn.base import clone

                        variant = clone(estimator)
                        variant.set_params(**{prefix: candidate.value})
                    except Exception:
                        return None
                    out.append(variant)
                return out
        return [estimator]

    def invalid(self, variants: list[Any], verdicts: list[str], key: str, line: int, value: Any) -> list[dict[str, Any]]:
        checks: list[tuple[Any, int]] = []
        if isinstance(value, list):
            checks = [(c.value, c.line) for c in value if c.literal]
        elif isinstance(value, _Scalar):
            checks = [(value.value, value.line)]
        elif isinstance(value, Dist) and value.name in ("randint", "sp_randint") and len(value.args) >= 2 \
                and all(isinstance(a, int) for a in value.args[:2]):
            checks = [(value.args[0], value.line), (value.args[1] - 1, value.line)]
        out = []
        for candidate, candidate_line in checks:
            results = [_validate(v, key, candidate) for v, verdict in zip(variants, verdicts)
                       if verdict == "valid"]
            if results and all(r is not None for r in results):
                out.append(self.defect(candidate_line, key, "invalid-candidate",
                                       f"{candidate!r}: {results[0]}"[:200], key_line=line))
        return out

    def defect(self, line: int, key: str, kind: str, detail: str, key_line: int | None = None) -> dict[str, Any]:
        where = self.source.where(line)
        out = {"line": line, "cell": where.cell, "row": where.row, "key": key, "kind": kind, "detail": detail}
        if key_line is not None:
            key_where = self.source.where(key_line)
            out["key_line"], out["key_row"] = key_line, key_where.row
        return out

    def probe(self, spaces: list[Space], estimator: Any) -> dict[str, Any] | None:
        """Where a probe key can be inserted into the space's first dict (for compare.py)."""
        node = spaces[0].node
        if isinstance(node, ast.Dict):
            line, col = node.lineno, node.col_offset + 1
        elif isinstance(node, ast.Call) and node.func.end_col_offset is not None:
            line, col = node.func.end_lineno or node.lineno, node.func.end_col_offset + 1
        else:
            return None  # validation_curve: param_name is a string, not a dict
        text = self.source.text.split("\n")[line - 1]
        col = len(text.encode("utf-8")[:col].decode("utf-8", "replace"))
        where = self.source.where(line)
        return {"line": line, "cell": where.cell, "row": where.row, "col": col + where.shift,
                "style": "dict" if isinstance(node, ast.Dict) else "call",
                "kwargs_target": _key_verdict(estimator, "zz_probe_key") != "unknown"}


@dataclass(frozen=True)
class _Opaque:
    why: str


@dataclass(frozen=True)
class _Scalar:
    value: Any
    line: int


def _argument(call: ast.Call, index: int | None, *names: str) -> ast.AST | None:
    for keyword in call.keywords:
        if keyword.arg in names:
            return keyword.value
    if index is not None and len(call.args) > index and not isinstance(call.args[index], ast.Starred):
        return call.args[index]
    return None


def _describe(estimator: Any) -> str:
    name = type(estimator).__name__
    steps = getattr(estimator, "steps", None)
    if steps:
        return f"{name}({', '.join(f'{n}={type(s).__name__}' for n, s in steps)})"
    return name


def _freeze(value: Any) -> Any:
    try:
        hash(value)
        return value
    except TypeError:
        return repr(value)


def _key_verdict(estimator: Any, key: str) -> str:
    """valid / kwargs (accepted only by **kwargs) / unknown, as set_params reads the key."""
    from sklearn.base import clone

    try:
        params = estimator.get_params(deep=True)
    except Exception:
        return "unknown"
    parts = key.split("__")
    for end in range(1, len(parts)):
        if _is_opaque(params.get("__".join(parts[:end]))):
            return "opaque"
    if key in params:
        return "valid"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            clone(estimator).set_params(**{key: None})
    except Exception:
        return "unknown"
    return "kwargs"


def _validate(estimator: Any, key: str, candidate: Any) -> str | None:
    """scikit-learn's own verdict on one candidate; None when accepted or not checkable."""
    from sklearn.base import clone
    from sklearn.utils._param_validation import InvalidParameterError, validate_parameter_constraints

    path, _, name = key.rpartition("__")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            copy = clone(estimator)
            copy.set_params(**{key: candidate})
            owner = copy.get_params(deep=True)[path] if path else copy
    except Exception as error:
        return f"set_params refused: {type(error).__name__}: {error}"
    constraints = getattr(owner, "_parameter_constraints", None)
    if not isinstance(constraints, dict) or name not in constraints:
        return None
    try:
        validate_parameter_constraints({name: constraints[name]}, {name: owner.get_params(deep=False)[name]},
                                       caller_name=type(owner).__name__)
    except InvalidParameterError as error:
        return str(error)
    except Exception:
        return None
    return None


# --------------------------------------------------------------------------- driver


def judge_file(path: str) -> list[dict[str, Any]]:
    try:
        source = load_source(path)
        tree = ast.parse(source.text)
    except (SyntaxError, ValueError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as error:
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                textual = len(TEXTUAL_SEARCH.findall(handle.read()))
        except OSError:
            textual = 0
        return [{"file": path, "parse_error": f"{type(error).__name__}: {error}"[:200],
                 "search_calls_textual": textual}]
    records = Judge(source, tree).calls()
    for cell, calls in source.dropped_cells:
        # A cell that does not parse (Python 2, a typo) is left out of the module, as
        # IPython would fail it; its search calls are counted, not judged.
        records.append({"file": path, "dropped_cell": cell, "search_calls_textual": calls})
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--files-from")
    parser.add_argument("--output")
    options = parser.parse_args(argv)
    paths = list(options.paths)
    if options.files_from:
        with open(options.files_from, encoding="utf-8") as handle:
            paths += [line.strip() for line in handle if line.strip()]
    out = open(options.output, "w", encoding="utf-8") if options.output else sys.stdout
    sys.setrecursionlimit(10_000)
    for path in paths:
        try:
            records = judge_file(path)
        except RecursionError:
            records = [{"file": path, "parse_error": "RecursionError", "search_calls_textual": 0}]
        for record in records:
            out.write(json.dumps(record, default=repr) + "\n")
    if out is not sys.stdout:
        out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
