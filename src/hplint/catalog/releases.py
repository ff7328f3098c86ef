"""Build the committed catalog from every scikit-learn minor release since 1.2.

``python -m hplint.catalog.releases`` makes, for each minor release from 1.2 to the newest
that the package index offers this Python, a throwaway virtualenv, installs the newest
patch of that release there (``pip`` picks numpy and scipy; releases before 1.5 need
numpy<2), runs the generator in it with this checkout's source on ``PYTHONPATH``, and
merges the catalogs into ``sklearn.json.gz`` (see versioned.py for the format).

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

from hplint.catalog import generate, versioned

FIRST = "1.2"
SRC = Path(__file__).resolve().parents[2]

# Pins older releases need to install and import on a current Python.
_PINS = {"1.2": ["numpy<2", "scipy<1.14"], "1.3": ["numpy<2", "scipy<1.14"],
         "1.4": ["numpy<2", "scipy<1.14"]}  # fmt: skip

_GENERATE = (
    "import json, sys\n"
    "from hplint.catalog import generate\n"
    "json.dump(generate.generate(), open(sys.argv[1], 'w'))\n"
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


def build_release(release: str, work: Path) -> dict[str, Any]:
    """The catalog generated in a virtualenv holding scikit-learn ``release``.*."""
    output = work / f"{release}.json"
    if output.exists():
        data: dict[str, Any] = json.loads(output.read_text())
        return data
    venv = work / f"venv-{release}"
    log = work / f"{release}.log"
    python = venv / "bin" / "python"
    if not python.exists():
        _run([sys.executable, "-m", "venv", str(venv)], log)
    _run([str(python), "-m", "pip", "install", "-q", f"scikit-learn=={release}.*",
          *_PINS.get(release, [])], log)  # fmt: skip
    vendored = subprocess.run(
        [str(python), "-c", "import sklearn.externals._numpydoc"], capture_output=True
    ).returncode == 0
    if not vendored:  # older releases do not ship numpydoc's docstring parser
        _run([str(python), "-m", "pip", "install", "-q", "numpydoc"], log)
    env = dict(os.environ, PYTHONPATH=str(SRC))
    _run([str(python), "-c", _GENERATE, str(output)], log, env)
    data = json.loads(output.read_text())
    return data


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
        for release in releases:
            print(f"scikit-learn {release} ...", flush=True)
            catalogs[release] = build_release(release, work)
        merged = versioned.merge_catalogs(catalogs)
        for release, data in catalogs.items():  # the merge must give each one back exactly
            assert versioned.catalog_at(merged, release) == data, release
        payload = generate.serialize(merged)
        generate.DATA_PATH.write_bytes(payload)
        print(f"wrote {generate.DATA_PATH} ({', '.join(merged['releases'].values())}; "
              f"{len(payload)} bytes)")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
