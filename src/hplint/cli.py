"""The ``hplint`` command: ``check``, ``rule``."""

from __future__ import annotations

import io
import json
import sys
import tokenize
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

import click
import libcst as cst

from hplint import __version__, catalog, runner, suppress
from hplint.cache import DEFAULT_DIRECTORY, ENVIRONMENT_VARIABLE, Cache
from hplint.cache import clean as clean_cache
from hplint.catalog import target
from hplint.config import ConfigError, Settings, parse_target, resolve_settings, validate_selectors
from hplint.docs import rule_page
from hplint.engine import FileResult, io_error, lint_file
from hplint.fileio import write_atomic
from hplint.files import FileFilter, discover
from hplint.report import FORMATS, MACHINE_FORMATS
from hplint.report.paths import display_path
from hplint.rules import BY_CODE, RULES
from hplint.source import SourceError, decode

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _error(message: str) -> None:
    click.echo(f"hplint: error: {message}", err=True)


def _split(values: Sequence[str]) -> list[str]:
    return [part for value in values for part in value.split(",")]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="hplint")
def main() -> None:
    """hplint: a linter for machine-learning code."""


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
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Read settings from this file (pyproject.toml, hplint.toml or .hplint.toml).")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--select", multiple=True, metavar="CODES", help="Rule codes or prefixes to enable (comma-separated).")
@click.option("--extend-select", multiple=True, metavar="CODES", help="Rule codes or prefixes to enable in addition to those selected.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Rule codes or prefixes to disable (comma-separated).")
@click.option("--exclude", multiple=True, metavar="GLOBS", help="Globs of files and directories to skip, replacing the defaults (comma-separated).")
@click.option("--extend-exclude", multiple=True, metavar="GLOBS", help="Globs of files and directories to skip, in addition to the excluded ones.")
@click.option("--force-exclude/--no-force-exclude", default=None, help="Apply the excludes to files named on the command line too (pre-commit names them).")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None, help="Skip what .gitignore files ignore (default: yes).")
@click.option("--target-sklearn-version", metavar="VERSION", help="The scikit-learn release to check against, e.g. 1.4 (default: the installed one, else the newest catalogued).")
@click.option("--stdin-filename", type=click.Path(path_type=Path), help="The name of the file read from stdin (`-`), for settings and output.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of the findings.")
@click.option("--add-noqa", is_flag=True, help="Add `# noqa: CODE` comments to every line with a finding.")
@click.option("--exit-zero", is_flag=True, help="Exit with status 0 even when findings are reported.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary line.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: the number of CPUs).")
@click.option("-n", "--no-cache", is_flag=True, help="Lint every file, ignoring and not writing the cache.")
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False), envvar=ENVIRONMENT_VARIABLE, help="Where results of unchanged files are kept (default: .hplint_cache) [env: HPLINT_CACHE_DIR].")
@click.option("-v", "--verbose", is_flag=True, help="Print the traceback of an internal error (HP000) to stderr.")
def check(
    paths: tuple[Path, ...],
    output_format: str,
    output_file: Path | None,
    config_file: Path | None,
    isolated: bool,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    exclude: tuple[str, ...],
    extend_exclude: tuple[str, ...],
    force_exclude: bool | None,
    respect_gitignore: bool | None,
    target_sklearn_version: str | None,
    stdin_filename: Path | None,
    statistics: bool,
    add_noqa: bool,
    exit_zero: bool,
    quiet: bool,
    jobs: int | None,
    no_cache: bool,
    cache_dir: Path | None,
    verbose: bool,
) -> None:
    """Lint PATHS (files or directories; default: the current directory; `-`: stdin)."""
    try:
        settings = resolve_settings(config_file, isolated)
        settings = _override(
            settings, select, extend_select, ignore, exclude, extend_exclude, force_exclude, respect_gitignore
        )
        if target_sklearn_version is not None:
            error = ConfigError("--target-sklearn-version: {}")
            settings = replace(settings, target_sklearn_version=parse_target(target_sklearn_version, error))
    except ConfigError as error:
        _error(str(error))
        sys.exit(EXIT_ERROR)

    use_stdin = paths == (Path("-"),) or (not paths and stdin_filename is not None)
    if use_stdin and add_noqa:
        _error("--add-noqa cannot be used with source from stdin")
        sys.exit(EXIT_ERROR)
    failed = False
    results: list[FileResult] = []
    if use_stdin:
        results = _lint_stdin(stdin_filename, settings)
    else:
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
            failed = True
        results = [
            FileResult(directory, [io_error(f"cannot read directory: {reason}")])
            for directory, reason in found.unreadable
            if settings.enabled_in("HP002", str(directory))
        ]
        cache = None if no_cache else Cache(cache_dir or DEFAULT_DIRECTORY, _fingerprint(settings))
        results.extend(runner.run(found.files, settings, jobs, cache))
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

    count = sum(len(result.diagnostics) for result in results)
    try:
        stream = output_file.open("w", encoding="utf-8") if output_file is not None else None
    except OSError as error:
        _error(f"cannot write {output_file}: {error.strerror or error}")
        sys.exit(EXIT_ERROR)
    out = stream if stream is not None else sys.stdout
    try:
        if statistics:
            _write_statistics(results, output_format, out)
        else:
            FORMATS[output_format](results, out)
            if not quiet and output_format not in MACHINE_FORMATS:
                if count:
                    click.echo(f"Found {count} error{'s' if count != 1 else ''}.", file=out)
                elif not failed:
                    click.echo("All checks passed!", file=out)
    finally:
        if stream is not None:
            stream.close()
    if failed:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if count and not exit_zero else EXIT_CLEAN)


