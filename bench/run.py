#!/usr/bin/env python3
"""Measure what hplint costs per file against the floor: a bare ``libcst.parse_module``.

    python bench/run.py [CORPUS_DIR ...] [--repeat N] [--json OUT]

Every row runs single-process over the same in-memory files in the same run; each row's
time is the median of N passes, and its ratio is against ``libcst.parse_module`` (1.00).
See bench/README.md. Standard library and libcst only; hplint rows are skipped if absent.
"""

from __future__ import annotations

import argparse
import ast
import gc
import importlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider, QualifiedNameProvider

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path("/work/corpus/sklearn-examples")
# Directories hplint itself skips by default (a subset of src/hplint/files.py's list).
SKIP_DIRS = {"__pycache__", "build", "dist", "venv", "node_modules", "site-packages", "_build"}

Source = tuple[str, str]  # (path, text)
Work = Callable[[str, str], object]


@dataclass
class Row:
    name: str
    ms_per_file: float | None = None
    ratio: float | None = None
    runs_s: list[float] | None = None  # total seconds of each pass
    note: str = ""


def find_files(dirs: list[Path]) -> list[Path]:
    found: list[Path] = []
    for d in dirs:
        if d.is_file():
            found.append(d)
            continue
        for root, subdirs, files in os.walk(d):
            subdirs[:] = sorted(s for s in subdirs if s not in SKIP_DIRS and not s.startswith("."))
            found += [Path(root, f) for f in sorted(files) if f.endswith((".py", ".pyi"))]
    return found


def load_corpus(dirs: list[Path]) -> tuple[list[Source], int, int]:
    """Read every file into memory; keep those libcst parses. Returns (sources, skipped, found)."""
    paths = find_files(dirs)
    sources: list[Source] = []
    for path in paths:
        try:
            text = path.read_bytes().decode("utf-8")
            cst.parse_module(text)
        except (OSError, UnicodeDecodeError, cst.ParserSyntaxError, RecursionError):
            continue
        sources.append((str(path), text))
    return sources, len(paths) - len(sources), len(paths)


# --- the rows: each does one file's work --------------------------------------------------


def do_ast(text: str, path: str) -> object:
    return ast.parse(text, path)


def do_parse(text: str, path: str) -> object:
    return cst.parse_module(text)


def do_positions(text: str, path: str) -> object:
    return MetadataWrapper(cst.parse_module(text)).resolve(PositionProvider)


def do_qualnames(text: str, path: str) -> object:
    return MetadataWrapper(cst.parse_module(text)).resolve(QualifiedNameProvider)


def hplint_work(sources: list[Source]) -> tuple[Work | None, str]:
    """hplint.engine.lint_source, or None and the reason it cannot be measured."""
    try:
        engine = importlib.import_module("hplint.engine")  # being written in parallel
        lint_source: Work = engine.lint_source
        path, text = sources[0]
        lint_source(text, path)  # warm up: loads the catalog, checks the call works
    except Exception as exc:  # noqa: BLE001 - any failure just makes the row unavailable
        return None, f"{type(exc).__name__}: {exc}"
    return lambda text, path: lint_source(text, path), ""


def time_pass(work: Work, sources: list[Source]) -> float:
    gc.collect()
    start = time.perf_counter()
    for path, text in sources:
        work(text, path)
    return time.perf_counter() - start


