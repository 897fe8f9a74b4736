"""The typed, immutable model of a USM workspace.

Every node carries a `Span` (file, 1-based line and column in code points,
exclusive end). Rules read only these nodes, never the parse tree or the text.
The parser and the cache build nodes with `Node.make` (their values are typed
by construction, and validating ~100k nodes per large file would cost more
than the parse); `model_validate` still checks JSON read back by tools.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Self

from pydantic import BaseModel, ConfigDict

_new = object.__new__
_set = object.__setattr__


class Node(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    @classmethod
    def make(cls, **values: Any) -> Self:
        """A node from values already of the fields' types, with no validation.

        What `model_construct` does, at a third of its cost (it is the parser's
        hottest call): the instance's four slots are set directly, omitted
        fields take their defaults. The defaults are shared, and so is the
        set of the fields given (one per combination: a set of its own was
        half of a node's memory), which is safe because nodes are frozen and
        pydantic copies that set before it changes it (`model_copy`).
        """
        node = _new(cls)
        _set(node, "__dict__", {**_defaults(cls), **values})
        keys = tuple(values)
        _set(node, "__pydantic_fields_set__", _FIELDS_SETS.get(keys) or _fields_set(keys))
        _set(node, "__pydantic_extra__", None)
        _set(node, "__pydantic_private__", None)
        return node


_FIELDS_SETS: dict[tuple[str, ...], set[str]] = {}


def _fields_set(keys: tuple[str, ...]) -> set[str]:
    return _FIELDS_SETS.setdefault(keys, set(keys))


@cache
def _defaults(cls: type[BaseModel]) -> dict[str, Any]:
    return {name: field.default for name, field in cls.model_fields.items()
            if not field.is_required()}


@dataclass(frozen=True, slots=True)
class Span:
    """Where a node or finding is: file, 1-based line and column, exclusive end.

    A slotted dataclass, not a node: every node holds one or more, so their
    size is most of the model's (a node's field dict costs ~3x these slots).
    Pydantic validates and serialises it as it does a node's fields.
    """

    file: str
    line: int
    column: int
    end_line: int
    end_column: int


class Name(Node):
    """An identifier as written, where it was written."""

    value: str
    span: Span


class Text(Node):
    """A string statement's value (escapes resolved) and whether `◊` marked it."""

    value: str
    span: Span
    marked: bool = False


class Ref(Node):
    """A qualified reference `Process.activity`."""

    process: Name
    activity: Name
    span: Span


class Activity(Node):
    name: Name
    text: Text
    span: Span


class Subprocess(Node):
    name: Name
    activities: tuple[Name, ...] = ()
    activities_span: Span | None = None
    purpose: Text | None = None
    trigger: Text | None = None
    output: Text | None = None
    unit: Name | None = None
    statements: dict[str, Span] = {}
    """Where each statement starts, by keyword (for findings about a statement)."""
    span: Span


class Control(Node):
    measures: tuple[Text, ...] = ()
    norms: tuple[Text, ...] = ()
    reports: tuple[Text, ...] = ()
    plans: tuple[Text, ...] = ()
    span: Span


class Detail(Node):
    """A who, a how or a practical condition that a BPMN model states and USM keeps
    out of processes (a lane, a performer, an implementation, a timer)."""

    kind: str
    """What states it, in words: "lane", "potential owner", "form", "timer", ..."""
    text: Text
    """What it says ("Approver", "PT2H") and where."""
    activities: tuple[str, ...] = ()
    """The activities it concerns (a lane: those in it); empty: the whole process."""


class BpmnFacts(Node):
    """What a process read from a BPMN file states beyond its name and activities."""

    element_id: str
    """The BPMN `id` of the `process` element ("" when it has none)."""
    who: tuple[Detail, ...] = ()
    how: tuple[Detail, ...] = ()
    conditions: tuple[Detail, ...] = ()
    calls: dict[str, str] = {}
    """Call activity name -> the BPMN id of the process it calls (`calledElement`)."""


class Process(Node):
    name: Name
    code: Name | None = None
    alias: Text | None = None
    purpose: Text | None = None
    trigger: Text | None = None
    output: Text | None = None
    unit: Name | None = None
    activities: tuple[Activity, ...] = ()
    subprocesses: tuple[Subprocess, ...] = ()
    control: Control | None = None
    bpmn: BpmnFacts | None = None
    """Set for a process read from a BPMN file (usm_lint/bpmn): marks it as such."""
    broken: bool = False
    """The parser skipped part of its block after a syntax error: a statement
    it lacks may only be unread, so the rules that report one missing are silent."""
    span: Span


class Flow(Node):
    source: Name
    targets: tuple[Name, ...]
    span: Span


class Model(Node):
    name: Name
    title: Text | None = None
    processes: tuple[Name, ...] = ()
    flows: tuple[Flow, ...] = ()
    executes: Name | None = None
    broken: bool = False
    """The parser skipped part of its block after a syntax error: a statement
    it lacks may only be unread, so the rules that report one missing are silent."""
    span: Span


class Step(Node):
    ref: Ref
    span: Span


class Workflow(Node):
    name: Name
    template: Name | None = None
    kind: Name | None = None
    trigger: Text | None = None
    steps: tuple[Step, ...] = ()
    statements: dict[str, Span] = {}
    """Where each single statement (template, kind, trigger) starts, by keyword."""
    broken: bool = False
    """The parser skipped part of its block after a syntax error: a statement
    it lacks may only be unread, so the rules that report one missing are silent."""
    span: Span


class Role(Node):
    name: Name
    label: Text
    span: Span


class Tool(Node):
    name: Name
    label: Text
    span: Span


class FrameworkClaim(Node):
    framework: Name
    practice: Text
    span: Span


class PracticeMap(Node):
    text: Text
    target: Ref
    span: Span


class Practice(Node):
    name: Name
    frameworks: tuple[FrameworkClaim, ...] = ()
    realised_by: tuple[Name, ...] = ()
    roles: tuple[Name, ...] = ()
    tools: tuple[Name, ...] = ()
    conditions: tuple[Text, ...] = ()
    maps: tuple[PracticeMap, ...] = ()
    broken: bool = False
    """The parser skipped part of its block after a syntax error: a statement
    it lacks may only be unread, so the rules that report one missing are silent."""
    span: Span


class Comment(Node):
    """A `#` comment: its text (from `#` on) and where it sits."""

    text: str
    span: Span
    own_line: bool
    space_before: int = 0
    """Blanks between a trailing comment and its statement (removed with it)."""
    covers: tuple[int, int] = (0, 0)
    """The lines of the statement a directive in it would cover (RULES.md
    "Suppressions"): its own statement at a line end, the next one (a whole
    block when that opens one) on a line of its own."""


class File(Node):
    """One source file: its declarations in source order and its comments."""

    path: str
    models: tuple[Model, ...] = ()
    processes: tuple[Process, ...] = ()
    workflows: tuple[Workflow, ...] = ()
    roles: tuple[Role, ...] = ()
    tools: tuple[Tool, ...] = ()
    practices: tuple[Practice, ...] = ()
    comments: tuple[Comment, ...] = ()


DECLARATION_FIELDS = ("models", "processes", "workflows", "roles", "tools", "practices")
"""The `File` fields that hold top-level declarations."""


class Workspace(Node):
    """All files of one model (LANGUAGE.md "Files and the workspace")."""

    root: str
    files: tuple[File, ...] = ()
