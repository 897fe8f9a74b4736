"""Load a discovered workspace: read and parse every file into one model.

Parsing is per file, so it is cached (usm_lint/cache.py) and, for large
workspaces, spread over processes; results keep the files' order, so the
model and the findings are the same either way.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from usm_lint.cache import Cache
from usm_lint.discovery import BPMN_SUFFIX, WorkspaceSpec
from usm_lint.findings import Finding
from usm_lint.model import File, Workspace
from usm_lint.parsing.parser import parse
from usm_lint.source import Source, decode, read_source

PARALLEL_FROM = 200
"""Files to parse before a process pool pays for its start-up."""


@dataclass(frozen=True)
class LoadOptions:
    cache: bool = True
    cache_dir: Path | None = None
    jobs: int = 0
    """Worker processes for parsing; 0: one per core for large workspaces."""


DEFAULT_LOAD = LoadOptions()


@dataclass
class LoadedWorkspace:
    spec: WorkspaceSpec
    model: Workspace
    sources: dict[str, Source]
    findings: list[Finding] = field(default_factory=list)
    """What reading and parsing found (E001, E003 of repeated statements, E004, E005)."""


def _parse(item: tuple[str, str]) -> tuple[File, list[Finding]]:
    text, path = item
    if path.endswith(BPMN_SUFFIX):
        from usm_lint.bpmn.importer import import_bpmn  # only a .bpmn file needs XML

        return import_bpmn(text, path)
    result = parse(text, path)
    return result.file, result.findings


def _workers(count: int, options: LoadOptions) -> int:
    if options.jobs:
        return options.jobs
    return min(os.cpu_count() or 1, 8) if count >= PARALLEL_FROM else 1


def load_workspace(spec: WorkspaceSpec, overrides: Mapping[str, bytes] | None = None,
                   options: LoadOptions = DEFAULT_LOAD) -> LoadedWorkspace:
    """Read every file (or its override: stdin, an editor buffer) and parse it."""
    cache = Cache.at(spec.root, options.cache_dir) if options.cache else None
    sources: dict[str, Source] = {}
    parsed: dict[str, tuple[File, list[Finding]]] = {}
    todo: list[tuple[str, str]] = []
    keys: dict[str, str] = {}
    for path in spec.files:
        if overrides and path in overrides:
            source = decode(path, overrides[path])
        else:
            source = read_source(path, spec.config.max_file_bytes)
        sources[path] = source
        if source.text is None:
            continue
        if cache is not None:
            keys[path] = cache.key(path, source.text)
            hit = cache.get(keys[path])
            if hit is not None:
                parsed[path] = hit
                continue
        todo.append((source.text, path))
    workers = _workers(len(todo), options)
    if workers > 1 and len(todo) > 1:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_parse, todo, chunksize=max(1, len(todo) // (4 * workers))))
    else:
        results = [_parse(item) for item in todo]
    for (_text, path), result in zip(todo, results, strict=True):
        parsed[path] = result
        if cache is not None:
            cache.put(keys[path], *result)
    files: list[File] = []
    findings: list[Finding] = []
    for path in spec.files:
        problem = sources[path].problem
        if problem is not None:
            findings.append(problem)
        file, file_findings = parsed.get(path, (File.make(path=path), []))
        files.append(file)
        findings.extend(file_findings)
    model = Workspace.make(root=str(spec.root), files=tuple(files))
    return LoadedWorkspace(spec, model, sources, findings)
