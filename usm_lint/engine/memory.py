"""What a long-running caller keeps from one check to the next.

The language server checks the same files again after every edit, and its
incremental parser hands back the very node of each top-level declaration
the edit did not touch. Two things are kept by a node's identity (the node
is held beside what is kept, so its id cannot be reused while it lives):

- what a per-declaration rule (`Rule.per_declaration`) found in a
  declaration: it follows from that node and the settings alone, so only
  the declarations an edit touched are judged again;
- what rules derive from a node alike on every check (the texts of a
  process the word rules read: `Context.derived_from`), so a workspace rule
  that judges every process works from those of the last check.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable
from typing import Any, TypeVar

from usm_lint.findings import Finding
from usm_lint.model import Node

T = TypeVar("T")
_Kept = dict[int, tuple[Node, tuple[Finding, ...]]]


class Memory:
    def __init__(self) -> None:
        self._files: dict[str, tuple[str, _Kept]] = {}
        """By file: the settings judged under, and each declaration's findings."""
        self._derived: dict[tuple[int, Hashable], tuple[Node, Any]] = {}
        self._derived_now: dict[tuple[int, Hashable], tuple[Node, Any]] = {}

    # ---- per-declaration findings ----------------------------------------
    def file(self, path: str, settings: str) -> FileJudgements:
        """The kept judgements of one file under `settings`, to be renewed: the
        entries its check does not ask for are dropped with the check."""
        kept = self._files.get(path)
        judged = FileJudgements(kept[1] if kept is not None and kept[0] == settings else {})
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
    def __init__(self, last: _Kept) -> None:
        self._last = last
        self.now: _Kept = {}

    def of(self, declaration: Node, judge: Callable[[], list[Finding]]) -> tuple[Finding, ...]:
        """The declaration's findings: kept, or judged now."""
        key = id(declaration)
        kept = self._last.get(key)
        if kept is None or kept[0] is not declaration:
            kept = (declaration, tuple(judge()))
        self.now[key] = kept
        return kept[1]
