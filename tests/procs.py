"""What /proc says about a process: its children, whether it lives, its resident memory
(Linux only; the tests that use it skip elsewhere)."""

from __future__ import annotations

import os
from pathlib import Path

HAS_PROC = Path("/proc/self/stat").exists()


def stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, or None when there is none by that pid."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # "pid (command) state ppid ...": the command may hold spaces and parentheses.
    state, ppid = text.rpartition(")")[2].split()[:2]
    return state, int(ppid)


def alive(pid: int) -> bool:
    found = stat(pid)
    return found is not None and found[0] != "Z"  # a zombie has exited; its reaper may be slow


def children(pid: int) -> set[int]:
    """The pids of ``pid``'s live children."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            info = stat(int(entry))
            if info is not None and info[1] == pid and info[0] != "Z":
                found.add(int(entry))
    return found


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` in MB (0 when it is gone)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0.0
    for line in lines:
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its children, in MB."""
    return rss_mb(pid) + sum(rss_mb(child) for child in children(pid))
