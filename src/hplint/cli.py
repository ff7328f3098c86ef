"""The ``hplint`` command: ``check``, ``rule``."""

from __future__ import annotations

import atexit
import functools
import gc
import io
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

import click

from hplint import __version__
from hplint.cache import DEFAULT_DIRECTORY, ENVIRONMENT_VARIABLE, Cache, NotACache
from hplint.cache import fingerprint as _fingerprint
from hplint.cache import clean as clean_cache
from hplint.files import FileFilter, discover
from hplint.report import FIXABLE_MARKED, FORMATS, MACHINE_FORMATS, writer
from hplint.report.paths import display_path
from hplint.report.style import wanted as wanted_color

if TYPE_CHECKING:
    from hplint.config import Resolver, Settings
    from hplint.diagnostics import FileResult

# What only some commands need is imported in the functions that use it: `--version` and
# `rule` never load the configuration (nor TOML) or the runner, and `--version`, `rule`
# and a run answered from the cache never load LibCST, the engine, fixing or notebooks'
# edits (tests/test_startup.py).

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _error(message: str) -> None:
    click.echo(f"hplint: error: {message}", err=True)


def _warn(message: str) -> None:
    click.echo(f"hplint: warning: {message}", err=True)


def _split(values: Sequence[str]) -> list[str]:
    return [part for value in values for part in value.split(",")]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="hplint")
