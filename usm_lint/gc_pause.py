"""Keep Python's cyclic garbage collector off the model while it is worked on.

A large workspace is hundreds of thousands of small, acyclic, long-lived
nodes; every generation-2 collection walks all of them, which made a third
of a big check's time. Reference counting still frees everything at once, and
the collector runs again (collecting any cycles) as soon as the work is done.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from functools import wraps
from typing import ClassVar, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


_lock = threading.Lock()
_paused = 0
"""How many runs (in any thread) want the collector off; it is on again
only when the last ends, and only if it was on when the first began."""
_was_enabled = False


def _pause() -> None:
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1


def _resume() -> None:
    global _paused
    with _lock:
        _paused -= 1
        if _paused == 0 and _was_enabled:
            gc.enable()


def without_collector(work: Callable[P, R]) -> Callable[P, R]:
    """Run `work` with the cyclic collector off (left as it was, if already off;
    parses may run in several threads at once)."""

    @wraps(work)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        _pause()
        try:
            return work(*args, **kwargs)
        finally:
            _resume()

    return run


class Frozen:
    """The collector of a long-running caller (the language server).

    The server keeps the model of every open workspace between checks, and each
    check replaces part of it (after a line is added, every declaration below
    it is new). Were the collector merely paused during a check, it would walk
    the whole kept model soon after, whenever enough new objects had survived:
    20 to 40 ms of a check after a new line. So after each check what is alive
    is frozen (`gc.freeze`): collections skip it from then on, and reference
    counting still frees it when the next check replaces it. Every `RENEW`
    checks, everything is unfrozen and collected once, so that cycles which
    died while frozen are freed too and memory stays bounded.
    """

    RENEW: ClassVar[int] = 100

    def __init__(self) -> None:
        self._runs = 0

    def run(self, work: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return without_collector(work)(*args, **kwargs)
        finally:
            self._runs += 1
            if self._runs % self.RENEW == 0:
                gc.unfreeze()
                gc.collect()
            gc.freeze()
