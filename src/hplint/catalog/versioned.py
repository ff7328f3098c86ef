"""One catalog for many scikit-learn releases: merging per-release data and slicing it.

``merge`` folds the catalogs generated from each minor release (``{"1.2": data, ...}``,
oldest first) into one JSON value that ``at`` slices back, exactly, to any of them. The
encoding only annotates what differs, so data without annotations (the other libraries'
files) means the same in every release:

- a dict may hold ``"@in": {key: [releases]}`` for keys that only some releases have;
- ``{"@set": [...], "@in": {...}}`` is a sorted list of strings whose items come and go;
- ``{"@named": [...], "@in": {...}, "@order": {release: [names]}}`` is a list of records
  with a ``name`` (constructor parameters), in signature order;
- ``{"@by": [[release, value], ...]}`` is a value that changed: each value holds from its
  release until the next one's.

This module imports nothing of hplint: the loader and the build script share it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

_VERSION = re.compile(r"(\d+)\.(\d+)")


def key(version: str) -> tuple[int, int]:
    """``"1.10"`` -> ``(1, 10)``, for ordering releases."""
    match = _VERSION.match(version)
    if match is None:
        raise ValueError(f"not a version: {version!r}")
    return int(match.group(1)), int(match.group(2))


def minor(version: str) -> str | None:
    """The ``major.minor`` of a version string (``"1.4.2"`` -> ``"1.4"``), or None."""
    match = _VERSION.match(version.strip())
    return None if match is None else f"{match.group(1)}.{match.group(2)}"


def _same(values: Sequence[Any]) -> bool:
    # JSON text, not ==: True == 1 == 1.0 in Python, but they are different defaults.
    first = json.dumps(values[0], sort_keys=True)
    return all(json.dumps(v, sort_keys=True) == first for v in values[1:])


def _is_sorted_strings(value: Any) -> bool:
    return (
        isinstance(value, list)
        and all(isinstance(v, str) for v in value)
        and value == sorted(set(value))
    )


def _is_named(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(v, dict) and isinstance(v.get("name"), str) for v in value
    ) and len({v["name"] for v in value}) == len(value)


def _presence(found: Mapping[str, Sequence[str]], releases: Sequence[str]) -> dict[str, list[str]]:
    return {k: list(v) for k, v in found.items() if len(v) < len(releases)}


def merge(values: Mapping[str, Any]) -> Any:
    """Fold ``{release: value}`` (oldest first) into one annotated value."""
    releases = list(values)
    items = list(values.values())
    if _same(items):
        return items[-1]
    if all(isinstance(v, dict) for v in items):
        return _merge_dicts(values)
    if all(_is_sorted_strings(v) for v in items):
        found: dict[str, list[str]] = {}
        for release, value in values.items():
            for item in value:
                found.setdefault(item, []).append(release)
        out: dict[str, Any] = {"@set": sorted(found)}
        presence = _presence(found, releases)
        if presence:
            out["@in"] = presence
        return out
    if all(_is_named(v) for v in items) and items[-1]:
        return _merge_named(values)
    # Values change rarely: keep each one from the release that introduced it.
    runs: list[list[Any]] = []
    for release, value in values.items():
        if not runs or not _same([runs[-1][1], value]):
            runs.append([release, value])
    return {"@by": runs}


def _merge_dicts(values: Mapping[str, Any]) -> dict[str, Any]:
    releases = list(values)
    keys: list[str] = []
    for value in reversed(list(values.values())):  # newest first, then what older ones add
        keys.extend(k for k in value if k not in keys)
    out: dict[str, Any] = {}
    found: dict[str, list[str]] = {}
    for k in keys:
        sub = {r: v[k] for r, v in values.items() if k in v}
        found[k] = list(sub)
        out[k] = merge(sub)
    presence = _presence(found, releases)
    if presence:
        out["@in"] = presence
    return out


def _merge_named(values: Mapping[str, Any]) -> dict[str, Any]:
    releases = list(values)
    order: list[str] = []
    for value in reversed(list(values.values())):
        order.extend(r["name"] for r in value if r["name"] not in order)
    records = {r: {p["name"]: p for p in value} for r, value in values.items()}
    merged = []
    found: dict[str, list[str]] = {}
    for name in order:
        sub = {r: by_name[name] for r, by_name in records.items() if name in by_name}
        found[name] = list(sub)
        merged.append(merge(sub))
    out: dict[str, Any] = {"@named": merged}
    presence = _presence(found, releases)
    if presence:
        out["@in"] = presence
    reorders = {}
    for release, value in values.items():
        names = [p["name"] for p in value]
        if names != [n for n in order if n in records[release]]:
            reorders[release] = names
    if reorders:
        out["@order"] = reorders
    return out


def present(node: Mapping[str, Any], name: str, release: str) -> bool:
    """Whether ``name`` in an annotated dict (or ``@set`` / ``@named``) exists in ``release``."""
    releases = node.get("@in", {}).get(name)
    return releases is None or release in releases


def at(node: Any, release: str) -> Any:
    """The plain value of an annotated ``node`` in ``release`` (``merge``'s inverse)."""
    if not isinstance(node, dict):
        return node
    if "@by" in node:
        wanted = key(release)
        found = None
        for since, value in node["@by"]:
            if key(since) > wanted:
                break
            found = value
        return found
    if "@set" in node:
        return [item for item in node["@set"] if present(node, item, release)]
    if "@named" in node:
        by_name = {
            record["name"] if "name" in record else at(record, release)["name"]: record
            for record in node["@named"]
        }
        order = node.get("@order", {}).get(release)
        names = order if order is not None else [n for n in by_name if present(node, n, release)]
        return [at(by_name[n], release) for n in names]
    return {
        k: at(v, release)
        for k, v in node.items()
        if not k.startswith("@") and present(node, k, release)
    }


def named_at(node: Any, name: str, release: str) -> Any:
    """The record named ``name`` in ``at(node, release)``, a list of named records (a
    class's parameters), or None when that release has none: ``at`` without slicing the
    other records."""
    if isinstance(node, dict) and "@named" not in node:
        node = at(node, release)  # a list stored whole per release (``@by``)
    if not isinstance(node, dict):
        return next((record for record in node if record["name"] == name), None)
    found = None
    for record in node["@named"]:
        if (record["name"] if "name" in record else at(record, release)["name"]) == name:
            found = record
    order = node.get("@order", {}).get(release)
    present_here = name in order if order is not None else present(node, name, release)
    return at(found, release) if found is not None and present_here else None


def releases_of(node: Mapping[str, Any], name: str, releases: Sequence[str]) -> list[str]:
    """The releases (of ``releases``) in which ``name`` of an annotated dict exists."""
    found = node.get("@in", {}).get(name)
    return list(releases) if found is None else [r for r in releases if r in found]


# --------------------------------------------------------------------------- whole catalogs

_PER_RELEASE = ("estimators", "aliases", "modules", "cloning_functions", "factories")


def merge_catalogs(catalogs: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """One catalog from the catalogs of several scikit-learn releases (any order)."""
    ordered = _ordered(catalogs)
    newest = ordered[-1][1]
    merged: dict[str, Any] = {
        "format": newest["format"],
        "libraries": dict(newest["libraries"]),
        "releases": {r: data["libraries"]["scikit-learn"] for r, data in ordered},
    }
    for part in _PER_RELEASE:
        merged[part] = merge({r: data[part] for r, data in ordered})
    return merged


def _ordered(catalogs: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, Mapping[str, Any]]]:
    return sorted(catalogs.items(), key=lambda item: key(item[0]))


def catalog_at(data: Mapping[str, Any], release: str) -> dict[str, Any]:
    """The catalog of one release, exactly as the generator wrote it (``merge_catalogs``'s
    inverse)."""
    releases = data.get("releases")
    if not releases:
        return dict(data)
    return {
        "format": data["format"],
        "libraries": {**data["libraries"], "scikit-learn": releases[release]},
        **{part: at(data[part], release) for part in _PER_RELEASE},
    }


# ------------------------------------------------------------------------ function catalogs

_FUNCTION_PARTS = ("functions", "aliases")


def merge_functions(catalogs: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """One function catalog (generate_functions.py) from those of several releases; a
    function that no release changed is stored once."""
    ordered = _ordered(catalogs)
    return {
        "format": ordered[-1][1]["format"],
        "releases": {r: data["version"] for r, data in ordered},
        **{part: merge({r: data[part] for r, data in ordered}) for part in _FUNCTION_PARTS},
    }


def functions_at(data: Mapping[str, Any], release: str) -> dict[str, Any]:
    """The function catalog of one release, exactly as the generator wrote it
    (``merge_functions``'s inverse)."""
    return {
        "format": data["format"],
        "release": release,
        "version": data["releases"][release],
        **{part: at(data[part], release) for part in _FUNCTION_PARTS},
    }
