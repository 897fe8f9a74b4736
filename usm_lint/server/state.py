"""The server's state: the open documents, the worker, and diagnostics.

Threads: pygls runs the handlers on its event loop; everything that parses
or checks runs in ONE worker thread (parsing is re-entrant, but one worker
keeps checks in order and what they share needs no lock), so requests await
the worker and the loop stays free to receive edits.
Diagnostics: an edit restarts a debounce timer; when it fires, a snapshot of
the open buffers is checked in the worker, and a result is published only if
no input it read has changed since (otherwise it is queued again), so an
editor never sees findings of an older version.

The handlers that change this state are in features_documents.py; those that
answer requests from it in features_language.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import os
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from lsprotocol import types
from pygls.exceptions import FeatureRequestError, JsonRpcException
from pygls.lsp.server import LanguageServer

from usm_lint import __version__
from usm_lint.gc_pause import Frozen
from usm_lint.parsing.parser import ParseResult
from usm_lint.server import analysis
from usm_lint.server.analysis import FileReport, GroupResult, Snapshot
from usm_lint.server.documents import Document, Documents, Texts, path_of, uri_of
from usm_lint.server.positions import UTF16
from usm_lint.server.protocol import Protocol

DEBOUNCE = 0.3
"""Seconds of quiet after an edit before the workspace is checked again."""

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class Published:
    """What was last published for a file, for code actions and hover."""

    report: FileReport
    texts: Texts


class UsmLanguageServer(LanguageServer):
    """pygls's server, holding what the handlers share (see the module's doc)."""

    def __init__(self, debounce: float = DEBOUNCE) -> None:
        kept = analysis.Kept()
        super().__init__("usm-lint", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                         protocol_cls=Protocol)
        assert isinstance(self.protocol, Protocol)
        self.protocol.converted = kept.diagnostics
        self.debounce = debounce
        self.documents = Documents()
        self.tracked: set[str] = set()
        self.uris: dict[str, str] = {}
        self.published: dict[str, Published] = {}
        self.dirty: set[str] = set()
        self.timer: asyncio.TimerHandle | None = None
        self.tasks: set[asyncio.Task[None]] = set()
        self.generation = 0
        self.disk_generation = 0
        self.worker = ThreadPoolExecutor(1, thread_name_prefix="usm-lint")
        self.kept = kept
        self.models = analysis.Models(self.kept.parses)
        self.collector = Frozen()
        self.stopping = False
        """No more checks: the client asked for `shutdown` (or a test wants none)."""
        self.shut_down = False
        """The client asked for `shutdown`: only `exit` may follow (and exits 0)."""

    # ---- state ----------------------------------------------------------
    @property
    def encoding(self) -> str:
        try:
            encoding = self.workspace.position_encoding
        except RuntimeError:  # not initialized yet
            return UTF16
        return str(getattr(encoding, "value", encoding) or UTF16)

    def folders(self) -> tuple[Path, ...]:
        try:
            workspace = self.workspace
        except RuntimeError:
            return ()
        paths = [path_of(folder.uri) for folder in workspace.folders.values()]
        if not paths and workspace.root_uri:
            paths = [path_of(workspace.root_uri)]
        return tuple(Path(p) for p in paths if p)

    def in_folder(self, path: str) -> bool:
        return any(Path(path).is_relative_to(folder) for folder in self.folders())

    def snapshot(self) -> Snapshot:
        return Snapshot(self.documents.by_path(), frozenset(self.tracked), self.folders(),
                        self.encoding, self.disk_generation, self.generation)

    def changed(self) -> None:
        self.generation += 1

    # ---- logging --------------------------------------------------------
    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        with contextlib.suppress(Exception):  # the client is gone: nothing to tell
            self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def log_failure(self, what: str) -> None:
        self.log(f"usm-lint: {what} failed:\n{traceback.format_exc()}", types.MessageType.Error)

    def report_server_error(self, error: Exception, source: Any) -> None:
        if isinstance(error, JsonRpcException) and source is FeatureRequestError:
            return  # a refusal (a rename to a taken name): the client has it as the answer
        if isinstance(error, json.JSONDecodeError | UnicodeDecodeError) and isinstance(
                self.protocol, Protocol):
            self.protocol.answer_unreadable(error)  # a frame that is not JSON
        self.log(f"usm-lint: {type(error).__name__}: {error}", types.MessageType.Error)

    # ---- the worker -----------------------------------------------------
    async def job(self, function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.worker, functools.partial(function, *args,
                                                                         **kwargs))

    async def parsed(self, document: Document) -> ParseResult:
        return await self.job(analysis.parsed, self.kept.parses, document.text, document.path)

    # ---- diagnostics ------------------------------------------------------
    def touch(self, paths: set[str], delay: float) -> None:
        """Check the workspaces of `paths` after `delay` seconds of quiet."""
        self.dirty |= paths
        if not self.dirty or self.stopping:
            return
        if self.timer is not None:
            self.timer.cancel()
        self.timer = asyncio.get_running_loop().call_later(delay, self._fire)

    def _fire(self) -> None:
        self.timer = None
        task = asyncio.get_running_loop().create_task(self._analyse())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _analyse(self) -> None:
        if self.stopping:
            return
        dirty, self.dirty = self.dirty, set()
        snapshot = self.snapshot()
        try:
            results = await self.job(self.collector.run, analysis.analyse, snapshot, dirty,
                                     self.kept)
        except Exception:
            self.log_failure("checking the workspace")
            return
        for result in results:
            try:
                self._publish(result, snapshot)
            except Exception:
                self.log_failure(f"publishing the diagnostics of {result.root}")

    def _stale(self, result: GroupResult, snapshot: Snapshot) -> bool:
        if self.disk_generation != snapshot.disk_generation:
            return True
        current = self.documents.by_path()
        for path, version in result.inputs.items():
            document = current.get(path)
            if document is None or document.version != version or (
                    document.text != snapshot.documents[path].text):
                return True
        # A file opened since, in the workspace (or only in the editor, below its root).
        return any(path not in result.inputs and (path in result.files or (
            Path(path).is_relative_to(result.root) and not os.path.exists(path)))
            for path in current)

    def _publish(self, result: GroupResult, snapshot: Snapshot) -> None:
        if result.failure:
            self.log(f"usm-lint: checking {result.root} failed:\n{result.failure}",
                     types.MessageType.Error)
        open_paths = self.documents.by_path()
        for path in result.gone:
            if path not in open_paths:
                self.tracked.discard(path)
                self.clear(path)
        if self._stale(result, snapshot):
            self.touch({r.path for r in result.reports}, self.debounce)
            return
        for report in result.reports:
            if report.path not in self.tracked:
                continue
            uri = self.uris.get(report.path, report.uri)
            previous = self.published.get(report.path)
            self.published[report.path] = Published(report, result.texts)
            if previous is not None and (previous.report.uri, previous.report.version,
                                         previous.report.diagnostics) == (
                    report.uri, report.version, report.diagnostics):
                continue  # the editor shows these already (a neighbour's edit)
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=uri, diagnostics=report.diagnostics, version=report.version))

    def clear(self, path: str) -> None:
        self.published.pop(path, None)
        uri = self.uris.pop(path, None) or uri_of(path)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def current(self, path: str) -> Published | None:
        """What was published for `path`, if it still describes the open text."""
        published = self.published.get(path)
        document = self.documents.by_path().get(path)
        if published is None or document is None or published.report.text != document.text:
            return None
        return published

    # ---- watched files and folders --------------------------------------
    def files_changed(self, changes: list[types.FileEvent]) -> None:
        open_paths = self.documents.by_path()
        for change in changes:
            path = path_of(change.uri)
            if path is None:
                continue
            if change.type == types.FileChangeType.Deleted:
                gone = [p for p in self.tracked if p not in open_paths and (
                    p == path or Path(p).is_relative_to(path))]
                for tracked in gone:
                    self.tracked.discard(tracked)
                    self.clear(tracked)
        self.disk_generation += 1
        self.changed()
        self.touch(set(self.tracked), self.debounce)

    def folders_changed(self) -> None:
        open_paths = self.documents.by_path()
        for path in [p for p in self.tracked if p not in open_paths and not self.in_folder(p)]:
            self.tracked.discard(path)
            self.clear(path)
        self.changed()
        self.touch(set(self.tracked), 0)
