"""HP501 and HP502: arguments and search keys without effect (rules in preview)."""

from __future__ import annotations

from pathlib import Path

from hplint.catalog import load
from hplint.catalog.relations import load as load_relations
from hplint.config import Settings
from hplint.engine import lint_source

from conftest import run_hplint

SOURCE = """\
from sklearn.model_selection import GridSearchCV
from sklearn.svm import SVC

model = SVC(kernel="linear", gamma=0.1)  # noqa: HP101
search = GridSearchCV(SVC(kernel="linear"), {"C": [1, 10], "gamma": [0.1, 1, 10]})  # noqa: HP101
"""


def messages(source: str, **settings: object) -> list[tuple[int, str, str]]:
    found = lint_source(source, "t.py", Settings(preview=True, **settings))  # type: ignore[arg-type]
    return [(d.start.row, d.code, d.message) for d in found]


def test_every_relation_names_a_catalogued_estimator_and_its_parameters() -> None:
    catalog = load()
    for qualname, relations in load_relations().items():
        estimator = catalog.lookup(qualname)
        assert estimator is not None and estimator.qualname == qualname
        for relation in relations:
            assert {relation.parameter, relation.selector} <= set(estimator.parameters)


def test_messages_give_the_condition_and_the_wasted_fits() -> None:
    assert messages(SOURCE) == [
        (4, "HP501", "`gamma` has no effect on `SVC` when `kernel=\"linear\"`: the fitted model is "
         "the same whatever its value (it matters with `kernel` in [\"poly\", \"rbf\", \"sigmoid\"]); "
         "remove it, or change `kernel`"),
        (5, "HP502", "Search key `gamma` has no effect on `SVC` when `kernel=\"linear\"` (set on the "
         "constructor): only 2 of the 6 combinations of the grid differ, 4 fits per CV split "
         "wasted; drop the key, or search `kernel` too"),
    ]


def test_the_default_of_the_target_release_is_the_condition() -> None:
    # MLPClassifier's solver has defaulted to "adam" in every catalogued release.
    source = "from sklearn.neural_network import MLPClassifier\nMLPClassifier(momentum=0.5)\n"
    for release in ("1.2", "1.9"):
        found = messages(source, target_sklearn_version=release)
        assert [(row, code) for row, code, _ in found] == [(2, "HP501")]
        assert "`solver=\"adam\"` (its default)" in found[0][2]


def test_off_without_preview_and_on_with_it_end_to_end(tmp_path: Path) -> None:
    (tmp_path / "t.py").write_text(SOURCE, encoding="utf-8")
    plain = run_hplint("check", "--no-cache", "--output-format", "concise", "t.py", cwd=tmp_path)
    assert plain.returncode == 0 and "HP50" not in plain.stdout
    preview = run_hplint("check", "--no-cache", "--preview", "--output-format", "concise", "t.py", cwd=tmp_path)
    assert preview.returncode == 1
    assert [line.split()[1] for line in preview.stdout.splitlines() if line.startswith("t.py")] == ["HP501", "HP502"]
    selected = run_hplint("check", "--no-cache", "--select", "HP5", "t.py", cwd=tmp_path)
    assert selected.returncode == 0
    assert "Selection `HP5` has no effect because preview is not enabled." in selected.stderr
