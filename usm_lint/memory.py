"""What a long-running caller keeps from one check to the next.

The language server checks the same files again after every edit, and its
incremental parser hands back the very node of each top-level declaration
the edit did not touch. Two things are kept by a node's identity (the node
is held beside what is kept, so its id cannot be reused while it lives):

- what a per-declaration rule (`Rule.per_declaration`) found in a
  declaration: it follows from that node and the settings alone, so only
  the declarations an edit touched are judged again (a declaration the
  parser moved below a new line keeps its findings, moved as far, unless a
  message names a line of the file: those are judged again);
- what rules derive from a node alike on every check (the texts of a
  process the word rules read: `Context.derived_from`), so a workspace rule
  that judges every process works from those of the last check.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable
from typing import Any, TypeVar

from usm_lint.findings import Finding
from usm_lint.model import Node
from usm_lint.moving import moved_finding
from usm_lint.placement import names_a_place

T = TypeVar("T")
_Kept = dict[int, tuple[Node, tuple[Finding, ...]]]


MovedFrom = Callable[[Node], "tuple[Node, int] | None"]
"""The node a declaration was before the parser moved it, and how many lines
down (usm_lint/parsing/incremental.py), or None."""


class Memory:
    def __init__(self, moved_from: MovedFrom | None = None) -> None:
        self._moved_from = moved_from
        self._files: dict[str, tuple[str, _Kept]] = {}
        """By file: the settings judged under, and each declaration's findings."""
        self._derived: dict[tuple[int, Hashable], tuple[Node, Any]] = {}
        self._derived_now: dict[tuple[int, Hashable], tuple[Node, Any]] = {}

    # ---- per-declaration findings ----------------------------------------
    def file(self, path: str, settings: str) -> FileJudgements:
        """The kept judgements of one file under `settings`, to be renewed: the
        entries its check does not ask for are dropped with the check."""
        kept = self._files.get(path)
        judged = FileJudgements(kept[1] if kept is not None and kept[0] == settings else {},
                                self._moved_from)
        self._files[path] = (settings, judged.now)
        return judged

    def retain(self, paths: Collection[str]) -> None:
        """Forget the files no longer checked."""
        for path in [p for p in self._files if p not in paths]:
            del self._files[path]

    # ---- values derived from nodes -----------------------------------------
    def derived(self, node: Node, key: Hashable, make: Callable[[], T]) -> T:
        """`make()`'s value for `node`, kept from the last check if it made it."""
        entry = (id(node), key)
        kept = self._derived_now.get(entry) or self._derived.get(entry)
        if kept is None or kept[0] is not node:
            kept = (node, make())
        self._derived_now[entry] = kept
        value: T = kept[1]
        return value

    def checked(self) -> None:
        """A check is over: keep what it derived, and only that."""
        self._derived, self._derived_now = self._derived_now, {}


class FileJudgements:
    def __init__(self, last: _Kept, moved_from: MovedFrom | None) -> None:
        self._last = last
        self._moved_from = moved_from
        self.now: _Kept = {}

    def of(self, declaration: Node, judge: Callable[[], list[Finding]]) -> tuple[Finding, ...]:
        """The declaration's findings: kept (moved with it), or judged now."""
        findings = self._kept(declaration)
        if findings is None:
            findings = tuple(judge())
        self.now[id(declaration)] = (declaration, findings)
        return findings

    def _kept(self, declaration: Node) -> tuple[Finding, ...] | None:
        kept = self._last.get(id(declaration))
        if kept is not None and kept[0] is declaration:
            return kept[1]
        moved = self._moved_from(declaration) if self._moved_from is not None else None
        if moved is None:
            return None
        before, lines = moved
        kept = self._last.get(id(before))
        if kept is None or kept[0] is not before or any(
                names_a_place(finding.message) for finding in kept[1]):
            return None  # a message naming a line of the file is judged afresh
        return tuple(moved_finding(finding, lines) for finding in kept[1])
