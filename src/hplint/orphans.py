"""Child processes that do not outlive the process that started them."""

from __future__ import annotations

import os
import sys


def die_with_parent() -> None:
    """Make this process (a multiprocessing child) end when its parent ends, however it ends.

    A ``hplint check`` worker waits for work on a pipe whose write end it inherited when
    it was forked, so it never sees that pipe close: when the run is killed (a timeout, a
    cancelled CI job, pre-commit interrupted), its workers would wait there forever. The
    language server's lint process would finish its lint first, a minute on a large
    file, before it saw its pipe close. Two watches:

    - on Linux, the kernel's parent-death signal (``prctl(PR_SET_PDEATHSIG)``): SIGKILL the
      moment the parent exits, even while this process is deep in LibCST's native parser,
      which holds the GIL and would keep a Python thread from acting for seconds;
    - everywhere, a thread waiting on multiprocessing's parent sentinel (a pipe whose write
      end the parent holds; the parent's handle on Windows), which ends the process when
      the parent is gone, and covers a parent that died before the first watch was set.

    The kernel's "parent" is the thread that started the child, so both start theirs from a
    thread that lives as long as the children are used (the run's main thread; the
    server's one lint thread). Neither child keeps anything worth a clean exit: its results were for the dead parent,
    and cache entries are written whole or not at all (``Cache.put``).
    """
    import multiprocessing
    import threading

    _parent_death_signal()
    parent = multiprocessing.parent_process()
    if parent is None:
        return  # not a multiprocessing child: nothing to watch

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="hplint-parent-watch", daemon=True).start()


def _parent_death_signal() -> None:
    """Ask Linux to SIGKILL this process when its parent exits (nothing elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    pr_set_pdeathsig = 1  # <linux/prctl.h>
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # no libc with prctl (e.g. a static build): the sentinel watch still holds
