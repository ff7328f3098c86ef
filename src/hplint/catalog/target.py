"""Which scikit-learn release hplint checks code against.

``target-sklearn-version`` when configured (it must be a catalogued release: an error
otherwise), else the release installed where hplint runs, read from the package metadata
without importing scikit-learn (clamped to the catalogued range: code written for 1.0 is
checked against 1.2, the oldest catalogued release), else the newest catalogued release.
"""

from __future__ import annotations

import os
import re
import sys
from functools import cache

from hplint.catalog import Catalog, load, versioned

_VERSION = re.compile(r"\d+\.\d+(?:\.\d+)?")


def parse(text: str, catalog: Catalog | None = None) -> str:
    """``"1.4"`` or ``"1.4.2"`` -> ``"1.4"``; ValueError unless it is a catalogued release."""
    catalog = catalog or load()
    known = list(catalog.releases)
    release = versioned.minor(text) if _VERSION.fullmatch(text.strip()) else None
    if release is None:
        raise ValueError(f"`{text}` is not a scikit-learn version such as `{known[-1]}`")
    if release not in catalog.releases:
        raise ValueError(
            f"scikit-learn {release} is not catalogued; hplint knows {known[0]} to {known[-1]}"
        )
    return release


@cache
def installed() -> str | None:
    """The minor release of the scikit-learn installed in this environment, if any."""
    found = _scan_path()
    if found is not _UNKNOWN:
        return found
    from importlib import metadata  # ~25 ms to import: only when the scan cannot tell

    try:
        return versioned.minor(metadata.version("scikit-learn"))
    except (metadata.PackageNotFoundError, ValueError):
        return None


_UNKNOWN = "?"
_PROJECT = re.compile(r"scikit[-_.]learn-(\d+\.\d+[^-]*)(?:-py[\d.]+)?\.(?:dist|egg)-info", re.I)


def _scan_path() -> str | None:
    """What ``importlib.metadata`` would find, read off the directory names on ``sys.path``
    (``scikit_learn-1.9.1.dist-info``) without importing it: the first entry that has
    scikit-learn's metadata wins, as there. ``_UNKNOWN`` when a name does not say the
    version (``scikit_learn.egg-info``) or an entry is not a plain directory (a zip)."""
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except NotADirectoryError:
            return _UNKNOWN  # a zip or other file: importlib.metadata may look inside
        except OSError:
            continue
        for name in names:
            lowered = name.lower()
            if not lowered.startswith(("scikit_learn", "scikit-learn", "scikit.learn")):
                continue
            if not lowered.endswith((".dist-info", ".egg-info")):
                continue
            match = _PROJECT.fullmatch(name)
            return _UNKNOWN if match is None else versioned.minor(match.group(1))
    return None


def effective(configured: str | None, catalog: Catalog | None = None) -> str:
    """The release to check against (see the module's docstring)."""
    catalog = catalog or load()
    known = list(catalog.releases)
    if configured is not None:
        # Configured by hand it is catalogued (parse); read from the project's
        # requirements (project.py) it may not be, and is taken to the nearest one.
        return configured if configured in catalog.releases else _nearest(configured, known)
    found = installed()
    if found is None:
        return known[-1]
    return _nearest(found, known)


def _nearest(release: str, known: list[str]) -> str:
    """The newest catalogued release up to ``release``; the oldest for an older one."""
    if versioned.key(release) <= versioned.key(known[0]):
        return known[0]
    return max((r for r in known if versioned.key(r) <= versioned.key(release)), key=versioned.key)


def explain(configured: str | None, catalog: Catalog | None = None, reason: str | None = None) -> tuple[str, str]:
    """The release to check against, and why (for ``--show-settings``); ``reason``: why
    ``configured`` was chosen, when it was read from the project (Settings.target_reason)."""
    release = effective(configured, catalog)
    if configured is not None and reason is not None:
        if release != configured:
            reason += f"; scikit-learn {configured} is not catalogued: the nearest catalogued release"
        return release, f"from the project: {reason}"
    if configured is not None:
        return release, "configured (target-sklearn-version)"
    found = installed()
    if found is None:
        return release, "no scikit-learn installed here: the newest catalogued release"
    if found != release:
        return release, f"the installed scikit-learn {found}: the nearest catalogued release"
    return release, f"the installed scikit-learn {found}"
