#!/usr/bin/env python3
"""Measure hplint against the floor, a bare ``libcst.parse_module`` of the same files.

    python bench/run.py                      # every corpus, every row (tens of minutes)
    python bench/run.py --quick              # one small generated corpus, one pass (minutes)
    python bench/run.py [CORPUS_DIR ...] [--corpus NAME ...] [--repeat N] [--json OUT]

Corpora are built automatically: ~1,000 generated ML scripts (bench/generate.py), the
installed scikit-learn package's own source, and the scikit-learn gallery when a checkout is
at /work/corpus/sklearn-examples. For each: in-process rows (single process, the same
in-memory files), whole runs of ``hplint check`` (one worker, all workers, warm cache, one
file changed), ruff and fixit when installed, peak memory, and 1x/2x/5x scaling. Then the
fixed costs: a 300-line script end to end, ``hplint --version``, and ``-X importtime``.
See bench/README.md for how to read the rows.
"""

from __future__ import annotations

import argparse
import compileall
import ast
import gc
import importlib
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider, QualifiedNameProvider

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate, script  # noqa: E402 - bench/ is not a package

GALLERY = Path("/work/corpus/sklearn-examples")
WORK = Path(tempfile.gettempdir()) / "hplint-bench"
# Directories hplint itself skips by default (a subset of src/hplint/files.py's list).
SKIP_DIRS = {"__pycache__", "build", "dist", "venv", "node_modules", "site-packages", "_build"}
BIN = Path(sys.executable).parent

Source = tuple[str, str]  # (path, text)
Work = Callable[[str, str], object]


@dataclass
class Row:
    name: str
    seconds: float | None = None  # median total over the corpus
    ratio: float | None = None  # seconds / the bare parse's seconds
    ms_per_file: float | None = None
    max_rss_mb: float | None = None
    runs_s: list[float] = field(default_factory=list)
    note: str = ""


# --- corpora ------------------------------------------------------------------------------


def find_files(dirs: Sequence[Path]) -> list[Path]:
    found: list[Path] = []
    for d in dirs:
        if d.is_file():
            found.append(d)
            continue
        for root, subdirs, files in os.walk(d):
            subdirs[:] = sorted(s for s in subdirs if s not in SKIP_DIRS and not s.startswith("."))
            found += [Path(root, f) for f in sorted(files) if f.endswith((".py", ".pyi"))]
    return found


def generated_corpus(files: int) -> Path:
    """The generated scripts, written once per size under the bench's work directory."""
    out = WORK / f"generated-seed0-{files}"
    if not (out / ".complete").exists():
        shutil.rmtree(out, ignore_errors=True)
        generate(out, files, seed=0)
        (out / ".complete").touch()
    return out


def library_corpus() -> Path | None:
    """A copy of the installed scikit-learn's source (copied: excludes, .gitignore files and
    tools' configuration around site-packages must not decide what is measured)."""
    spec = importlib.util.find_spec("sklearn")  # finds it; does not import it
    if spec is None or not spec.submodule_search_locations:
        return None
    source = Path(list(spec.submodule_search_locations)[0])
    out = WORK / f"sklearn-{metadata.version('scikit-learn')}-source"
    if not (out / ".complete").exists():
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(source, out / "sklearn", ignore=shutil.ignore_patterns("*.so", "*.pyc", "__pycache__", "*.pyx", "*.pxd", "*.c", "*.cpp", "*.h", "*.tp", "*.pxi", "*.csv*", "*.gz", "*.txt", "*.rst", "*.jpg", "*.png", "*.arff", "*.svmlight"))
        (out / ".complete").touch()
    return out


def load_corpus(root: Path) -> tuple[list[Source], int, int]:
    """Read every file into memory; keep those libcst parses. Returns (sources, skipped, found)."""
    paths = find_files([root])
    sources: list[Source] = []
    for path in paths:
        try:
            text = path.read_bytes().decode("utf-8")
            cst.parse_module(text)
        except (OSError, UnicodeDecodeError, cst.ParserSyntaxError, RecursionError):
            continue
        sources.append((str(path), text))
    return sources, len(paths) - len(sources), len(paths)


