"""Name resolution over a whole workspace: the index rules use (usm_lint/index.py),
E002 and E003.

Each kind (process, workflow, role, tool, practice; activities and
subprocesses within their process) has its own namespace. The first
declaration of a name (in path order, then line) is the one references
resolve to; a later one is E003. BPMN processes of different files labelled
alike are two processes (an id is a BPMN process's identity, its name a
label), each indexed, the later by its label and its path.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator
from typing import Protocol, TypeVar

from usm_lint import error_rules
from usm_lint.findings import Finding, Related
from usm_lint.index import Index, did_you_mean
from usm_lint.model import (
    Activity,
    Name,
    Process,
    Ref,
    Span,
    Workspace,
)
from usm_lint.placement import place_pair, place_text, shown_path


class _Named(Protocol):
    @property
    def name(self) -> Name: ...


_N = TypeVar("_N", bound=_Named)


def _unused_key(key: str, table: Container[str]) -> str:
    """`key`, or it with the first number that makes it unused."""
    found, number = key, 2
    while found in table:
        found, number = f"{key} {number}", number + 1
    return found


class Resolver:
    def __init__(self, workspace: Workspace, reported: Container[str] | None) -> None:
        self.workspace = workspace
        self.reported = reported
        self.index = Index()
        self.findings: list[Finding] = []

    def run(self) -> Index:
        for file in self.workspace.files:
            self.index.models.extend(file.models)
            self._declare_processes(file.processes)
            self._declare("workflow", self.index.workflows, file.workflows)
            self._declare("role", self.index.roles, file.roles)
            self._declare("tool", self.index.tools, file.tools)
            self._declare("practice", self.index.practices, file.practices)
        for key, process in self.index.processes.items():
            self._process(key, process)
        self.findings.extend(self._references())
        return self.index

    def _duplicate(self, what: str, first: Span, second: Span) -> None:
        at, other = place_pair(first, second, self.reported)
        where = place_text(other, self.workspace.root, at)
        self.findings.append(error_rules.E003.finding(
            at, f"{what} is declared twice (the other declaration: {where})",
            (Related(other, f"the other declaration of {what}"),)))

    def _declare(self, kind: str, table: dict[str, _N], nodes: Iterable[_N]) -> None:
        for node in nodes:
            name = node.name.value
            if name in table:
                self._duplicate(f"{kind} `{name}`", table[name].name.span, node.name.span)
            else:
                table[name] = node

    def _declare_processes(self, processes: Iterable[Process]) -> None:
        table = self.index.processes
        for process in processes:
            name = process.name.value
            first = table.get(name)
            if first is None:
                table[name] = process
            elif (first.bpmn is not None and process.bpmn is not None
                  and first.span.file != process.span.file):
                # In BPMN an id is identity and a name only a label (the BPMN
                # mapping says so within a file): two files' processes labelled
                # alike are two processes, indexed apart by the later one's file.
                shown = shown_path(process.span.file, self.workspace.root)
                table[_unused_key(f"{name} ({shown})", table)] = process
            else:
                self._duplicate(f"process `{name}`", first.name.span, process.name.span)

    def _process(self, name: str, process: Process) -> None:
        activities: dict[str, Activity] = {}
        self._declare("activity", activities, process.activities)
        self.index.activities[name] = activities
        self._declare(f"subprocess of `{name}`", {}, process.subprocesses)
        if process.code is not None:
            code = process.code.value
            first = self.index.by_code.get(code)
            if first is not None and first.code is not None:
                self._duplicate(f"process code `{code}`", first.code.span, process.code.span)
            else:
                self.index.by_code[code] = process

    # ---- references -----------------------------------------------------
    def _unknown(self, kind: str, name: Name, candidates: Iterable[str],
                 context: str = "") -> Finding:
        return error_rules.E002.finding(
            name.span, f"unknown {kind} `{name.value}`{context}"
                       f"{did_you_mean(name.value, candidates)}")

    def _process_ref(self, name: Name) -> Iterator[Finding]:
        if name.value not in self.index.processes:
            yield self._unknown("process", name, self.index.processes)

    def _activity_ref(self, ref: Ref) -> Iterator[Finding]:
        if ref.process.value not in self.index.processes:
            yield from self._process_ref(ref.process)
            return
        activities = self.index.activities[ref.process.value]
        if ref.activity.value not in activities and not self.index.processes[
                ref.process.value].broken:  # else it may be the statement that broke
            yield self._unknown("activity", ref.activity, activities,
                                f" in process `{ref.process.value}`")

    def _repeats(self, names: Iterable[Name], where: str) -> Iterator[Finding]:
        """E006 at each name a list repeats."""
        first: dict[str, Name] = {}
        for name in names:
            if name.value in first:
                at = place_text(first[name.value].span, self.workspace.root, name.span)
                yield error_rules.E006.finding(
                    name.span, f"`{name.value}` is listed twice in {where} (first at {at}): "
                               "name it once",
                    (Related(first[name.value].span, "the first entry"),))
            else:
                first[name.value] = name

    def _lists(self) -> Iterator[Finding]:
        for model in self.index.models:
            yield from self._repeats(model.processes, f"the `processes` of model "
                                                      f"`{model.name.value}`")
            for flow in model.flows:
                yield from self._repeats(flow.targets, f"a `flow` from `{flow.source.value}`")
        for process in self.index.processes.values():
            for sub in process.subprocesses:
                yield from self._repeats(sub.activities,
                                         f"the `activities` of subprocess `{sub.name.value}`")
        for practice in self.index.practices.values():
            yield from self._repeats(practice.realised_by,
                                     f"the `realised-by` of practice `{practice.name.value}`")
            yield from self._repeats(practice.roles, f"the roles of practice "
                                                     f"`{practice.name.value}`")
            yield from self._repeats(practice.tools, f"the tools of practice "
                                                     f"`{practice.name.value}`")

    def _references(self) -> Iterator[Finding]:
        """Every E006 and E002, each kind of referrer in turn: the order findings
        come in."""
        yield from self._lists()
        yield from self._model_refs()
        yield from self._subprocess_refs()
        yield from self._workflow_refs()
        yield from self._practice_refs()

    def _model_refs(self) -> Iterator[Finding]:
        """The processes a model lists, links by its flows and executes."""
        for model in self.index.models:
            for name in model.processes:
                yield from self._process_ref(name)
            for flow in model.flows:
                for name in (flow.source, *flow.targets):
                    yield from self._process_ref(name)
            if model.executes is not None:
                yield from self._process_ref(model.executes)

    def _subprocess_refs(self) -> Iterator[Finding]:
        """A subprocess's activities: only a name no process declares is unknown
        here; one declared in another process is C0601's to report."""
        index = self.index
        declared = {name for acts in index.activities.values() for name in acts}
        for process in index.processes.values():
            for sub in process.subprocesses:
                for name in sub.activities:
                    if name.value not in declared:  # in another process: C0601
                        yield self._unknown("activity", name, index.activities[
                            process.name.value], f" in process `{process.name.value}`")

    def _workflow_refs(self) -> Iterator[Finding]:
        """The process activity each workflow step runs."""
        for workflow in self.index.workflows.values():
            for step in workflow.steps:
                yield from self._activity_ref(step.ref)

    def _practice_refs(self) -> Iterator[Finding]:
        """What a practice is realised by, its roles and tools, and the activities
        it maps to; a name declared as another kind is left to the rules that
        report the mismatch."""
        index = self.index
        for practice in index.practices.values():
            for name in practice.realised_by:
                # A declared name of another kind is C0803, not an unknown name.
                if index.kind_of(name.value) is None:
                    yield from self._process_ref(name)
            for kind, names, table in (("role", practice.roles, index.roles),
                                       ("tool", practice.tools, index.tools)):
                for name in names:
                    # Declared as another kind is F002, not an unknown name.
                    if name.value not in table and index.kind_of(name.value) is None:
                        yield self._unknown(kind, name, table)
            for mapping in practice.maps:
                yield from self._activity_ref(mapping.target)


def resolve(workspace: Workspace, reported: Container[str] | None = None
            ) -> tuple[Index, list[Finding]]:
    resolver = Resolver(workspace, reported)
    index = resolver.run()
    return index, resolver.findings