def main() -> None:
    """hplint: a linter for machine-learning code."""
    # What hplint prints holds text it did not write: file names, notebooks' cells, whose
    # lone surrogates (bytes of a name that are not UTF-8, JSON escapes such as
    # "\\ud800") a strict stream refuses, losing the whole output. They are escaped, as
    # on stderr.
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--output-format",
    type=click.Choice(sorted(FORMATS)),
    default="full",
    show_default=True,
    envvar="HPLINT_OUTPUT_FORMAT",
    show_envvar=True,
    help="How findings are printed.",
)
@click.option("-o", "--output-file", type=click.Path(path_type=Path, dir_okay=False), help="Write the output to this file instead of stdout.")
@click.option("--config", "config_values", multiple=True, metavar="PATH | KEY=VALUE", help="A configuration file to read settings from (pyproject.toml, hplint.toml or .hplint.toml), or a TOML `KEY = VALUE` pair overriding one setting (repeatable), e.g. --config 'select = [\"HP4\"]'.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--select", multiple=True, metavar="CODES", help="Rule codes or prefixes to enable (comma-separated).")
@click.option("--extend-select", multiple=True, metavar="CODES", help="Rule codes or prefixes to enable in addition to those selected.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Rule codes or prefixes to disable (comma-separated).")
@click.option("--exclude", multiple=True, metavar="GLOBS", help="Globs of files and directories to skip, replacing the defaults (comma-separated).")
@click.option("--extend-exclude", multiple=True, metavar="GLOBS", help="Globs of files and directories to skip, in addition to the excluded ones.")
@click.option("--force-exclude/--no-force-exclude", default=None, help="Apply the excludes to files named on the command line too (pre-commit names them).")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None, help="Skip what .gitignore files ignore (default: yes).")
@click.option("--preview/--no-preview", default=None, help="Enable preview mode: rules in preview run when selected (default: no).")
@click.option("--target-sklearn-version", metavar="VERSION", help="The scikit-learn release to check against, e.g. 1.4 (default: the lowest the project's requirement allows, else the installed one, else the newest catalogued).")
@click.option("--stdin-filename", type=click.Path(path_type=Path), help="The name of the file read from stdin (`-`), for settings and output.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of the findings.")
@click.option("--add-noqa", is_flag=True, help="Add `# noqa: CODE` comments to every line with a finding.")
@click.option("--fix/--no-fix", "fix", default=None, help="Apply fixes to resolve findings; only safe fixes unless --unsafe-fixes.")
@click.option("--unsafe-fixes/--no-unsafe-fixes", default=None, help="Include fixes that may change the code's behaviour.")
@click.option("--fix-only/--no-fix-only", default=False, help="Apply fixes, but report no remaining findings. Implies --fix.")
@click.option("--diff", is_flag=True, help="Print the changes fixes would make as a unified diff, and write nothing. Implies --fix-only.")
@click.option("--show-fixes/--no-show-fixes", default=None, help="List what was fixed, per file and rule.")
@click.option("--exit-non-zero-on-fix", is_flag=True, help="Exit with status 1 when any finding was fixed, even if none remain.")
@click.option("--exit-zero", is_flag=True, help="Exit with status 0 even when findings are reported.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary line.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: the number of CPUs).")
@click.option("-n", "--no-cache", is_flag=True, help="Lint every file, ignoring and not writing the cache.")
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False), envvar=ENVIRONMENT_VARIABLE, help="Where results of unchanged files are kept (default: .hplint_cache) [env: HPLINT_CACHE_DIR].")
@click.option("--ignore-noqa", is_flag=True, help="Report findings that `# noqa` comments would suppress.")
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True, help="Colour in the full and concise output (auto: on a terminal, unless NO_COLOR is set or FORCE_COLOR is).")
@click.option("--show-settings", is_flag=True, help="Print the settings the first file would be linted with, and exit.")
@click.option("--show-files", is_flag=True, help="Print the files that would be linted, and exit.")
@click.option("-w", "--watch", is_flag=True, help="Run in watch mode: lint again whenever a file changes.")
@click.option("-v", "--verbose", is_flag=True, help="Print the traceback of an internal error (HP000) to stderr.")
def check(
    paths: tuple[Path, ...],
    output_format: str,
    output_file: Path | None,
    config_values: tuple[str, ...],
    isolated: bool,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    exclude: tuple[str, ...],
    extend_exclude: tuple[str, ...],
    force_exclude: bool | None,
    respect_gitignore: bool | None,
    preview: bool | None,
    target_sklearn_version: str | None,
    stdin_filename: Path | None,
    statistics: bool,
    add_noqa: bool,
    fix: bool | None,
    unsafe_fixes: bool | None,
    fix_only: bool,
    diff: bool,
    show_fixes: bool | None,
    exit_non_zero_on_fix: bool,
    exit_zero: bool,
    quiet: bool,
    jobs: int | None,
    no_cache: bool,
    cache_dir: Path | None,
    ignore_noqa: bool,
    color: str,
    show_settings: bool,
    show_files: bool,
    watch: bool,
    verbose: bool,
) -> None:
    """Lint PATHS (files or directories; default: the current directory; `-`: stdin)."""
    _collect_less()
    from hplint.config import ConfigError, Resolver, apply_overrides, parse_target, resolve_settings
    from hplint.diagnostics import FileResult

    def adjust(settings: Settings) -> Settings:
        """The command line over a configuration's settings (each file's, ruff's model)."""
        settings = apply_overrides(settings, overrides)
        settings = _override(
            settings, select, extend_select, ignore, exclude, extend_exclude, force_exclude, respect_gitignore
        )
        if target_sklearn_version is not None:
            error = ConfigError("--target-sklearn-version: {}")
            release = parse_target(target_sklearn_version, error)
            settings = replace(settings, target_sklearn_version=release, target_reason=None)
        if preview is not None:
            settings = replace(settings, preview=preview)
        if ignore_noqa:
            settings = replace(settings, ignore_noqa=True)
        return settings

    def resolve() -> Resolver:
        hierarchical = config_file is None and not isolated
        return Resolver(resolve_settings(config_file, isolated), adjust, hierarchical)

    try:
        config_file, overrides = _config_values(config_values)
        resolver = resolve()
        settings = resolver.base
    except ConfigError as error:
        _error(str(error))
        sys.exit(EXIT_ERROR)
    for selector in settings.inert_selectors():
        _warn(f"Selection `{selector}` has no effect because preview is not enabled.")

    use_stdin = paths == (Path("-"),) or (not paths and stdin_filename is not None)
    if use_stdin and add_noqa:
        _error("--add-noqa cannot be used with source from stdin")
        sys.exit(EXIT_ERROR)
    mode = FixMode(
        fix=bool(fix if fix is not None else settings.fix) or fix_only or diff,
        unsafe=bool(unsafe_fixes if unsafe_fixes is not None else settings.unsafe_fixes),
        only=fix_only or diff,
        diff=diff,
        show=bool(show_fixes if show_fixes is not None else settings.show_fixes),
    )
    if add_noqa and mode.fix:
        _error("--add-noqa cannot be used with --fix, --fix-only or --diff")
        sys.exit(EXIT_ERROR)
    cache_root = None if no_cache else cache_dir or DEFAULT_DIRECTORY
    if watch:
        conflicting = use_stdin or mode.fix or add_noqa or statistics or show_files or show_settings
        if conflicting or output_file is not None:
            _error(
                "--watch cannot be used with stdin, --fix, --fix-only, --diff, --add-noqa, "
                "--statistics, --show-files, --show-settings or --output-file"
            )
            sys.exit(EXIT_ERROR)
        painted = wanted_color(color, sys.stdout)
        _watch(paths, resolve, jobs, cache_root, lambda url: _writer(output_format, mode.unsafe, painted, url))
    failed = False
    results: list[FileResult] = []
    if use_stdin and stdin_filename is not None:
        settings = _settings_for(resolver, stdin_filename)
    if use_stdin and mode.fix:
        _fix_stdin(stdin_filename, settings, mode, output_format, exit_zero, exit_non_zero_on_fix, quiet)
    if use_stdin:
        results = _lint_stdin(stdin_filename, settings)
    else:
        files = _discover(paths, resolver)
        failed = bool(files.missing)
        if show_files or show_settings:
            _show([path for path, _, _ in files.linted], resolver, show_settings)
        results = _lint_discovered(files, resolver.base, jobs, cache_root)
    for result in results:
        if result.internal_error is not None:
            _error(f"internal error while linting {display_path(result.path)}: {result.internal_error}")
            if verbose and result.traceback:
                click.echo(result.traceback.rstrip("\n"), err=True)
            failed = True

    if add_noqa:
        added = 0
        for result in results:
            written = _add_noqa(result)
            failed = failed or written is None
            added += written or 0
        click.echo(f"Added {added} noqa directive{'s' if added != 1 else ''}.", err=True)
        sys.exit(EXIT_ERROR if failed else EXIT_CLEAN)

    fixed: Counter[tuple[Path, str]] = Counter()
    if mode.fix:
        results, fixed, fix_failed = _fix_files(results, functools.partial(_settings_for, resolver), mode)
        from hplint import projecttuning

        results = projecttuning.apply(results)  # a fixed file was linted again on its own
        failed = failed or fix_failed
        if mode.only:
            total = sum(fixed.values())
            if mode.diff:
                if not quiet:
                    _fix_only_summary(results, total, mode)
                sys.exit(EXIT_ERROR if failed else (EXIT_FINDINGS if total else EXIT_CLEAN))
            if mode.show and not quiet:
                _show_fixes(fixed, sys.stdout)
            elif not quiet:
                _fix_only_summary(results, total, mode)
            sys.exit(EXIT_ERROR if failed else (EXIT_FINDINGS if total and exit_non_zero_on_fix else EXIT_CLEAN))

    count = sum(len(result.diagnostics) for result in results)
    try:
        stream = output_file.open("w", encoding="utf-8", errors="backslashreplace") if output_file is not None else None
    except OSError as error:
        _error(f"cannot write {output_file}: {error.strerror or error}")
        sys.exit(EXIT_ERROR)
    out = stream if stream is not None else sys.stdout
    try:
        if statistics:
            _write_statistics(results, output_format, out, mode.unsafe)
        else:
            _writer(output_format, mode.unsafe, wanted_color(color, out), settings.docs_url)(results, out)
            if not quiet and output_format not in MACHINE_FORMATS:
                _summary(results, fixed, mode, failed, out)
    finally:
        if stream is not None:
            stream.close()
    if failed:
        sys.exit(EXIT_ERROR)
    if exit_non_zero_on_fix and fixed:
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_FINDINGS if count and not exit_zero else EXIT_CLEAN)


