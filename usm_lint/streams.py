"""The standard streams as every entry point sets them up (the command's
launcher, and `cli.main`, which tests and tools call directly)."""

from __future__ import annotations

import io
import sys


def tolerate_undecodable_output() -> None:
    """A name with bytes that are not UTF-8 never stops the output (reporters
    escape them; this is the net under every other print)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
