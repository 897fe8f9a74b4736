"""Names in the model: go to definition, find references, rename.

Every place a process, activity, role, tool, workflow or practice is named
becomes an `Occurrence` keyed by what it names: `("process", "Recover")`,
`("activity", "Recover", "register")`. Declarations and references share the
key, so references are one lookup. Activities in a subprocess's `activities`
list name the enclosing process's activities; `Process.activity` steps and
practice maps name both the process and the activity.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from usm_lint.identifiers import IDENTIFIER
from usm_lint.index import Index
from usm_lint.model import Name, Ref, Workspace
from usm_lint.resolve import resolve
from usm_lint.server.positions import contains

Key = tuple[str, ...]
RENAMABLE = frozenset({"process", "activity", "role", "tool", "workflow", "practice"})


@dataclass(frozen=True)
class Occurrence:
    key: Key
    name: Name
    declaration: bool

    @property
    def kind(self) -> str:
        return self.key[0]


def _ref(ref: Ref) -> Iterator[Occurrence]:
    yield Occurrence(("process", ref.process.value), ref.process, False)
    yield Occurrence(("activity", ref.process.value, ref.activity.value), ref.activity, False)


def occurrences(workspace: Workspace) -> Iterator[Occurrence]:
    for file in workspace.files:
        for model in file.models:
            yield Occurrence(("model", model.name.value), model.name, True)
            names = [*model.processes,
                     *(n for flow in model.flows for n in (flow.source, *flow.targets))]
            if model.executes is not None:
                names.append(model.executes)
            for name in names:
                yield Occurrence(("process", name.value), name, False)
        for process in file.processes:
            owner = process.name.value
            yield Occurrence(("process", owner), process.name, True)
            for activity in process.activities:
                yield Occurrence(("activity", owner, activity.name.value), activity.name, True)
            for sub in process.subprocesses:
                yield Occurrence(("subprocess", owner, sub.name.value), sub.name, True)
                for name in sub.activities:
                    yield Occurrence(("activity", owner, name.value), name, False)
        for workflow in file.workflows:
            yield Occurrence(("workflow", workflow.name.value), workflow.name, True)
            for step in workflow.steps:
                yield from _ref(step.ref)
        for role in file.roles:
            yield Occurrence(("role", role.name.value), role.name, True)
        for tool in file.tools:
            yield Occurrence(("tool", tool.name.value), tool.name, True)
        for practice in file.practices:
            yield Occurrence(("practice", practice.name.value), practice.name, True)
            for name in practice.realised_by:
                yield Occurrence(("process", name.value), name, False)
            for name in practice.roles:
                yield Occurrence(("role", name.value), name, False)
            for name in practice.tools:
                yield Occurrence(("tool", name.value), name, False)
            for mapping in practice.maps:
                yield from _ref(mapping.target)


class RenameError(Exception):
    """A rename that cannot be done; the message says why."""


@dataclass
class Navigation:
    workspace: Workspace
    index: Index
    by_key: dict[Key, list[Occurrence]] = field(default_factory=lambda: defaultdict(list))
    by_file: dict[str, list[Occurrence]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, workspace: Workspace) -> Navigation:
        index, _findings = resolve(workspace)
        navigation = cls(workspace, index)
        for occurrence in occurrences(workspace):
            navigation.by_key[occurrence.key].append(occurrence)
            navigation.by_file[occurrence.name.span.file].append(occurrence)
        return navigation

    def at(self, path: str, line: int, column: int) -> Occurrence | None:
        for occurrence in self.by_file.get(path, ()):
            if contains(occurrence.name.span, line, column):
                return occurrence
        return None

    def declarations(self, key: Key) -> list[Occurrence]:
        return [o for o in self.by_key.get(key, ()) if o.declaration]

    def references(self, key: Key, include_declaration: bool = True) -> list[Occurrence]:
        return [o for o in self.by_key.get(key, ())
                if include_declaration or not o.declaration]

    def renaming(self, occurrence: Occurrence, new_name: str) -> list[Occurrence]:
        """Every occurrence to rewrite, or RenameError."""
        key = occurrence.key
        if occurrence.kind not in RENAMABLE:
            raise RenameError(f"a {occurrence.kind} name cannot be renamed")
        if not IDENTIFIER.fullmatch(new_name):
            raise RenameError(f"`{new_name}` is not a name: a name starts with a letter "
                              "or `_` and holds letters, digits, `_` and inner `-`")
        if new_name == key[-1]:
            return []
        if new_name in self._namespace(key):
            raise RenameError(f"{occurrence.kind} `{new_name}` already exists")
        return self.references(key)

    def _namespace(self, key: Key) -> set[str]:
        index = self.index
        if key[0] == "activity":
            return set(index.activities.get(key[1], {}))
        tables: dict[str, dict[str, object]] = {
            "process": dict(index.processes), "workflow": dict(index.workflows),
            "role": dict(index.roles), "tool": dict(index.tools),
            "practice": dict(index.practices)}
        return set(tables.get(key[0], {}))
