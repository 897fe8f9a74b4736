"""The `usm-lint` command's entry point: a replay of an unchanged check
(usm_lint/replay.py) before anything heavy is imported, else the command line."""

from __future__ import annotations

import contextlib
import gc
import os
import sys

from usm_lint.streams import tolerate_undecodable_output


def entry() -> None:
    # Importing the checker makes tens of thousands of long-lived objects (classes,
    # functions, tables): the cyclic collector would walk them again and again
    # while they are made, about a sixth of a one-file check. It is off until they are,
    # and what they left is frozen out of its way (`gc.freeze`).
    gc.disable()
    arguments = sys.argv[1:]
    tolerate_undecodable_output()
    from usm_lint.cache_keys import code_digest
    from usm_lint.replay import abbreviates, replay

    if not (arguments and arguments[0] in _UNCACHED) and not any(
            abbreviates(argument, "--no-cache") for argument in arguments):
        # Taken before the checker is imported: the code this run runs. Where it
        # cannot be, the cache takes it again and reports why.
        with contextlib.suppress(OSError):
            code_digest()
    try:
        replayed = replay(arguments)
    except BrokenPipeError:  # the reader went away (`usm-lint ... | head`), as `cli.main` says
        _discard_output()
        sys.exit(1)
    except OSError as error:  # a full disk behind standard output: said, never a traceback
        _discard_output()
        print(f"usm-lint: cannot write the report: {error.strerror or error}", file=sys.stderr)
        sys.exit(2)
    if replayed is not None:
        sys.exit(replayed)
    # Pydantic looks for third-party plugins (validation observers) among every
    # installed distribution's entry points when the first model class is built:
    # ~7 ms of a one-file check with this machine's 160 packages, for plugins
    # that have nothing to observe in a linter. A user's own setting of the
    # documented variable stands; the replay's key leaves it out.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from usm_lint.cli import main

    gc.freeze()
    gc.enable()
    code = main(arguments)
    try:
        # Buffered output meets a reader gone here, not in `main` (the server
        # closes its own standard output when it ends).
        if sys.stdout is not None and not sys.stdout.closed:
            sys.stdout.flush()
    except BrokenPipeError:
        _discard_output()
        code = 1  # as `cli.main` answers a reader gone, and as a replay does
    sys.exit(code)


# Commands that never read or write the cache (`format` in a pre-commit hook
# need not hash the package's files).
_UNCACHED = frozenset({"format", "init", "rules", "rule", "schema", "convert", "server",
                       "-h", "--help", "--version"})


def _discard_output() -> None:
    """Point standard output at /dev/null: what is still buffered for it cannot be
    written, and the interpreter's last flush would report that again."""
    with contextlib.suppress(OSError):
        sys.stdout.flush()
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
