"""Writing a command's report to stdout or to `--output FILE`, notes, and
how they name a file and show its change.

A report goes to a regular file atomically (a reader sees the old report or
the new one). Any other target is written as it is, never replaced: a
character device (`/dev/null`, `/dev/stdout`), a FIFO, a terminal. A folder
is refused, a missing parent folder is made, and every failure (no room, no
permission) is an `OutputError` that says so (exit 2), never a traceback.
"""

from __future__ import annotations

import difflib
import os
import stat
import sys
from pathlib import Path

from usm_lint.fileio import write_atomic
from usm_lint.report.escape import shown


class OutputError(Exception):
    """The report could not be written; the message says where and why."""


def _special(path: str) -> bool:
    """Whether `path` exists and is not a regular file (nor a link to one)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode)


def write_output(output: str, data: bytes) -> None:
    if os.path.isdir(output):
        raise OutputError(f"{output}: is a folder; name the file to write")
    try:
        if _special(output):
            with open(output, "wb") as target:  # /dev/null, a FIFO: written, not replaced
                target.write(data)
            return
        parent = os.path.dirname(os.path.abspath(output))
        os.makedirs(parent, exist_ok=True)
        write_atomic(output, data)
    except OSError as error:
        reason = error.strerror or str(error)
        raise OutputError(f"{output}: not written: {reason}") from None


def emit(text: str, output: str | None) -> None:
    if output:
        write_output(output, text.encode("utf-8", "backslashreplace"))
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def note(message: str) -> None:
    print(f"usm-lint: {message}", file=sys.stderr)


def display_path(path: str, cwd: Path) -> str:
    """How messages name a file: relative to `cwd` when below it, control
    characters escaped (a file name could clear the terminal)."""
    relative = Path(path).relative_to(cwd).as_posix() if Path(path).is_relative_to(cwd) else path
    return shown(relative)


def unified_diff(display: str, old: str, new: str) -> str:
    """A file's change as a unified diff, the file named `a/...` and `b/...`."""
    return "".join(difflib.unified_diff(old.splitlines(keepends=True),
                                        new.splitlines(keepends=True),
                                        f"a/{display}", f"b/{display}"))