def _collect_less() -> None:
    """The cyclic garbage collector's settings for a run.

    A run's objects are nearly all alive until it ends (modules and classes, the catalog,
    each file's tree until its findings are out, the results), and they hold few cycles:
    at Python's default of a pass per 700 new objects, the collector walks them over and
    over for nothing, ~10% of a cold run. A pass per 50,000 keeps the cycles that do occur
    in check (worker processes inherit the setting).

    Before tearing down, Python's exit runs a last pass over every object alive (~8 ms of
    a run answered from the cache, more after linting) that nothing a run leaves needs:
    frozen from an atexit handler (those run first), they are skipped."""
    gc.set_threshold(50_000, 20, 10)
    atexit.unregister(gc.freeze)  # once per process, however often a test runs check
    atexit.register(gc.freeze)


class FixMode(NamedTuple):
    """What the fix options ask for. (A named tuple: a frozen dataclass costs ~0.7 ms
    more to create, and every run creates the class.)"""

    fix: bool  # apply fixes (--fix, --fix-only, --diff, or `fix = true`)
    unsafe: bool  # unsafe ones too
    only: bool  # report no remaining findings (--fix-only, --diff)
    diff: bool  # write nothing; print a diff
    show: bool  # list what was fixed


def _writer(
    output_format: str, unsafe: bool, color: bool = False, docs_url: str | None = None
) -> Callable[[Sequence[FileResult], TextIO], None]:
    """The format's writer; the human formats mark fixable findings with `[*]`, and
    `full` and `concise` colour their text when ``color``; the formats that link rule
    pages link them on the site at ``docs_url``."""
    if output_format in ("json", "json-lines", "sarif"):
        return functools.partial(writer(output_format), docs_url=docs_url)
    if output_format in ("full", "concise"):
        return functools.partial(writer(output_format), unsafe_fixes=unsafe, color=color)
    if output_format in FIXABLE_MARKED:
        return functools.partial(writer(output_format), unsafe_fixes=unsafe)
    return writer(output_format)


