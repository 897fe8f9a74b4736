"""The `usm-lint` command's entry point: a replay of an unchanged check
(usm_lint/replay.py) before anything heavy is imported, else the command line."""

from __future__ import annotations

import io
import sys


def entry() -> None:
    arguments = sys.argv[1:]
    for stream in (sys.stdout, sys.stderr):
        # As `cli.main` does: a name with bytes that are not UTF-8 never stops the output.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    from usm_lint.replay import replay

    try:
        replayed = replay(arguments)
    except BrokenPipeError:  # the reader went away (`usm-lint ... | head`), as `cli.main` says
        sys.stderr.close()
        sys.exit(1)
    except OSError as error:  # a full disk behind standard output: said, never a traceback
        print(f"usm-lint: cannot write the report: {error.strerror or error}", file=sys.stderr)
        sys.exit(2)
    if replayed is not None:
        sys.exit(replayed)
    from usm_lint.cli import main

    sys.exit(main(arguments))
