"""Atomic writes: a reader (or a crash) sees the old file or the new, never a mix."""

from __future__ import annotations

import os
import stat
import tempfile


def write_atomic(path: str, data: bytes, durable: bool = True) -> None:
    """Write `data` to a temp file beside `path`, fsync it, rename it over `path`.

    The temp file lives in the same folder (a rename across file systems is not
    atomic) and takes the original's permission bits. `durable=False` skips the
    fsync, for data that may be lost in a crash (cache entries).
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
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