def _config_values(values: Sequence[str]) -> tuple[Path | None, list[dict[str, Any]]]:
    """`--config` values: at most one configuration file, and the `KEY = VALUE` overrides
    (ruff's rule: a value that names an existing file, or has no `=`, is a file)."""
    from hplint.config import ConfigError, parse_override

    path: Path | None = None
    overrides = []
    for value in values:
        if Path(value).is_file() or "=" not in value:
            if path is not None:
                raise ConfigError("--config: give at most one configuration file (and any number of KEY = VALUE pairs)")
            path = Path(value)
        else:
            overrides.append(parse_override(value))
    return path, overrides


def _show(files: Sequence[Path], resolver: Resolver, show_settings: bool) -> None:
    """`--show-settings` (the first file's settings) or `--show-files`; then exit."""
    from hplint import show

    if show_settings:
        if not files:
            _error("--show-settings: no file to show settings for")
            sys.exit(EXIT_ERROR)
        click.echo(show.settings_text(files[0], resolver.for_path(files[0])), nl=False)
    else:
        click.echo(show.files_text(files), nl=False)
    sys.exit(EXIT_CLEAN)


def _summary(
    results: Sequence[FileResult], fixed: Counter[tuple[Path, str]], mode: FixMode, failed: bool, out: TextIO
) -> None:
    """ruff's closing lines: the count, what was fixed, and what `--fix` could fix."""
    from hplint.fix import fixable as fix_counts

    count = sum(len(result.diagnostics) for result in results)
    total = sum(fixed.values())
    if mode.show and total:
        _show_fixes(fixed, out)
    if mode.fix and total:
        found = count + total
        click.echo(f"Found {found} error{'s' if found != 1 else ''} ({total} fixed, {count} remaining).", file=out)
    elif count:
        click.echo(f"Found {count} error{'s' if count != 1 else ''}.", file=out)
    elif not failed:
        click.echo("All checks passed!", file=out)
    applicable, hidden = fix_counts([d for r in results for d in r.diagnostics], mode.unsafe)
    es = "" if hidden == 1 else "es"
    if applicable and hidden:
        click.echo(f"[*] {applicable} fixable with the `--fix` option ({hidden} hidden fix{es} can be enabled with the `--unsafe-fixes` option).", file=out)
    elif applicable:
        click.echo(f"[*] {applicable} fixable with the `--fix` option.", file=out)
    elif hidden:
        click.echo(f"No fixes available ({hidden} hidden fix{es} can be enabled with the `--unsafe-fixes` option).", file=out)


def _fix_only_summary(results: Sequence[FileResult], total: int, mode: FixMode) -> None:
    """ruff's closing line for `--fix-only` and `--diff` (to stderr): what was (or would be)
    fixed, and how many fixes `--unsafe-fixes` would add. Nothing when there is neither."""
    from hplint.fix import fixable as fix_counts

    _, hidden = fix_counts([d for r in results for d in r.diagnostics], mode.unsafe)
    s, es = ("" if total == 1 else "s"), ("" if hidden == 1 else "es")
    verb = "Would fix" if mode.diff else "Fixed"
    if hidden and total:
        message = f"{verb} {total} error{s} ({hidden} additional fix{es} available with `--unsafe-fixes`)."
    elif hidden:
        none = "No errors would be fixed" if mode.diff else "No errors fixed"
        message = f"{none} ({hidden} fix{es} available with `--unsafe-fixes`)."
    elif total:
        message = f"{verb} {total} error{s}."
    else:
        return
    click.echo(message, err=True)


