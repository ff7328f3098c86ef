"""Settings for a run: which rules, which files; read from ``[tool.hplint]`` and the CLI."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from pathlib import Path
from types import ModuleType
from typing import Any

from hplint.files import DEFAULT_EXCLUDES, DEFAULT_INCLUDE
from hplint.options import DEFAULT_OPTIONS, RuleOptions
from hplint import rules
from hplint.rules import BY_CODE, FILE_LEVEL_CODES


def _toml() -> ModuleType:
    """``tomllib`` (``tomli`` before 3.11), imported where a TOML file is read: a run with
    no configuration file never pays for it (~2 ms)."""
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    import tomli  # type: ignore[import-not-found, unused-ignore]

    return tomli  # type: ignore[no-any-return, unused-ignore]


# In one directory the first of these that exists wins (ruff's order); a pyproject.toml
# counts only when it has a [tool.hplint] table.
CONFIG_FILES = (".hplint.toml", "hplint.toml", "pyproject.toml")


class ConfigError(Exception):
    """A setting with a value hplint cannot use; the message says which and why."""


def validate_selectors(selectors: Iterable[str], option: str) -> tuple[str, ...]:
    """Normalise rule selectors (codes or prefixes such as ``HP4``; ``ALL``)."""
    result = []
    for raw in selectors:
        selector = raw.strip().upper()
        if not selector:
            continue
        if selector != "ALL" and not any(code.startswith(selector) for code in BY_CODE):
            raise ConfigError(f"invalid rule code or prefix `{raw.strip()}` in {option}")
        result.append("HP" if selector == "ALL" else selector)
    return tuple(result)


PerFileIgnores = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Settings:
    """Which rules run on which files. Selection follows ruff: the most specific selector
    wins, and on a tie ``ignore`` wins over ``select``; a rule in preview runs only with
    ``preview`` on (then any selector that matches it enables it, or with
    ``explicit_preview_rules`` only its exact code)."""

    select: tuple[str, ...] = ("HP",)
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    # (glob, selectors): findings in files matching the glob are dropped.
    per_file_ignores: PerFileIgnores = ()
    exclude: tuple[str, ...] = tuple(sorted(DEFAULT_EXCLUDES))
    extend_exclude: tuple[str, ...] = ()
    force_exclude: bool = False
    respect_gitignore: bool = True
    include: tuple[str, ...] = DEFAULT_INCLUDE
    # The directory relative globs (per-file-ignores, exclude) are anchored at: the
    # configuration file's directory, else the working directory.
    root: Path | None = None
    # The file these settings were read from, if any.
    source: Path | None = field(default=None, compare=False)
    # Options of individual rules (``[tool.hplint.hp101]``).
    options: RuleOptions = DEFAULT_OPTIONS
    # The scikit-learn release to check against ("1.4"); None: the installed one, else
    # the newest catalogued (catalog/target.py).
    target_sklearn_version: str | None = None
    # As ruff's: apply fixes by default, include unsafe ones, list what was fixed.
    fix: bool = False
    unsafe_fixes: bool = False
    show_fixes: bool = False
    # ruff's preview mode: rules in preview run only when it is on.
    preview: bool = False
    # With preview on, a preview rule is enabled only by its exact code, not by a prefix.
    explicit_preview_rules: bool = False

    def enabled(self, code: str) -> bool:
        chosen = max(
            (s for s in (*self.select, *self.extend_select) if code.startswith(s)),
            key=len,
            default=None,
        )
        ignored = max((s for s in self.ignore if code.startswith(s)), key=len, default=None)
        if ignored is not None and (chosen is None or len(ignored) >= len(chosen)):
            return False
        if chosen is not None and rules.is_preview(code):
            return self.preview and (chosen == code or not self.explicit_preview_rules)
        # Unparseable or unreadable files are always reported unless ignored.
        return chosen is not None or code in FILE_LEVEL_CODES

    def inert_selectors(self) -> tuple[str, ...]:
        """Selectors (``select``, ``extend-select``) that enable nothing because every rule
        they match is in preview and preview is off: ruff warns about them."""
        if self.preview:
            return ()
        return tuple(
            selector
            for selector in dict.fromkeys((*self.select, *self.extend_select))
            if all(rules.is_preview(code) for code in BY_CODE if code.startswith(selector))
        )

    def enabled_codes(self) -> frozenset[str]:
        return frozenset(code for code in BY_CODE if self.enabled(code))

    def ignored_in(self, path: str) -> tuple[str, ...]:
        """The selectors ``per-file-ignores`` applies to ``path``."""
        if not self.per_file_ignores or path.startswith("<"):
            return ()
        candidates = _match_forms(Path(path), self.root)
        return tuple(
            code
            for pattern, codes in self.per_file_ignores
            if any(fnmatchcase(form, pattern) for form in candidates)
            for code in codes
        )

    def enabled_in(self, code: str, path: str) -> bool:
        """``enabled`` for one file, after its per-file ignores."""
        return self.enabled(code) and not any(code.startswith(s) for s in self.ignored_in(path))


def _match_forms(path: Path, root: Path | None) -> list[str]:
    """The strings a glob may match for ``path``: its name, and its path below the root."""
    absolute = Path(os.path.abspath(path))
    forms = [absolute.name, absolute.as_posix()]
    try:
        forms.append(absolute.relative_to((root or Path.cwd()).absolute()).as_posix())
    except ValueError:
        pass
    return forms


# --------------------------------------------------------------------------- files


def find_config(start: Path) -> Path | None:
    """The nearest configuration file in ``start`` or its ancestors."""
    start = start.absolute()
    for directory in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_hplint_table(candidate)):
                return candidate
    return None


def _has_hplint_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if not _may_name_hplint(text):
        return False  # most projects' pyproject.toml: no need to import tomllib and parse it
    tomllib = _toml()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        # A broken pyproject.toml is hplint's business only if it holds hplint's settings.
        return "tool.hplint" in text
    tool = data.get("tool")
    return isinstance(tool, dict) and "hplint" in tool


def _may_name_hplint(text: str) -> bool:
    """Whether TOML ``text`` can have a key ``hplint``: it spells the word, or it has
    escapes (a quoted key may write a letter as ``\\u0068``)."""
    return "hplint" in text or "\\u" in text or "\\U" in text


def load_config(path: Path) -> tuple[dict[str, Any], str]:
    """The hplint table of ``path`` and the dotted prefix its keys are named with."""
    tomllib = _toml()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 text: {error.reason}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("hplint", {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: `tool.hplint` must be a table")
        return table, "tool.hplint."
    return data, ""


_LIST_KEYS = ("select", "extend-select", "ignore", "exclude", "extend-exclude", "include")
_BOOL_KEYS = (
    "force-exclude", "respect-gitignore", "fix", "unsafe-fixes", "show-fixes", "preview", "explicit-preview-rules",
)  # fmt: skip
KNOWN_KEYS = (*_LIST_KEYS, *_BOOL_KEYS, "per-file-ignores", "target-sklearn-version")


def settings_from_table(
    table: Mapping[str, Any], path: Path, prefix: str = "", base: Settings = Settings()
) -> Settings:
    """Settings from a configuration table; raise ConfigError naming the file and key."""

    def fail(key: str, expected: str) -> ConfigError:
        return ConfigError(f"{path}: `{prefix}{key}`: {expected}")

    def strings(key: str) -> tuple[str, ...]:
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, f"expected a list of strings, got {_describe(value)}")
        return tuple(value)

    def selectors(key: str, value: Sequence[str]) -> tuple[str, ...]:
        try:
            return validate_selectors(value, f"`{prefix}{key}`")
        except ConfigError as error:
            raise ConfigError(f"{path}: {error}") from None

    changes: dict[str, Any] = {"root": path.parent.absolute(), "source": path}
    for key in table:
        if key in _LIST_KEYS:
            values = strings(key)
            attribute = key.replace("-", "_")
            is_rules = key in ("select", "extend-select", "ignore")
            changes[attribute] = selectors(key, values) if is_rules else values
        elif key in _BOOL_KEYS:
            if not isinstance(table[key], bool):
                raise fail(key, f"expected true or false, got {_describe(table[key])}")
            changes[key.replace("-", "_")] = table[key]
        elif key == "per-file-ignores":
            value = table[key]
            if not isinstance(value, dict):
                raise fail(key, f"expected a table of glob = [codes], got {_describe(value)}")
            entries = []
            for glob, codes in value.items():
                if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                    raise fail(f'{key}."{glob}"', f"expected a list of rule codes, got {_describe(codes)}")
                entries.append((glob, selectors(f'{key}."{glob}"', codes)))
            changes["per_file_ignores"] = tuple(entries)
        elif key == "target-sklearn-version":
            if not isinstance(table[key], str):
                raise fail(key, f"expected a version string such as \"1.4\", got {_describe(table[key])}")
            changes["target_sklearn_version"] = parse_target(table[key], fail(key, "{}"))
        elif key.upper() in BY_CODE:
            rule_options = _check_rule_options(table[key], key, fail)
            if rule_options:
                changes["options"] = replace(changes.get("options", base.options), **rule_options)
        else:
            raise fail(
                key,
                "unknown setting; expected one of "
                + ", ".join(f"`{k}`" for k in sorted(KNOWN_KEYS))
                + " or a rule code's options table (e.g. `hp401`)",
            )
    return replace(base, **changes)


# Rule code -> option key -> RuleOptions field. Each option is a list of ``param`` or
# ``Class.param`` entries.
RULE_OPTIONS: Mapping[str, Mapping[str, str]] = {
    "HP101": {
        "ignore-parameters": "hp101_ignore_parameters",
        "extend-hyperparameters": "hp101_extend_hyperparameters",
    },
}


def _check_rule_options(value: object, key: str, fail: Any) -> dict[str, tuple[str, ...]]:
    """A rule's options table as RuleOptions fields; raise on anything unknown or mistyped."""
    code = key.upper()
    if not isinstance(value, dict):
        raise fail(key, f"expected a table of options for {code}, got {_describe(value)}")
    known = RULE_OPTIONS.get(code, {})
    found: dict[str, tuple[str, ...]] = {}
    for option, given in value.items():
        if option not in known:
            # A typo, or an option of another version of hplint.
            if not known:
                raise fail(f"{key}.{option}", f"unknown option; {code} has no options")
            listed = ", ".join(f"`{k}`" for k in known)
            raise fail(f"{key}.{option}", f"unknown option; {code} has {listed}")
        if not isinstance(given, list) or not all(isinstance(v, str) for v in given):
            raise fail(f"{key}.{option}", f"expected a list of strings, got {_describe(given)}")
        for entry in given:
            if not _PARAMETER_ENTRY.fullmatch(entry):
                raise fail(
                    f"{key}.{option}",
                    f"`{entry}` is not a parameter name (`max_depth`) or a class and "
                    "parameter (`SVC.kernel`)",
                )
        found[known[option]] = tuple(sorted(set(given)))
    return found


_PARAMETER_ENTRY = re.compile(r"(?:[A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*")


def parse_target(text: str, error: ConfigError) -> str:
    """A ``target-sklearn-version`` value as a catalogued minor release; ``error``'s
    message (with ``{}`` for the reason) when it is not one."""
    from hplint.catalog import target

    try:
        return target.parse(text)
    except ValueError as reason:
        raise ConfigError(str(error).format(reason)) from None


def _describe(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a float", str: "a string"}
    for kind, name in names.items():
        if type(value) is kind:
            return f"{name} ({value!r})" if kind is not str else f"a string ({value!r})"
    if isinstance(value, list):
        return "a list" if all(isinstance(v, str) for v in value) else "a list with non-strings"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def resolve_settings(config: Path | None, isolated: bool, cwd: Path | None = None) -> Settings:
    """The run's base settings: ``--config``, else the nearest file, else the defaults."""
    if isolated:
        return Settings()
    path = config if config is not None else find_config(cwd or Path.cwd())
    if path is None:
        return Settings()
    if not path.is_file():
        raise ConfigError(f"{path}: configuration file not found")
    table, prefix = load_config(path)
    return settings_from_table(table, path, prefix)
