"""The notifications: lifecycle, the editor's documents, and files, folders
and settings changing; each updates the state (state.py) and schedules a
check of what it touched."""

from __future__ import annotations

import os

from lsprotocol import types

from usm_lint.config import CONFIG_FILE, PYPROJECT
from usm_lint.server.documents import is_model, path_of
from usm_lint.server.handlers import feature
from usm_lint.server.state import UsmLanguageServer

WATCHED = ("**/*.usm", f"**/{CONFIG_FILE}", f"**/{PYPROJECT}", "**/.gitignore")


class DocumentFeatures:
    def __init__(self, server: UsmLanguageServer) -> None:
        self.server = server

    # ---- lifecycle ------------------------------------------------------------
    def initialized(self, params: types.InitializedParams) -> None:
        self.register_watchers()

    def register_watchers(self) -> None:
        capabilities = self.server.client_capabilities.workspace
        watched = capabilities.did_change_watched_files if capabilities else None
        if watched is None or not watched.dynamic_registration:
            return
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED])
        registration = types.Registration(
            id="usm-lint-watched-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options)
        self.server.client_register_capability(types.RegistrationParams([registration]))

    def shutdown(self, params: None) -> None:
        server = self.server
        server.stopping = server.shut_down = True
        if server.timer is not None:
            server.timer.cancel()
        server.worker.shutdown(wait=False, cancel_futures=True)

    # ---- documents ------------------------------------------------------------
    def did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        server = self.server
        item = params.text_document
        document = server.documents.open(item.uri, item.version, item.text)
        if document is None:
            return
        server.tracked.add(document.path)
        server.uris[document.path] = document.uri
        server.changed()
        server.touch({document.path}, 0)

    def did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        server = self.server
        document = server.documents.change(params.text_document.uri,
                                           params.text_document.version,
                                           list(params.content_changes), server.encoding)
        if document is None:
            return
        server.changed()
        server.touch({document.path}, server.debounce)

    def did_save(self, params: types.DidSaveTextDocumentParams) -> None:
        server = self.server
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

    def did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        server = self.server
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

    # ---- files, folders and settings ----------------------------------------
    def did_change_watched_files(self, params: types.DidChangeWatchedFilesParams) -> None:
        self.server.files_changed(list(params.changes))

    def did_change_workspace_folders(self, params: types.DidChangeWorkspaceFoldersParams
                                     ) -> None:
        self.server.folders_changed()

    def did_change_configuration(self, params: types.DidChangeConfigurationParams) -> None:
        server = self.server
        server.disk_generation += 1
        server.changed()
        server.touch(set(server.tracked), 0)


def register(server: UsmLanguageServer) -> None:
    handlers = DocumentFeatures(server)
    feature(server, types.INITIALIZED, handlers.initialized)
    feature(server, types.SHUTDOWN, handlers.shutdown)
    feature(server, types.TEXT_DOCUMENT_DID_OPEN, handlers.did_open)
    feature(server, types.TEXT_DOCUMENT_DID_CHANGE, handlers.did_change)
    feature(server, types.TEXT_DOCUMENT_DID_SAVE, handlers.did_save,
            types.SaveOptions(include_text=False))
    feature(server, types.TEXT_DOCUMENT_DID_CLOSE, handlers.did_close)
    feature(server, types.WORKSPACE_DID_CHANGE_WATCHED_FILES, handlers.did_change_watched_files)
    feature(server, types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS,
            handlers.did_change_workspace_folders)
    feature(server, types.WORKSPACE_DID_CHANGE_CONFIGURATION, handlers.did_change_configuration)
