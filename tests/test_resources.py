"""What a run may cost and leave behind: no worker outlives `hplint check`, and no single
file may take more memory than a bounded amount, however it is shaped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import hplint_executable, write

# --------------------------------------------------------------------------- workers

# Enough files to use worker processes (runner.PARALLEL_THRESHOLD), each slow enough that
# the run is still going when the test looks for its workers.
CORPUS = "from sklearn.svm import SVC\n" + "".join(f"m{i} = SVC(C={i})\n" for i in range(1000))


def _children(pid: int) -> set[int]:
    """The pids of ``pid``'s live children, from /proc."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat is not None and stat[1] == pid and stat[0] != "Z":
                found.add(int(entry))
    return found


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, or None when there is none by that pid."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # "pid (command) state ppid ...": the command may hold spaces and parentheses.
    state, ppid = text.rpartition(")")[2].split()[:2]
    return state, int(ppid)


def _alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"  # a zombie has exited; its reaper may be slow


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers through /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_no_worker_outlives_a_killed_run(tmp_path: Path, signum: signal.Signals) -> None:
    write(tmp_path, {f"m{i}.py": CORPUS for i in range(24)})
    env = {k: v for k, v in os.environ.items() if not k.startswith("HPLINT_")}
    run = subprocess.Popen(
        [hplint_executable(), "check", "--no-cache", "--jobs", "2", "."],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while len(workers) < 2 and run.poll() is None and time.monotonic() < deadline:
            workers |= _children(run.pid)
            time.sleep(0.02)
        assert len(workers) >= 2, "the run never started its workers"
        run.send_signal(signum)
        assert run.wait(timeout=30) == -signum
        deadline = time.monotonic() + 15
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = sorted(pid for pid in workers if _alive(pid))
        assert not left, f"workers {left} outlived the run killed by {signum.name}"
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        for pid in workers:  # a failed run of this test must not leave them either
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
