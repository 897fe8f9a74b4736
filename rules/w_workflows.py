"""Workflows: the path of one customer interaction through the processes.

A workflow follows one of the eight USM templates (or one from config); it
starts in the template's entry process, ends in one of its exit processes,
crosses between processes only along the model's flows, follows each
process's activity order and passes each activity once. Steps naming an
unknown process or activity are E002 (reported by the core) and are skipped
here.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from usm_lint.findings import Hit, Severity
from usm_lint.index import did_you_mean
from usm_lint.model import Step, Workflow
from usm_lint.rule import Context, rule
from usm_lint.rules.helpers.structure import the_model
from usm_lint.rules.helpers.templates import describe_role, role_process, templates

TOPIC = "W workflows chain fragments of the processes"

_PROCESSES = ('process Agree {\n    activity capture "Capture the wish of the customer"\n'
              '    activity sign "Sign the agreement"\n}\n\n'
              'process Change {\n    activity register "Register the change"\n'
              '    activity build "Build the change"\n}\n\n')


def _example(steps: str = "Agree.capture, Agree.sign, Change.register",
             template: str = "wish", kind: str = "reactive", flow: bool = True) -> str:
    """A small self-contained model with one workflow (for the rule examples)."""
    flows = "    flow Agree -> Change\n" if flow else ""
    head = f"model Acme {{\n    processes Agree, Change\n{flows}}}\n\n{_PROCESSES}"
    lines = [f"    template {template}\n", f"    kind {kind}\n"]
    lines += [f"    step {s.strip()}\n" for s in steps.split(",") if s.strip()]
    return head + "workflow Wish {\n" + "".join(lines) + "}\n"


def _workflows(ctx: Context) -> Iterator[Workflow]:
    yield from ctx.index.workflows.values()


def _read_whole(ctx: Context) -> Iterator[Workflow]:
    """The workflows whose every step was read: a step a syntax error skipped
    would change which step is first, last or next to another."""
    return (workflow for workflow in _workflows(ctx) if not workflow.broken)


def _known(ctx: Context, step: Step) -> bool:
    """Whether the step's process and activity are declared (else: E002)."""
    return ctx.index.activity(step.ref) is not None


def _label(step: Step) -> str:
    return f"{step.ref.process.value}.{step.ref.activity.value}"


def _known_pairs(ctx: Context, workflow: Workflow) -> Iterator[tuple[Step, Step]]:
    """Consecutive steps, both naming declared activities."""
    for before, after in pairwise(workflow.steps):
        if _known(ctx, before) and _known(ctx, after):
            yield before, after


def _repeats(ctx: Context, workflow: Workflow) -> Iterator[tuple[Step, Step]]:
    """(first pass, later pass) for each step that passes an activity again."""
    first: dict[tuple[str, str], Step] = {}
    for step in workflow.steps:
        if not _known(ctx, step):
            continue
        key = (step.ref.process.value, step.ref.activity.value)
        if key in first:
            yield first[key], step
        else:
            first[key] = step


def _template_of(ctx: Context, workflow: Workflow) -> tuple[str, str, list[str]] | None:
    """(name, entry role, exit roles) of the workflow's known template."""
    if workflow.template is None:
        return None
    found = templates(ctx).get(workflow.template.value)
    if found is None:
        return None
    return workflow.template.value, found.entry, list(found.exit)


@rule(
    code="W001", name="unknown-template", severity=Severity.ERROR, topic=TOPIC,
    summary="A workflow's `template` is not a known template.",
    failing=_example(template="wsh"),
    passing=_example(),
)
def unknown_template(ctx: Context) -> Iterator[Hit]:
    """USM claims that eight workflow templates (wish, rfc, incident, service-request,
    complaint, improvement, preventive-action, optimization) cover every customer
    interaction. A workflow names the template it follows, so that its start, its
    end and its kind can be checked; a template the linter does not know checks
    nothing. Organisations that adapt the templates declare their own in config
    (`[templates.NAME]` with `kind`, `entry`, `exit`)."""
    known = templates(ctx)
    for workflow in _workflows(ctx):
        template = workflow.template
        if template is None or template.value in known:
            continue
        at = workflow.statements.get("template", template.span)
        yield Hit(at, f"workflow `{workflow.name.value}` follows an unknown template "
                      f"`{template.value}`{did_you_mean(template.value, known) or '.'}"
                      f" The known templates are {', '.join(known)}; declare another one "
                      "in config as `[templates.NAME]` with `kind`, `entry` and `exit`")


