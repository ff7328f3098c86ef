"""Settings for a run: which rules, which files; read from ``[tool.hplint]`` and the CLI."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
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
    # The documentation site rule pages are published on (`docs-url`): the JSON `url`,
    # SARIF `helpUri` and LSP `codeDescription` link there. Not in the cache key.
    docs_url: str | None = field(default=None, compare=False, repr=False)
    # Why that release, when it was read from the project's requirements (project.py);
    # None when configured or left to the installed release.
    target_reason: str | None = field(default=None, compare=False, repr=False)
    # As ruff's: apply fixes by default, include unsafe ones, list what was fixed.
    fix: bool = False
    unsafe_fixes: bool = False
    show_fixes: bool = False
    # ruff's preview mode: rules in preview run only when it is on.
    preview: bool = False
    # With preview on, a preview rule is enabled only by its exact code, not by a prefix.
    explicit_preview_rules: bool = False
    # --ignore-noqa: report what `# noqa` comments would suppress.
    ignore_noqa: bool = False

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
    """Whether ``pyproject`` holds hplint's settings, or may and cannot be read: then it is
    the configuration, and reading it fails with an error naming it, rather than its
    settings being dropped without a word."""
    try:
        text = _toml_text(pyproject)
    except ConfigError:
        try:
            return _may_name_hplint(pyproject.read_bytes().decode("utf-8", "replace"))
        except OSError:
            return True
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
        data = tomllib.loads(_toml_text(path))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("hplint", {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: `tool.hplint` must be a table")
        return table, "tool.hplint."
    return data, ""


def _toml_text(path: Path) -> str:
    """A TOML file's text (UTF-8, as TOML requires; a byte order mark, which editors on
    Windows write, is let through); ConfigError naming the file if it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = data.count(b"\n", 0, error.start) + 1
        raise ConfigError(f"{path}: not UTF-8 text: {error.reason} on line {row}") from None


_LIST_KEYS = ("select", "extend-select", "ignore", "exclude", "extend-exclude", "include")
_BOOL_KEYS = (
    "force-exclude", "respect-gitignore", "fix", "unsafe-fixes", "show-fixes", "preview", "explicit-preview-rules",
)  # fmt: skip
KNOWN_KEYS = (*_LIST_KEYS, *_BOOL_KEYS, "per-file-ignores", "target-sklearn-version", "extend", "docs-url")


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
            changes["target_reason"] = None
        elif key == "extend":
            continue  # read by load_settings, before this table
        elif key == "docs-url":
            value = table[key]
            if not isinstance(value, str) or not re.match(r"https?://\S+$", value):
                raise fail(key, f"expected the http(s) URL of the documentation site, got {_describe(value)}")
            changes["docs_url"] = value
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
    here = cwd or Path.cwd()
    path = config if config is not None else find_config(here)
    if path is None:
        return with_project_target(Settings(), here)
    if not path.is_file():
        raise ConfigError(f"{path}: configuration file not found")
    # The project's requirements: --config's file's, else those nearest to the directory.
    return with_project_target(load_settings(path), path.parent if config is not None else here)


def with_project_target(settings: Settings, directory: Path) -> Settings:
    """``settings`` with the release the project asks for (project.py) as the target,
    when none is configured: the nearest ``pyproject.toml`` at or above ``directory`` (the
    configuration's), or the ``requirements*.txt`` beside it. Unchanged when the project
    names no scikit-learn release; then the installed one decides (catalog/target.py)."""
    if settings.target_sklearn_version is not None:
        return settings
    from hplint import project

    found = project.infer(directory.absolute())
    if found is None:
        return settings
    release, reason = found
    return replace(settings, target_sklearn_version=release, target_reason=reason)


def load_settings(path: Path, extending: tuple[Path, ...] = ()) -> Settings:
    """The settings of configuration file ``path``, on top of the file its ``extend`` key
    names, if any (ruff's key: a path relative to this file's directory, ``~`` and
    environment variables expanded), itself read the same way. Relative globs, the
    extended file's too, are anchored at ``path``'s directory."""
    table, prefix = load_config(path)
    base = Settings()
    if "extend" in table:
        value = table["extend"]
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{path}: `{prefix}extend`: expected the path of a configuration file, got {_describe(value)}")
        target = Path(os.path.expandvars(os.path.expanduser(value)))
        target = target if target.is_absolute() else path.parent / target
        resolved = Path(os.path.realpath(target))
        if resolved in extending or resolved == Path(os.path.realpath(path)):
            raise ConfigError(f"{path}: `{prefix}extend`: `{value}` extends this file again (a cycle)")
        if not target.is_file():
            raise ConfigError(f"{path}: `{prefix}extend`: {target}: configuration file not found")
        base = load_settings(target, (*extending, Path(os.path.realpath(path))))
    return settings_from_table(table, path, prefix, base=base)


