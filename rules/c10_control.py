"""Criterion 10: every activity is steered by process control."""

from __future__ import annotations

from collections.abc import Iterator

from usm_lint.findings import Hit, Severity
from usm_lint.rule import Context, rule
from usm_lint.rules.helpers.structure import processes

TOPIC = "C10 every activity is steered by process control"


@rule(
    code="C1001", name="process-without-control", severity=Severity.ERROR, topic=TOPIC,
    summary="A process has no `control` block.",
    failing='process Recover {\n    activity register "Register the disruption"\n}\n',
    passing='process Recover {\n    activity register "Register the disruption"\n'
            '    control {\n        measure "share of incidents recovered in time"\n    }\n}\n',
    per_declaration=True,
)
def process_without_control(ctx: Context) -> Iterator[Hit]:
    """Process control steers every activity of the process: what is measured, against
    which norm, and how it is reported. A process without control runs unsteered."""
    for process in processes(ctx):
        if process.control is None and not process.broken:
            yield Hit(process.name.span,
                      f"process `{process.name.value}` has no `control` block: add one with "
                      "its `measure`, `norm` and `report`")


@rule(
    code="C1002", name="control-without-measure", severity=Severity.WARNING, topic=TOPIC,
    summary="A `control` block has no `measure`.",
    failing='process Recover {\n    activity register "Register the disruption"\n'
            '    control {\n        norm "as agreed"\n    }\n}\n',
    passing='process Recover {\n    activity register "Register the disruption"\n'
            '    control {\n        measure "share of incidents recovered in time"\n'
            '        norm "as agreed"\n    }\n}\n',
    per_declaration=True,
)
def control_without_measure(ctx: Context) -> Iterator[Hit]:
    """Control steers by measuring: without a measure, a norm has nothing to be held
    against and a report has nothing to say."""
    for process in processes(ctx):
        control = process.control
        if control is not None and not control.measures and not process.broken:
            yield Hit(control.span,
                      f"the control of process `{process.name.value}` has no `measure`: say "
                      "what is measured to steer it")
