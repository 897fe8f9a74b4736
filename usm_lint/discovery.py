"""Which workspaces a run checks, which files each holds, which are reported.

A folder holding a config file is a workspace root, and files belong to the
nearest such folder above them, up to the root of the git repository they
are in (a config above a checkout is not the checkout's). A file with no config folder above it
belongs to the workspace rooted at the folder named on the command line
(for a named file: its own folder), never at the current directory merely
because the command runs there: files saved where you stand never change
another file's result. A folder that cannot be read is skipped with a note.
Discovery skips hidden folders, `node_modules`, what git ignores and config
`exclude` globs; files named on the command line are checked even if
excluded, unless `--force-exclude`. `.bpmn` files belong to a workspace whose
config says `bpmn = true`; one named elsewhere is a model of its own.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from usm_lint.config import Config, find_config, load_config, misnamed_table
from usm_lint.findings import Finding
from usm_lint.replay import watch
from usm_lint.source import unreadable

SUFFIX = ".usm"
BPMN_SUFFIX = ".bpmn"
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__"})


@dataclass
class WorkspaceSpec:
    root: Path
    config_path: Path | None
    config: Config
    files: list[str] = field(default_factory=list)
    """Every model file of the workspace (absolute paths, sorted)."""
    reported: set[str] = field(default_factory=set)
    """The files whose findings are reported."""
    walked: bool = True
    """False for a `.bpmn` file checked as a model of its own: it holds no other file."""


def holds(spec: WorkspaceSpec, path: Path) -> bool:
    """Whether a model file found in the workspace's folders belongs to its model."""
    return spec.config.bpmn or not path.name.endswith(BPMN_SUFFIX)


@dataclass
class Discovery:
    workspaces: list[WorkspaceSpec]
    missing: list[Finding]
    """E004 for named paths that do not exist and folder loops below them."""
    skipped: list[str] = field(default_factory=list)
    """Notes, each once: folders that could not be read, a misnamed config table."""


class _Ignore:
    """Git's ignore files and a workspace's `exclude` globs, gitignore-style."""

    def __init__(self) -> None:
        self._specs: dict[Path, Any] = {}
        self._git_tops: dict[Path, Path | None] = {}

    def _spec(self, folder: Path) -> Any:
        if folder not in self._specs:
            ignore_file = folder / ".gitignore"
            watch(ignore_file)
            spec = None
            if _is_file(ignore_file):
                import pathspec  # only where a .gitignore exists: keeps start-up light

                try:
                    lines = ignore_file.read_text("utf-8", errors="replace").splitlines()
                except OSError:
                    lines = []
                spec = pathspec.GitIgnoreSpec.from_lines(lines)
            self._specs[folder] = spec
        return self._specs[folder]

    def git_top(self, folder: Path) -> Path | None:
        if folder not in self._git_tops:
            top = None
            for candidate in (folder, *folder.parents):
                watch(candidate / ".git")
                try:
                    found = (candidate / ".git").exists()
                except OSError:
                    found = False  # an unsearchable folder holds no repository we can read
                if found:
                    top = candidate
                    break
            self._git_tops[folder] = top
        return self._git_tops[folder]

    def git_ignored(self, path: Path, is_dir: bool) -> bool:
        top = self.git_top(path.parent)
        if top is None:
            return False
        folder = path.parent
        chain = [folder, *[p for p in folder.parents if p.is_relative_to(top)]]
        for base in chain:
            spec = self._spec(base)
            if spec is None:
                continue
            relative = path.relative_to(base).as_posix() + ("/" if is_dir else "")
            if spec.match_file(relative):
                return True
        return False


def excluded(spec: WorkspaceSpec, path: Path) -> bool:
    if not spec.config.exclude:
        return False
    base = spec.config_path.parent if spec.config_path else spec.root
    try:
        relative = path.relative_to(base).as_posix()
    except ValueError:
        return False
    return bool(_exclusion(tuple(spec.config.exclude)).match_file(relative))


@functools.lru_cache(maxsize=64)
def _exclusion(patterns: tuple[str, ...]) -> Any:
    """The `exclude` patterns compiled once per configuration, not per path
    (2,000 patterns and 200 files took 39 s)."""
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns)


