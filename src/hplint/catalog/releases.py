"""Build the committed catalog from every scikit-learn minor release since 1.2.

``python -m hplint.catalog.releases`` makes, for each minor release from 1.2 to the newest
that the package index offers this Python, a throwaway virtualenv, installs the newest
patch of that release there (``pip`` picks numpy and scipy; releases before 1.5 need
numpy<2), runs the generator in it with this checkout's source on ``PYTHONPATH``, and
merges the catalogs into ``sklearn.json.gz`` (see versioned.py for the format), and the
catalogs of its validated public functions (generate_functions.py) into
``sklearn_functions.json.gz``.

Options: ``--work DIR`` keeps the virtualenvs and per-release catalogs there (a second run
reuses them; default: a temporary directory, removed afterwards); ``--releases 1.2,1.3``
builds only those.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hplint.catalog import generate, generate_functions, versioned

FIRST = "1.2"
SRC = Path(__file__).resolve().parents[2]

# Pins older releases need to install and import on a current Python.
_PINS = {"1.2": ["numpy<2", "scipy<1.14"], "1.3": ["numpy<2", "scipy<1.14"],
         "1.4": ["numpy<2", "scipy<1.14"]}  # fmt: skip

_GENERATE = (
    "import json, sys\n"
    "from hplint.catalog import generate, generate_functions\n"
    "json.dump(generate.generate(), open(sys.argv[1], 'w'))\n"
    "json.dump(generate_functions.generate_functions(), open(sys.argv[2], 'w'))\n"
)


def available_releases() -> list[str]:
    """Minor releases from 1.2 to the newest that pip can install for this Python."""
    out = subprocess.run(
        [sys.executable, "-m", "pip", "index", "versions", "scikit-learn"],
        capture_output=True, text=True, check=True,
    ).stdout
    match = re.search(r"Available versions:(.*)", out)
    if match is None:
        raise SystemExit("pip did not list scikit-learn's versions:\n" + out)
    minors = {versioned.minor(v) for v in match.group(1).split(",")}
    found = [m for m in minors if m is not None and versioned.key(m) >= versioned.key(FIRST)]
    return sorted(found, key=versioned.key)


def _run(command: list[str], log: Path, env: dict[str, str] | None = None) -> None:
    with log.open("a") as out:
        result = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    if result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}; see {log}")


def build_release(release: str, work: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The estimators' and the functions' catalogs generated in a virtualenv holding
    scikit-learn ``release``.*."""
    output = work / f"{release}.json"
    functions = work / f"{release}-functions.json"
    if output.exists() and functions.exists():
        return json.loads(output.read_text()), json.loads(functions.read_text())
    python = venv_python(release, work)
    env = dict(os.environ, PYTHONPATH=str(SRC))
    _run([str(python), "-c", _GENERATE, str(output), str(functions)], work / f"{release}.log", env)
    return json.loads(output.read_text()), json.loads(functions.read_text())


def venv_python(release: str, work: Path) -> Path:
    """The Python of ``work``'s virtualenv for ``release``, made and filled if need be."""
    venv = work / f"venv-{release}"
    log = work / f"{release}.log"
    python = venv / "bin" / "python"
    if not python.exists():
        _run([sys.executable, "-m", "venv", str(venv)], log)
    if subprocess.run([str(python), "-c", "import sklearn"], capture_output=True).returncode:
        _run([str(python), "-m", "pip", "install", "-q", f"scikit-learn=={release}.*",
              *_PINS.get(release, [])], log)  # fmt: skip
    vendored = subprocess.run(
        [str(python), "-c", "import sklearn.externals._numpydoc"], capture_output=True
    ).returncode == 0
    if not vendored:  # older releases do not ship numpydoc's docstring parser
        _run([str(python), "-m", "pip", "install", "-q", "numpydoc"], log)
    return python


_IMPORTABLE = (
    "import importlib, json, sys\n"
    "def importable(name):\n"
    "    module, _, attr = name.rpartition('.')\n"
    "    try:\n"
    "        return hasattr(importlib.import_module(module), attr)\n"
    "    except ImportError:\n"
    "        return False\n"
    "print(json.dumps({n: importable(n) for n in json.loads(sys.argv[1])}))\n"
)


def _public_names(data: dict[str, Any], functions: dict[str, Any]) -> dict[str, str]:
    """Every public name a release's classes and validated functions go by -> its canonical
    name (an underscore anywhere in the path: private, never reported)."""
    found = {name: name for name in (*data["estimators"], *functions["functions"])}
    found.update({**data["aliases"], **functions["aliases"]})
    return {k: v for k, v in found.items() if not any(p.startswith("_") for p in k.split("."))}


def removed_names(
    catalogs: dict[str, dict[str, Any]], function_catalogs: dict[str, dict[str, Any]], work: Path
) -> dict[str, list[str | None]]:
    """The classes and functions (and their import paths) that a release has and no later
    one has: name -> [the first release without it, the canonical name it stood for when
    that still exists (an import path that went: a plain rename)].

    A function leaves the function catalog when it stops validating its parameters, so
    every candidate is checked in the releases' virtualenvs: importable in its last release,
    not in the next one (``sklearn.metrics.cluster.entropy`` left the catalog in 1.8 and is
    still there)."""
    releases = sorted(catalogs, key=versioned.key)
    names = {r: _public_names(catalogs[r], function_catalogs[r]) for r in releases}
    newest = set(names[releases[-1]].values())
    candidates: dict[str, tuple[str, str, str | None]] = {}
    for index, release in enumerate(releases[:-1]):
        later = set().union(*(names[r] for r in releases[index + 1 :]))
        for name, canonical in names[release].items():
            if name not in later:
                replacement = canonical if canonical != name and canonical in newest else None
                candidates[name] = (release, releases[index + 1], replacement)
    verified: dict[str, list[str | None]] = {}
    for name, (last, removed, replacement) in sorted(candidates.items()):
        before = _importable(last, [name], work)[name]
        after = _importable(removed, [name], work)[name]
        print(f"  {name}: in {last}: {before}, in {removed}: {after}")
        if before and not after:
            verified[name] = [removed, replacement]
    return verified


def _importable(release: str, names: list[str], work: Path) -> dict[str, bool]:
    python = venv_python(release, work)
    out = subprocess.run(
        [str(python), "-W", "ignore", "-c", _IMPORTABLE, json.dumps(names)],
        capture_output=True, text=True, check=True,
    ).stdout
    found: dict[str, bool] = json.loads(out.strip().splitlines()[-1])
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hplint.catalog.releases")
    parser.add_argument("--work", type=Path, help="keep virtualenvs and catalogs here")
    parser.add_argument("--releases", help="comma-separated minor releases (default: all)")
    args = parser.parse_args(argv)
    releases = args.releases.split(",") if args.releases else available_releases()
    work = args.work or Path(tempfile.mkdtemp(prefix="hplint-releases-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        catalogs = {}
        function_catalogs = {}
        for release in releases:
            print(f"scikit-learn {release} ...", flush=True)
            catalogs[release], function_catalogs[release] = build_release(release, work)
        merged = versioned.merge_catalogs(catalogs)
        for release, data in catalogs.items():  # the merge must give each one back exactly
            assert versioned.catalog_at(merged, release) == data, release
        payload = generate.serialize(merged)
        generate.DATA_PATH.write_bytes(payload)
        print(f"wrote {generate.DATA_PATH} ({', '.join(merged['releases'].values())}; "
              f"{len(payload)} bytes)")
        generate_functions.write(function_catalogs, removed_names(catalogs, function_catalogs, work))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
