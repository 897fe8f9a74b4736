"""Criterion 8: practices are realised through the processes of the model.

USM is integral: every activity a practice relies on lives in the model's
processes, every practice names the processes that realise it, and every
activity serves some workflow or practice.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from usm_lint.findings import Hit, Severity
from usm_lint.model import Process
from usm_lint.rule import Context, rule
from usm_lint.rules.helpers.structure import processes, the_model

TOPIC = "C08 practices are realised through the processes"

_RECOVER = ('model Acme {\n    processes Recover\n}\n\n'
            'process Recover {\n    activity register "Register the disruption"\n'
            '    activity decide "Decide the recovery action"\n}\n\n')


def _in_model(ctx: Context) -> set[str] | None:
    """The names of the model's processes; None without a model (C0701) or
    when a syntax error in it may have skipped some."""
    model = the_model(ctx)
    return None if model is None or model.broken else {n.value for n in model.processes}


@rule(
    code="C0801", name="practice-map-outside-model", severity=Severity.ERROR, topic=TOPIC,
    summary="A practice `map` points at an activity of a process that is not in the model.",
    failing=_RECOVER + 'process Legacy {\n    activity log "Log the call"\n}\n\n'
            'practice IncidentManagement {\n    realised-by Recover\n'
            '    map "Log the incident" -> Legacy.log\n}\n',
    passing=_RECOVER + 'practice IncidentManagement {\n    realised-by Recover\n'
            '    map "Log the incident" -> Recover.register\n'
            '    map "Resolve the incident" -> Recover.decide\n}\n',
)
def practice_map_outside_model(ctx: Context) -> Iterator[Hit]:
    """USM is integral: the practices are realised through the model's processes, so
    every activity a practice maps onto lives in the model. A map onto a process
    outside the model makes the practice depend on work the model does not
    organise."""
    listed = _in_model(ctx)
    if listed is None:
        return
    model = the_model(ctx)
    assert model is not None
    for practice in ctx.index.practices.values():
        for mapping in practice.maps:
            process = mapping.target.process.value
            if process in listed or ctx.index.activity(mapping.target) is None:
                continue  # in the model, or an unknown name (E002)
            yield Hit(mapping.span,
                      f"practice `{practice.name.value}` maps \"{mapping.text.value}\" onto "
                      f"`{process}.{mapping.target.activity.value}`, but process `{process}` "
                      f"is not in model `{model.name.value}`: every activity a practice "
                      f"relies on lives in the model; add `{process}` to the model's "
                      "`processes` or map onto an activity of a model process")


@rule(
    code="C0802", name="unused-activity", severity=Severity.INFO, topic=TOPIC,
    summary="An activity that no workflow step and no practice map uses.",
    failing=_RECOVER + 'practice IncidentManagement {\n    realised-by Recover\n'
            '    map "Log the incident" -> Recover.register\n}\n',
    passing=_RECOVER + 'practice IncidentManagement {\n    realised-by Recover\n'
            '    map "Log the incident" -> Recover.register\n'
            '    map "Resolve the incident" -> Recover.decide\n}\n',
)
def unused_activity(ctx: Context) -> Iterator[Hit]:
    """Processes exist to serve the workflows (the customer interactions) and the
    practices realised through them. An activity that no workflow passes and no
    practice maps onto serves neither: a workflow or a practice map is missing,
    or the activity is not needed."""
    if any(w.broken for w in ctx.index.workflows.values()) or any(
            p.broken for p in ctx.index.practices.values()):
        return  # a step or map that broke may be the one that uses an activity
    used = frozenset({(step.ref.process.value, step.ref.activity.value)
                      for workflow in ctx.index.workflows.values() for step in workflow.steps}
                     | {(m.target.process.value, m.target.activity.value)
                        for practice in ctx.index.practices.values() for m in practice.maps})
    for process in processes(ctx):
        # Kept per process while nothing uses more or fewer activities: a model
        # still being written has an unused activity on most lines.
        yield from ctx.derived_from(process, ("unused activities", used),
                                    partial(_unused, process, used))


def _unused(process: Process, used: frozenset[tuple[str, str]]) -> tuple[Hit, ...]:
    seen: set[str] = set()
    hits = []
    for activity in process.activities:
        name = activity.name.value
        if name not in seen and (process.name.value, name) not in used:
            hits.append(Hit(activity.text.span,
                            f"activity `{process.name.value}.{name}` is used by no workflow "
                            "step and no practice map: add it to the workflow or practice it "
                            "serves, or remove it if nothing needs it"))
        seen.add(name)
    return tuple(hits)


@rule(
    code="C0803", name="practice-not-realised", severity=Severity.ERROR, topic=TOPIC,
    summary="A practice has no `realised-by`, or names a process that is not in the model.",
    failing=_RECOVER + 'practice IncidentManagement {\n    framework ITIL4 "Incident '
            'management"\n}\n',
    passing=_RECOVER + 'practice IncidentManagement {\n    framework ITIL4 "Incident '
            'management"\n    realised-by Recover\n}\n',
)
def practice_not_realised(ctx: Context) -> Iterator[Hit]:
    """A practice mixes people, process and technology; its process part is realised
    through the model's processes. A practice that names no realising process, or
    one outside the model, is not realised by the model at all, and framework
    coverage cannot count it."""
    listed = _in_model(ctx)
    model = the_model(ctx)
    for practice in ctx.index.practices.values():
        if not practice.realised_by:
            if practice.broken:
                continue  # its `realised-by` may be the statement that broke
            yield Hit(practice.name.span,
                      f"practice `{practice.name.value}` names no process that realises it: "
                      "add `realised-by PROCESS, ...` naming the model processes that do its "
                      "work")
            continue
        for name in practice.realised_by:
            if name.value in ctx.index.processes:
                if listed is None or name.value in listed:
                    continue
                assert model is not None
                yield Hit(name.span,
                          f"practice `{practice.name.value}` is realised by `{name.value}`, "
                          f"which is not in model `{model.name.value}`: a practice is realised "
                          f"through the model's processes; add `{name.value}` to the model or "
                          "name a model process")
                continue
            kind = ctx.index.kind_of(name.value)
            if kind is not None:
                yield Hit(name.span,
                          f"practice `{practice.name.value}` is realised by `{name.value}`, "
                          f"which is a {kind}, not a process: `realised-by` names the model "
                          "processes that do the practice's work")
