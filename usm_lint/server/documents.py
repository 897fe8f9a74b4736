"""The editor's open documents: their text, version and file path.

Kept here rather than in pygls's own store so that incremental edits are
applied with the same position arithmetic (positions.py) the diagnostics use.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from lsprotocol.types import (
    TextDocumentContentChangeEvent,
    TextDocumentContentChangePartial,
)
from pygls.uris import from_fs_path, to_fs_path

from usm_lint.discovery import SUFFIX
from usm_lint.server.positions import UTF16, LineIndex
from usm_lint.source import lines_ended_by_lf


def path_of(uri: str) -> str | None:
    """The absolute file path of a `file:` URI (None for other schemes)."""
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return os.path.abspath(path) if path else None


def uri_of(path: str) -> str:
    uri = from_fs_path(path)
    return uri if uri is not None else Path(path).as_uri()


def is_model(path: str | None) -> bool:
    return path is not None and path.endswith(SUFFIX)


@dataclass(frozen=True)
class Document:
    uri: str
    path: str
    version: int | None
    text: str


class Documents:
    """Open model documents by URI."""

    def __init__(self) -> None:
        self.by_uri: dict[str, Document] = {}

    def open(self, uri: str, version: int | None, text: str) -> Document | None:
        path = path_of(uri)
        if not is_model(path):
            return None
        assert path is not None
        # Lines ended by CR alone are read as the command line reads them (the
        # editor counts them as lines too, so positions agree).
        document = Document(uri, path, version, lines_ended_by_lf(text))
        self.by_uri[uri] = document
        return document

    def change(self, uri: str, version: int | None,
               changes: list[TextDocumentContentChangeEvent],
               encoding: str = UTF16) -> Document | None:
        document = self.by_uri.get(uri)
        if document is None:
            return None
        text = document.text
        for change in changes:
            if isinstance(change, TextDocumentContentChangePartial):
                lines = LineIndex(text, encoding)
                start = lines.lsp_offset(change.range.start)
                end = max(start, lines.lsp_offset(change.range.end))
                text = text[:start] + lines_ended_by_lf(change.text) + text[end:]
            else:
                text = lines_ended_by_lf(change.text)
        updated = Document(uri, document.path, version, text)
        self.by_uri[uri] = updated
        return updated

    def close(self, uri: str) -> Document | None:
        return self.by_uri.pop(uri, None)

    def get(self, uri: str) -> Document | None:
        return self.by_uri.get(uri)

    def by_path(self) -> dict[str, Document]:
        return {document.path: document for document in self.by_uri.values()}


def disk_text(path: str) -> str:
    """A file's text as the core reads it (BOM removed), or "" if unreadable."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


class Texts:
    """The texts findings point into: the editor's buffers, else the disk.

    One instance serves one job in the worker thread (it caches what it read).
    """

    def __init__(self, open_documents: dict[str, Document], encoding: str = UTF16) -> None:
        self.open = open_documents
        self.encoding = encoding
        self._texts: dict[str, str] = {}
        self._lines: dict[str, LineIndex] = {}

    def text(self, path: str) -> str:
        document = self.open.get(path)
        if document is not None:
            return document.text
        if path not in self._texts:
            self._texts[path] = disk_text(path)
        return self._texts[path]

    def seed(self, path: str, text: str) -> None:
        """The text a file was read with (so positions match what was parsed)."""
        self._texts[path] = text

    def lines(self, path: str) -> LineIndex:
        if path not in self._lines:
            self._lines[path] = LineIndex(self.text(path), self.encoding)
        return self._lines[path]

    def uri(self, path: str) -> str:
        document = self.open.get(path)
        return document.uri if document is not None else uri_of(path)

    def version(self, path: str) -> int | None:
        document = self.open.get(path)
        return document.version if document is not None else None
