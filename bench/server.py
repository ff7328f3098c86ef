#!/usr/bin/env python3
"""What ``hplint server`` adds to a lint: latency from ``didChange`` to ``publishDiagnostics``.

    python bench/server.py [--runs N] [--json OUT]

Two generated ML scripts (~300 and ~3,000 lines; a training block repeated with fresh
names, with findings in it) are opened in a real ``hplint server`` subprocess. Each run
sends one full-text ``textDocument/didChange`` (the text alternates between two variants
that differ in a comment, so every run is a real re-lint) and waits for the diagnostics of
that version; nothing else is in flight. The same texts are linted in this process with
``hplint.engine.lint_source``, interleaved run by run. Reported: median and p95 of each,
and the ratio median latency / median in-process lint. Needs pygls (``hplint[server]``).
See bench/README.md, "Language server".
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from hplint import __version__
from hplint.engine import lint_source

BLOCK = '''
# --- experiment {n}: a model, a search, a report -------------------------------------
X_{n}, y_{n} = load_iris(return_X_y=True)
X_train_{n}, X_test_{n}, y_train_{n}, y_test_{n} = train_test_split(
    X_{n}, y_{n}, test_size=0.25, random_state={n}
)
scaler_{n} = StandardScaler()
pipe_{n} = Pipeline([("scale", scaler_{n}), ("svc", SVC(gama=0.1, kernel="rbf"))])
grid_{n} = GridSearchCV(
    pipe_{n},
    {{"svc__C": [0.1, 1.0, 10.0], "svc__kernel": ["linear", "rbf"]}},
    cv=5,
    n_jobs=-1,
)
grid_{n}.fit(X_train_{n}, y_train_{n})
forest_{n} = RandomForestClassifier(n_estimators=100, max_depth=None, random_state={n})
forest_{n}.fit(X_train_{n}, y_train_{n})
scores_{n} = {{
    "grid": grid_{n}.score(X_test_{n}, y_test_{n}),
    "forest": forest_{n}.score(X_test_{n}, y_test_{n}),
}}
clf_{n} = LogisticRegression(C="strong", max_iter=1000)
clf_{n}.fit(X_train_{n}, y_train_{n})


def report_{n}(scores):
    """Print the scores of experiment {n}."""
    for name, score in sorted(scores.items()):
        print(f"{{name}}: {{score:.3f}}")


report_{n}(scores_{n})
'''

HEADER = '''"""A generated ML script for bench/server.py."""

from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
'''


def script(lines: int) -> str:
    """A script of about ``lines`` lines."""
    parts = [HEADER]
    n = 0
    while sum(part.count("\n") for part in parts) < lines:
        n += 1
        parts.append(BLOCK.format(n=n))
    return "".join(parts)


@dataclass
class Result:
    name: str
    lines: int
    findings: int
    runs: int
    server_median_ms: float
    server_p95_ms: float
    lint_median_ms: float
    lint_p95_ms: float
    ratio: float


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Bench:
    def __init__(self) -> None:
        self.client = LanguageClient("hplint-bench", "1")
        self.waiting: dict[tuple[str, int], asyncio.Future[tuple[float, int]]] = {}

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def logged(params: types.LogMessageParams) -> None:
            if params.type == types.MessageType.Error:
                print(f"server: {params.message}", file=sys.stderr)

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            future = self.waiting.pop((params.uri, params.version or 0), None)
            if future is not None and not future.done():
                future.set_result((time.perf_counter(), len(params.diagnostics)))

    def expect(self, uri: str, version: int) -> asyncio.Future[tuple[float, int]]:
        future: asyncio.Future[tuple[float, int]] = asyncio.get_running_loop().create_future()
        self.waiting[(uri, version)] = future
        return future

    async def start(self, root: Path) -> None:
        await self.client.start_io(sys.executable, "-m", "hplint", "server")
        await self.client.initialize_async(
            types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=root.as_uri())
        )
        self.client.initialized(types.InitializedParams())

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    async def measure(self, name: str, text: str, path: Path, runs: int, warmup: int) -> Result:
        uri = path.as_uri()
        future = self.expect(uri, 1)
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
            )
        )
        _, findings = await asyncio.wait_for(future, 120)
        variants = [text, text + "# edited\n"]
        served: list[float] = []
        linted: list[float] = []
        for run in range(warmup + runs):
            version = run + 2
            changed = variants[run % 2]
            future = self.expect(uri, version)
            sent = time.perf_counter()
            self.client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[types.TextDocumentContentChangeWholeDocument(text=changed)],
                )
            )
            received, count = await asyncio.wait_for(future, 120)
            assert count == findings, "every variant has the same findings"
            began = time.perf_counter()
            assert len(lint_source(changed, str(path))) == findings
            ended = time.perf_counter()
            if run >= warmup:
                served.append((received - sent) * 1000)
                linted.append((ended - began) * 1000)
        server_median, lint_median = statistics.median(served), statistics.median(linted)
        return Result(
            name, text.count("\n"), findings, runs,
            server_median, p95(served), lint_median, p95(linted), server_median / lint_median,
        )


async def main_async(runs: int, out: Path | None) -> None:
    bench = Bench()
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        await bench.start(root)
        try:
            results = [
                await bench.measure("~300-line script", script(300), root / "small.py", runs, warmup=5),
                await bench.measure("~3,000-line script", script(3000), root / "large.py", max(runs // 2, 10), warmup=3),
            ]
        finally:
            await bench.stop()
    print(f"hplint {__version__}, Python {platform.python_version()}, {platform.system()}")
    print("| script | lines | findings | runs | server median ms | server p95 ms | lint median ms | lint p95 ms | median ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r.name} | {r.lines} | {r.findings} | {r.runs} | {r.server_median_ms:.1f} | {r.server_p95_ms:.1f} "
            f"| {r.lint_median_ms:.1f} | {r.lint_p95_ms:.1f} | {r.ratio:.2f} |"
        )
    if out is not None:
        out.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=40, help="measured runs on the small script (half on the large)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args()
    asyncio.run(main_async(args.runs, args.json))


if __name__ == "__main__":
    main()
