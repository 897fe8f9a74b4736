"""Criterion 6: a process keeps its identity when divided into subprocesses."""

from __future__ import annotations

from collections.abc import Iterator

from usm_lint.findings import Hit, Severity
from usm_lint.model import Name
from usm_lint.rule import Context, rule
from usm_lint.rules.helpers.structure import processes

TOPIC = "C06 a process keeps its identity when divided"

_BASE = ('process Recover {{\n    activity register "Register the disruption"\n'
         '    activity resolve "Decide the recovery action"\n{body}}}\n')


@rule(
    code="C0601", name="subprocess-foreign-activity", severity=Severity.ERROR, topic=TOPIC,
    summary="A subprocess lists an activity its parent process does not declare.",
    failing=_BASE.format(body="    subprocess Intake {\n        activities register, execute\n"
                              "    }\n") + 'process Operate {\n    activity execute "Execute '
                                          'the planned work"\n}\n',
    passing=_BASE.format(body="    subprocess Intake {\n        activities register\n    }\n"
                              "    subprocess Resolution {\n        activities resolve\n    }\n"),
)
def subprocess_foreign_activity(ctx: Context) -> Iterator[Hit]:
    """A subprocess is a part of its own process: dividing a process must not pull in
    the activities of another one, or the division changes what the process is."""
    for process in processes(ctx):
        own = ctx.index.activities.get(process.name.value, {})
        for sub in process.subprocesses:
            for name in sub.activities:
                if name.value in own:
                    continue
                owners = [p for p, acts in ctx.index.activities.items() if name.value in acts]
                if owners:
                    yield Hit(name.span,
                              f"subprocess `{sub.name.value}` of `{process.name.value}` lists "
                              f"`{name.value}`, an activity of process `{owners[0]}`: a "
                              "subprocess divides only its own process")


@rule(
    code="C0602", name="subprocess-overlap", severity=Severity.ERROR, topic=TOPIC,
    summary="One activity is in two subprocesses of a process.",
    failing=_BASE.format(body="    subprocess Intake {\n        activities register\n    }\n"
                              "    subprocess Triage {\n        activities register, resolve\n"
                              "    }\n"),
    passing=_BASE.format(body="    subprocess Intake {\n        activities register\n    }\n"
                              "    subprocess Triage {\n        activities resolve\n    }\n"),
    per_declaration=True,
)
def subprocess_overlap(ctx: Context) -> Iterator[Hit]:
    """Subprocesses divide a process: each activity belongs to exactly one of them.
    An activity in two subprocesses would be done (and counted) twice."""
    for process in processes(ctx):
        first: dict[str, tuple[str, Name]] = {}
        for sub in process.subprocesses:
            for name in sub.activities:
                if name.value in first and first[name.value][0] != sub.name.value:
                    other_sub, other = first[name.value]
                    yield ctx.pair(
                        other.span, name.span,
                        f"activity `{name.value}` is in subprocesses `{other_sub}` and "
                        f"`{sub.name.value}` of `{process.name.value}`: each activity belongs "
                        "to one subprocess",
                        f"`{name.value}` is also listed here")
                else:
                    first.setdefault(name.value, (sub.name.value, name))


@rule(
    code="C0603", name="subprocess-changes-process", severity=Severity.ERROR, topic=TOPIC,
    summary="A subprocess sets its own purpose, trigger, output or unit.",
    failing=_BASE.format(body="    subprocess Intake {\n        activities register, resolve\n"
                              '        purpose "Sort the calls"\n    }\n'),
    passing=_BASE.format(body="    subprocess Intake {\n        activities register, resolve\n"
                              "    }\n"),
    per_declaration=True,
)
def subprocess_changes_process(ctx: Context) -> Iterator[Hit]:
    """Dividing a process into subprocesses must not change its identity: the purpose,
    trigger, output and unit belong to the process as a whole. A subprocess with
    its own is a process of its own in disguise."""
    for process in processes(ctx):
        for sub in process.subprocesses:
            for keyword in ("purpose", "trigger", "output", "unit"):
                if keyword in sub.statements:
                    yield Hit(sub.statements[keyword],
                              f"subprocess `{sub.name.value}` sets its own `{keyword}`: a "
                              f"subprocess keeps the {keyword} of process "
                              f"`{process.name.value}`; move it there or make it a process")


@rule(
    code="C0604", name="subprocess-incomplete", severity=Severity.WARNING, topic=TOPIC,
    summary="A process has subprocesses, but some activity is in none of them.",
    failing=_BASE.format(body="    subprocess Intake {\n        activities register\n    }\n"),
    passing=_BASE.format(body="    subprocess Intake {\n        activities register\n    }\n"
                              "    subprocess Resolution {\n        activities resolve\n"
                              "    }\n"),
    per_declaration=True,
)
def subprocess_incomplete(ctx: Context) -> Iterator[Hit]:
    """Subprocesses divide the whole process. An activity left out of every
    subprocess falls outside the division, so the parts no longer add up to the
    process."""
    for process in processes(ctx):
        if not process.subprocesses:
            continue
        listed = {n.value for sub in process.subprocesses for n in sub.activities}
        left = [a.name.value for a in process.activities if a.name.value not in listed]
        if left:
            names = ", ".join(f"`{n}`" for n in left)
            yield Hit(process.name.span,
                      f"process `{process.name.value}` is divided into subprocesses, but "
                      f"{names} {'is' if len(left) == 1 else 'are'} in none of them")
