"""The ``hplint`` command: ``check``, ``rule``."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from hplint import __version__
from hplint.config import ConfigError, Settings, validate_selectors
from hplint.docs import rule_page
from hplint.engine import FileResult, io_error, lint_paths
from hplint.files import discover
from hplint.report import FORMATS, MACHINE_FORMATS
from hplint.report.paths import display_path
from hplint.rules import BY_CODE, RULES

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
    help="How findings are printed.",
)
@click.option("--select", multiple=True, metavar="CODES", help="Rule codes or prefixes to enable (comma-separated).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Rule codes or prefixes to disable (comma-separated).")
@click.option("--exit-zero", is_flag=True, help="Exit with status 0 even when findings are reported.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary line.")
def check(
    paths: tuple[Path, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    exit_zero: bool,
    quiet: bool,
) -> None:
    """Lint PATHS (files or directories; default: the current directory)."""
    try:
        settings = Settings(
            select=validate_selectors(_split(select), "--select") if select else Settings.select,
            ignore=validate_selectors(_split(ignore), "--ignore"),
        )
    except ConfigError as error:
        _error(str(error))
        sys.exit(EXIT_ERROR)

    found = discover(list(paths) or [Path(".")])
    failed = False
    for missing in found.missing:
        _error(f"{display_path(missing)}: No such file or directory")
        failed = True
    results: list[FileResult] = [
        FileResult(directory, [io_error(f"cannot read directory: {reason}")])
        for directory, reason in found.unreadable
        if settings.enabled("HP002")
    ]
    for result in lint_paths(found.files, settings):
        if result.internal_error is not None:
            _error(f"internal error while linting {display_path(result.path)}: {result.internal_error}")
            failed = True
        results.append(result)

    FORMATS[output_format](results, sys.stdout)
    count = sum(len(result.diagnostics) for result in results)
    if not quiet and output_format not in MACHINE_FORMATS:
        if count:
            click.echo(f"Found {count} error{'s' if count != 1 else ''}.")
        elif not failed:
            click.echo("All checks passed!")
    if failed:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if count and not exit_zero else EXIT_CLEAN)


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
