"""scikit-learn releases: the merged catalog, the target release, and HP403 end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, run_hplint, write
from hplint.catalog import Catalog, history, load, read_data, target, versioned
from hplint.catalog.history import ParameterHistory
from hplint.config import ConfigError, Settings, resolve_settings
from hplint.engine import lint_source

OLD_TUTORIAL = (
    "from sklearn.ensemble import AdaBoostClassifier\n"
    "from sklearn.linear_model import SGDClassifier\n"
    "AdaBoostClassifier(base_estimator=None)\n"
    "SGDClassifier(loss='log')\n"
)


# --------------------------------------------------------------------------- merging


RELEASES: dict[str, Any] = {
    "1.2": {
        "SVC": {"parameters": [{"name": "C", "default": 1}, {"name": "gamma", "default": "auto"}],
                "learned_attributes": ["coef_", "support_"]},
        "Old": {"parameters": []},
        "flag": True,
    },
    "1.3": {
        "SVC": {"parameters": [{"name": "gamma", "default": "scale"}, {"name": "C", "default": 1.0},
                               {"name": "tol", "default": 0.001}],
                "learned_attributes": ["support_"]},
        "flag": 1,
    },
}


def test_merge_annotates_only_what_differs_and_slices_back_exactly() -> None:
    merged = versioned.merge(RELEASES)
    assert merged["@in"] == {"Old": ["1.2"]}
    assert merged["SVC"]["learned_attributes"] == {"@set": ["coef_", "support_"],
                                                  "@in": {"coef_": ["1.2"]}}
    # True and 1 are different values, though Python calls them equal.
    assert merged["flag"] == {"@by": [["1.2", True], ["1.3", 1]]}
    for release, data in RELEASES.items():
        sliced = versioned.at(merged, release)
        assert sliced == data
        # Parameter order and types too (the catalog is written with sorted keys).
        assert json.dumps(sliced, sort_keys=True) == json.dumps(data, sort_keys=True)


def test_unannotated_data_means_every_release() -> None:
    plain = {"parameters": [{"name": "max_depth", "default": 6}], "learned_attributes": ["x_"]}
    assert versioned.at(plain, "1.2") == plain == versioned.at(plain, "1.9")


def test_committed_catalog_gives_back_every_release() -> None:
    data = read_data()
    releases = list(data["releases"])
    assert releases[0] == "1.2"
    keys = [versioned.key(r) for r in releases]
    assert keys == sorted(keys) and all(b[1] - a[1] == 1 for a, b in zip(keys, keys[1:]))
    for release in releases:
        sliced = versioned.catalog_at(data, release)
        assert sliced["libraries"]["scikit-learn"] == data["releases"][release]
        assert len(sliced["estimators"]) > 200


# --------------------------------------------------------------------------- catalog views


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load()


def test_catalog_at_a_release_has_that_release_parameters(catalog: Catalog) -> None:
    old, new = catalog.at("1.2"), catalog.at(list(catalog.releases)[-1])
    ada_old = old.lookup("sklearn.ensemble.AdaBoostClassifier")
    ada_new = new.lookup("sklearn.ensemble.AdaBoostClassifier")
    assert ada_old is not None and ada_new is not None
    assert {"base_estimator", "estimator"} <= set(ada_old.parameters)
    assert "base_estimator" not in ada_new.parameters
    assert catalog.at("1.2") is old  # views are made once


def test_class_added_later_is_unknown_to_older_releases(catalog: Catalog) -> None:
    assert catalog.at("1.2").lookup("sklearn.frozen.FrozenEstimator") is None
    assert catalog.lookup("sklearn.frozen.FrozenEstimator") is not None
    assert not catalog.at("1.2").is_module("sklearn.frozen")


def test_learned_attributes_by_release(catalog: Catalog) -> None:
    # KMeans documented `n_features_in_` throughout, `feature_names_in_` since 1.0; pick any
    # attribute the catalog records as changing, and check the views agree with it.
    merged = catalog.merged_estimators
    changing = [
        (name, attribute, releases)
        for name, entry in merged.items()
        if not name.startswith("@") and isinstance(entry.get("learned_attributes"), dict)
        for attribute, releases in entry["learned_attributes"].get("@in", {}).items()
    ]
    assert changing
    for name, attribute, releases in changing[:20]:
        for release in catalog.releases:
            estimator = catalog.at(release).lookup(name)
            if estimator is not None:
                assert (attribute in estimator.learned_attributes) == (release in releases)


def test_parameter_history(catalog: Catalog) -> None:
    past = history.parameter(catalog, "sklearn.ensemble.AdaBoostClassifier", "base_estimator")
    assert past is not None
    assert past.releases == ("1.2", "1.3")
    assert past.removed() == "1.4"
    deprecation = past.deprecation()
    assert deprecation is not None
    assert (deprecation.since, deprecation.replacement, deprecation.renamed) == ("1.2", "estimator", True)
    loss = history.parameter(catalog, "sklearn.linear_model.SGDClassifier", "loss")
    assert loss is not None
    assert loss.value_deprecated_in("log", "1.2") and loss.accepts("log", "1.2") is True
    assert loss.accepts("log", "1.3") is False


# --------------------------------------------------------------------------- target release


def test_parse_target() -> None:
    assert target.parse("1.4") == "1.4"
    assert target.parse(" 1.4.2 ") == "1.4"
    with pytest.raises(ValueError, match=r"scikit-learn 1.1 is not catalogued; hplint knows 1.2 to"):
        target.parse("1.1")
    for bad in ("banana", "1", "1.4.x", "v1.4"):
        with pytest.raises(ValueError, match="is not a scikit-learn version"):
            target.parse(bad)


def test_effective_target(monkeypatch: pytest.MonkeyPatch, catalog: Catalog) -> None:
    newest = list(catalog.releases)[-1]
    assert target.effective("1.3") == "1.3"
    monkeypatch.setattr(target, "installed", lambda: "1.5")
    assert target.effective(None) == "1.5"
    monkeypatch.setattr(target, "installed", lambda: "0.24")
    assert target.effective(None) == "1.2"
    monkeypatch.setattr(target, "installed", lambda: "9.0")
    assert target.effective(None) == newest
    monkeypatch.setattr(target, "installed", lambda: None)
    assert target.effective(None) == newest


def test_installed_release_is_read_without_importing_sklearn() -> None:
    pytest.importorskip("sklearn")
    import sklearn

    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    code = ("import sys; from hplint.catalog import target; print(target.installed());"
            "assert 'sklearn' not in sys.modules")
    out = subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True,
                         text=True).stdout
    assert out.strip() == versioned.minor(sklearn.__version__)


def test_config_key(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": '[tool.hplint]\ntarget-sklearn-version = "1.4.1"\n'})
    assert resolve_settings(None, False, tmp_path).target_sklearn_version == "1.4"
    write(tmp_path, {"pyproject.toml": '[tool.hplint]\ntarget-sklearn-version = "1.0"\n'})
    with pytest.raises(ConfigError) as error:
        resolve_settings(None, False, tmp_path)
    assert str(error.value) == (
        f"{tmp_path / 'pyproject.toml'}: `tool.hplint.target-sklearn-version`: "
        f"scikit-learn 1.0 is not catalogued; hplint knows 1.2 to {list(load().releases)[-1]}"
    )
    write(tmp_path, {"pyproject.toml": "[tool.hplint]\ntarget-sklearn-version = 1.4\n"})
    with pytest.raises(ConfigError, match=r"expected a version string such as \"1.4\", got a float"):
        resolve_settings(None, False, tmp_path)


# --------------------------------------------------------------------------- HP403


def messages(source: str, release: str | None) -> list[str]:
    settings = Settings(select=("HP4",), target_sklearn_version=release)
    return [f"{d.start.row} {d.code} {d.message}" for d in lint_source(source, "t.py", settings)]


def test_messages_carry_the_version_facts() -> None:
    assert messages(OLD_TUTORIAL, "1.2") == [
        "3 HP403 `base_estimator` of `AdaBoostClassifier` was renamed `estimator` in 1.2 and is "
        "removed in 1.4",
        # 1.2.2 itself rejects None here (InvalidParameterError; 1.3 accepts it).
        "3 HP402 The `base_estimator` parameter of `AdaBoostClassifier` must be an object "
        "implementing 'fit' and 'predict' or 'deprecated'; got `None`",
        "4 HP403 `loss='log'` of `SGDClassifier` was deprecated in 1.1 and is removed in 1.3; "
        "use `loss='log_loss'` instead",
    ]
    assert messages(OLD_TUTORIAL, "1.4") == [
        "3 HP403 `base_estimator` of `AdaBoostClassifier` was renamed `estimator` in 1.2 and "
        "removed in 1.4 (the target is scikit-learn 1.4)",
        "4 HP403 `loss='log'` of `SGDClassifier` was deprecated in 1.1 and removed in 1.3 "
        "(the target is scikit-learn 1.4); use `loss='log_loss'` instead",
    ]


def test_parameter_added_after_the_target_is_hp401_with_the_fact() -> None:
    source = "from sklearn.ensemble import RandomForestClassifier\nRandomForestClassifier(monotonic_cst=None)\n"
    assert messages(source, "1.3") == [
        "2 HP401 `RandomForestClassifier` has no parameter `monotonic_cst` (`monotonic_cst` was "
        "added in scikit-learn 1.4; the target is 1.3)"
    ]
    assert messages(source, "1.4") == []


def test_removed_value_is_hp403_not_hp402() -> None:
    source = "from sklearn.ensemble import RandomForestClassifier\nRandomForestClassifier(max_features='auto')\n"
    found = messages(source, "1.9")
    assert [m.split()[1] for m in found] == ["HP403"]


def test_cli_option_and_config_choose_the_target(tmp_path: Path) -> None:
    write(tmp_path, {"old.py": OLD_TUTORIAL})
    args = ("check", "--select", "HP403", "--output-format", "concise", "-q", "old.py")
    removed = run_hplint(*args, "--target-sklearn-version", "1.4", cwd=tmp_path)
    assert removed.returncode == 1
    assert "removed in 1.4 (the target is scikit-learn 1.4)" in removed.stdout
    write(tmp_path, {"pyproject.toml": '[tool.hplint]\ntarget-sklearn-version = "1.2"\n'})
    # The cache is keyed by the target: a second run with another target is not stale.
    deprecated = run_hplint(*args, cwd=tmp_path)
    assert "is removed in 1.4" in deprecated.stdout and "target" not in deprecated.stdout
    overridden = run_hplint(*args, "--target-sklearn-version", "1.4", cwd=tmp_path)
    assert overridden.stdout == removed.stdout


def test_cli_rejects_an_uncatalogued_target(tmp_path: Path) -> None:
    write(tmp_path, {"old.py": OLD_TUTORIAL})
    result = run_hplint("check", "old.py", "--target-sklearn-version", "0.24", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(
        "hplint: error: --target-sklearn-version: scikit-learn 0.24 is not catalogued"
    )
    assert len(result.stderr.splitlines()) == 1


def test_another_librarys_deprecation_is_in_its_own_versions() -> None:
    """imbalanced-learn's notes give imbalanced-learn's versions: reported at every
    scikit-learn target, and named as the library's."""
    source = "from imblearn.ensemble import RUSBoostClassifier\nRUSBoostClassifier(algorithm='SAMME.R')\n"
    for release in ("1.2", "1.9"):
        found = [d for d in lint_source(source, "x.py", Settings(target_sklearn_version=release)) if d.code == "HP403"]
        assert len(found) == 1
        assert "deprecated in imbalanced-learn 0.12" in found[0].message
    history = ParameterHistory("p", ("1.2",), {"1.2": {"deprecated": {"since": "5.0"}}}, "lightgbm", "4.7.0")
    assert not history.deprecated_in("1.2")  # a deprecation the catalogued 4.7.0 does not have yet
    history = ParameterHistory("p", ("1.2",), {"1.2": {"deprecated": {"since": "4.0"}}}, "lightgbm", "4.7.0")
    assert history.deprecated_in("1.2")