def _show_fixes(fixed: Counter[tuple[Path, str]], out: TextIO) -> None:
    """ruff's `--show-fixes` listing: per file, how many findings of each rule were fixed."""
    from hplint.rules import BY_CODE

    total = sum(fixed.values())
    if not total:
        click.echo("No errors fixed.", file=out)
        return
    click.echo(f"Fixed {total} error{'s' if total != 1 else ''}:", file=out)
    for path in sorted({path for path, _ in fixed}):
        click.echo(f"- {display_path(path)}:", file=out)
        for (where, code), n in sorted(fixed.items()):
            if where == path:
                name = BY_CODE[code].name if code in BY_CODE else ""
                click.echo(f"    {n} × {code} ({name})", file=out)
    click.echo("", file=out)


def _fix_files(
    results: Sequence[FileResult], settings_for: Callable[[Path], Settings], mode: FixMode
) -> tuple[list[FileResult], Counter[tuple[Path, str]], bool]:
    """Fix each file with an applicable fix; the results after fixing, the fixes made by
    (file, code), and whether any file failed."""
    from hplint.fixfiles import fix_file, unified_diff

    out: list[FileResult] = []
    fixed: Counter[tuple[Path, str]] = Counter()
    failed = False
    for result in results:
        done = fix_file(result, settings_for(result.path), mode.unsafe, write=not mode.diff)
        if done is None:
            out.append(result)
            continue
        if done.error is not None:
            _error(f"{display_path(result.path)}: {done.error}")
            failed = True
        if mode.diff and done.changed:
            sys.stdout.write(unified_diff(result.path, done.original, done.data))
        fixed.update({(result.path, code): n for code, n in done.fixed.items()})
        out.append(done.result)
    return out, fixed, failed


def _fix_stdin(
    filename: Path | None,
    settings: Settings,
    mode: FixMode,
    output_format: str,
    exit_zero: bool,
    exit_non_zero_on_fix: bool,
    quiet: bool = False,
) -> None:
    """`check --fix -`: the fixed source to stdout (or its diff), the remaining findings to
    stderr (without the summary with ``quiet``); then exit."""
    from hplint.fixfiles import fix_bytes, unified_diff

    path = filename if filename is not None else Path("-")
    data = sys.stdin.buffer.read()
    if _stdin_excluded(filename, settings):
        if not mode.diff:
            sys.stdout.buffer.write(data)  # as ruff: an excluded file passes through unchanged
        sys.exit(EXIT_CLEAN)
    done = fix_bytes(path, data, settings, mode.unsafe)
    if done.error is not None:
        _error(f"{display_path(path)}: {done.error}")
    if mode.diff:
        sys.stdout.write(unified_diff(path, done.original, done.data))
        if not quiet:
            _fix_only_summary([done.result], sum(done.fixed.values()), mode)
        sys.exit(EXIT_ERROR if done.error is not None else EXIT_FINDINGS if done.changed else EXIT_CLEAN)
    sys.stdout.buffer.write(done.data)
    sys.stdout.flush()
    remaining = done.result.diagnostics
    if not mode.only:
        _writer(output_format, mode.unsafe, docs_url=settings.docs_url)([done.result], sys.stderr)
        if output_format not in MACHINE_FORMATS and not quiet:
            _summary([done.result], Counter({(path, c): n for c, n in done.fixed.items()}), mode, False, sys.stderr)
    if done.result.internal_error is not None or done.error is not None:
        sys.exit(EXIT_ERROR)
    if exit_non_zero_on_fix and done.fixed:
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_FINDINGS if remaining and not exit_zero and not mode.only else EXIT_CLEAN)


class _Discovered(NamedTuple):
    linted: list[tuple[Path, str, Settings]]  # each file, its realpath, its settings
    missing: list[Path]
    unreadable: list[tuple[Path, str]]


