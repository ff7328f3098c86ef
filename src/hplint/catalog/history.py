"""What changed in a class's parameters across the catalogued scikit-learn releases.

Facts, not messages: in which releases a parameter exists, when it was deprecated and in
favour of what, and in which releases a literal value is accepted or deprecated. The
deprecation facts come from the generator (``deprecated`` and ``deprecated_values`` on a
parameter: a ``"deprecated"`` default, deprecated options in the declared constraints,
``.. deprecated::`` notes); removals and additions come from the releases themselves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from hplint.catalog import Catalog, constraints, functions, versioned


@dataclass(frozen=True)
class Deprecation:
    """A deprecation as the docstrings state it; any field may be unknown."""

    since: str | None
    replacement: str | None
    # The first catalogued release without it (None: the newest release still has it).
    removed: str | None
    # The release the note says will remove it ("will be removed in 1.10").
    announced_removal: str | None = None
    # The note says the parameter was renamed to ``replacement``.
    renamed: bool = False
    # scikit-learn's documentation says ``replacement`` means the same: the parameter's
    # rename is documented as one, or a value's note calls its replacement equivalent
    # (catalog/generate.py). A fix to it is then safe.
    same_meaning: bool = False


@dataclass(frozen=True)
class ParameterHistory:
    """One constructor parameter of one class, release by release."""

    name: str
    # The releases that have the class, oldest first, and the parameter's record in each
    # release that has it.
    class_releases: tuple[str, ...]
    records: Mapping[str, Mapping[str, Any]]
    # The library that owns the class, and its catalogued version, for the classes of the
    # other libraries: their deprecation notes give that library's versions, which say
    # nothing about scikit-learn's releases.
    library: str = "scikit-learn"
    library_version: str | None = None

    @property
    def releases(self) -> tuple[str, ...]:
        return tuple(r for r in self.class_releases if r in self.records)

    def added(self) -> str | None:
        """The release that added the parameter, if the class existed before it."""
        releases = self.releases
        if not releases or releases[0] == self.class_releases[0]:
            return None
        return releases[0]

    def removed(self) -> str | None:
        """The first release after the parameter's last one that has the class."""
        return after(self.class_releases, self.releases)

    def deprecation(self) -> Deprecation | None:
        """The parameter's deprecation, if any release deprecates it."""
        for release in self.releases:
            facts = self.records[release].get("deprecated")
            if facts is not None:
                return Deprecation(
                    facts.get("since") or self._first_noted(release),
                    facts.get("replacement"),
                    self.removed(),
                    facts.get("removal"),
                    facts.get("renamed", False),
                    facts.get("documented_rename", False),
                )
        return None

    def deprecated_in(self, release: str) -> bool:
        record = self.records.get(release)
        if record is None or "deprecated" not in record:
            return False
        # A note may announce a deprecation of a later release ("will be deprecated in 1.10").
        since = record["deprecated"].get("since")
        against = release if self.library_version is None else self.library_version
        return since is None or versioned.key(since) <= versioned.key(against)

    def accepts(self, value: object, release: str) -> bool | None:
        """Whether the release's declared constraints accept ``value`` (None: unknown)."""
        record = self.records.get(release)
        if record is None or record.get("constraints") is None:
            return None
        return constraints.check(record["constraints"], value)

    def value_deprecation(self, value: object) -> Deprecation | None:
        """The deprecation of a string value of this parameter, if any release has one."""
        if not isinstance(value, str):
            return None
        for release in self.releases:
            facts = self.records[release].get("deprecated_values", {}).get(value)
            if facts is not None:
                accepting = tuple(r for r in self.releases if self.accepts(value, r) is True)
                removed = after(self.releases, accepting) if accepting else None
                return Deprecation(
                    facts.get("since") or self._first_noted(release),
                    facts.get("replacement"),
                    removed,
                    facts.get("removal"),
                    same_meaning=facts.get("equivalent", False),
                )
        return None

    def lists(self, value: object, release: str) -> bool:
        """Whether the release names string ``value`` among the parameter's options."""
        record = self.records.get(release)
        if record is None or not isinstance(value, str):
            return False
        for constraint in record.get("constraints") or ():
            if constraint.get("type") == "hidden":
                constraint = constraint["constraint"]
            if constraint.get("type") == "options" and value in constraint.get("values", ()):
                return True
        return False

    def value_deprecated_in(self, value: object, release: str) -> bool:
        record = self.records.get(release)
        return (
            isinstance(value, str)
            and record is not None
            and value in record.get("deprecated_values", {})
        )

    def _first_noted(self, release: str) -> str | None:
        # Deprecated in the oldest catalogued release: it may have been deprecated earlier.
        return None if release == self.class_releases[0] else release