@rule(
    code="W002", name="wrong-kind", severity=Severity.ERROR, topic=TOPIC,
    summary="A workflow's `kind` contradicts its template.",
    failing=_example(kind="proactive"),
    passing=_example(kind="reactive"),
)
def wrong_kind(ctx: Context) -> Iterator[Hit]:
    """A template is reactive (the customer starts it: wish, rfc, incident,
    service-request, complaint) or proactive (the provider starts it: improvement,
    preventive-action, optimization). A workflow whose `kind` says otherwise
    contradicts the template it claims to follow: one of the two is wrong."""
    known = templates(ctx)
    for workflow in _workflows(ctx):
        if workflow.kind is None or workflow.template is None:
            continue
        template = known.get(workflow.template.value)
        if template is None or workflow.kind.value not in ("reactive", "proactive"):
            continue  # W001; a kind that is neither is E001
        if workflow.kind.value != template.kind:
            starter = "the customer" if template.kind == "reactive" else "the provider"
            at = workflow.statements.get("kind", workflow.kind.span)
            yield Hit(at, f"workflow `{workflow.name.value}` is `kind {workflow.kind.value}`, "
                          f"but template `{workflow.template.value}` is {template.kind}: "
                          f"{starter} starts the workflows of this template; write "
                          f"`kind {template.kind}` or choose a {workflow.kind.value} template")


@rule(
    code="W003", name="wrong-entry-process", severity=Severity.ERROR, topic=TOPIC,
    summary="A workflow's first step is not in its template's entry process.",
    failing=_example(steps="Change.register, Change.build"),
    passing=_example(),
)
def wrong_entry_process(ctx: Context) -> Iterator[Hit]:
    """Each template enters the model through one process: a wish or a complaint
    through Agree, an rfc through Change, an incident through Recover, a service
    request through Operate, and every proactive workflow through Improve. A
    workflow that starts elsewhere skips the process that should take the
    interaction in (a wish built before it is agreed)."""
    for workflow in _read_whole(ctx):
        template = _template_of(ctx, workflow)
        if template is None or not workflow.steps or not _known(ctx, workflow.steps[0]):
            continue
        name, entry, _exits = template
        first = workflow.steps[0]
        player = role_process(ctx, entry)
        where = first.ref.process.value
        if player is not None and player.name.value == where:
            continue
        if player is None:
            why = (f"no process of the model plays {describe_role(entry)}; name or code the "
                   "process that plays it, or adapt the template in config")
        else:
            here = "" if player.name.value == entry else f" (here `{player.name.value}`)"
            why = (f"template `{name}` enters the model through {entry}{here}: start the "
                   f"workflow with an activity of `{player.name.value}`")
        yield Hit(first.span, f"workflow `{workflow.name.value}` starts in process `{where}`, "
                              f"but {why}")


@rule(
    code="W004", name="wrong-exit-process", severity=Severity.WARNING, topic=TOPIC,
    summary="A workflow's last step is not in a process its template may end in.",
    failing=_example(steps="Agree.capture, Agree.sign"),
    passing=_example(),
)
def wrong_exit_process(ctx: Context) -> Iterator[Hit]:
    """Each template ends where its result is delivered: a wish or a complaint in a
    Change, an rfc or a service request in Operate, an incident in Operate or
    Change, a proactive workflow in Change, Operate or Agree. A workflow that ends
    elsewhere leaves the interaction unfinished (an agreed wish nobody changes
    anything for)."""
    for workflow in _read_whole(ctx):
        template = _template_of(ctx, workflow)
        if template is None or not workflow.steps or not _known(ctx, workflow.steps[-1]):
            continue
        name, _entry, exits = template
        last = workflow.steps[-1]
        where = last.ref.process.value
        players = {role: role_process(ctx, role) for role in exits}
        if any(p is not None and p.name.value == where for p in players.values()):
            continue
        allowed = " or ".join(
            role if p is None or p.name.value == role else f"{role} (`{p.name.value}`)"
            for role, p in players.items())
        missing = [role for role, p in players.items() if p is None]
        hint = (f"; no process of the model plays {', '.join(map(describe_role, missing))}"
                if missing else "")
        yield Hit(last.span, f"workflow `{workflow.name.value}` ends in process `{where}`, but "
                             f"template `{name}` ends in {allowed}{hint}: end "
                             "the workflow where its result is delivered, or adapt the "
                             "template in config")