# --- in-process rows: each does one file's work -------------------------------------------


def do_ast(text: str, path: str) -> object:
    return ast.parse(text, path)


def do_parse(text: str, path: str) -> object:
    return cst.parse_module(text)


def do_positions(text: str, path: str) -> object:
    return MetadataWrapper(cst.parse_module(text)).resolve(PositionProvider)


def do_qualnames(text: str, path: str) -> object:
    return MetadataWrapper(cst.parse_module(text)).resolve(QualifiedNameProvider)


def parse_as_hplint() -> tuple[Work | None, str]:
    """The parse as hplint runs it: without LibCST's node validation, the collector held
    off (hplint/parsing.py). Shown beside the floor so that the ratios below can be read
    both ways: against LibCST as users call it, and against hplint's own parse."""
    try:
        parsing = importlib.import_module("hplint.parsing")
    except ImportError as exc:
        return None, f"{type(exc).__name__}: {exc}"

    def work(text: str, path: str) -> object:
        with parsing.collector_paused():
            return parsing.parse_module(text)

    return work, ""


def hplint_work(sources: list[Source]) -> tuple[Work | None, str]:
    """hplint.engine.lint_source, or None and the reason it cannot be measured."""
    try:
        engine = importlib.import_module("hplint.engine")
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


# --- whole commands -----------------------------------------------------------------------


# Runs a command and reports its wall time and peak RSS. A child inherits its parent's
# high-water RSS across fork and exec (Linux keeps it in the process's signal struct), so
# timing hplint straight from this process would report at least this process's own size;
# this small launcher forks from a fresh interpreter instead.
_LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{time.perf_counter() - start} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run_command(cmd: Sequence[str], ok: Sequence[int] = (0,)) -> tuple[float, float]:
    """Run ``cmd``; (wall seconds, peak RSS in MB of its largest process, workers included)."""
    with tempfile.TemporaryDirectory(prefix="hplint-bench-run-") as scratch:
        report = Path(scratch, "usage")
        with Path(scratch, "stderr").open("w+b") as err:
            subprocess.run([sys.executable, "-c", _LAUNCHER, str(report), *cmd], stdout=subprocess.DEVNULL, stderr=err, check=True)
            elapsed, maxrss, code = report.read_text().split()
            if int(code) not in ok:
                err.seek(0)
                tail = err.read().decode(errors="replace").strip().splitlines()[-1:] or [""]
                raise RuntimeError(f"{Path(cmd[0]).name} exit status {code}: {tail[0][:200]}")
    # ru_maxrss is in KiB on Linux; the kernel folds reaped children (the worker
    # processes) into the max, so this is the largest single process, not a sum.
    return float(elapsed), int(maxrss) / 1024


def hplint_cmd(*options: str) -> list[str]:
    return [str(BIN / "hplint"), "check", "--output-format", "concise", "--exit-zero", *options]


def tool(name: str) -> str | None:
    """A reference tool next to this interpreter, else on PATH (fixit pins click < 8.2,
    which hplint's tests do not accept: give it a virtualenv of its own, on PATH)."""
    return shutil.which(name, path=str(BIN)) or shutil.which(name)


def tool_version(name: str) -> str | None:
    exe = tool(name)
    if exe is None:
        return None
    found = subprocess.run([exe, "--version"], capture_output=True, text=True)
    return found.stdout.strip().split()[-1] if found.returncode == 0 and found.stdout.strip() else "?"


