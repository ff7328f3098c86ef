#!/usr/bin/env python3
"""Compare hplint's search-space findings on real code with the independent judge.

Runs ``hplint check --output-format json --no-cache --select ALL`` (the command given with
``--hplint``, e.g. ``/work/venvs/<branch>/bin/hplint``) over the files of ``--files`` in
batches, reads the judge's JSON lines (``judge_spaces.py``; run here when ``--judge`` does not
exist yet), and prints:

* the number of search calls, how many the judge resolved, and the share of those whose
  space AND target hplint resolves. That share is measured with a probe: for each call, a
  copy of its file gets one extra key inserted at the start of the call's (first) space
  dict, on the same line, so no other position moves: ``"zz_probe_key": [1, 2]``, which
  hplint reports as HP302 only if it knows both the space and the estimator it targets; for
  an estimator that takes ``**kwargs`` (XGBoost, LightGBM: HP302 stays silent by design) the
  probe is ``"n_jobs": [1, 2]``, reported as HP301 naming the estimator. A call counts as
  resolved when the probe finding appears exactly where the key was inserted. Calls whose
  dict the judge could not place (``validation_curve``) are left out of the share and
  counted apart;
* the recall of HP402 (on candidates), HP102, HP301 and HP302 against the judge's defects,
  matched by file, notebook cell, row and code (HP402 also at the key's row);
* every HP2xx/HP3xx/HP4xx finding into ``<out>/findings-hp2-4.tsv`` for a hand check of
  precision, each marked with whether the judge reports the same defect;
* HP101: the total and the distribution of findings per file with findings.

Usage:
  compare.py --hplint /path/to/bin/hplint --files /work/corpus/FILES.txt \\
             --judge judge.jsonl --out OUTDIR [--batch 150] [--jobs 2] [--reuse] [--no-probe]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import statistics
import subprocess
import sys
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
CODES = {"invalid-candidate": "HP402", "single-candidate": "HP102",
         "non-model-key": "HP301", "unknown-key": "HP302"}
PROBE_KEY = "zz_probe_key"
PROBE_KWARGS_KEY = "n_jobs"
# The judge's tag for a search imported from a module scikit-learn removed in 0.20
# (sklearn.grid_search): reported apart, since such code no longer runs at all.
LEGACY = "search-from-removed-module"


def run_hplint(hplint: str, paths: list[str], batch: int, jobs: int, log: list[str]) -> list[dict[str, Any]]:
    findings: list[dict[str, Any]] = []
    for start in range(0, len(paths), batch):
        chunk = paths[start:start + batch]
        command = [hplint, "check", "--output-format", "json", "--no-cache", "--select", "ALL",
                   "--jobs", str(jobs), *chunk]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode not in (0, 1):
            log.append(f"batch {start}: exit {done.returncode}: {done.stderr.strip()[:500]}")
        try:
            findings.extend(json.loads(done.stdout or "[]"))
        except json.JSONDecodeError:
            log.append(f"batch {start}: output is not JSON: {done.stdout[:200]!r} {done.stderr[:300]!r}")
        print(f"  hplint: {min(start + batch, len(paths))}/{len(paths)} files", file=sys.stderr)
    for finding in findings:
        finding["filename"] = os.path.abspath(finding["filename"])
    return findings


def position(finding: dict[str, Any]) -> tuple[str, int | None, int]:
    return finding["filename"], finding.get("cell"), finding["location"]["row"]


# ------------------------------------------------------------------ probes


def write_probes(records: list[dict[str, Any]], directory: str) -> dict[str, dict[str, Any]]:
    """One copy per probed call, the probe key inserted at the judge's position."""
    shutil.rmtree(directory, ignore_errors=True)
    probes: dict[str, dict[str, Any]] = {}
    for number, record in enumerate(records):
        probe = record.get("probe")
        if not record.get("resolved") or not probe:
            continue
        key = PROBE_KWARGS_KEY if probe["kwargs_target"] else PROBE_KEY
        text = f'"{key}": [1, 2], ' if probe["style"] == "dict" else f"{key}=[1, 2], "
        target = os.path.join(directory, str(number), os.path.basename(record["file"]))
        os.makedirs(os.path.dirname(target))
        if _insert(record["file"], target, probe, text):
            probes[target] = {"record": record, "key": key}
    return probes


