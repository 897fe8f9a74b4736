"""Criterion 1: a process is a *what*: activities, not who does them or how."""

from __future__ import annotations

from collections.abc import Iterator

from usm_lint.engine.context import Context
from usm_lint.findings import Hit, Severity
from usm_lint.rule import rule
from usm_lint.rules.structure import processes

TOPIC = "C01 a process is a what, not a who or a how"


@rule(
    code="C0103", name="process-without-activities", severity=Severity.ERROR, topic=TOPIC,
    summary="A process declares no activity.",
    failing='process Recover {\n    purpose "Restore the agreed service"\n}\n',
    passing='process Recover {\n    activity register "Register the disruption"\n}\n',
)
def process_without_activities(ctx: Context) -> Iterator[Hit]:
    """A USM process is made only of activities: it is what happens, successively.
    A process without activities describes nothing that can be done, counted or
    steered."""
    for process in processes(ctx):
        if not process.activities:
            yield Hit(process.name.span,
                      f"process `{process.name.value}` declares no activity: a process is what "
                      "happens, step by step; list its activities "
                      '(`activity register "Register the ..."`)')
