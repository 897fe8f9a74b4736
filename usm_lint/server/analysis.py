"""The analysis the server runs in its worker thread: the CLI's own core.

Every open (or once opened) model file is checked with `lint_paths`, named
with the editor's workspace folder as the current directory, so discovery
finds exactly the workspaces the CLI finds from that folder (LANGUAGE.md
"Files and the workspace"); unsaved buffers are passed as `buffers`. The
files are grouped by workspace root, so an edit re-checks only its own
workspace (every file of it, so cross-file findings of the other open files
follow), and a broken configuration stops only its own workspace.
"""

from __future__ import annotations

import os
import traceback
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol.types import Diagnostic

from usm_lint.config import DEFAULT_MAX_FILE_BYTES, ConfigError, find_config
from usm_lint.discovery import Discoverer
from usm_lint.findings import Finding
from usm_lint.lint import lint_paths
from usm_lint.loader import LoadedWorkspace, LoadOptions, load_workspace
from usm_lint.memory import Memory
from usm_lint.parsing.parser import ParseResult
from usm_lint.registry import RULES
from usm_lint.server.diagnostics import Converted, configuration_error
from usm_lint.server.documents import Document, Texts
from usm_lint.server.navigation import Navigation
from usm_lint.server.parses import Parses
from usm_lint.server.positions import BOM


def load_options(parses: Parses) -> LoadOptions:
    """Parse in this thread: the worker is one thread, and forking a process
    pool from a threaded server is asking for trouble. The parses are kept in
    memory (`parses`) instead of the cache folder, which would also store the
    findings of every version typed."""
    return LoadOptions(cache=False, jobs=1, known=parses)


@dataclass
class Kept:
    """What the worker keeps from one check for the next (used there only)."""

    parses: Parses = field(default_factory=Parses)
    memory: Memory = field(init=False)
    diagnostics: Converted = field(default_factory=Converted)

    def __post_init__(self) -> None:
        self.memory = Memory(self.parses.moved_from)


@dataclass(frozen=True)
class Snapshot:
    """What the editor showed when a job was queued (taken on the event loop)."""

    documents: dict[str, Document]
    """Open model documents by path."""
    tracked: frozenset[str]
    """Every file whose diagnostics are published: the open ones and, inside
    the editor's workspace folders, those opened before and closed."""
    folders: tuple[Path, ...]
    encoding: str
    disk_generation: int
    generation: int = 0
    """Counts every change the server saw; equal generations, equal inputs."""

    def buffers(self) -> dict[str, bytes]:
        return {path: doc.text.encode("utf-8", "surrogatepass")
                for path, doc in self.documents.items()}


@dataclass
class FileReport:
    path: str
    uri: str
    version: int | None
    text: str
    findings: list[Finding]
    diagnostics: list[Diagnostic]


@dataclass
class GroupResult:
    cwd: Path
    root: Path
    reports: list[FileReport]
    files: frozenset[str]
    """Every file of the workspace (an edit to any of them makes this stale)."""
    inputs: dict[str, int | None]
    """The open documents this result read, with their versions."""
    texts: Texts
    gone: list[str] = field(default_factory=list)
    """Tracked files that no longer exist (closed and deleted)."""
    failure: str | None = None
    """A traceback: the analysis itself failed (a bug); logged by the server."""


def editor_folder(path: str, folders: Sequence[Path]) -> Path:
    """The deepest editor workspace folder holding `path`, else its own folder
    (the CLI's rule for a file named from outside the current directory)."""
    holding = [f for f in folders if Path(path).is_relative_to(f)]
    return max(holding, key=lambda f: len(f.parts)) if holding else Path(path).parent


def workspace_key(path: str, folders: Sequence[Path],
                  discoverers: dict[Path, Discoverer]) -> tuple[Path, Path]:
    """(current directory, workspace root) of a file, as discovery decides."""
    cwd = editor_folder(path, folders)
    discoverer = discoverers.setdefault(cwd, Discoverer(cwd))
    folder = Path(path).parent
    try:
        return cwd, discoverer.workspace_for(folder, folder).root
    except ConfigError:
        # The root's configuration is broken: the root is still its folder.
        root = next((f for f in (folder, *folder.parents) if find_config(f)), folder)
        return cwd, root


def group(paths: Iterable[str], snapshot: Snapshot,
          discoverers: dict[Path, Discoverer]) -> dict[tuple[Path, Path], set[str]]:
    groups: dict[tuple[Path, Path], set[str]] = defaultdict(set)
    for path in paths:
        groups[workspace_key(path, snapshot.folders, discoverers)].add(path)
    return groups