class Discoverer:
    def __init__(self, cwd: Path, force_exclude: bool = False,
                 config_override: Path | None = None) -> None:
        self.cwd = cwd
        self.force_exclude = force_exclude
        self.config_override = config_override
        self.ignore = _Ignore()
        self._roots: dict[Path, WorkspaceSpec] = {}
        self._config_of: dict[Path, Path | None] = {}
        self.skipped: list[str] = []

    # ---- roots ----------------------------------------------------------
    def _config_folder(self, folder: Path) -> Path | None:
        """The nearest folder at or above `folder` holding a config file."""
        if folder not in self._config_of:
            if find_config(folder) is not None:
                found: Path | None = folder
            elif self.ignore.git_top(folder) == folder:
                # A repository's root: a configuration above it belongs to
                # whoever owns that folder, not to this checkout.
                found = None
            elif (warning := misnamed_table(folder)) is not None:
                if warning not in self.skipped:
                    self.skipped.append(warning)
                found = self._config_folder(folder.parent) if folder.parent != folder else None
            elif folder.parent == folder:
                found = None
            else:
                found = self._config_folder(folder.parent)
            self._config_of[folder] = found
        return self._config_of[folder]

    def workspace_for(self, folder: Path, named: Path) -> WorkspaceSpec:
        root = self._config_folder(folder)
        if root is None:
            root = named
        if root not in self._roots:
            config_path = self.config_override or find_config(root)
            config = load_config(config_path) if config_path else Config()
            self._roots[root] = WorkspaceSpec(root, config_path, config)
        return self._roots[root]

    # ---- walking --------------------------------------------------------
    def walk(self, folder: Path, spec: WorkspaceSpec | None,
             problems: list[Finding] | None = None,
             seen: frozenset[str] = frozenset()) -> Iterator[Path]:
        """Model files below `folder`. With `spec`, stay inside that workspace
        (stop at folders that are workspace roots of their own). Directory
        loops are added to `problems` as E004."""
        watch(folder)  # a file added, removed or renamed in it changes its times
        real = os.path.realpath(folder)
        if real in seen:
            problem = unreadable(str(folder), "the folder: its symbolic links form a loop")
            if problems is not None and problem.problem is not None:
                problems.append(problem.problem)
            return
        seen = seen | {real}
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            note = f"{folder}: skipped, the folder cannot be read ({error.strerror or error})"
            if note not in self.skipped:
                self.skipped.append(note)
            return
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_symlink():
                    watch(path)  # its target may change without its folder's times
                is_dir = entry.is_dir()
            except OSError:
                watch(path)
                is_dir = False  # a symlink loop: read as a file, it reports E004
            if is_dir:
                if entry.name in SKIPPED_FOLDERS or self.ignore.git_ignored(path, True):
                    continue
                if spec is not None and find_config(path) is not None:
                    continue  # a workspace of its own
                if spec is not None and excluded(spec, path):
                    continue
                yield from self.walk(path, spec, problems, seen)
            elif (entry.name.endswith((SUFFIX, BPMN_SUFFIX))
                  and not self.ignore.git_ignored(path, False)):
                watch(path)
                yield path

    def named_file(self, path: Path) -> WorkspaceSpec:
        """The workspace of a file named on the command line: its folder's, or, for a
        `.bpmn` file that workspace does not hold, a model of its own."""
        spec = self.workspace_for(path.parent, path.parent)
        return spec if holds(spec, path) else self._own_model(path, spec)

    def _own_model(self, path: Path, spec: WorkspaceSpec) -> WorkspaceSpec:
        """A workspace holding `path` alone, with the settings of `spec`."""
        if path not in self._roots:
            self._roots[path] = WorkspaceSpec(spec.root, spec.config_path, spec.config,
                                              walked=False)
        return self._roots[path]

    # ---- the run --------------------------------------------------------
    def discover(self, paths: list[str], buffers: Mapping[str, bytes] | None = None,
                 alone: Container[str] = ()) -> Discovery:
        """`buffers` name files that exist only in memory (`--stdin-filename`);
        those in `alone` are each a model of their own (standard input without
        a name: text from nowhere joins no folder's files)."""
        missing: list[Finding] = []
        for raw in paths:
            path = Path(os.path.abspath(os.path.join(self.cwd, raw)))
            if str(path) in alone:
                spec = self.workspace_for(path.parent, path.parent)
                self._own_model(path, spec).reported.add(str(path))
                continue
            self._report_named(path, buffers, missing)
        folders: dict[str, str] = {}  # real paths of folders, for `_real_path`
        for spec in self._roots.values():
            self._gather_files(spec, folders)
        workspaces = [s for s in self._roots.values() if s.reported]
        workspaces.sort(key=lambda s: s.root)
        return Discovery(workspaces, missing, self.skipped)

    def _report_named(self, path: Path, buffers: Mapping[str, bytes] | None,
                      missing: list[Finding]) -> None:
        """Mark what a path named on the command line reports, in the workspaces
        it belongs to; a path that does not exist is added to `missing` as E004."""
        watch(path)
        if buffers and str(path) in buffers:
            self.named_file(path).reported.add(str(path))
        elif not os.path.lexists(path):
            problem = unreadable(str(path), "the path: it does not exist").problem
            assert problem is not None
            missing.append(problem)
        elif os.path.isdir(path):
            self._report_folder(path, missing)
        else:
            spec = self.named_file(path)
            if not (self.force_exclude and excluded(spec, path)):
                spec.reported.add(str(path))

    def _report_folder(self, folder: Path, missing: list[Finding]) -> None:
        """Report the model files below a named folder, each in its own workspace:
        a folder spans workspaces when config folders lie below it."""
        for found in self.walk(folder, None, missing):
            spec = self.workspace_for(found.parent, folder)
            if not excluded(spec, found) and holds(spec, found):
                spec.reported.add(str(found))

    def _gather_files(self, spec: WorkspaceSpec, folders: dict[str, str]) -> None:
        """Fill in every model file of a workspace, reported or not: the model
        is the whole workspace even when only some of its files are reported."""
        kept: dict[str, str] = {}  # real path -> the path it is read under
        for found in self.walk(spec.root, spec) if spec.walked else ():
            real = _real_path(str(found), folders)
            if not excluded(spec, found) and holds(spec, found) and real not in kept:
                kept[real] = str(found)  # a symlinked duplicate is read once
        for named in sorted(spec.reported):
            kept.setdefault(_real_path(named, folders), named)
        spec.reported = {kept[_real_path(p, folders)] for p in spec.reported}
        spec.files = sorted(kept.values())


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False  # an unsearchable folder: its files cannot be read either


def _real_path(path: str, folders: dict[str, str]) -> str:
    """`os.path.realpath`, resolving each folder once (in `folders`): a file
    that is not a link is its real folder plus its name."""
    if os.path.islink(path):
        return os.path.realpath(path)
    folder, name = os.path.split(path)
    if folder not in folders:
        folders[folder] = os.path.realpath(folder)
    return os.path.join(folders[folder], name)