def measure_corpus(root: Path, repeat: int, quick: bool, fixit: bool = True) -> dict[str, object]:
    sources, skipped, found = load_corpus(root)
    if not sources:
        sys.exit(f"no parsable Python files under {root}")
    work, reason = hplint_work(sources)
    own_parse, own_reason = parse_as_hplint()
    inproc: list[tuple[Row, Work | None, bool]] = [  # (row, work, repeated)
        (Row("ast.parse"), do_ast, True),
        (Row("libcst.parse_module (the floor)"), do_parse, True),
        (Row("the same parse as hplint runs it", note=own_reason), own_parse, True),
    ]
    if not quick:
        inproc += [
            (Row("parse + PositionProvider"), do_positions, False),
            (Row("parse + QualifiedNameProvider"), do_qualnames, False),
        ]
    inproc.append((Row("hplint lint_source, in process", note=reason), work, True))

    cache = Path(tempfile.mkdtemp(prefix="hplint-bench-cache-"))
    target = str(root)
    cli: list[tuple[Row, list[str], bool]] = [  # (row, command, repeated)
        (Row("hplint check --no-cache --jobs 1"), hplint_cmd("--no-cache", "--jobs", "1", target), True),
        (Row(f"hplint check --no-cache, {os.cpu_count()} workers"), hplint_cmd("--no-cache", target), True),
        (Row("hplint check, warm cache"), hplint_cmd("--cache-dir", str(cache), target), True),
    ]
    ruff, fixit_exe = tool("ruff"), tool("fixit") if fixit else None
    refs: list[tuple[Row, list[str] | None, Sequence[int]]] = [
        (Row("ruff check (default rules)"), None if ruff is None else [ruff, "check", "--isolated", "--no-cache", "--exit-zero", "-q", target], (0,)),
        # fixit exits 1 when it has findings; it parallelizes over all CPUs itself.
        (Row("fixit lint (default rules)"), None if fixit_exe is None else [fixit_exe, "lint", target], (0, 1)),
    ]
    changed = Row("hplint check, warm cache, 1 file changed")
    run_command(hplint_cmd("--cache-dir", str(cache), target))  # prime the cache
    for n in range(repeat):  # interleave rows so drift hits them all alike
        for row, fn, repeated in inproc:
            if fn is None or row.note or (row.runs_s and not repeated):
                continue
            row.runs_s.append(time_pass(fn, sources))
        for row, cmd, repeated in cli:
            try:
                seconds, rss = run_command(cmd)
                row.runs_s.append(seconds)
                row.max_rss_mb = max(row.max_rss_mb or 0.0, rss)
            except (OSError, RuntimeError) as exc:
                row.note = str(exc)
        edited = Path(sources[n % len(sources)][0])
        original = edited.read_bytes()
        try:
            edited.write_bytes(original + f"\n# bench edit {n}\n".encode())
            changed.runs_s.append(run_command(cli[2][1])[0])
        finally:
            edited.write_bytes(original)
    for row, cmd, ok in refs:
        if cmd is None:
            row.note = "not installed" if fixit else "skipped (--no-fixit)"
            continue
        try:  # reference points, timed once: fixit alone takes minutes on a large corpus
            seconds, rss = run_command(cmd, ok)
            row.runs_s.append(seconds)
            row.max_rss_mb = rss
        except (OSError, RuntimeError) as exc:
            row.note = str(exc)
    shutil.rmtree(cache, ignore_errors=True)

    floor = statistics.median(inproc[1][0].runs_s)
    rows = [row for row, _, _ in inproc] + [row for row, _, _ in cli] + [changed] + [row for row, _, _ in refs]
    for row in rows:
        if row.runs_s:
            row.seconds = statistics.median(row.runs_s)
            row.ratio = row.seconds / floor
            row.ms_per_file = 1000 * row.seconds / len(sources)
    jobs1, alln = cli[0][0], cli[1][0]
    result: dict[str, object] = {
        "corpus": target, "files": len(sources), "files_found": found, "files_skipped_unparsable": skipped,
        "lines": sum(text.count("\n") for _, text in sources), "rows": [asdict(r) for r in rows],
    }  # fmt: skip
    if jobs1.seconds and alln.seconds:
        result["speedup_all_workers"] = jobs1.seconds / alln.seconds
    fixit_row = refs[1][0]
    if fixit_row.seconds and alln.seconds:
        result["fixit_over_hplint_all_workers"] = fixit_row.seconds / alln.seconds
    return result


