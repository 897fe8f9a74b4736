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
