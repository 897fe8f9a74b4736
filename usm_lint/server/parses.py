"""The parses the server keeps between checks, by file.

An open document is parsed by its own `IncrementalParser`, so a check after
an edit re-parses only the declarations the edit touched. Any other file's
parse (read from disk, parsed or taken from the parse cache by the loader)
is kept with the text it was made from, and used again while that text is
unchanged. The loader asks here before it parses (`loader.KnownParses`).

Only the worker thread uses it (see state.py), so it needs no lock.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path

from usm_lint.cache import ParseEntry
from usm_lint.discovery import SUFFIX
from usm_lint.model import Node
from usm_lint.parsing.incremental import IncrementalParser
from usm_lint.parsing.parser import ParseResult


class Parses:
    def __init__(self) -> None:
        self._editing: dict[str, IncrementalParser] = {}
        """Open model documents."""
        self._kept: dict[str, tuple[str, ParseEntry]] = {}
        """Other files: the text parsed and its parse."""

    def follow(self, open_paths: Collection[str]) -> None:
        """The editor's open documents now; closed ones are parsed whole again."""
        for path in [p for p in self._editing if p not in open_paths]:
            del self._editing[path]
        for path in open_paths:
            if path.endswith(SUFFIX) and path not in self._editing:
                self._editing[path] = IncrementalParser(path)
                self._kept.pop(path, None)

    def forget(self, root: Path, files: Iterable[str]) -> None:
        """Drop the kept files below `root` that its workspace no longer has."""
        present = set(files)
        for path in [p for p in self._kept if p not in present and Path(p).is_relative_to(root)]:
            del self._kept[path]

    def result(self, path: str, text: str) -> ParseResult:
        """An open document's parse, tokens included."""
        parser = self._editing.get(path)
        if parser is None:  # a request came before the check of its opening
            parser = self._editing[path] = IncrementalParser(path)
        return parser.parse(text)

    def moved_from(self, declaration: Node) -> tuple[Node, int] | None:
        """What an open document's declaration was before its latest edit moved
        it, and how many lines down (for the engine's `Memory`)."""
        for parser in self._editing.values():
            if (moved := parser.moved_from(declaration)) is not None:
                return moved
        return None

    # ---- loader.KnownParses --------------------------------------------
    def get(self, path: str, text: str) -> ParseEntry | None:
        if path in self._editing:
            result = self.result(path, text)
            return ParseEntry.model_construct(file=result.file, findings=result.findings)
        kept = self._kept.get(path)
        return kept[1] if kept is not None and kept[0] == text else None

    def put(self, path: str, text: str, entry: ParseEntry) -> None:
        if path not in self._editing:
            self._kept[path] = (text, entry)
