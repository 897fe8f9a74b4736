"""The per-declaration rules' findings, kept from one check to the next.

A long-running caller (the language server) checks the same files again
after every edit. Its incremental parser hands back the very node of each
top-level declaration the edit did not touch, and what a per-declaration
rule (`Rule.per_declaration`) finds there follows from that node and the
settings alone: so those findings are kept by the node's identity and only
the declarations an edit touched are judged again. The node is held beside
its findings, so its id cannot be reused while the entry lives.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from usm_lint.findings import Finding
from usm_lint.model import Node

_Kept = dict[int, tuple[Node, tuple[Finding, ...]]]


class Judgements:
    def __init__(self) -> None:
        self._files: dict[str, tuple[str, _Kept]] = {}
        """By file: the settings judged under, and each declaration's findings."""

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