def scaling(root: Path, factors: Sequence[int]) -> list[dict[str, object]]:
    """``check --no-cache --jobs 1`` over k copies of the corpus: the cost per file."""
    files = find_files([root])
    out = []
    with tempfile.TemporaryDirectory(prefix="hplint-bench-scale-") as scratch:
        for k in factors:
            base = Path(scratch, f"x{k}")
            for copy in range(k):
                for path in files:
                    dest = base / f"copy{copy}" / path.relative_to(root)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    try:
                        os.link(path, dest)
                    except OSError:
                        shutil.copyfile(path, dest)
            seconds, rss = run_command(hplint_cmd("--no-cache", "--jobs", "1", str(base)))
            n = len(files) * k
            out.append({"factor": k, "files": n, "seconds": seconds, "ms_per_file": 1000 * seconds / n, "max_rss_mb": rss})
    return out


def importtime(args: Sequence[str]) -> dict[str, object]:
    """``python -X importtime`` for an hplint command: total, and the costliest packages."""
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    proc = subprocess.run([str(BIN / "hplint"), *args], capture_output=True, text=True, env=env)
    top: list[tuple[int, str]] = []
    total = 0
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative, name = line.removeprefix("import time:").split("|")
        total += int(self_us)
        depth = (len(name) - len(name.lstrip()) - 1) // 2
        if depth <= 1:  # what the command imports, and what those import directly
            top.append((int(cumulative), name.strip()))
    top.sort(reverse=True)
    return {"command": ["hplint", *args], "total_ms": total / 1000, "top_level_ms": [[n, us / 1000] for us, n in top[:6]]}


def fixed_costs(repeat: int) -> dict[str, object]:
    """A 300-line script end to end, ``--version``, and what each imports."""
    folder = Path(tempfile.mkdtemp(prefix="hplint-bench-one-"))
    one = folder / "script_300.py"
    one.write_text(script(7, target_lines=300), encoding="utf-8")
    single: list[float] = []
    version: list[float] = []
    for _ in range(max(5, repeat * 3)):
        single.append(run_command(hplint_cmd("--no-cache", str(one)))[0])
        version.append(run_command([str(BIN / "hplint"), "--version"])[0])
    python = [run_command([sys.executable, "-c", "pass"])[0] for _ in range(5)]
    result = {
        "script_lines": one.read_text(encoding="utf-8").count("\n"),
        "script_300_lines_ms": 1000 * statistics.median(single),
        "version_ms": 1000 * statistics.median(version),
        "bare_python_ms": 1000 * statistics.median(python),
        "importtime_version": importtime(["--version"]),
        "importtime_single_file": importtime(["check", "--no-cache", "--exit-zero", str(one)]),
    }
    shutil.rmtree(folder, ignore_errors=True)
    return result


def largest_accepted(folder: Path, limit: int) -> dict[str, Path]:
    """Files at hplint's per-file limit (``engine.MAX_SYNTAX_NODES``): the largest it
    accepts and the smallest it refuses, in the costliest shape measured per node of
    Python's tree (one literal list of small numbers)."""
    header = "from sklearn.svm import SVC\nx = ["

    def text(elements: int) -> str:
        return header + "1," * elements + "]\n"

    overhead = sum(1 for _ in ast.walk(ast.parse(text(1)))) - 1  # the nodes besides the elements
    files = {"accepted": limit - overhead, "refused": limit - overhead + 1}
    out = {}
    for name, elements in files.items():
        path = folder / f"{name}.py"
        path.write_text(text(elements), encoding="utf-8")
        out[name] = path
    return out