def _insert(source: str, target: str, probe: dict[str, Any], text: str) -> bool:
    row, col = probe["row"] - 1, probe["col"]
    if probe["cell"] is None:
        with open(source, encoding="utf-8", errors="replace", newline="") as handle:
            lines = handle.read().split("\n")
        if row >= len(lines):
            return False
        lines[row] = lines[row][:col] + text + lines[row][col:]
        with open(target, "w", encoding="utf-8", newline="") as handle:
            handle.write("\n".join(lines))
        return True
    with open(source, encoding="utf-8") as handle:
        notebook = json.load(handle)
    cells = notebook.get("cells")
    if cells is None:
        cells = [c for w in notebook.get("worksheets", []) for c in w.get("cells", [])]
    cell = cells[probe["cell"] - 1]
    field = "source" if "source" in cell else "input"
    source_text = cell[field] if isinstance(cell[field], str) else "".join(cell[field])
    lines = source_text.split("\n")
    if row >= len(lines):
        return False
    lines[row] = lines[row][:col] + text + lines[row][col:]
    joined = "\n".join(lines)
    cell[field] = joined if isinstance(cell[field], str) else joined.splitlines(keepends=True)
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(notebook, handle)
    return True


def probe_results(probes: dict[str, dict[str, Any]], findings: list[dict[str, Any]]) -> set[int]:
    """ids of the judge records whose probe hplint reported where it was inserted."""
    by_file = collections.defaultdict(list)
    for finding in findings:
        by_file[finding["filename"]].append(finding)
    seen = set()
    for path, probe in probes.items():
        record, key = probe["record"], probe["key"]
        spot = record["probe"]
        code = "HP301" if key == PROBE_KWARGS_KEY else "HP302"
        for finding in by_file.get(os.path.abspath(path), ()):
            location = finding["location"]
            if finding["code"] == code and finding.get("cell") == spot["cell"] \
                    and location["row"] == spot["row"] and location["column"] == spot["col"] + 1:
                seen.add(id(record))
    return seen


# ------------------------------------------------------------------ matching