def _discover(paths: Sequence[Path], resolver: Resolver) -> _Discovered:
    """The files to lint under ``paths``, each with its settings; a path that does not
    exist is named in an error, and an empty result in ruff's warning."""
    settings = resolver.base
    found = discover(
        list(paths) or [Path(".")],
        settings.respect_gitignore,
        exclude=settings.exclude,
        extend_exclude=settings.extend_exclude,
        include=settings.include,
        force_exclude=settings.force_exclude,
        root=settings.root,
    )
    for missing in found.missing:
        _error(f"{display_path(missing)}: No such file or directory")
    files = _per_file(found.files, found.resolved, resolver, paths)
    if not files and not found.missing and not found.unreadable:
        _warn("No Python files found under the given path(s)")
    return _Discovered(files, found.missing, found.unreadable)


def _lint_discovered(
    files: _Discovered, settings: Settings, jobs: int | None, cache_root: Path | None
) -> list[FileResult]:
    from hplint import projecttuning
    from hplint.diagnostics import FileResult, io_error

    results = [
        FileResult(directory, [io_error(f"cannot read directory: {reason}")])
        for directory, reason in files.unreadable
        if settings.enabled_in("HP002", str(directory))
    ]
    results.extend(_run_grouped(files.linted, jobs, cache_root))
    # Tuning anywhere in the project counts (HP101): applied after the cache, every run.
    return projecttuning.apply(results)


def _watch(
    paths: Sequence[Path],
    resolve: Callable[[], Resolver],
    jobs: int | None,
    cache_root: Path | None,
    writer: Callable[[str | None], Callable[[Sequence[FileResult], TextIO], None]],
) -> None:
    """`--watch` (ruff's): lint, report, and again each time a linted file or a
    configuration or requirements file changes, until interrupted (exit 0). ``writer``
    gives the output's writer for a docs base URL (the configuration may change it)."""
    from hplint import watch
    from hplint.config import ConfigError

    def once() -> watch.Snapshot:
        try:
            resolver = resolve()
        except ConfigError as error:
            _error(str(error))
            return watch.snapshot([], paths)
        files = _discover(paths, resolver)
        results = _lint_discovered(files, resolver.base, jobs, cache_root)
        if sys.stdout.isatty():
            click.echo("\x1b[2J\x1b[H", nl=False)  # a fresh screen per run, as ruff
        writer(resolver.base.docs_url)(results, sys.stdout)
        count = sum(len(result.diagnostics) for result in results)
        click.echo(watch.notice(f"Found {count} error{'s' if count != 1 else ''}. Watching for file changes."))
        sys.stdout.flush()
        return watch.snapshot([path for path, _, _ in files.linted], paths)

    click.echo(watch.notice("Starting linter in watch mode..."))
    try:
        watch.loop(once, lambda: click.echo(watch.notice("File change detected...")), paths)
    except KeyboardInterrupt:
        sys.exit(EXIT_CLEAN)


def _settings_for(resolver: Resolver, path: Path) -> Settings:
    """The file's settings, or exit 2 naming the configuration file that is broken."""
    from hplint.config import ConfigError

    try:
        return resolver.for_path(path)
    except ConfigError as error:
        _error(str(error))
        sys.exit(EXIT_ERROR)


def _per_file(
    files: Sequence[Path], resolved: Sequence[str], resolver: Resolver, given: Sequence[Path]
) -> list[tuple[Path, str, Settings]]:
    """Each discovered file with its realpath and its own settings (ruff's model), less the
    files a nested configuration excludes (discovery applied the base settings' excludes;
    a file named on the command line is kept unless its settings force excludes)."""
    named = {os.path.abspath(path) for path in given}
    base = resolver.base
    filters: dict[Settings, FileFilter | None] = {}
    kept = []
    for path, real in zip(files, resolved, strict=True):
        settings = _settings_for(resolver, path)
        if settings not in filters:
            same = (settings.exclude, settings.extend_exclude, settings.include, settings.root) == (
                base.exclude, base.extend_exclude, base.include, base.root
            )
            everything = (*settings.exclude, *settings.extend_exclude)
            filters[settings] = None if same else FileFilter(everything, settings.include, settings.root or Path.cwd())
        walked = filters[settings]
        if walked is not None and (os.path.abspath(path) not in named or settings.force_exclude):
            if walked.excluded_with_ancestors(path):
                continue
        kept.append((path, real, settings))
    return kept