def memory_limit() -> dict[str, object]:
    """Peak memory of one file at the per-file limit: hplint against LibCST's bare parse."""
    from hplint import engine

    folder = Path(tempfile.mkdtemp(prefix="hplint-bench-memory-"))
    files = largest_accepted(folder, engine.MAX_SYNTAX_NODES)
    accepted = str(files["accepted"])
    parse = [sys.executable, "-c", "import sys, libcst; libcst.parse_module(open(sys.argv[1]).read())", accepted]
    rows = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "libcst.parse_module, largest accepted file": parse,
        "hplint check, largest accepted file": hplint_cmd("--no-cache", "--jobs", "1", accepted),
        "hplint check, smallest refused file": hplint_cmd("--no-cache", "--jobs", "1", str(files["refused"])),
    }
    measured = {}
    for name, cmd in rows.items():
        seconds, rss = run_command(cmd)
        measured[name] = {"seconds": seconds, "max_rss_mb": rss}
    result = {"limit_nodes": engine.MAX_SYNTAX_NODES, "file_chars": files["accepted"].stat().st_size, "rows": measured}
    shutil.rmtree(folder, ignore_errors=True)
    return result


# --- printing -----------------------------------------------------------------------------


def print_corpus(res: dict[str, object]) -> None:
    print(f"\n== {res['corpus']}: {res['files']} files parsed ({res['lines']} lines), "
          f"{res['files_skipped_unparsable']} skipped (LibCST cannot parse them)")  # fmt: skip
    print(f"{'row':<46} {'total s':>8} {'ms/file':>8} {'× parse':>8} {'max RSS':>8}")
    print("-" * 82)
    for row in res["rows"]:  # type: ignore[attr-defined]
        if row["seconds"] is None:
            print(f"{row['name']:<46} unavailable ({row['note']})")
            continue
        rss = f"{row['max_rss_mb']:.0f} MB" if row["max_rss_mb"] else ""
        note = f"  ({row['note']})" if row["note"] else ""
        print(f"{row['name']:<46} {row['seconds']:>8.2f} {row['ms_per_file']:>8.2f} {row['ratio']:>8.2f} {rss:>8}{note}")
    if "speedup_all_workers" in res:
        print(f"all workers vs 1 worker: {res['speedup_all_workers']:.2f}x faster")
    if "fixit_over_hplint_all_workers" in res:
        print(f"fixit lint / hplint check (both on all CPUs): {res['fixit_over_hplint_all_workers']:.1f}x")
    for s in res.get("scaling", []):  # type: ignore[attr-defined]
        print(f"scaling {s['factor']}x: {s['files']} files, {s['seconds']:.2f} s, {s['ms_per_file']:.2f} ms/file, {s['max_rss_mb']:.0f} MB")


def print_fixed(res: dict[str, object]) -> None:
    print(f"\n== fixed costs (median of runs)")
    print(f"hplint check --no-cache on a {res['script_lines']}-line script: {res['script_300_lines_ms']:.0f} ms end to end")
    print(f"hplint --version: {res['version_ms']:.0f} ms; bare `python -c pass`: {res['bare_python_ms']:.0f} ms")
    for key in ("importtime_version", "importtime_single_file"):
        imp = res[key]
        tops = ", ".join(f"{n} {ms:.0f}" for n, ms in imp["top_level_ms"])  # type: ignore[index]
        print(f"-X importtime `{' '.join(imp['command'][:3])} ...`: {imp['total_ms']:.0f} ms in imports; largest (ms, cumulative): {tops}")  # type: ignore[index]


