"""Load a discovered workspace: read and parse every file into one model.

Parsing is per file, so it is cached (usm_lint/cache.py) and, for large
workspaces, spread over processes; results keep the files' order, so the
model and the findings are the same either way.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from usm_lint.cache import Cache, ParseEntry
from usm_lint.discovery import BPMN_SUFFIX, WorkspaceSpec
from usm_lint.findings import Finding
from usm_lint.model import File, Workspace
from usm_lint.source import Source, decode_buffer, read_source

PARALLEL_FROM = 400_000
"""Characters to parse (about 10,000 lines) before a process pool pays for
starting its workers and sending their results back."""


class KnownParses(Protocol):
    """Parses a long-running caller keeps between loads (the language server)."""

    def get(self, path: str, text: str) -> ParseEntry | None: ...

    def put(self, path: str, text: str, entry: ParseEntry) -> None: ...


@dataclass(frozen=True)
class LoadOptions:
    cache: bool = True
    cache_dir: Path | None = None
    jobs: int = 0
    """Worker processes for parsing; 0: one per core for large workspaces."""
    known: KnownParses | None = None
    """Asked for each file's parse before the cache, and told every parse."""


DEFAULT_LOAD = LoadOptions()


@dataclass
class LoadedWorkspace:
    spec: WorkspaceSpec
    model: Workspace
    sources: dict[str, Source]
    findings: list[Finding] = field(default_factory=list)
    """What reading and parsing found (E001, E003 of repeated statements, E004, E005)."""
    checked: dict[str, list[Finding]] = field(default_factory=dict)
    """What the per-file rules found, by file, where the parsing workers ran them."""


FileCheck = Callable[[File], "list[Finding] | None"]
"""The per-file rules (usm_lint/engine/runner.py): a file's findings, or None
for a file they need not judge."""


class _Worked(BaseModel):
    """What a parsing worker sends back, as JSON: pickling the model's ~100k
    small nodes costs as much as parsing them."""

    model_config = ConfigDict(defer_build=True)
    parse: ParseEntry
    checked: list[Finding] | None


def _parse(item: tuple[str, str]) -> ParseEntry:
    text, path = item
    if path.endswith(BPMN_SUFFIX):
        from usm_lint.bpmn.importer import import_bpmn  # only a .bpmn file needs XML

        file, findings = import_bpmn(text, path)
        return ParseEntry.model_construct(file=file, findings=findings)
    # Imported here, not at the top: a re-check answered from the cache never
    # parses, and need not import Lark and its tables.
    from usm_lint.parsing.parser import parse

    result = parse(text, path)
    return ParseEntry.model_construct(file=result.file, findings=result.findings)


def _work(file_check: FileCheck | None, item: tuple[str, str]) -> bytes:
    """A worker's share: parse a file and judge it by the per-file rules."""
    entry = _parse(item)
    checked = file_check(entry.file) if file_check is not None else None
    return _Worked(parse=entry, checked=checked).model_dump_json().encode()


def encodable(path: str) -> bool:
    """Whether a path is UTF-8 text (not a name with undecodable bytes, which
    Python carries as surrogates)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _workers(todo: list[tuple[str, str]], options: LoadOptions) -> int:
    if options.jobs:
        return options.jobs
    size = sum(len(text) for text, _path in todo)
    return min(os.cpu_count() or 1, 8) if size >= PARALLEL_FROM and len(todo) > 1 else 1


def read_sources(spec: WorkspaceSpec,
                 overrides: Mapping[str, bytes] | None = None) -> dict[str, Source]:
    """Every file's text (or its override: stdin, an editor buffer), or why not."""
    limit = spec.config.max_file_bytes
    return {path: decode_buffer(path, overrides[path], limit) if overrides and path in overrides
            else read_source(path, limit) for path in spec.files}


def _reuse(spec: WorkspaceSpec, sources: Mapping[str, Source], known: KnownParses | None,
           cache: Cache | None
           ) -> tuple[dict[str, ParseEntry], list[tuple[str, str]], dict[str, str]]:
    """The parses at hand (the caller's, the cache's, and those of names that
    cannot travel as JSON, done here) and the files left to parse, with their
    cache keys: only the rest is worth sending to workers."""
    parsed: dict[str, ParseEntry] = {}
    todo: list[tuple[str, str]] = []
    keys: dict[str, str] = {}
    for path in spec.files:
        text = sources[path].text
        if text is None:
            continue
        if known is not None and (entry := known.get(path, text)):
            parsed[path] = entry
            continue
        if not encodable(path):
            # A file name that is not UTF-8 cannot travel as JSON (the cache, the
            # workers): it is parsed here, every time.
            parsed[path] = _parse((text, path))
            continue
        if cache is not None:
            keys[path] = cache.key(path, text)
            hit = cache.get(keys[path], path)
            if hit is not None:
                parsed[path] = hit
                continue
        todo.append((text, path))
    return parsed, todo, keys


