"""The collector policies: paused during work; for the server, frozen between checks."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from usm_lint.gc_pause import Frozen, without_collector


@pytest.fixture(autouse=True)
def _unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_work_runs_with_the_collector_paused_and_it_comes_back() -> None:
    assert without_collector(gc.isenabled)() is False
    assert Frozen().run(gc.isenabled) is False
    assert gc.isenabled()


def test_frozen_keeps_the_collector_off_what_lived_and_frees_its_cycles_at_renewal() -> None:
    class Soon(Frozen):
        RENEW = 3

    collector = Soon()
    cycle = _Cycle()
    died = weakref.ref(cycle)
    collector.run(lambda: None)  # the cycle is alive: frozen
    assert gc.get_freeze_count() > 0
    del cycle
    gc.collect()
    assert died() is not None  # frozen: collections skip it
    collector.run(lambda: None)
    collector.run(lambda: None)  # the third check renews: unfrozen and collected
    assert died() is None


def test_overlapping_runs_in_two_threads_keep_it_off_until_the_last_ends() -> None:
    import threading

    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def first() -> None:
        first_in.set()
        second_in.wait(5)

    def second() -> None:
        second_in.set()
        first_out.wait(5)
        seen["while the other had ended"] = gc.isenabled()

    one = threading.Thread(target=without_collector(first))
    two = threading.Thread(target=without_collector(second))
    one.start()
    first_in.wait(5)
    two.start()
    one.join(5)
    first_out.set()
    two.join(5)
    assert seen == {"while the other had ended": False}
    assert gc.isenabled()


def test_the_command_runs_with_the_collector_on_and_the_imports_frozen() -> None:
    """The entry point keeps the collector off while the checker is imported
    (it would walk the new classes and tables again and again) and on for the
    command itself: the language server runs for hours and needs it."""
    import subprocess
    import sys

    script = (
        "import gc, sys, usm_lint.cli\n"
        "def main(arguments):\n"
        "    print(gc.isenabled(), gc.get_freeze_count() > 1000)\n"
        "    return 0\n"
        "usm_lint.cli.main = main\n"
        "from usm_lint.launch import entry\n"
        "sys.argv = ['usm-lint', '--no-cache', 'check']\n"
        "entry()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False)
    assert (done.stdout, done.returncode) == ("True True\n", 0)
