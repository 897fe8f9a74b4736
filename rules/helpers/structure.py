"""Helpers the rules share: the model block, the executing process, iteration."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from usm_lint.model import Detail, Model, Process
from usm_lint.rule import Context


def the_model(ctx: Context) -> Model | None:
    """The workspace's model block (the first, when C0704 reports several)."""
    return ctx.index.models[0] if ctx.index.models else None


def processes(ctx: Context) -> Iterator[Process]:
    """Every declared process (first declarations only; E003 covers the rest)."""
    yield from ctx.index.processes.values()


def stated(ctx: Context, facet: Literal["who", "how", "conditions"]
           ) -> Iterator[tuple[Process, Detail]]:
    """The who, the how or the practical conditions that processes read from BPMN
    state (lanes, performers, implementations, timers: usm_lint/bpmn/mapping.py)."""
    for process in processes(ctx):
        if process.bpmn is not None:
            for detail in getattr(process.bpmn, facet):
                yield process, detail


def executing_process(ctx: Context) -> Process | None:
    """The one process where execution happens (RULES.md C0903).

    The model's `executes` process, else the process named Operate or coded OPS;
    None when the model names none of these.
    """
    model = the_model(ctx)
    if model is not None and model.executes is not None:
        return ctx.index.processes.get(model.executes.value)
    return ctx.index.processes.get("Operate") or ctx.index.by_code.get("OPS")