def _parse_in_pool(todo: list[tuple[str, str]], workers: int, file_check: FileCheck | None,
                   parsed: dict[str, ParseEntry], cache: Cache | None,
                   keys: Mapping[str, str]) -> dict[str, list[Finding]]:
    """Parse `todo` into `parsed` (and the cache) over `workers` processes, which
    also run `file_check` while they hold the file: its findings, by file."""
    # Imported only here: a one-file run (pre-commit) never starts workers.
    from concurrent.futures import ProcessPoolExecutor

    checked: dict[str, list[Finding]] = {}
    with ProcessPoolExecutor(workers, initializer=_die_with_parent) as pool:
        chunk = max(1, len(todo) // (4 * workers))
        work = partial(_work, file_check)
        for (_text, path), raw in zip(todo, pool.map(work, todo, chunksize=chunk),
                                      strict=True):
            worked = _Worked.model_validate_json(raw)
            parsed[path] = worked.parse
            if worked.checked is not None:
                checked[path] = worked.checked
            if cache is not None:
                cache.put(keys[path], worked.parse)
    return checked


def _die_with_parent() -> None:
    """Make a parsing worker end when its parent does: a parent killed with
    SIGKILL tells nobody, and its workers would wait for work forever. The
    parent is whoever started the worker: the run itself, or the forkserver,
    which ends with the run."""
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="usm-lint-parent-watch", daemon=True).start()


_WATCH_SECONDS = 0.5


def _parse_here(todo: list[tuple[str, str]], parsed: dict[str, ParseEntry],
                cache: Cache | None, keys: Mapping[str, str]) -> None:
    """Parse `todo` into `parsed` (and the cache) in this process: too little
    work to pay for a pool; the per-file rules are left to the caller."""
    for item in todo:
        parsed[item[1]] = entry = _parse(item)
        if cache is not None:
            cache.put(keys[item[1]], entry)


def _remember(known: KnownParses, parsed: Mapping[str, ParseEntry],
              sources: Mapping[str, Source]) -> None:
    """Tell the long-running caller every parse, so its next load reuses them."""
    for path, entry in parsed.items():
        if (text := sources[path].text) is not None:
            known.put(path, text, entry)


def _assemble(spec: WorkspaceSpec, sources: Mapping[str, Source],
              parsed: Mapping[str, ParseEntry]) -> tuple[Workspace, list[Finding]]:
    """The model and the reading and parsing findings, in the files' order
    whichever way each file was parsed; an unread file is an empty one."""
    files: list[File] = []
    findings: list[Finding] = []
    for path in spec.files:
        problem = sources[path].problem
        if problem is not None:
            findings.append(problem)
        found = parsed.get(path)
        files.append(found.file if found else File.make(path=path))
        findings.extend(found.findings if found else ())
    return Workspace.make(root=str(spec.root), files=tuple(files)), findings


def load_workspace(spec: WorkspaceSpec, overrides: Mapping[str, bytes] | None = None,
                   options: LoadOptions = DEFAULT_LOAD,
                   sources: dict[str, Source] | None = None,
                   file_check: FileCheck | None = None) -> LoadedWorkspace:
    """Parse every file into one model (reading them first, unless `sources` are
    given). Parsing workers also run `file_check` on the files they parse."""
    if sources is None:
        sources = read_sources(spec, overrides)
    cache = Cache.at(spec.root, options.cache_dir) if options.cache else None
    parsed, todo, keys = _reuse(spec, sources, options.known, cache)
    workers = _workers(todo, options)
    if workers > 1:
        checked = _parse_in_pool(todo, workers, file_check, parsed, cache, keys)
    else:
        checked = {}
        _parse_here(todo, parsed, cache, keys)
    if options.known is not None:
        _remember(options.known, parsed, sources)
    model, findings = _assemble(spec, sources, parsed)
    return LoadedWorkspace(spec, model, sources, findings, checked)