@rule(
    code="W005", name="handoff-not-in-model", severity=Severity.ERROR, topic=TOPIC,
    summary="Consecutive steps cross from process A to B without a `flow A -> B`.",
    failing=_example(flow=False),
    passing=_example(flow=True),
)
def handoff_not_in_model(ctx: Context) -> Iterator[Hit]:
    """The model's flows are the handoffs between processes. A workflow that crosses
    from one process to another where the model has no flow uses a handoff the
    model does not know: either the model misses a flow or the workflow takes a
    path the organisation has not designed."""
    model = the_model(ctx)
    if model is None or model.broken:
        return  # C0701 reports the missing model; a broken model's flows may be unread
    flows = {(f.source.value, t.value) for f in model.flows for t in f.targets}
    for workflow in _read_whole(ctx):
        for before, after in _known_pairs(ctx, workflow):
            source, target = before.ref.process.value, after.ref.process.value
            if source != target and (source, target) not in flows:
                yield Hit(after.span,
                          f"workflow `{workflow.name.value}` hands over from `{source}` to "
                          f"`{target}` here, but model `{model.name.value}` has no "
                          f"`flow {source} -> {target}`: every handoff between processes is "
                          "a flow of the model; add the flow or route the workflow along one")


@rule(
    code="W006", name="fragment-out-of-order", severity=Severity.WARNING, topic=TOPIC,
    summary="Consecutive steps within one process go backwards against its activity order.",
    failing=_example(steps="Agree.sign, Agree.capture, Change.register"),
    passing=_example(steps="Agree.capture, Agree.sign, Change.register"),
)
def fragment_out_of_order(ctx: Context) -> Iterator[Hit]:
    """A process is a sequence: the order of its `activity` lines is the order of the
    work. A workflow chains fragments of processes, and within a fragment it
    follows that order; going backwards means the workflow or the process's
    order is wrong."""
    for workflow in _read_whole(ctx):
        repeated = {id(later) for _first, later in _repeats(ctx, workflow)}
        for before, after in _known_pairs(ctx, workflow):
            process = before.ref.process.value
            if process != after.ref.process.value or id(after) in repeated:
                continue  # W007 replaces W006 on a repeated step
            order = list(ctx.index.activities[process])
            if order.index(after.ref.activity.value) < order.index(before.ref.activity.value):
                yield Hit(after.span,
                          f"step `{_label(after)}` follows `{_label(before)}`, but process "
                          f"`{process}` does `{after.ref.activity.value}` before "
                          f"`{before.ref.activity.value}`: within one process a workflow "
                          "follows the activity order; reorder the steps (or the process's "
                          "activities)")


@rule(
    code="W007", name="repeated-step", severity=Severity.ERROR, topic=TOPIC,
    summary="A workflow passes the same activity twice.",
    failing=_example(steps="Agree.capture, Agree.sign, Agree.capture, Change.register"),
    passing=_example(steps="Agree.capture, Agree.sign, Change.register"),
)
def repeated_step(ctx: Context) -> Iterator[Hit]:
    """A workflow chains fragments of the processes that do not overlap: each activity
    is passed once. Passing one twice is a loop or a copy-and-paste slip; a loop
    (rework) is a matter of the practice, not of the workflow's path."""
    for workflow in _workflows(ctx):
        for first, later in _repeats(ctx, workflow):
            yield Hit(later.span,
                      f"workflow `{workflow.name.value}` passes `{_label(later)}` a second time "
                      f"(first at line {first.span.line}): a workflow passes each activity "
                      "once, its fragments do not overlap; remove the repeated step")


@rule(
    code="W008", name="empty-workflow", severity=Severity.ERROR, topic=TOPIC,
    summary="A workflow has no step.",
    failing="workflow Wish {\n    template wish\n    kind reactive\n}\n",
    passing=_example(),
)
def empty_workflow(ctx: Context) -> Iterator[Hit]:
    """A workflow is the path of one interaction through the processes; without steps
    it describes nothing and none of the other workflow checks can judge it."""
    for workflow in _read_whole(ctx):
        if not workflow.steps:
            yield Hit(workflow.name.span,
                      f"workflow `{workflow.name.value}` has no step: add the `step "
                      "Process.activity` lines of its path through the processes")