def analyse(snapshot: Snapshot, dirty: set[str], kept: Kept) -> list[GroupResult]:
    """Check the workspaces of the `dirty` files; one result per workspace."""
    kept.parses.follow(snapshot.documents)
    kept.memory.retain(snapshot.tracked)
    kept.diagnostics.retain(snapshot.tracked)
    discoverers: dict[Path, Discoverer] = {}
    tracked = group(snapshot.tracked, snapshot, discoverers)
    # A dirty file no longer tracked (closed) still names the workspace to refresh.
    wanted = {workspace_key(path, snapshot.folders, discoverers) for path in dirty}
    buffers = snapshot.buffers()
    return [_check(key, sorted(tracked.get(key, ())), snapshot, buffers, kept)
            for key in sorted(wanted)]


def _check(key: tuple[Path, Path], paths: list[str], snapshot: Snapshot,
           buffers: dict[str, bytes], kept: Kept) -> GroupResult:
    cwd, root = key
    texts = Texts(snapshot.documents, snapshot.encoding)
    gone = [p for p in paths if p not in snapshot.documents and not os.path.isfile(p)]
    paths = [p for p in paths if p not in gone]
    named = set(paths)
    # Open files this result depends on: its own, and any below its root that
    # exist only in the editor (the server treats a change to them as stale).
    inputs = {path: doc.version for path, doc in snapshot.documents.items()
              if path in named or (Path(path).is_relative_to(root) and not os.path.exists(path))}
    result = GroupResult(cwd, root, [], frozenset(paths), inputs, texts, gone)
    if not paths:
        return result
    try:
        linted = lint_paths(paths, RULES, cwd, buffers=buffers,
                            load=load_options(kept.parses), memory=kept.memory)
    except ConfigError as error:
        for path in paths:
            result.reports.append(FileReport(path, texts.uri(path), texts.version(path),
                                             texts.text(path), [],
                                             [configuration_error(str(error))]))
        return result
    except Exception:
        result.failure = traceback.format_exc()
        return result
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in linted.findings:
        by_file[finding.span.file].append(finding)
    result.files = frozenset({*paths, *(f for s in linted.workspaces for f in s.files)})
    kept.parses.forget(root, result.files)
    result.inputs.update({p: d.version for p, d in snapshot.documents.items()
                          if p in result.files})
    for path in paths:
        findings = by_file.get(path, [])
        result.reports.append(FileReport(
            path, texts.uri(path), texts.version(path), texts.text(path), findings,
            kept.diagnostics.diagnostics(path, findings, texts)))
    return result


# ---- the model, for navigation and single files ------------------------------
def parsed(parses: Parses, text: str, path: str) -> ParseResult:
    """An open document's parse (tokens, comments, declarations); an empty one
    for a buffer over the default `max-file-bytes` (its diagnostics say E005),
    so that outlines and colouring never parse 50 MB on every keystroke."""
    if len(text) > DEFAULT_MAX_FILE_BYTES:
        return parses.result(path, "")
    return parses.result(path, text.removeprefix(BOM))


def load_model(path: str, snapshot: Snapshot, parses: Parses) -> LoadedWorkspace | None:
    """The loaded workspace holding `path`, open buffers included (None if its
    configuration is broken). Every open file of the editor folder is named, so
    files that exist only in the editor join their workspaces too."""
    cwd = editor_folder(path, snapshot.folders)
    named = [path, *(p for p in snapshot.documents if p != path and Path(p).is_relative_to(cwd))]
    buffers = snapshot.buffers()
    try:
        discovery = Discoverer(cwd).discover(named, buffers)
        spec = next((s for s in discovery.workspaces if path in s.files), None)
        if spec is None:
            return None
        return load_workspace(spec, buffers, load_options(parses))
    except ConfigError:
        return None


class Models:
    """Navigation models by workspace, each for the editor state it was built from."""

    KEEP = 8

    def __init__(self, parses: Parses) -> None:
        self.parses = parses
        self._models: list[tuple[int, Navigation, Texts]] = []

    def navigation(self, path: str, snapshot: Snapshot,
                   fresh: bool = True) -> tuple[Navigation, Texts] | None:
        """The model of `path`'s workspace; with `fresh=False` the latest one
        built will do (completion while typing need not re-load the workspace)."""
        for generation, navigation, texts in reversed(self._models):
            if (not fresh or generation == snapshot.generation) and any(
                    f.path == path for f in navigation.workspace.files):
                return navigation, texts
        loaded = load_model(path, snapshot, self.parses)
        if loaded is None:
            return None
        texts = Texts(snapshot.documents, snapshot.encoding)
        for file, source in loaded.sources.items():
            if source.text is not None and file not in snapshot.documents:
                texts.seed(file, source.text)
        navigation = Navigation.of(loaded.model)
        self._models = [*self._models[-(self.KEEP - 1):],
                        (snapshot.generation, navigation, texts)]
        return navigation, texts
