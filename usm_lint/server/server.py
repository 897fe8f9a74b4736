"""The language server: editor state, scheduling, and the LSP features.

Threads: pygls runs the handlers on its event loop; everything that parses
or checks runs in ONE worker thread (the parser is not re-entrant), so
requests await the worker and the loop stays free to receive edits.
Diagnostics: an edit restarts a debounce timer; when it fires, a snapshot of
the open buffers is checked in the worker, and a result is published only if
no input it read has changed since (otherwise it is queued again), so an
editor never sees findings of an older version.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import os
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from lsprotocol import types
from pygls.exceptions import (
    FeatureRequestError,
    JsonRpcException,
    JsonRpcInvalidParams,
)
from pygls.lsp.server import LanguageServer

from usm_lint import __version__
from usm_lint.collector import Frozen
from usm_lint.config import CONFIG_FILE, PYPROJECT
from usm_lint.formatter import FormatError, format_text
from usm_lint.parsing.parser import ParseResult
from usm_lint.server import actions, analysis, completion, hover, semantic, symbols
from usm_lint.server.analysis import FileReport, GroupResult, Snapshot
from usm_lint.server.diagnostics import location
from usm_lint.server.documents import Document, Documents, Texts, is_model, path_of, uri_of
from usm_lint.server.navigation import RENAMABLE, Navigation, Occurrence, RenameError
from usm_lint.server.positions import UTF16, LineIndex
from usm_lint.server.protocol import Protocol

DEBOUNCE = 0.3
"""Seconds of quiet after an edit before the workspace is checked again."""
WATCHED = ("**/*.usm", f"**/{CONFIG_FILE}", f"**/{PYPROJECT}", "**/.gitignore")

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class Published:
    """What was last published for a file, for code actions and hover."""

    report: FileReport
    texts: Texts


class UsmLanguageServer(LanguageServer):
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

    # ---- watched files, folders, configuration --------------------------
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

    def register_watchers(self) -> None:
        capabilities = self.client_capabilities.workspace
        watched = capabilities.did_change_watched_files if capabilities else None
        if watched is None or not watched.dynamic_registration:
            return
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED])
        registration = types.Registration(
            id="usm-lint-watched-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options)
        self.client_register_capability(types.RegistrationParams([registration]))

    # ---- helpers for requests -------------------------------------------
    def document(self, uri: str) -> Document:
        document = self.documents.get(uri)
        if document is None:
            raise JsonRpcInvalidParams(f"the document is not open: {uri}")
        return document

    def cursor(self, document: Document, position: types.Position) -> tuple[int, int]:
        return LineIndex(document.text, self.encoding).from_lsp(position)

    def markdown(self) -> bool:
        text = self.client_capabilities.text_document
        formats = text.hover.content_format if text and text.hover else None
        return formats is None or types.MarkupKind.Markdown in formats


# ---- the features ------------------------------------------------------------
def guarded(server: UsmLanguageServer, function: Callable[..., Any]) -> Callable[..., Any]:
    """A handler that logs its failure (window/logMessage) instead of failing."""
    name = function.__name__.replace("_", " ")
    if inspect.iscoroutinefunction(function):
        @functools.wraps(function)
        async def wrapper_async(params: Any) -> Any:
            try:
                return await function(params)
            except JsonRpcException:
                raise
            except Exception:
                server.log_failure(name)
                return None

        return wrapper_async

    @functools.wraps(function)
    def wrapper(params: Any) -> Any:
        try:
            return function(params)
        except JsonRpcException:
            raise
        except Exception:
            server.log_failure(name)
            return None

    return wrapper


def create_server(debounce: float = DEBOUNCE) -> UsmLanguageServer:
    server = UsmLanguageServer(debounce)

    def feature(method: str, options: Any = None
                ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def register(function: Callable[..., Any]) -> Callable[..., Any]:
            server.feature(method, options)(guarded(server, function))
            return function

        return register

    # ---- lifecycle and documents -------------------------------------------
    @feature(types.INITIALIZED)
    def initialized(params: types.InitializedParams) -> None:
        server.register_watchers()

    @feature(types.SHUTDOWN)
    def shutdown(params: None) -> None:
        server.stopping = True
        if server.timer is not None:
            server.timer.cancel()
        server.worker.shutdown(wait=False, cancel_futures=True)

    @feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        document = server.documents.open(item.uri, item.version, item.text)
        if document is None:
            return
        server.tracked.add(document.path)
        server.uris[document.path] = document.uri
        server.changed()
        server.touch({document.path}, 0)

    @feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        document = server.documents.change(params.text_document.uri,
                                           params.text_document.version,
                                           list(params.content_changes), server.encoding)
        if document is None:
            return
        server.changed()
        server.touch({document.path}, server.debounce)

    @feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        path = path_of(params.text_document.uri)
        if path is None:
            return
        if os.path.basename(path) in (CONFIG_FILE, PYPROJECT):
            server.disk_generation += 1
            server.changed()
            server.touch(set(server.tracked), 0)
        elif is_model(path):
            server.disk_generation += 1
            server.changed()
            server.touch({path}, 0)

    @feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        document = server.documents.close(params.text_document.uri)
        if document is None:
            return
        server.changed()
        if not server.in_folder(document.path):
            # Outside the editor's folders a file is checked only while open.
            server.tracked.discard(document.path)
            server.clear(document.path)
        # The workspace now reads the file from disk: check it (and its neighbours).
        server.touch({document.path}, 0)

    @feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(params: types.DidChangeWatchedFilesParams) -> None:
        server.files_changed(list(params.changes))

    @feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def did_change_workspace_folders(params: types.DidChangeWorkspaceFoldersParams) -> None:
        server.folders_changed()

    @feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(params: types.DidChangeConfigurationParams) -> None:
        server.disk_generation += 1
        server.changed()
        server.touch(set(server.tracked), 0)

    # ---- requests ------------------------------------------------------------
    @feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL]))
    async def code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
        document = server.document(params.text_document.uri)
        published = server.current(document.path)
        if published is None:
            return None
        report = published.report
        only = [str(getattr(k, "value", k)) for k in params.context.only or ()] or None
        file = (await server.parsed(document)).file
        return await server.job(actions.code_actions, document.path, report.findings,
                                report.diagnostics, published.texts, file, params.range,
                                only, server.documents.by_path())

    @feature(types.TEXT_DOCUMENT_HOVER)
    async def show_hover(params: types.HoverParams) -> types.Hover | None:
        document = server.document(params.text_document.uri)
        line, column = server.cursor(document, params.position)
        markdown = server.markdown()
        file = (await server.parsed(document)).file
        selector = hover.selector_at(file, line, column)
        text = hover.selector_doc(selector, markdown) if selector else None
        if text is None:
            published = server.current(document.path)
            if published is not None:
                here = types.Range(params.position, params.position)
                found = [f for f, d in zip(published.report.findings,
                                           published.report.diagnostics, strict=True)
                         if actions.overlaps(d.range, here)]
                text = hover.findings_doc(found, markdown)
        if text is None:
            return None
        kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
        return types.Hover(contents=types.MarkupContent(kind=kind, value=text))

    async def occurrence_at(document: Document, position: types.Position
                            ) -> tuple[Occurrence, Navigation, Texts] | None:
        line, column = server.cursor(document, position)
        found = await server.job(server.models.navigation, document.path, server.snapshot())
        if found is None:
            return None
        navigation, texts = found
        occurrence = navigation.at(document.path, line, column)
        return (occurrence, navigation, texts) if occurrence is not None else None

    @feature(types.TEXT_DOCUMENT_DEFINITION)
    async def definition(params: types.DefinitionParams) -> list[types.Location] | None:
        found = await occurrence_at(server.document(params.text_document.uri), params.position)
        if found is None:
            return None
        occurrence, navigation, texts = found
        declarations = navigation.declarations(occurrence.key)
        return [location(texts, o.name.span) for o in declarations] or None

    @feature(types.TEXT_DOCUMENT_REFERENCES)
    async def references(params: types.ReferenceParams) -> list[types.Location] | None:
        found = await occurrence_at(server.document(params.text_document.uri), params.position)
        if found is None:
            return None
        occurrence, navigation, texts = found
        every = navigation.references(occurrence.key, params.context.include_declaration)
        return [location(texts, o.name.span) for o in every]

    @feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    async def prepare_rename(params: types.PrepareRenameParams
                             ) -> types.PrepareRenamePlaceholder | None:
        document = server.document(params.text_document.uri)
        found = await occurrence_at(document, params.position)
        if found is None or found[0].kind not in RENAMABLE:
            return None
        occurrence = found[0]
        span = occurrence.name.span
        return types.PrepareRenamePlaceholder(
            range=LineIndex(document.text, server.encoding).range(span),
            placeholder=occurrence.name.value)

    @feature(types.TEXT_DOCUMENT_RENAME)
    async def rename(params: types.RenameParams) -> types.WorkspaceEdit | None:
        found = await occurrence_at(server.document(params.text_document.uri), params.position)
        if found is None:
            return None
        occurrence, navigation, texts = found
        try:
            every = navigation.renaming(occurrence, params.new_name)
        except RenameError as error:
            raise JsonRpcInvalidParams(str(error)) from None
        changes: dict[str, list[types.TextEdit]] = {}
        for each in every:
            path = each.name.span.file
            changes.setdefault(texts.uri(path), []).append(
                types.TextEdit(texts.lines(path).range(each.name.span), params.new_name))
        return types.WorkspaceEdit(changes=changes)

    @feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def document_symbol(params: types.DocumentSymbolParams
                              ) -> list[types.DocumentSymbol]:
        document = server.document(params.text_document.uri)
        file = (await server.parsed(document)).file
        return symbols.document_symbols(file, LineIndex(document.text, server.encoding))

    async def semantic_pieces(uri: str) -> tuple[list[semantic.Piece], LineIndex]:
        document = server.document(uri)
        parsed = await server.parsed(document)
        lines = LineIndex(document.text, server.encoding)
        return semantic.pieces(parsed.file, parsed.tokens, lines), lines

    @feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, semantic.LEGEND)
    async def semantic_tokens(params: types.SemanticTokensParams) -> types.SemanticTokens:
        found, lines = await semantic_pieces(params.text_document.uri)
        return types.SemanticTokens(data=semantic.encode(found, lines))

    @feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_RANGE, semantic.LEGEND)
    async def semantic_tokens_range(params: types.SemanticTokensRangeParams
                                    ) -> types.SemanticTokens:
        found, lines = await semantic_pieces(params.text_document.uri)
        return types.SemanticTokens(data=semantic.encode(
            found, lines, params.range.start.line + 1, params.range.end.line + 1))

    @feature(types.TEXT_DOCUMENT_FORMATTING)
    async def formatting(params: types.DocumentFormattingParams) -> list[types.TextEdit]:
        document = server.document(params.text_document.uri)
        try:
            formatted = await server.job(format_text, document.text)
        except FormatError as error:
            server.log(f"usm-lint: {document.path} not formatted: {error}",
                       types.MessageType.Info)
            return []
        if formatted == document.text:
            return []
        whole = LineIndex(document.text, server.encoding).whole()
        return [types.TextEdit(whole, formatted)]

    @feature(types.TEXT_DOCUMENT_COMPLETION,
             types.CompletionOptions(trigger_characters=["."]))
    async def complete(params: types.CompletionParams) -> types.CompletionList:
        document = server.document(params.text_document.uri)
        lines = LineIndex(document.text, server.encoding)
        offset = lines.lsp_offset(params.position)
        line, column = lines.core_position(offset)
        prefix = document.text[lines.starts[params.position.line]:offset] if (
            params.position.line < lines.line_count) else ""
        tokens = (await server.parsed(document)).tokens
        found = await server.job(server.models.navigation, document.path, server.snapshot(),
                                 fresh=False)
        index = found[0].index if found is not None else None
        items = completion.complete(prefix, tokens, line, column, index)
        return types.CompletionList(is_incomplete=False, items=items)

    return server

