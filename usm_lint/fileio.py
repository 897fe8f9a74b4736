"""Atomic writes: a reader (or a crash) sees the old file or the new, never a mix."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path


def replace_model_file(path: str, expected: bytes, data: bytes, root: Path) -> None:
    """Replace a model file the user asked usm-lint to change (`format`, `--fix`,
    `--add-suppressions`) with `data`, atomically, and only when it is still
    what usm-lint read (`expected`): another run, or an editor, may have
    written it since. Never through a link out of the workspace at `root`,
    never a read-only file or one with other hard links (replacing it would
    split them), and keeping its owner and mode; raises OSError saying why not."""
    if os.path.islink(path):
        raise OSError("it is a symbolic link; usm-lint does not write through links")
    if not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root)):
        raise OSError(f"it is reached through a symbolic link out of the workspace ({root}); "
                      "usm-lint does not write outside it")
    info = os.lstat(path)
    if stat.S_ISREG(info.st_mode):
        if info.st_nlink > 1:
            raise OSError(f"it has {info.st_nlink} hard links; replacing it would split them")
        if not info.st_mode & 0o222:
            raise OSError("it is read-only")
    owner = (info.st_uid, info.st_gid) if hasattr(os, "chown") else None
    with open(path, "rb") as current:
        if sys.platform != "win32":
            import fcntl

            # Another usm-lint replacing the file waits here, then finds it changed.
            fcntl.flock(current, fcntl.LOCK_EX)
        held, now = os.fstat(current.fileno()), os.stat(path)
        if (held.st_dev, held.st_ino) != (now.st_dev, now.st_ino) or current.read() != expected:
            raise OSError("it changed since usm-lint read it; run again")
        if sys.platform != "win32":
            write_atomic(path, data, owner=owner)  # under the lock
            return
    write_atomic(path, data, owner=owner)  # Windows replaces no file that is open


def write_atomic(path: str, data: bytes, durable: bool = True,
                 owner: tuple[int, int] | None = None) -> None:
    """Write `data` to a temp file beside `path`, fsync it, rename it over `path`.

    The temp file lives in the same folder (a rename across file systems is not
    atomic) and takes the original's permission bits. `durable=False` skips the
    fsync, for data that may be lost in a crash (cache entries). `owner`: the
    (user, group) the new file must keep; OSError when it cannot.
    """
    if os.path.islink(path):
        # Writing through a link could change a file outside the workspace;
        # replacing the link would silently turn it into a copy. Neither.
        raise OSError(f"{path} is a symbolic link; usm-lint does not write through links")
    folder = os.path.dirname(os.path.abspath(path))
    mode = stat.S_IMODE(os.stat(path).st_mode) if os.path.exists(path) else 0o644
    handle, temp = tempfile.mkstemp(prefix=".usm-lint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.chmod(temp, mode)
        if owner is not None and owner != (os.getuid(), os.getgid()):  # POSIX only
            try:
                os.chown(temp, *owner)
            except PermissionError:
                raise OSError("it belongs to another user; replacing it would make it "
                              "yours") from None
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
