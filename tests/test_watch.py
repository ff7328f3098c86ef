"""`check --watch`, run as a user runs it: it lints, sees an edit, a new file and a
configuration change, lints again each time, and stops on Ctrl-C with status 0."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
import time
from pathlib import Path

from conftest import hplint_executable, run_hplint, write

CLEAN = "from sklearn.svm import SVC\nSVC()\n"
TYPO = "from sklearn.svm import SVC\nSVC(gama=0.1)\n"


class Session:
    """A running `hplint check --watch`, its output read line by line on a thread."""

    def __init__(self, cwd: Path, *args: str) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("HPLINT_")}
        self.process = subprocess.Popen(
            [hplint_executable(), "check", "--watch", "-n", "--output-format", "concise", *args],
            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def run(self, timeout: float = 60) -> list[str]:
        """The lines up to the end of the next run ("... Watching for file changes.")."""
        out: list[str] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            out.append(line)
            if line.endswith("Watching for file changes."):
                return out
        raise AssertionError(f"no run ended within {timeout} s: {out}")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=30)


def _edit(path: Path, text: str) -> None:
    time.sleep(0.05)  # a new mtime even on coarse clocks; the size differs anyway
    path.write_text(text, encoding="utf-8")


def test_watch_sees_an_edit_a_new_file_and_a_configuration_change(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": CLEAN})
    session = Session(tmp_path, ".")
    try:
        first = session.run()
        assert first[0].endswith("] Starting linter in watch mode...")
        assert first[-1].endswith("] Found 0 errors. Watching for file changes.")

        _edit(tmp_path / "train.py", TYPO)
        second = session.run()
        assert second[0].endswith("] File change detected...")
        assert "train.py:2:5: HP401 `SVC` has no parameter `gama`; did you mean `gamma`?" in second
        assert second[-1].endswith("] Found 1 error. Watching for file changes.")

        _edit(tmp_path / "more.py", TYPO)
        third = session.run()
        assert third[-1].endswith("] Found 2 errors. Watching for file changes.")
        assert any(line.startswith("more.py:2:5: HP401") for line in third)

        _edit(tmp_path / "hplint.toml", 'ignore = ["HP401"]\n')
        fourth = session.run()
        assert fourth[-1].endswith("] Found 0 errors. Watching for file changes.")
    finally:
        status = session.stop()
    assert status == 0


def test_watch_refuses_what_it_cannot_repeat(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": CLEAN})
    for extra in (["--fix"], ["--diff"], ["--statistics"], ["-"]):
        done = run_hplint("check", "--watch", *extra, cwd=tmp_path, input="")
        assert done.returncode == 2 and "--watch cannot be used with" in done.stderr, extra