# --------------------------------------------------------------------------- --config KEY=VALUE

# ruff's tip for a `--config` value that is neither a file nor a setting.
CONFIG_TIP = (
    "a `--config` flag must either be a path to a `.toml` configuration file or a TOML "
    "`<KEY> = <VALUE>` pair overriding a specific configuration option"
)


def parse_override(text: str) -> dict[str, Any]:
    """A ``--config`` value that is not a file, as a table of settings: a TOML fragment
    such as ``select = ["HP4"]`` or ``hp101.ignore-parameters = ["C"]`` (ruff's form)."""
    tomllib = _toml()
    try:
        table: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"invalid value `{text}` for --config ({error}); {CONFIG_TIP}") from None
    if not table:
        raise ConfigError(f"invalid value `{text}` for --config; {CONFIG_TIP}")
    if "extend" in table:
        raise ConfigError("--config: `extend` names a file to read: give the file with --config PATH instead")
    settings_from_table(table, Path("--config"))  # check the keys and values now, once
    return table


def apply_overrides(settings: Settings, overrides: Sequence[Mapping[str, Any]]) -> Settings:
    """``--config KEY=VALUE`` tables over ``settings`` (a file's, or the defaults). Globs
    stay anchored where the settings anchor them."""
    for table in overrides:
        updated = settings_from_table(table, Path("--config"), base=settings)
        settings = replace(updated, root=settings.root, source=settings.source)
    return settings


# --------------------------------------------------------------------------- per file


class Resolver:
    """The settings each file is linted with (ruff's model): those of the configuration
    file nearest above it (a ``pyproject.toml`` with a ``[tool.hplint]`` table,
    ``hplint.toml`` or ``.hplint.toml``), else the working directory's (``base``), with
    the target release its project asks for when none is configured (the nearest
    ``pyproject.toml`` to the file, ``with_project_target``) and ``adjust`` (the command
    line's options) on top. With ``--config PATH`` or ``--isolated`` (not
    ``hierarchical``) every file gets ``base``.

    Each configuration file is read once per run, each directory looked up once."""

    def __init__(
        self, base: Settings, adjust: Callable[[Settings], Settings], hierarchical: bool, cwd: Path | None = None
    ) -> None:
        self.base = adjust(base)
        self._adjust = adjust
        self._hierarchical = hierarchical
        # The working directory's settings before its project's target was filled in.
        self._plain = replace(base, target_sklearn_version=None) if base.target_reason else base
        self._cwd = (cwd or Path.cwd()).absolute()
        self._places: dict[str, tuple[Path | None, Path | None]] = {}
        self._by_key: dict[tuple[Path | None, Path | None], Settings] = {}
        if hierarchical:
            self._by_key[self._place(os.fspath(self._cwd))] = self.base

    def for_path(self, path: Path) -> Settings:
        """The settings for the file at ``path``; ConfigError for a broken configuration."""
        if not self._hierarchical:
            return self.base
        key = self._place(os.path.dirname(os.path.abspath(path)))
        settings = self._by_key.get(key)
        if settings is None:
            config, project = key
            loaded = load_settings(config) if config is not None else self._plain
            anchor = project or (config.parent if config is not None else self._cwd)
            settings = self._by_key[key] = self._adjust(with_project_target(loaded, anchor))
        return settings

    def _place(self, directory: str) -> tuple[Path | None, Path | None]:
        """The nearest configuration file and the nearest ``pyproject.toml``'s directory."""
        found = self._places.get(directory)
        if found is None:
            from hplint.project import nearest_pyproject

            start = Path(directory)
            pyproject = nearest_pyproject(start)
            found = self._places[directory] = (find_config(start), pyproject.parent if pyproject else None)
        return found
