"""HP101 on transformers whose output reaches no model (``rules/downstream``): the shapes of
real notebooks, where names are rebound cell after cell, cells may not parse and magics
run code hplint cannot see. The fixture ``HP101/reaches_no_model.py`` holds the shapes of
one module."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hplint.config import Settings
from hplint.engine import lint_file, lint_source

HEAD = (
    "import numpy as np\n"
    "import matplotlib.pyplot as plt\n"
    "from sklearn.feature_extraction.text import CountVectorizer\n"
    "from sklearn.linear_model import LogisticRegression\n"
)
COUNTS = "vec = CountVectorizer(min_df=3)\ncounts = vec.fit_transform(texts)\n"
# The most frequent words, computed and printed (``rules.displayonly`` silences outputs
# drawn or printed as they are, flow-insensitively: this one it leaves).
SHOWN = "print(sorted(zip(counts.sum(axis=0).A1, vec.get_feature_names_out()))[-20:])\n"
SETTINGS = Settings(select=("HP101",))


def notebook_findings(tmp_path: Path, *cells: str) -> list[int | None]:
    """The cells (numbered from 1, the imports first) of the HP101 findings of a notebook made
    of ``cells``."""
    document = {
        "nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [{"cell_type": "code", "metadata": {}, "source": text, "outputs": [], "execution_count": None}
                  for text in (HEAD, *cells)],
    }  # fmt: skip
    path = tmp_path / "explore.ipynb"
    path.write_text(json.dumps(document), encoding="utf-8")
    return [d.cell for d in lint_file(path, SETTINGS).diagnostics if d.code == "HP101"]


def module_findings(source: str) -> list[int]:
    return [d.start.row for d in lint_source(HEAD + source, "explore.py", SETTINGS)]


def test_a_notebook_exploration_is_silent_until_a_later_cell_trains_on_the_output(tmp_path: Path) -> None:
    assert notebook_findings(tmp_path, COUNTS, SHOWN) == []
    assert notebook_findings(tmp_path, COUNTS, SHOWN, "LogisticRegression().fit(counts, y)") == [2]
    # The fitted vectorizer reaching a model is the same: its vocabulary is its output.
    assert notebook_findings(tmp_path, COUNTS, SHOWN, "clf = LogisticRegression().fit(vec.transform(t), y)") == [2]


def test_a_name_rebound_to_other_data_is_another_value(tmp_path: Path) -> None:
    rebound = "counts = load_features()\nLogisticRegression().fit(counts, y)"
    assert notebook_findings(tmp_path, COUNTS, SHOWN, rebound) == []
    # Rebound in one branch only: the old value may still reach the model.
    branch = "if fresh:\n    counts = load_features()\nLogisticRegression().fit(counts, y)"
    assert notebook_findings(tmp_path, COUNTS, SHOWN, branch) == [2]


@pytest.mark.parametrize(
    "cell",
    [
        "print counts.shape\nclf.fit(counts, y)",  # Python 2: the cell does not parse, it may have run
        "%%time\nLogisticRegression().fit(counts, y)",  # a cell magic runs the cell
        "%time LogisticRegression().fit(counts, y)",  # a line magic
    ],
)
def test_code_hplint_cannot_read_may_train_on_the_output(tmp_path: Path, cell: str) -> None:
    assert notebook_findings(tmp_path, COUNTS, SHOWN, cell) == [2]


def test_a_cell_that_does_not_parse_and_does_not_name_the_output_changes_nothing(tmp_path: Path) -> None:
    assert notebook_findings(tmp_path, COUNTS, "print 'hello'", SHOWN) == []


def test_storing_into_one_name_stores_into_the_tables_it_may_be(tmp_path: Path) -> None:
    """``for df in (train, test): df["x"] = ...`` changes ``train`` and ``test``."""
    columns = (
        "vec.fit(train.text)\n"
        "for frame in (train, test):\n"
        "    frame['words'] = np.asarray(vec.transform(frame.text).sum(axis=1)).ravel()\n"
    )
    model = "LogisticRegression().fit(train[['words', 'length']], y)"
    assert notebook_findings(tmp_path, "vec = CountVectorizer(min_df=3)\n" + columns, model) == [2]
    pairs = (
        "vec.fit(train.text)\n"
        "for texts, frame in [(train.text, train), (test.text, test)]:\n"
        "    frame['words'] = np.asarray(vec.transform(texts).sum(axis=1)).ravel()\n"
    )
    assert notebook_findings(tmp_path, "vec = CountVectorizer(min_df=3)\n" + pairs, model) == [2]
    alias = "vec.fit(train.text)\nframe = train\nframe['words'] = vec.transform(train.text).sum(axis=1)\n"
    assert notebook_findings(tmp_path, "vec = CountVectorizer(min_df=3)\n" + alias, model) == [2]
    # A copy is another object.
    copied = alias.replace("frame = train", "frame = train.copy()")
    assert notebook_findings(tmp_path, "vec = CountVectorizer(min_df=3)\n" + copied, model) == []


def test_a_function_of_the_notebook_is_followed_where_it_is_called(tmp_path: Path) -> None:
    helper = "def top(matrix, n=10):\n    return np.asarray(matrix.sum(axis=0)).ravel().argsort()[-n:]\n"
    assert notebook_findings(tmp_path, COUNTS, helper, "print(top(counts))") == []
    training = "def train(matrix):\n    return LogisticRegression().fit(matrix, y)\n"
    assert notebook_findings(tmp_path, COUNTS, training, "model = train(counts)") == [2]
    # Never called: a notebook's dead code trains nothing.
    assert notebook_findings(tmp_path, COUNTS, SHOWN, training) == []
    storing = "def add_counts(table):\n    table['counts'] = CountVectorizer(min_df=3).fit_transform(table.text).sum(axis=1)\n"
    assert notebook_findings(tmp_path, storing) == []
    assert notebook_findings(tmp_path, storing, "add_counts(train)") == [2]
    # A method runs when its class's protocol calls it (``Counts()`` runs ``__init__``).
    method = "class Counts:\n    def __init__(self):\n        self.vec = CountVectorizer(min_df=3)\n"
    assert notebook_findings(tmp_path, method) == [2]
    # Handed to a library that calls it (a search's objective reading the output).
    objective = "def objective(params):\n    return LogisticRegression(**params).fit(counts, y).score(counts, y)\n"
    assert notebook_findings(tmp_path, COUNTS, SHOWN, objective, "best = fmin(fn=objective, space=space)") == [2]
    # Reading the output as a global, called later.
    reading = "def train():\n    return LogisticRegression().fit(counts, y)\n"
    assert notebook_findings(tmp_path, COUNTS, SHOWN, reading, "train()") == [2]


@pytest.mark.parametrize(
    ("source", "reported"),
    [
        # A decision taken from it: a rule written by hand is a model.
        ("for word, n in zip(names, counts.sum(axis=0).A1):\n    if n > 100:\n        keep.add(word)\n", True),
        # Membership in it decides too (the columns a selection keeps, then fitted on).
        ("seen = set(vec.get_feature_names_out())\nkept = []\nfor column in table.columns:\n    if column in seen:\n        kept.append(column)\nprint(kept)\n", True),
        # Filtered in a comprehension for a picture: no model.
        ("plt.bar([w for w, n in zip(names, counts.sum(axis=0).A1) if n > 100], 1)\n", False),
        # An item removed from a table that holds it: the rest of the table still does.
        ("table = pd.DataFrame(counts.toarray())\ndel table[0]\nLogisticRegression().fit(table, y)\n", True),
        # The analyzer it builds, run on a sentence and printed (the user guide's demo).
        ("analyze = vec.build_analyzer()\nprint(analyze('Bi-grams are cool!'), counts.shape)\n", False),
        # A callable from a container that may hold a model's method, given its output.
        ("for step in (vec.transform, model.predict):\n    result = step(counts)\nprint(result)\n", True),
        # A method hplint does not know, on an object it does not know.
        ("trainer.run(counts)\n", True),
        # Stored in a list that is given to a model.
        ("rows = []\nrows.append(counts)\nLogisticRegression().fit(rows[0], y)\n", True),
        ("rows = []\nrows.append(counts)\nprint(len(rows))\n", False),
        # A .py module's name another file may import.
        ("features = counts.toarray()\n", True),
    ],
)
def test_what_reaches_a_model_in_a_module(source: str, reported: bool) -> None:
    import_pandas = "import pandas as pd\n"
    found = module_findings(import_pandas + COUNTS + source)
    assert bool(found) is reported



@pytest.mark.parametrize(
    ("source", "reported"),
    [
        # Fitted on a line of its own (``fit`` returns the object, which nothing reads),
        # its word counts drawn with plotly: no model.
        (
            "vec = CountVectorizer(min_df=3)\nvec.fit(texts)\ntotals = vec.transform(texts).sum(axis=0).tolist()[0]\n"
            "names = {v: k for k, v in vec.vocabulary_.items()}\n"
            "pairs = sorted((value, names[i]) for i, value in enumerate(totals))\n[scores, words] = zip(*pairs)\n"
            "trace = go.Bar(y=list(words[:30]), x=list(scores[:30]))\nfig = tools.make_subplots(rows=1, cols=1)\n"
            "fig.append_trace(trace, 1, 1)\nfig.update_layout(title='words')\n",
            False,
        ),
        # Fitted on a line of its own and left in the name: another file may import it.
        ("vec = CountVectorizer(min_df=3)\nvec.fit(texts)\n", True),
        # A .py module's line that only shows a construction: an example of the call.
        ("CountVectorizer(min_df=3).fit(texts)\n", True),
    ],
)
def test_a_line_of_its_own_fits_or_shows_an_example(source: str, reported: bool) -> None:
    found = module_findings("import plotly.graph_objs as go\nfrom plotly import tools\n" + source)
    assert bool(found) is reported


@pytest.mark.parametrize(
    ("source", "reported"),
    [
        # ``pd`` never imported (``%pylab``, a preamble's star import): pandas, by convention.
        ("table = pd.DataFrame(counts.toarray())\nprint(table.sum().nlargest(20))\n", False),
        ("table = pd.DataFrame(counts.toarray())\nLogisticRegression().fit(table, y)\n", True),
        # Bound in the file to something else: not the library.
        ("from project import frames as pd\ntable = pd.DataFrame(counts.toarray())\nprint(table)\n", True),
    ],
)
def test_a_computing_librarys_conventional_name_never_bound(source: str, reported: bool) -> None:
    assert bool(module_findings(COUNTS + source)) is reported

# Shapes a review of the analysis found silent (each reaches a model, or a file).
REVIEWED = [
    # The most common selection idiom: columns dropped in place.
    "X.drop(columns=X.columns[~(counts.sum(axis=0).A1 > 5)], inplace=True)\nLogisticRegression().fit(X, y)\n",
    "features = list(table.columns)\nfor column in vec.get_feature_names_out():\n    features.remove(column)\n"
    "LogisticRegression().fit(table[features], y)\n",
    "del table[vec.get_feature_names_out()[0]]\nLogisticRegression().fit(table, y)\n",
    # Titanic's ``combine = [train_df, test_df]``.
    "combine = [train_df, test_df]\nfor dataset in combine:\n    dataset['words'] = vec.transform(dataset.text).sum(axis=1)\n"
    "LogisticRegression().fit(train_df[['words']], y)\n",
    "train, other = table, frame\ntrain['words'] = counts.sum(axis=1)\nLogisticRegression().fit(table, y)\n",
    # Functions given the output: a lambda, a model's method.
    "import pandas as pd\npd.DataFrame(counts.toarray()).apply(lambda row: model.predict([row])[0], axis=1)\n",
    "np.apply_along_axis(lambda row: model.predict(row[None])[0], 1, counts.toarray())\n",
    "scores = list(map(model.predict, counts))\n",
    # A default every call may receive, a global a function sets, a chain of calls.
    "def train(data=counts):\n    return LogisticRegression().fit(data, y)\n",
    "def prepare():\n    global dense\n    dense = counts.toarray()\nprepare()\nLogisticRegression().fit(dense, y)\n",
    "def train():\n    return LogisticRegression().fit(counts, y)\ndef main():\n    return train()\nmain()\n",
    # Written out, or into a library's object.
    "counts.toarray().tofile('counts.bin')\n",
    "with open('counts.txt', 'w') as out:\n    print(counts.sum(axis=0), file=out)\n",
    "import h5py\nwith h5py.File('features.h5', 'w') as store:\n    store['counts'] = counts.toarray()\n",
    # A model fitted by a computing library.
    "from scipy.cluster.hierarchy import linkage\ntree = linkage(counts.toarray())\nprint(tree)\n",
    # A query reading it by name.
    "cut = counts.sum(axis=0).A1.mean()\nkept = table.query('length > @cut')\nLogisticRegression().fit(kept, y)\n",
]


@pytest.mark.parametrize("source", REVIEWED)
def test_what_a_review_found_reaches_a_model(source: str) -> None:
    assert module_findings("import pandas as pd\n" + COUNTS + source)


def test_a_decorated_notebook_function_may_run(tmp_path: Path) -> None:
    """``@interact`` runs the function: it is no dead code."""
    cell = "from ipywidgets import interact\n@interact(k=(1, 9))\ndef show(k):\n    " + (
        "LogisticRegression(C=k).fit(CountVectorizer(min_df=3).fit_transform(texts), y)\n"
    )
    assert notebook_findings(tmp_path, cell) == [2]


def test_steps_held_in_names_pass_data_on_when_each_is_a_transformer(tmp_path: Path) -> None:
    """A tip's column transformer built from named steps and only shown (justmarkham's
    scikit-learn tips): no model; with a model among the steps, one."""
    head = (
        "from sklearn.compose import make_column_transformer\n"
        "from sklearn.preprocessing import FunctionTransformer, OneHotEncoder\n"
        "clip = FunctionTransformer(np.clip, kw_args={'a_min': 100, 'a_max': 600})\n"
        "encode = OneHotEncoder()\n"
    )
    shown = "ct = make_column_transformer((clip, ['Fare']), (encode, ['Deck']))\nct.fit_transform(X)"
    assert notebook_findings(tmp_path, head, shown) == []
    model = "from sklearn.pipeline import make_pipeline\nmake_pipeline(clip, LogisticRegression()).fit(X, y)"
    assert notebook_findings(tmp_path, head, model) == [2]


POLY = "from sklearn.preprocessing import PolynomialFeatures\n"
PLOT_HELPER = (
    "def plot_boundary(model, ax):\n"
    "    xx = np.c_[g1.ravel(), g2.ravel()]\n"
    "    quad = PolynomialFeatures(degree=2)\n"
    "    xx = quad.fit_transform(xx)\n"
    "    {use}\n"
    "    ax.contourf(g1, g2, yy.reshape(g1.shape))\n"
)


def test_a_transformer_replicated_for_a_given_models_predictions_is_silent() -> None:
    # The caller's fitted model predicts on the expanded mesh: the degree is the one the
    # model was trained with, and the predictions only colour a figure.
    assert module_findings(POLY + PLOT_HELPER.format(use="yy = model.predict(xx)")) == []
    assert module_findings(POLY + PLOT_HELPER.format(use="yy = model.predict_proba(xx)[:, 1]")) == []


def test_a_given_model_fitted_or_handed_on_is_a_model_reached() -> None:
    row = len(HEAD.splitlines()) + 4  # the PolynomialFeatures line
    fitted = "yy = model.fit(xx, y).predict(xx)"
    assert module_findings(POLY + PLOT_HELPER.format(use=fitted)) == [row]
    handed_on = "yy = model.predict(xx) + cross_val_predict(model, xx, y)"
    assert module_findings(POLY + PLOT_HELPER.format(use=handed_on)) == [row]
    # A model the function builds itself is not the caller's.
    built = "model = LogisticRegression().fit(X, y)\n    yy = model.predict(xx)"
    assert module_findings(POLY + PLOT_HELPER.format(use=built)) == [row]


def test_predictions_of_a_given_model_are_followed_as_data() -> None:
    stacked = (
        "def level_one(model, X):\n"
        "    return model.predict(PolynomialFeatures(degree=3).fit_transform(X))\n"
        "meta = LogisticRegression().fit(level_one(base, X).reshape(-1, 1), y)\n"
    )
    assert module_findings(POLY + stacked) == [len(HEAD.splitlines()) + 3]


def test_a_projects_plotting_helper_draws_without_reaching_a_model() -> None:
    stored = "table = frame.copy()\ntable['words'] = counts.sum(axis=1)\n"
    imported = "from project import transformation\n" + COUNTS + stored + "transformation.diagnostic_plots(table, 'words')\n"
    assert module_findings(imported) == []
    starred = "from helpers import *\n" + COUNTS + stored + "plot_distribution(table)\n"
    assert module_findings(starred) == []
    # A helper whose name says nothing: unknown, it may train on it.
    row = len(HEAD.splitlines()) + 2
    assert module_findings("from project.features import expand\n" + COUNTS + "expand(counts)\n") == [row]
    assert module_findings("from helpers import *\n" + COUNTS + "expand(counts)\n") == [row]