def _run_grouped(
    files: Sequence[tuple[Path, str, Settings]], jobs: int | None, cache_dir: Path | None
) -> list[FileResult]:
    """Lint ``files``, each with its settings (and a cache directory keyed by them), in one
    run: the files of every settings share the workers; results in the order of ``files``."""
    from hplint import runner

    caches: dict[Settings, Cache | None] = {}
    for _, _, settings in files:
        if settings not in caches:
            caches[settings] = None if cache_dir is None else Cache(cache_dir, _fingerprint(settings))
    return runner.run_each(
        [runner.Job(path, settings, caches[settings], real) for path, real, settings in files], jobs
    )


def _override(
    settings: Settings,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    exclude: tuple[str, ...],
    extend_exclude: tuple[str, ...],
    force_exclude: bool | None,
    respect_gitignore: bool | None,
) -> Settings:
    """Command-line options over the configuration file's settings."""
    from hplint.config import validate_selectors

    changes: dict[str, Any] = {}
    if select:
        # As in ruff, --select replaces the file's selection, extend-select included.
        changes["select"] = validate_selectors(_split(select), "--select")
        changes["extend_select"] = ()
    if extend_select:
        extra = validate_selectors(_split(extend_select), "--extend-select")
        changes["extend_select"] = (*changes.get("extend_select", settings.extend_select), *extra)
    if ignore:
        changes["ignore"] = (*settings.ignore, *validate_selectors(_split(ignore), "--ignore"))
    if exclude:
        changes["exclude"] = tuple(_split(exclude))
    if extend_exclude:
        changes["extend_exclude"] = (*settings.extend_exclude, *_split(extend_exclude))
    if force_exclude is not None:
        changes["force_exclude"] = force_exclude
    if respect_gitignore is not None:
        changes["respect_gitignore"] = respect_gitignore
    return replace(settings, **changes)


def _lint_stdin(filename: Path | None, settings: Settings) -> list[FileResult]:
    from hplint.engine import lint_file

    path = filename if filename is not None else Path("-")
    if _stdin_excluded(filename, settings):
        return []
    return [lint_file(path, settings, sys.stdin.buffer.read())]


def _stdin_excluded(filename: Path | None, settings: Settings) -> bool:
    if filename is None or not settings.force_exclude:
        return False
    everything = (*settings.exclude, *settings.extend_exclude)
    return FileFilter(everything, settings.include, settings.root or Path.cwd()).excluded_with_ancestors(filename)


def _add_noqa(result: FileResult) -> int | None:
    """Write ``# noqa`` comments for ``result``'s findings into its file; how many lines
    (None: an error, printed; the file is left as it was)."""
    from hplint import suppress
    from hplint.engine import libcst_parses
    from hplint.fileio import write_atomic
    from hplint.fix import FixError, apply_to_python, decode_python
    from hplint.notebook import apply_cell_edits, parse_notebook
    from hplint.source import SourceError

    if not result.diagnostics or result.source is None:
        return 0
    notebook = result.path.suffix.lower() == ".ipynb"
    name = display_path(result.path)
    try:
        data = result.path.read_bytes()
        # (A notebook is compared by its cells: ``source`` may come from the cache, which
        # does not parse them; see ``parse_notebook``'s ``check``.)
        book = parse_notebook(data) if notebook else None
        if book is not None and book.cells != result.cells or book is None and decode_python(data)[0] != result.source:
            _error(f"{name}: changed on disk while hplint ran; file left unchanged")
            return None
    except FileNotFoundError:
        return 0  # removed since it was linted: nothing to write into
    except OSError as error:
        _error(f"cannot read {name}: {error.strerror or error}; file left unchanged")
        return None
    except (SyntaxError, UnicodeDecodeError, LookupError, SourceError):
        _error(f"{name}: changed on disk while hplint ran; file left unchanged")
        return None
    if notebook:
        cells = result.cells or {}
        edits = [e for cell, text in cells.items() for e in suppress.noqa_edits(text, result.diagnostics, cell)]
    else:
        edits = suppress.noqa_edits(result.source, result.diagnostics)
    if not edits:
        return 0
    try:
        edited = apply_cell_edits(data, edits) if notebook else apply_to_python(data, edits)
        after = parse_notebook(edited) if notebook else None
        # A comment at a line's end must leave valid code (in a notebook: break no cell).
        if after is not None and book is not None and not after.broken <= book.broken:
            raise SourceError("a cell would not parse")
        if not libcst_parses(after.python if after is not None else decode_python(edited)[0]):
            raise SourceError("the commented file would not parse")
    except FixError as error:
        _error(f"{name}: {error}; file left unchanged")
        return None
    except SourceError:
        _error(f"{name}: could not add noqa comments safely; file left unchanged")
        return None
    try:
        write_atomic(result.path, edited)
    except OSError as error:
        _error(f"cannot write {display_path(result.path)}: {error.strerror or error}; file left unchanged")
        return None
    return len(edits)


