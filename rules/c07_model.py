"""Criterion 7: processes are organised by one model that holds them all."""

from __future__ import annotations

from collections.abc import Iterator

from usm_lint.findings import Hit, Severity
from usm_lint.rule import Context, rule
from usm_lint.rules.helpers.structure import processes, the_model

TOPIC = "C07 a process is organised by a model"

_PROCESS = 'process {name} {{\n    activity a{name} "Register the {name}"\n}}\n'


@rule(
    code="C0701", name="missing-model", severity=Severity.ERROR, topic=TOPIC,
    summary="The workspace declares processes but no `model`.",
    failing=_PROCESS.format(name="Recover"),
    passing="model Acme {\n    processes Recover\n}\n\n" + _PROCESS.format(name="Recover"),
)
def missing_model(ctx: Context) -> Iterator[Hit]:
    """USM organises processes through a process model: the model names the processes
    and the flows between them. Processes without a model are a list, not a
    system."""
    if ctx.index.models or not ctx.index.processes:
        return
    first = next(iter(ctx.index.processes.values()))
    yield Hit(first.name.span,
              "the workspace declares processes but no `model`: add a `model NAME { processes "
              "... }` block naming them and the flows between them")


@rule(
    code="C0702", name="process-not-in-model", severity=Severity.ERROR, topic=TOPIC,
    summary="A declared process is not in the model's `processes`.",
    failing="model Acme {\n    processes Recover\n}\n\n" + _PROCESS.format(name="Recover")
            + _PROCESS.format(name="Operate"),
    passing="model Acme {\n    processes Recover, Operate\n    flow Recover -> Operate\n}\n\n"
            + _PROCESS.format(name="Recover") + _PROCESS.format(name="Operate"),
)
def process_not_in_model(ctx: Context) -> Iterator[Hit]:
    """The model holds every process. A process outside it is steered by nothing and
    connected to nothing."""
    model = the_model(ctx)
    if model is None or model.broken:
        return  # none (C0701's), or its `processes` may be unread
    listed = {n.value for n in model.processes}
    for process in processes(ctx):
        if process.name.value not in listed:
            yield Hit(process.name.span,
                      f"process `{process.name.value}` is not in model `{model.name.value}`: "
                      f"add it to the model's `processes`")


@rule(
    code="C0703", name="isolated-process", severity=Severity.WARNING, topic=TOPIC,
    summary="A model process has no `flow` in or out.",
    failing="model Acme {\n    processes Recover, Operate, Improve\n"
            "    flow Recover -> Operate\n}\n\n" + _PROCESS.format(name="Recover")
            + _PROCESS.format(name="Operate") + _PROCESS.format(name="Improve"),
    passing="model Acme {\n    processes Recover, Operate, Improve\n"
            "    flow Recover -> Operate\n    flow Improve -> Operate\n}\n\n"
            + _PROCESS.format(name="Recover") + _PROCESS.format(name="Operate")
            + _PROCESS.format(name="Improve"),
)
def isolated_process(ctx: Context) -> Iterator[Hit]:
    """Processes in a model work together: work flows from one to the next. A process
    with no flow in or out takes part in no workflow."""
    model = the_model(ctx)
    listed = {name.value: name for name in reversed(model.processes)} if model else {}
    if model is None or model.broken or len(listed) < 2:
        return  # a broken model's flows may be unread
    connected = set()
    for flow in model.flows:
        connected.add(flow.source.value)
        connected.update(t.value for t in flow.targets)
    for name in sorted(listed.values(), key=lambda n: (n.span.line, n.span.column)):
        if name.value in connected:
            continue  # a repeated entry is E006's, judged here once
        declared = ctx.index.processes.get(name.value)
        yield Hit(declared.name.span if declared else name.span,
                  f"process `{name.value}` has no flow in or out of it in model "
                  f"`{model.name.value}`: add the `flow` lines that connect it")


@rule(
    code="C0704", name="multiple-models", severity=Severity.ERROR, topic=TOPIC,
    summary="The workspace declares more than one model.",
    failing="model Acme {\n    processes Recover\n}\n\nmodel Other {\n    processes Recover\n}\n\n"
            + _PROCESS.format(name="Recover"),
    passing="model Acme {\n    processes Recover\n}\n\n" + _PROCESS.format(name="Recover"),
)
def multiple_models(ctx: Context) -> Iterator[Hit]:
    """A workspace is one model; two model blocks give two competing organisations of
    the same processes. Split them into two workspaces (each folder with its own
    config) if they really are two models."""
    if not ctx.index.models:
        return
    first, *others = ctx.index.models
    for other in others:
        yield ctx.pair(first.name.span, other.name.span,
                       f"a second model (`{other.name.value}`) in the workspace: a workspace "
                       f"is one model; merge it into `{first.name.value}` or move it to its own "
                       "workspace", "the other model")