def _fingerprint(settings: Settings) -> str:
    """Everything besides a file's bytes and path that decides its findings."""
    release = target.effective(settings.target_sklearn_version)
    return f"{replace(settings, source=None)!r}\0{catalog.digest()}\0{release}"


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
    path = filename if filename is not None else Path("-")
    if filename is not None and settings.force_exclude:
        everything = (*settings.exclude, *settings.extend_exclude)
        if FileFilter(everything, settings.include, settings.root or Path.cwd()).excluded_with_ancestors(path):
            return []
    return [lint_file(path, settings, sys.stdin.buffer.read())]


def _add_noqa(result: FileResult) -> int | None:
    """Write ``# noqa`` comments for ``result``'s findings into its file; how many lines
    (None: the file could not be written, and is left as it was)."""
    if not result.diagnostics or result.source is None or result.path.suffix == ".ipynb":
        return 0
    try:
        data = result.path.read_bytes()
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (OSError, SyntaxError, UnicodeDecodeError, LookupError):
        return 0
    if text != result.source:
        return 0  # changed since it was linted
    edited, changed = suppress.add_noqa(text, result.diagnostics)
    if not changed:
        return 0
    try:
        cst.parse_module(edited)  # a comment at a line's end must leave valid code
    except cst.ParserSyntaxError:
        _error(f"{display_path(result.path)}: could not add noqa comments safely; file left unchanged")
        return 0
    try:
        write_atomic(result.path, edited.encode(encoding))
    except OSError as error:
        _error(f"cannot write {display_path(result.path)}: {error.strerror or error}; file left unchanged")
        return None
    return changed


def _write_statistics(results: Sequence[FileResult], output_format: str, stream: TextIO) -> None:
    counts = Counter(d.code for result in results for d in result.diagnostics)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    names = {code: (BY_CODE[code].name if code in BY_CODE else "") for code in counts}
    if output_format in ("json", "json-lines"):
        items = [{"code": code, "name": names[code], "count": n, "fixable": False} for code, n in rows]
        json.dump(items, stream, indent=2)
        stream.write("\n")
        return
    if not rows:
        return
    count_width = max(len(str(n)) for _, n in rows)
    code_width = max(len(code) for code, _ in rows)
    for code, n in rows:
        stream.write(f"{n:>{count_width}}\t{code:<{code_width}}\t{names[code]}\n")


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
    serve()


@main.command()
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False), envvar=ENVIRONMENT_VARIABLE, help="The cache directory to remove (default: .hplint_cache).")
def clean(cache_dir: Path | None) -> None:
    """Remove the cache directory."""
    directory = cache_dir or DEFAULT_DIRECTORY
    try:
        removed = clean_cache(directory)
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
    if show_all:
        if output_format == "json":
            rows = [{"code": r.code, "name": r.name, "summary": r.summary} for r in RULES]
            click.echo(json.dumps(rows, indent=2))
        else:
            for r in RULES:
                click.echo(f"{r.code}  {r.name:<32} {r.summary}")
        return
    if code is None:
        raise click.UsageError("give a rule code (e.g. `hplint rule HP401`) or --all")
    found = BY_CODE.get(code.strip().upper())
    if found is None:
        _error(f"unknown rule code `{code}`; `hplint rule --all` lists them")
        sys.exit(EXIT_ERROR)
    page = rule_page(found.code)
    if output_format == "json":
        click.echo(json.dumps({"code": found.code, "name": found.name, "summary": found.summary, "explanation": page}, indent=2))
    else:
        click.echo(page if page is not None else f"{found.code} ({found.name}): {found.summary}")
