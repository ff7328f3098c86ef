"""The grammar of a statement of a value in prose (HP101's ``rules/statedvalues.py``)."""

from __future__ import annotations

import pytest

from hplint.rules.statedvalues import demonstrates, names_with_reason, states, titled


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("I have decided to go with the pair (6,4) and 4 clusters.", "n_clusters", "4"),
        ("we use n_clusters = 4 because of the elbow", "n_clusters", "4"),
        ("`n_clusters`=4 since the plot shows four groups", "n_clusters", "4"),
        ("Indeed, there are two clusters.", "n_clusters", "2"),
        ("The elbow is at three clusters", "n_clusters", "3"),
        ("5 nearest neighbors work well here", "n_neighbors", "5"),
        ("a forest of 100 trees is enough", "n_estimators", "100"),
        ("a maximum depth of 3 keeps it readable, so we chose it", "max_depth", "3"),
        ("learning rate .1 works better than 0.3", "learning_rate", "0.1"),
        ("C=10 seems right", "C", "10.0"),
        ("ngram_range=(1, 2) works better", "ngram_range", "(1,2)"),
        ("In our case, 'isotonic' worked better than default 'sigmoid'", "method", "'isotonic'"),
        ("Ward linkage, because the clusters are compact", "linkage", '"ward"'),
        ("We see that nearly 100 components are required to keep 90%", "n_components", "100"),
        ("we set n_estimators=100 to be future-proof since it becomes the default", "n_estimators", "100"),
    ],
)
def test_a_statement_with_a_reason(text: str, name: str, value: str) -> None:
    assert states(text, name, value)


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("Keep 5 features", "k", "5"),  # a restatement: no reason
        ("# DBSCAN with eps=1 and min_samples=3", "eps", "1"),
        ("K=50 works best", "n_neighbors", "50"),  # another name
        ("c=10 works", "C", "10"),  # a short name only as written
        ("ABC=10 works", "C", "10"),
        ("4 is a good number", "n_clusters", "4"),  # a number alone
        ("4 clusters work better", "n_clusters", "40"),  # another value
        ("n_clusters=4.5 is better", "n_clusters", "4"),
        ("depth of 4 is enough", "max_depth", "3"),
        ("k-means is not flexible enough and fits four circular clusters", "n_clusters", "4"),  # negated
        ("The elbow is at 4. We keep 4 clusters.", "n_clusters", "4"),  # reason in another sentence
        ("ward is fast", "linkage", '"ward"'),  # a bare word, not next to the parameter
        ("Set `n_estimators` to a high value.", "n_estimators", "500"),  # the name alone in code
        ("We use `n_neighbors` = 1 here", "n_neighbors", "1"),  # not the setting quoted whole
        ("`n_neighbors=1` and `n_neighbors=5`", "n_neighbors", "3"),  # another value
    ],
)
def test_no_statement(text: str, name: str, value: str) -> None:
    assert not states(text, name, value)
    assert not states(text, name, value, markdown=True)


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("Here we'll use a k-neighbors classifier with ``n_neighbors=1``.", "n_neighbors", "1"),
        ("Укажем `bandwidth=0.01`, что в переводе из градусов в метры", "bandwidth", "0.01"),
        ("`metric=cosine` is not supported by kd_tree", "metric", "'cosine'"),
    ],
)
def test_a_setting_quoted_as_code_in_markdown(text: str, name: str, value: str) -> None:
    # Prose that quotes the exact setting is about it; in a comment (the gallery's sphinx
    # text: "a `DecisionTreeRegressor` with `max_depth=4`") it restates the line below.
    assert states(text, name, value, markdown=True)
    assert not states(text, name, value)


def test_a_title_names_a_string_value_next_to_the_class_or_the_parameter() -> None:
    title = "A demo of structured Ward hierarchical clustering on an image of coins"
    assert titled(title, "AgglomerativeClustering", "linkage", '"ward"')
    assert not titled(title, "AgglomerativeClustering", "linkage", '"average"')
    assert not titled(title, "AgglomerativeClustering", "n_clusters", "4")  # strings only
    assert titled("L1 Penalty and Sparsity in Logistic Regression", "LogisticRegression", "penalty", '"l1"')
    assert not titled("D: Word Cloud for the negative Tweets", "CountVectorizer", "analyzer", '"word"')
    assert not titled("Toward a better model", "AgglomerativeClustering", "linkage", '"ward"')


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("We fix the l1_ratio parameter such that the solution is still sparse", "l1_ratio"),
        ("a linear kernel, since the classes are separable", "kernel"),
        ("the maximum depth is limited because the data set is small", "max_depth"),
        ("C is large so that the margin is hard", "C"),
        ("we use a weak L2 penalization to avoid numerical issues", "alpha"),
        ("less regularization, since the data set is large", "C"),
    ],
)
def test_the_parameter_named_with_a_reason(text: str, name: str) -> None:
    assert names_with_reason(text, name)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Set the kernel", "kernel"),  # no reason
        ("a linear kernel is not better here", "kernel"),  # turned around
        ("we chose the solver", "kernel"),  # another parameter
        ("c is large, so that the margin is hard", "C"),  # a short name only as written
        ("see model.C because it is set above", "C"),  # an attribute, not the parameter
        ("the kernel trick works", "n_neighbors"),
        ("a weak L2 penalization to avoid numerical issues", "penalty"),  # the strength, not the kind
    ],
)
def test_no_parameter_named_with_a_reason(text: str, name: str) -> None:
    assert not names_with_reason(text, name)


@pytest.mark.parametrize(
    "text",
    [
        "fit the model, don't regularize for illustration purposes",
        "using a model that is too regularized (C too low) to see\nthe impact on the results",
        "Here we try a degree 10 polynomial to potentially overfit",
        "a deliberately small forest",
        "For simplicity, one tree",
    ],
)
def test_values_there_to_show_something(text: str) -> None:
    assert demonstrates(text)


@pytest.mark.parametrize(
    "text", ["fit the model", "show the scores", "an illustration follows below", "we overfitted the data"]
)
def test_values_not_said_to_show_anything(text: str) -> None:
    assert not demonstrates(text)
