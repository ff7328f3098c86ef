"""Writing users' files: all or nothing, never a half-written file.

Every change hplint makes to a user's file (``--add-noqa``, ``--fix``)
goes through :func:`write_atomic`: the new bytes go to a temporary file in the same
directory, which then replaces the original in one ``os.replace`` (atomic on POSIX and on
Windows for files on one volume). A failure before that step leaves the original as it
was and removes the temporary file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

# Suffix of the temporary files; a crash between their creation and the replace (a killed
# process, a power cut) can leave one behind, and the name says whose it is.
TEMPORARY_SUFFIX = ".hplint-tmp"


def write_atomic(path: Path, data: bytes) -> None:
    """Replace the contents of ``path`` with ``data`` atomically; raise OSError on failure.

    The file keeps its permission bits, and its owner and group where the process may set
    them. A symbolic link is followed: the file it points to is replaced and the link stays.
    A file with several hard links is replaced by a new one under this name only.
    """
    target = Path(os.path.realpath(path))
    try:
        status: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        status = None
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=TEMPORARY_SUFFIX
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if status is not None:
            os.chmod(temporary, stat.S_IMODE(status.st_mode))
            if hasattr(os, "chown"):
                with contextlib.suppress(OSError):
                    os.chown(temporary, status.st_uid, status.st_gid)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