def after(releases: Sequence[str], present: Sequence[str]) -> str | None:
    """The first of ``releases`` after the last of ``present``."""
    if not present:
        return None
    last = versioned.key(present[-1])
    return next((r for r in releases if versioned.key(r) > last), None)


def parameter(catalog: Catalog, qualname: str, name: str) -> ParameterHistory | None:
    """The history of parameter ``name`` of a class or a validated function, or None if no
    release has it."""
    found = _parameter(catalog, qualname, name)
    return found if found is not None else _function_parameter(catalog, qualname, name)


@lru_cache(maxsize=1024)
def _function_parameter(catalog: Catalog, qualname: str, name: str) -> ParameterHistory | None:
    """The same for a function of the function catalog, in the catalog's releases."""
    found = functions.history(qualname)
    if found is None:
        return None
    entry, present = found
    function_releases = tuple(r for r in catalog.releases if r in present)
    records: dict[str, Mapping[str, Any]] = {}
    for release in function_releases:
        record = versioned.named_at(entry["parameters"], name, release)
        if record is not None:
            records[release] = record
    return ParameterHistory(name, function_releases, records) if records else None


# Per parameter, not per class: a file asks about the few parameters it passes, and slicing
# every parameter of a class for every release cost about 0.25 ms per class, the first
# time each class was met (most of HP403's time on varied code, such as the gallery).
@lru_cache(maxsize=8192)
def _parameter(catalog: Catalog, qualname: str, name: str) -> ParameterHistory | None:
    entry = catalog.history(qualname)
    canonical = catalog.canonical(qualname)
    if entry is None or canonical is None or not catalog.releases:
        return None
    merged = catalog.merged_estimators
    class_releases = tuple(versioned.releases_of(merged, canonical, list(catalog.releases)))
    records: dict[str, Mapping[str, Any]] = {}
    for release in class_releases:
        record = versioned.named_at(entry["parameters"], name, release)
        if record is not None:
            records[release] = record
    if not records:
        return None
    root = canonical.partition(".")[0]
    library = _DISTRIBUTIONS.get(root, root)
    version = None if root == "sklearn" else catalog.libraries.get(library)
    return ParameterHistory(name, class_releases, records, library if version else "scikit-learn", version)


# Top-level package -> distribution name, where they differ.
_DISTRIBUTIONS = {"imblearn": "imbalanced-learn", "sklearn": "scikit-learn"}


def learned_attribute_note(catalog: Catalog, qualname: str, attribute: str) -> str | None:
    """When the class learns ``attribute`` in other releases than the catalog's: "`x_` is
    learned from scikit-learn 1.4; the target is 1.2" (or "was learned up to 1.3")."""
    entry = catalog.history(qualname)
    target = catalog.release
    if entry is None or target is None or not isinstance(entry.get("learned_attributes"), dict):
        return None
    learned = entry["learned_attributes"]
    if attribute not in learned.get("@set", ()):
        return None
    releases = versioned.releases_of(learned, attribute, list(catalog.releases))
    if target in releases:
        return None
    later = [r for r in releases if versioned.key(r) > versioned.key(target)]
    if later:
        return f"`{attribute}` is learned from scikit-learn {later[0]}; the target is {target}"
    if releases:
        return f"`{attribute}` was learned up to scikit-learn {releases[-1]}; the target is {target}"
    return None
