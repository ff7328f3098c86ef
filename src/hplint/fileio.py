"""Writing users' files: all or nothing, never a half-written file.

Every change hplint makes to a user's file (``--add-noqa``, ``--fix``)
goes through :func:`write_atomic`: the new bytes go to a temporary file in the same
directory, which then replaces the original in one ``os.replace`` (atomic on POSIX and on
Windows for files on one volume). A failure before that step leaves the original as it
was and removes the temporary file.

The replace needs only the directory's write permission, so a file the user made read-only
would be rewritten all the same: the file's own permission is checked first (see
:func:`check_writable`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

# Suffix of the temporary files; a crash between their creation and the replace (a killed
# process, a power cut) can leave one behind, and the name says whose it is.
TEMPORARY_SUFFIX = ".hplint-tmp"


def check_writable(path: Path, status: os.stat_result) -> None:
    """Raise PermissionError unless the user may write ``path`` itself.

    ``os.access`` answers for the real user, ACLs and read-only mounts included; but for
    root it grants everything. A file with no write bit for anyone was made read-only on
    purpose, so it is refused whoever runs hplint: root's override stays an explicit
    ``chmod``, as it does for ``--fix``'s users who are not root.
    """
    if not os.access(path, os.W_OK) or not status.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise PermissionError(errno.EACCES, "the file is read-only", str(path))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace the contents of ``path`` with ``data`` atomically; raise OSError on failure.

    A file the user may not write raises PermissionError and is left as it is. The file
    keeps its permission bits, and its owner and group where the process may set
    them. A symbolic link is followed: the file it points to is replaced and the link stays.
    A file with several hard links is replaced by a new one under this name only.
    """
    target = Path(os.path.realpath(path))
    try:
        status: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        status = None
    if status is not None:
        check_writable(target, status)
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