def test_the_path_scan_agrees_with_importlib_metadata() -> None:
    from importlib import metadata

    assert target._scan_path() == versioned.minor(metadata.version("scikit-learn"))


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ([["scikit_learn-1.4.2.dist-info"]], "1.4"),
        ([["Scikit_Learn-1.3.0.dist-info", "numpy-2.0.0.dist-info"]], "1.3"),
        ([["scikit_learn-1.2.2-py3.11.egg-info"]], "1.2"),
        ([[], ["scikit_learn-1.6.1.dist-info"], ["scikit_learn-1.9.1.dist-info"]], "1.6"),  # first wins
        ([["numpy-2.0.0.dist-info", "sklearn"]], None),  # sources alone are no installed release
        ([["scikit_learn.egg-info"]], "?"),  # no version in the name: importlib.metadata decides
    ],
)
def test_the_path_scan_reads_directory_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, names: list[list[str]], expected: str | None
) -> None:
    entries = []
    for i, listing in enumerate(names):
        entry = tmp_path / str(i)
        entry.mkdir()
        for name in listing:
            (entry / name).mkdir()
        entries.append(str(entry))
    monkeypatch.setattr(sys, "path", [str(tmp_path / "missing"), *entries])
    assert target._scan_path() == expected


def test_a_zip_on_the_path_leaves_it_to_importlib_metadata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "bundle.zip"
    archive.write_bytes(b"PK\x05\x06" + bytes(18))
    monkeypatch.setattr(sys, "path", [str(archive)])
    assert target._scan_path() == "?"