def print_memory(res: dict[str, object]) -> None:
    print(f"\n== one file at the limit: {res['limit_nodes']:,} nodes of Python's tree, a {res['file_chars']:,}-character literal list")
    rows = res["rows"]
    floor = rows["libcst.parse_module, largest accepted file"]["max_rss_mb"]  # type: ignore[index]
    for name, row in rows.items():  # type: ignore[attr-defined]
        print(f"{name:<46} {row['seconds']:>8.2f} s {row['max_rss_mb']:>8.0f} MB {row['max_rss_mb'] / floor:>6.2f}x the parse's peak")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="hplint against a bare LibCST parse of the same files.")
    ap.add_argument("paths", nargs="*", type=Path, help="corpus directories (instead of the built-in corpora)")
    ap.add_argument("--corpus", action="append", choices=["generated", "library", "gallery"], help="built-in corpora to run (default: all available)")
    ap.add_argument("--files", type=int, default=1000, help="scripts in the generated corpus (default 1000)")
    ap.add_argument("--repeat", type=int, default=3, help="passes per row; the median is reported")
    ap.add_argument("--scale", help="corpus multiples for the scaling rows (default 1,2,5; '' to skip)")
    ap.add_argument("--quick", action="store_true", help="1 pass, no provider rows, scaling 1,2; the generated corpus (200 files) unless --corpus or paths say otherwise")
    ap.add_argument("--no-fixit", action="store_true", help="skip the fixit row (about 30x the parse: the longest row by far)")
    ap.add_argument("--json", type=Path, metavar="OUT", help="also write the results as JSON")
    ap.add_argument("--memory", action="store_true", help="also the peak memory of the largest file hplint accepts (a few minutes)")
    ap.add_argument("--memory-only", action="store_true", help="only that row: no corpora, no fixed costs")
    args = ap.parse_args(argv)
    if args.quick:
        args.repeat = 1
        args.scale = "1,2" if args.scale is None else args.scale
        args.files = 200 if args.files == 1000 else args.files
        args.corpus = args.corpus or ["generated"]
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        ap.error(f"no such path: {', '.join(map(str, missing))}")
    WORK.mkdir(parents=True, exist_ok=True)
    _compile_hplint()
    roots: list[Path] = list(args.paths)
    if not roots and not args.memory_only:
        chosen = args.corpus or ["generated", "library", "gallery"]
        if "generated" in chosen:
            roots.append(generated_corpus(args.files))
        if "library" in chosen and (lib := library_corpus()) is not None:
            roots.append(lib)
        if "gallery" in chosen and GALLERY.is_dir():
            roots.append(GALLERY)
    factors = [int(f) for f in (args.scale if args.scale is not None else "1,2,5").split(",") if f.strip()]
    print(f"Python {platform.python_version()}, libcst {metadata.version('libcst')}, hplint {_version('hplint')}, "
          f"ruff {tool_version('ruff')}, fixit {tool_version('fixit')}; {os.cpu_count()} CPUs; load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}; median of {args.repeat} passes")  # fmt: skip
    results: dict[str, object] = {"python": platform.python_version(), "libcst": metadata.version("libcst"),
                                  "hplint": _version("hplint"), "cpus": os.cpu_count(), "platform": platform.platform(),
                                  "load_before": os.getloadavg(), "repeat": args.repeat, "corpora": []}  # fmt: skip
    for root in roots:
        res = measure_corpus(root, max(1, args.repeat), args.quick, fixit=not args.no_fixit)
        if factors:
            res["scaling"] = scaling(root, factors)
        print_corpus(res)
        results["corpora"].append(res)  # type: ignore[attr-defined]
    if not args.memory_only:
        fixed = fixed_costs(args.repeat)
        print_fixed(fixed)
        results["fixed_costs"] = fixed
    if args.memory or args.memory_only:
        results["memory_limit"] = memory_limit()
        print_memory(results["memory_limit"])  # type: ignore[arg-type]
    results["load_after"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


def _compile_hplint() -> None:
    """Write hplint's bytecode first, as `pip install` does: with PYTHONDONTWRITEBYTECODE set
    (or a read-only checkout) every run would otherwise compile hplint's modules again,
    ~70 ms of each start-up that an installed hplint does not pay."""
    try:
        import hplint
    except ImportError:
        return
    compileall.compile_dir(Path(hplint.__file__).parent, quiet=1)


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


if __name__ == "__main__":
    sys.exit(main())
