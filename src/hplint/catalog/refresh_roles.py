"""Re-derive every catalogued parameter's role from ``roles.py``, in every committed file.

A role depends only on the class name, the parameter name and the declared constraints, all
of which the catalog holds; so a change of the role table is applied to every scikit-learn
release and every library file without introspecting anything (the generators compute the
same roles from the same table, and the drift tests compare with them):

    python -m hplint.catalog.refresh_roles            # rewrite the files whose roles changed
    python -m hplint.catalog.refresh_roles --check    # exit 1 if one is stale
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hplint.catalog import DATA_FILE, LIBRARY_FILES, versioned
from hplint.catalog.roles import role_for

_HERE = Path(__file__).resolve().parent


def refreshed(data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` (one release's catalog) with every parameter's role recomputed."""
    fresh: dict[str, Any] = json.loads(json.dumps(data))
    for qualname, entry in fresh["estimators"].items():
        class_name = qualname.rpartition(".")[2]
        for parameter in entry["parameters"]:
            parameter["role"] = role_for(class_name, parameter["name"], parameter.get("constraints"))
    return fresh


def _serialize(data: Mapping[str, Any]) -> bytes:
    # generate.serialize, without importing the generator (it imports scikit-learn's helpers).
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def refresh(path: Path) -> bytes:
    """The bytes of catalog file ``path`` with its roles recomputed."""
    committed = json.loads(gzip.decompress(path.read_bytes()))
    if path.name != DATA_FILE:
        return _serialize(refreshed(committed))
    releases = committed["releases"]
    catalogs = {r: refreshed(versioned.catalog_at(committed, r)) for r in releases}
    return _serialize(versioned.merge_catalogs(catalogs))


def main(argv: list[str] | None = None) -> int:
    check = "--check" in (sys.argv[1:] if argv is None else argv)
    status = 0
    for name in (DATA_FILE, *LIBRARY_FILES.values()):
        path = _HERE / name
        payload = refresh(path)
        if payload == path.read_bytes():
            continue
        if check:
            print(f"{name}: roles are stale; run `python -m hplint.catalog.refresh_roles`")
            status = 1
        else:
            path.write_bytes(payload)
            print(f"wrote {name}")
    return status


if __name__ == "__main__":
    sys.exit(main())
