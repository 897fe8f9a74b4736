"""The collector policies: paused during work; for the server, frozen between checks."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

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


def test_the_checker_is_imported_with_the_collector_off_and_run_with_it_on(
        tmp_path: Path) -> None:
    """The entry point keeps the collector off while the checker is imported
    (it would walk the new classes and tables again and again) and on, with
    what the imports made frozen, for the command itself: the language server
    runs for hours and needs it. Seen from an audit hook at two imports: the
    command line's module (by the entry point) and the check command's (by
    the command, lazily)."""
    import subprocess
    import sys

    (tmp_path / "m.usm").write_text('process Recover {\n    activity a "Register it"\n}\n',
                                    "utf-8")
    script = (
        "import gc, sys\n"
        "seen = {}\n"
        "def hook(event, args):\n"
        "    if event == 'import' and args[0] in ('usm_lint.cli', 'usm_lint.commands.check'):\n"
        "        seen[args[0]] = (gc.isenabled(), gc.get_freeze_count() > 1000)\n"
        "sys.addaudithook(hook)\n"
        "from usm_lint.launch import entry\n"
        "sys.argv = ['usm-lint', 'check', '--no-cache', '--exit-zero', '-q', 'm.usm']\n"
        "try:\n"
        "    entry()\n"
        "finally:\n"
        "    print(seen, file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == str({"usm_lint.cli": (False, False),
                                       "usm_lint.commands.check": (True, True)})
