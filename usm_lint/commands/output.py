"""Writing a command's report to stdout or to `--output FILE`, and notes."""

from __future__ import annotations

import sys

from usm_lint.fileio import write_atomic


def emit(text: str, output: str | None) -> None:
    if output:
        write_atomic(output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def note(message: str) -> None:
    print(f"usm-lint: {message}", file=sys.stderr)