def test_named_at_is_the_record_at_gives(catalog: Catalog) -> None:
    """``named_at`` slices one parameter's record as ``at`` slices them all, in every
    release of every class, and finds none where the release has none."""
    checked = 0
    for qualname in catalog.merged_estimators:
        if qualname.startswith("@"):
            continue
        parameters = catalog.merged_estimators[qualname]["parameters"]
        for release in catalog.releases:
            records = versioned.at(parameters, release)
            for record in records:
                assert versioned.named_at(parameters, record["name"], release) == record
                checked += 1
            names = {record["name"] for record in records}
            for other in ("no_such_parameter", *_every_name(parameters)):
                if other not in names:
                    assert versioned.named_at(parameters, other, release) is None
    assert checked > 10_000


@pytest.mark.parametrize(
    "per_release",
    [
        {"1.2": [{"name": "a", "role": "model"}], "1.3": []},  # newest has none: stored @by
        {"1.2": [{"name": "a"}, {"name": "a"}], "1.3": [{"name": "b"}]},  # duplicate names
        {"1.2": [{"name": "a", "role": "model"}], "1.3": [{"name": "a", "role": "x"}, {"name": "b"}]},
    ],
)
def test_named_at_answers_for_every_form_merge_stores(per_release: dict[str, Any]) -> None:
    merged = versioned.merge(per_release)
    for release, records in per_release.items():
        for name in ("a", "b", "c"):
            expected = next((r for r in versioned.at(merged, release) if r["name"] == name), None)
            assert versioned.named_at(merged, name, release) == expected
            assert expected == next((r for r in records if r["name"] == name), None)


def _every_name(parameters: Any) -> set[str]:
    """The parameter names of every release."""
    if not isinstance(parameters, dict):
        return {record["name"] for record in parameters}
    return {record["name"] for record in parameters["@named"] if "name" in record}