def _write_statistics(results: Sequence[FileResult], output_format: str, stream: TextIO, unsafe: bool = False) -> None:
    from hplint.rules import BY_CODE

    counts = Counter(d.code for result in results for d in result.diagnostics)
    # As in ruff: a code is fixable when `--fix` (with these settings) would fix some of it.
    fixable = {d.code for r in results for d in r.diagnostics if d.fix is not None and d.fix.applies(unsafe)}
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    names = {code: (BY_CODE[code].name if code in BY_CODE else "") for code in counts}
    if output_format in ("json", "json-lines"):
        items = [{"code": code, "name": names[code], "count": n, "fixable": code in fixable} for code, n in rows]
        json.dump(items, stream, indent=2)
        stream.write("\n")
        return
    if not rows:
        return
    count_width = max(len(str(n)) for _, n in rows)
    code_width = max(len(code) for code, _ in rows)
    for code, n in rows:
        mark = ("[*] " if code in fixable else "[ ] ") if fixable else ""
        stream.write(f"{n:>{count_width}}\t{code:<{code_width}}\t{mark}{names[code]}\n")


@main.command()
def server() -> None:
    """Run the language server (LSP over stdin/stdout) for editors."""
    try:
        from hplint.server import serve
    except ModuleNotFoundError as error:
        if (error.name or "").split(".")[0] not in ("pygls", "lsprotocol"):
            raise
        _error("the language server needs pygls and lsprotocol: pip install 'hplint[server]'")
        sys.exit(EXIT_ERROR)
    sys.exit(serve())  # 1 when the client exits without `shutdown` (the protocol's rule)


@main.command()
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False), envvar=ENVIRONMENT_VARIABLE, help="The cache directory to remove (default: .hplint_cache).")
def clean(cache_dir: Path | None) -> None:
    """Remove the cache directory."""
    directory = cache_dir or DEFAULT_DIRECTORY
    try:
        removed = clean_cache(directory)
    except NotACache:
        _error(f"{display_path(directory)} is not hplint's cache (no CACHEDIR.TAG written by hplint); not removed")
        sys.exit(EXIT_ERROR)
    except OSError as error:
        _error(f"cannot remove {display_path(directory)}: {error.strerror or error}")
        sys.exit(EXIT_ERROR)
    if removed:
        click.echo(f"Removed cache at: {display_path(directory)}", err=True)


@main.command()
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every rule: code, name and summary.")
@click.option(
    "--output-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def rule(code: str | None, show_all: bool, output_format: str) -> None:
    """Explain rule CODE (e.g. HP401), or list all rules with --all."""
    from hplint.docs import rule_page
    from hplint.rules import BY_CODE, RULES

    if show_all:
        if output_format == "json":
            rows = [{"code": r.code, "name": r.name, "summary": r.summary, "preview": r.preview} for r in RULES]
            click.echo(json.dumps(rows, indent=2))
        else:
            for r in RULES:
                click.echo(f"{r.code}  {r.name:<32} {'(preview) ' if r.preview else ''}{r.summary}")
        return
    if code is None:
        raise click.UsageError("give a rule code (e.g. `hplint rule HP401`) or --all")
    found = BY_CODE.get(code.strip().upper())
    if found is None:
        _error(f"unknown rule code `{code}`; `hplint rule --all` lists them")
        sys.exit(EXIT_ERROR)
    page = rule_page(found.code)
    if output_format == "json":
        fields = {"code": found.code, "name": found.name, "summary": found.summary, "preview": found.preview}
        click.echo(json.dumps({**fields, "explanation": page}, indent=2))
    elif page is not None:
        click.echo(page)  # a preview rule's page says so under its title (tests/test_rule_pages.py)
    else:
        click.echo(f"{found.code} ({found.name}){' (preview)' if found.preview else ''}: {found.summary}")