def time_cli(exe: str, dirs: list[Path], options: tuple[str, ...] = ("--no-cache",)) -> float:
    cmd = [exe, "check", "--output-format", "concise", "--exit-zero", *options, *map(str, dirs)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or [""]
        raise RuntimeError(f"exit status {proc.returncode}: {tail[0][:200]}")
    return elapsed


def measure(dirs: list[Path], repeat: int) -> dict[str, object]:
    sources, skipped, found = load_corpus(dirs)
    if not sources:
        sys.exit(f"no parsable Python files under {', '.join(map(str, dirs))}")
    n = len(sources)
    work, reason = hplint_work(sources)
    rows: list[tuple[Row, Work | None]] = [
        (Row("ast.parse"), do_ast),
        (Row("libcst.parse_module (reference)"), do_parse),
        (Row("parse + PositionProvider"), do_positions),
        (Row("parse + QualifiedNameProvider"), do_qualnames),
        (Row("hplint lint_source", note=reason), work),
    ]

    exe = shutil.which("hplint", path=str(Path(sys.executable).parent))
    cache = tempfile.mkdtemp(prefix="hplint-bench-cache-")
    # Whole runs of the command: one process, all CPUs, and every file answered from a
    # warm cache (primed by the first pass).
    cli_rows: list[tuple[Row, tuple[str, ...]]] = [
        (Row("hplint check --jobs 1 (wall)"), ("--no-cache", "--jobs", "1")),
        (Row("hplint check, all CPUs (wall)"), ("--no-cache",)),
        (Row("hplint check, warm cache (wall)"), ("--cache-dir", cache)),
    ]
    startup = Row("hplint check, empty dir (startup)")
    startup_runs: list[float] = []
    if exe is None:
        for row, _ in cli_rows:
            row.note = f"no hplint next to {sys.executable}"
        startup.note = f"no hplint next to {sys.executable}"

    with tempfile.TemporaryDirectory() as empty:
        if exe is not None:
            time_cli(exe, dirs, ("--cache-dir", cache))
        for _ in range(repeat):  # interleave rows so drift hits them all alike
            for row, fn in rows:
                if fn is None or row.note:  # unavailable, or failed in an earlier pass
                    continue
                try:
                    row.runs_s = (row.runs_s or []) + [time_pass(fn, sources)]
                except Exception as exc:  # noqa: BLE001
                    row.note, row.runs_s = f"{type(exc).__name__}: {exc}", None
            if exe is None:
                continue
            for row, options in cli_rows:
                if row.note:
                    continue
                try:
                    row.runs_s = (row.runs_s or []) + [time_cli(exe, dirs, options)]
                except (OSError, RuntimeError) as exc:
                    row.note, row.runs_s = str(exc), None
            if not startup.note:
                startup_runs.append(time_cli(exe, [Path(empty)]))
    shutil.rmtree(cache, ignore_errors=True)

    ref = statistics.median(rows[1][0].runs_s or [float("nan")])
    result = [row for row, _ in rows]
    for row in result:
        if row.runs_s:
            total = statistics.median(row.runs_s)
            row.ms_per_file, row.ratio = 1000 * total / n, total / ref
    for row, _ in cli_rows:
        if row.runs_s:
            # The CLI lints every file it finds (unparsable ones too), so divide by that count.
            total = statistics.median(row.runs_s)
            row.ms_per_file, row.ratio = 1000 * total / found, total / ref
            row.note = f"wall / parse total; {found} files"
        result.append(row)
    if startup_runs:
        startup.runs_s = startup_runs
        startup.ms_per_file = 1000 * statistics.median(startup_runs)
        startup.note = "ms per run, not per file"
    result.append(startup)
    return {
        "corpus": [str(d) for d in dirs],
        "files": n,
        "files_found": found,
        "files_skipped_unparsable": skipped,
        "lines": sum(text.count("\n") for _, text in sources),
        "repeat": repeat,
        "python": platform.python_version(),
        "libcst": metadata.version("libcst"),
        "hplint": _version("hplint"),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "rows": [asdict(r) for r in result],
    }


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def print_table(res: dict[str, object]) -> None:
    print(f"corpus: {', '.join(res['corpus'])}")  # type: ignore[arg-type]
    print(
        f"files: {res['files']} parsed ({res['lines']} lines); "
        f"{res['files_skipped_unparsable']} skipped (libcst cannot parse them)"
    )
    print(
        f"Python {res['python']}, libcst {res['libcst']}, hplint {res['hplint']}, "
        f"{res['cpus']} CPUs; median of {res['repeat']} passes\n"
    )
    print(f"{'work per file, single process':<36} {'ms/file':>9} {'× parse':>8}")
    print("-" * 55)
    for row in res["rows"]:  # type: ignore[attr-defined]
        if row["ms_per_file"] is None:
            print(f"{row['name']:<36} unavailable ({row['note']})")
            continue
        ratio = "" if row["ratio"] is None else f"{row['ratio']:.2f}"
        note = f"  ({row['note']})" if row["note"] else ""
        print(f"{row['name']:<36} {row['ms_per_file']:>9.2f} {ratio:>8}{note}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Per-file cost of hplint against a bare LibCST parse.")
    ap.add_argument("corpus", nargs="*", type=Path, help="directories or files (default: see README)")
    ap.add_argument("--repeat", type=int, default=3, help="passes per row; the median is reported")
    ap.add_argument("--json", type=Path, metavar="OUT", help="also write the results as JSON")
    args = ap.parse_args(argv)
    dirs: list[Path] = args.corpus or (
        [DEFAULT_CORPUS] if DEFAULT_CORPUS.is_dir() else [REPO / "examples", REPO / "tests" / "fixtures"]
    )
    missing = [d for d in dirs if not d.exists()]
    if missing:
        ap.error(f"no such path: {', '.join(map(str, missing))}")
    res = measure(dirs, max(1, args.repeat))
    print_table(res)
    if args.json:
        args.json.write_text(json.dumps(res, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