def judge_defects(records: list[dict[str, Any]]) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Unique judge defects of the measured kinds: (file, cell, row, key, kind) -> defect."""
    unique: dict[tuple[Any, ...], dict[str, Any]] = {}
    for record in records:
        # Single candidates and non-model keys are judged on a resolved space alone (the
        # judge needs no estimator for them); the other kinds come only with one.
        if not record.get("space_resolved"):
            continue
        for defect in record["defects"]:
            if defect["kind"] in CODES:
                key = (record["file"], defect["cell"], defect["row"], defect["key"], defect["kind"])
                unique.setdefault(key, {**defect, "file": record["file"], "call": record["call"],
                                        "legacy": LEGACY in record.get("shape", ())})
    return unique


def matched(defect: dict[str, Any], index: dict[tuple[Any, ...], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """hplint's findings of the defect's code at its position (those naming its key, if any)."""
    code = CODES[defect["kind"]]
    rows = {defect["row"], defect.get("key_row", defect["row"])}
    candidates = [f for row in rows for f in index.get((defect["file"], defect["cell"], row, code), ())]
    named = [f for f in candidates if f"`{defect['key']}`" in f["message"]]
    return named or candidates


# ------------------------------------------------------------------ report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hplint", required=True, help="the hplint command to measure")
    parser.add_argument("--files", required=True, help="FILES.txt: one path a line")
    parser.add_argument("--judge", required=True, help="judge JSON lines (created when missing)")
    parser.add_argument("--out", required=True, help="directory for the outputs")
    parser.add_argument("--batch", type=int, default=150)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-probe", action="store_true", help="skip the resolution probe")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse OUT/hplint.json from an earlier run of the same hplint")
    options = parser.parse_args(argv)
    os.makedirs(options.out, exist_ok=True)
    with open(options.files, encoding="utf-8") as handle:
        paths = [os.path.abspath(line.strip()) for line in handle if line.strip()]
    if not os.path.exists(options.judge):
        print("running the judge ...", file=sys.stderr)
        subprocess.run([sys.executable, os.path.join(HERE, "judge_spaces.py"), "--files-from",
                        options.files, "--output", options.judge], check=True)
    with open(options.judge, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    for row in rows:
        row["file"] = os.path.abspath(row["file"])
    broken = [r for r in rows if "search_calls_textual" in r]
    records = [r for r in rows if "search_calls_textual" not in r]

    log: list[str] = []
    saved = os.path.join(options.out, "hplint.json")
    if options.reuse and os.path.exists(saved):
        with open(saved, encoding="utf-8") as handle:
            findings = json.load(handle)
    else:
        findings = run_hplint(options.hplint, paths, options.batch, options.jobs, log)
        with open(saved, "w", encoding="utf-8") as handle:
            json.dump(findings, handle)

    summary: dict[str, Any] = {"files": len(paths), "hplint_findings": len(findings),
                               "by_code": dict(collections.Counter(f["code"] for f in findings).most_common())}
    # Search calls and their resolution.
    resolved = [r for r in records if r["resolved"]]
    summary["search_calls"] = len(records)
    summary["search_calls_in_code_the_judge_cannot_parse"] = sum(r["search_calls_textual"] for r in broken)
    summary["files_the_judge_cannot_parse"] = sum("parse_error" in r for r in broken)
    summary["notebook_cells_the_judge_cannot_parse"] = sum("dropped_cell" in r for r in broken)
    summary["judge_resolved"] = len(resolved)
    summary["judge_space_resolved_estimator_not"] = sum(r["space_resolved"] and not r["resolved"] for r in records)
    summary["judge_unresolved_reasons"] = dict(collections.Counter(
        (r["why"] or "").split(":")[0] + ": " + (r["why"] or "").split(":")[1].strip()[:40]
        if ":" in (r["why"] or "") else r["why"] for r in records if not r["resolved"]).most_common(15))
    if not options.no_probe:
        probes = write_probes(records, os.path.join(options.out, "probes"))
        probe_findings = run_hplint(options.hplint, sorted(probes), options.batch, options.jobs, log)
        seen = probe_results(probes, probe_findings)
        probed = [p["record"] for p in probes.values()]
        summary["probed_calls"] = len(probed)
        summary["probed_calls_hplint_resolved"] = sum(id(r) in seen for r in probed)
        summary["probed_share"] = round(summary["probed_calls_hplint_resolved"] / max(1, len(probed)), 3)
        current = [r for r in probed if LEGACY not in r.get("shape", ())]
        summary["probed_share_without_removed_modules"] = (
            f"{sum(id(r) in seen for r in current)}/{len(current)} = "
            f"{sum(id(r) in seen for r in current) / max(1, len(current)):.3f}")
        summary["resolved_calls_without_probe"] = len(resolved) - len(probed)
        shared = collections.Counter((r["file"], r["probe"]["line"]) for r in probed)
        summary["probed_calls_sharing_their_space_dict"] = sum(n for n in shared.values() if n > 1)
        by_shape: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
        for record in probed:
            for tag in record.get("shape", ()):
                by_shape[tag][0] += 1
                by_shape[tag][1] += id(record) in seen
        summary["probed_by_shape"] = {tag: f"{hit}/{total}" for tag, (total, hit) in sorted(by_shape.items())}
        with open(os.path.join(options.out, "unresolved-by-hplint.tsv"), "w", encoding="utf-8") as handle:
            for record in probed:
                if id(record) not in seen:
                    handle.write(f"{record['file']}\t{record['cell']}\t{record['row']}\t{record['call']}"
                                 f"\t{record['estimator']}\t{','.join(record.get('shape', ()))}\n")

    # Recall against the judge.
    index: dict[tuple[Any, ...], list[dict[str, Any]]] = collections.defaultdict(list)
    for finding in findings:
        file, cell, row = position(finding)
        index[(file, cell, row, finding["code"])].append(finding)
    defects = judge_defects(records)
    recall: dict[str, Any] = {}
    matched_findings: set[int] = set()
    with open(os.path.join(options.out, "judge-defects.tsv"), "w", encoding="utf-8") as handle:
        for defect in defects.values():
            hits = matched(defect, index)
            matched_findings.update(id(hit) for hit in hits)
            entry = recall.setdefault(CODES[defect["kind"]], {"present": 0, "reported": 0,
                                                              "present_without_removed_modules": 0,
                                                              "reported_without_removed_modules": 0})
            entry["present"] += 1
            entry["reported"] += bool(hits)
            if not defect["legacy"]:
                entry["present_without_removed_modules"] += 1
                entry["reported_without_removed_modules"] += bool(hits)
            handle.write(f"{'FOUND' if hits else 'MISSED'}\t{CODES[defect['kind']]}\t{defect['file']}"
                         f"\t{defect['cell']}\t{defect['row']}\t{defect['key']}\t{defect['detail'][:160]}\n")
    for entry in recall.values():
        entry["recall"] = round(entry["reported"] / entry["present"], 3) if entry["present"] else None
        current = entry["present_without_removed_modules"]
        entry["recall_without_removed_modules"] = (
            round(entry["reported_without_removed_modules"] / current, 3) if current else None)
    summary["recall"] = dict(sorted(recall.items()))
    summary["judge_other_kinds"] = dict(collections.Counter(
        d["kind"] for r in resolved for d in r["defects"] if d["kind"] not in CODES))

    # Every HP2xx/HP3xx/HP4xx finding, for the hand check of precision.
    checked = [f for f in findings if f["code"][:3] in ("HP2", "HP3", "HP4")]
    with open(os.path.join(options.out, "findings-hp2-4.tsv"), "w", encoding="utf-8") as handle:
        handle.write("judge\tfile:cell:row:col\tcode\tmessage\n")
        for finding in sorted(checked, key=lambda f: (f["filename"], f.get("cell") or 0, f["location"]["row"])):
            file, cell, row = position(finding)
            spot = f"{file}:{'cell ' + str(cell) + ':' if cell else ''}{row}:{finding['location']['column']}"
            agree = "judge-agrees" if id(finding) in matched_findings else "-"
            handle.write(f"{agree}\t{spot}\t{finding['code']}\t{finding['message']}\n")
    summary["hp2_4_findings"] = len(checked)
    summary["hp2_4_findings_the_judge_confirms"] = sum(id(f) in matched_findings for f in checked)

    # HP101: per file with findings.
    per_file = collections.Counter(f["filename"] for f in findings if f["code"] == "HP101")
    counts = sorted(per_file.values())
    bins = collections.OrderedDict((label, 0) for label in ("1", "2", "3-5", "6-10", "11-20", ">20"))
    for n in counts:
        label = "1" if n == 1 else "2" if n == 2 else "3-5" if n <= 5 else "6-10" if n <= 10 \
            else "11-20" if n <= 20 else ">20"
        bins[label] += 1
    per_line = collections.Counter((f["filename"], f.get("cell"), f["location"]["row"])
                                   for f in findings if f["code"] == "HP101")
    summary["hp101"] = {
        "findings": sum(counts), "files_with_findings": len(counts),
        "per_file_mean": round(statistics.mean(counts), 2) if counts else 0,
        "per_file_median": statistics.median(counts) if counts else 0,
        "per_file_max": max(counts) if counts else 0,
        "per_file_histogram": dict(bins),
        "lines_with_3_or_more": sum(1 for n in per_line.values() if n >= 3),
        "findings_on_those_lines": sum(n for n in per_line.values() if n >= 3),
        "top_files": [[os.path.relpath(p, "/work/corpus"), n] for p, n in per_file.most_common(10)],
    }
    summary["log"] = log
    with open(os.path.join(options.out, "summary.json"), "w", encoding="utf-8") as handle:
        json.dump(summary, handle, indent=2)
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
