"""Commands that lint nothing load nothing that linting needs.

`--version`, `rule`, and a `check` whose every file is answered from the cache must not
import LibCST, the model, the rules' checks or the engine, nor load the catalog's data:
start-up is most of what those commands cost. Each case runs the real command path
(``python -m hplint``, what the console script calls) in a fresh interpreter and reports
what it loaded; the cold check shows the probe can see the imports it looks for.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hplint.rules import ENGINE_CODES, FILE_LEVEL_CODES, RULES
from hplint.rules.checks import CHECKS

from conftest import write

BAD = "from sklearn.svm import SVC\n\nmodel = SVC(gama=0.1)\n"
NOTEBOOK = json.dumps(
    {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": [BAD]}],
    }
)

HEAVY = ("libcst", "hplint.engine", "hplint.model", "hplint.rules.checks", "hplint.fixfiles")
# What only `check` needs: the configuration (and TOML) and the runner.
CHECK_ONLY = ("hplint.config", "tomllib", "hplint.runner")

# Runs hplint as `python -m hplint ARGS` would, then writes to REPORT which of HEAVY were
# imported and whether the catalog's data was loaded, whatever the exit status.
PROBE = """
import json, runpy, sys
report, heavy, args = sys.argv[1], sys.argv[2].split(","), sys.argv[3:]
sys.argv = ["hplint", *args]
code = 0
try:
    runpy.run_module("hplint", run_name="__main__", alter_sys=True)
except SystemExit as exit:
    code = exit.code
catalog = sys.modules.get("hplint.catalog")
loaded = catalog is not None and catalog.load.cache_info().currsize > 0
with open(report, "w") as stream:
    json.dump({"code": code, "imported": [m for m in heavy if m in sys.modules], "catalog": loaded}, stream)
"""


def probe(tmp_path: Path, *args: str, heavy: tuple[str, ...] = HEAVY) -> dict[str, object]:
    report = tmp_path / "report.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HPLINT_")}
    subprocess.run(
        [sys.executable, "-c", PROBE, str(report), ",".join(heavy), *args],
        cwd=tmp_path / "project", env=env, capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    result: dict[str, object] = json.loads(report.read_text())
    return result


def test_version_and_rule_load_nothing_for_linting(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    nothing = {"code": 0, "imported": [], "catalog": False}
    assert probe(tmp_path, "--version", heavy=HEAVY + CHECK_ONLY) == nothing
    assert probe(tmp_path, "rule", "HP401", heavy=HEAVY + CHECK_ONLY) == nothing
    assert probe(tmp_path, "rule", "--all", heavy=HEAVY + CHECK_ONLY) == nothing


def test_a_check_answered_from_the_cache_loads_nothing_for_linting(tmp_path: Path) -> None:
    write(tmp_path / "project", {"train.py": BAD, "clean.py": "print(1)\n", "analysis.ipynb": NOTEBOOK})
    cold = probe(tmp_path, "check", "--cache-dir", "../cache", ".")
    assert cold == {"code": 1, "imported": list(HEAVY[:4]), "catalog": True}
    for output_format in ("full", "json", "sarif"):
        warm = probe(tmp_path, "check", "--cache-dir", "../cache", "--output-format", output_format, ".")
        assert warm == {"code": 1, "imported": [], "catalog": False}, output_format


def test_a_file_that_imports_no_catalogued_library_is_not_parsed_with_libcst(tmp_path: Path) -> None:
    # Python's parser tells that no rule can report on it: LibCST, the model and the
    # rules' checks stay unloaded, and the catalog is read only for its libraries' names.
    write(tmp_path / "project", {"plain.py": "import os\n\nprint(os.getcwd())\n"})
    plain = probe(tmp_path, "check", "--no-cache", "plain.py")
    assert plain == {"code": 0, "imported": ["hplint.engine"], "catalog": True}


def test_every_registered_rule_has_a_check_except_the_engines_own() -> None:
    registered = [rule.code for rule in RULES]
    assert list(CHECKS) == [code for code in registered if code not in ENGINE_CODES]
    assert ENGINE_CODES <= set(registered) and FILE_LEVEL_CODES <= ENGINE_CODES


def test_every_output_format_has_a_writer() -> None:
    from hplint.report import FIXABLE_MARKED, FORMATS, MACHINE_FORMATS, writer

    assert MACHINE_FORMATS | FIXABLE_MARKED <= FORMATS
    assert all(callable(writer(name)) for name in FORMATS)
