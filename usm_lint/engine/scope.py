"""Which processes a rule's check judges: BPMN processes only by rules that read BPMN.

A process imported from a BPMN file has a name, activities and the who, how
and practical conditions BPMN states, but none of the structure only USM
declares: a unit, a trigger and an output, a purpose, subprocesses, a place in
the `model`, practices, control, workflows. A rule that says how it reads BPMN
(`Rule.bpmn`) judges every process; any other rule judges the workspace as if
its BPMN processes were not there, so it neither reports them for lacking what
BPMN cannot say nor sees them where it judges the USM model as a whole.
"""

from __future__ import annotations

from usm_lint.context import Context
from usm_lint.resolve import resolve
from usm_lint.rule import Rule


class Scopes:
    def __init__(self, context: Context) -> None:
        self.everything = context
        self._usm: Context | None = None

    def for_rule(self, rule: Rule) -> Context:
        if rule.bpmn is not None:
            return self.everything
        if self._usm is None:
            self._usm = _without_bpmn(self.everything)
        return self._usm


def _without_bpmn(context: Context) -> Context:
    files = context.workspace.files
    if not any(p.bpmn is not None for f in files for p in f.processes):
        return context
    usm_files = tuple(f.model_copy(update={"processes": tuple(
        p for p in f.processes if p.bpmn is None)}) for f in files)
    workspace = context.workspace.model_copy(update={"files": usm_files})
    index, _already_reported = resolve(workspace, context.reported)
    return Context(workspace, index, context.config, context.reported, context.memory)
