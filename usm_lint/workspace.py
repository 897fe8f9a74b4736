"""Load a discovered workspace: read and parse every file into one model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from usm_lint.discovery import WorkspaceSpec
from usm_lint.findings import Finding
from usm_lint.model import File, Workspace
from usm_lint.parsing.parser import parse
from usm_lint.source import Source, decode, read_source


@dataclass
class LoadedWorkspace:
    spec: WorkspaceSpec
    model: Workspace
    sources: dict[str, Source]
    findings: list[Finding] = field(default_factory=list)
    """What reading and parsing found (E001, E003 of repeated statements, E004, E005)."""


def load_workspace(spec: WorkspaceSpec, overrides: Mapping[str, bytes] | None = None
                   ) -> LoadedWorkspace:
    """Read every file (or its override: stdin, an editor buffer) and parse it."""
    findings: list[Finding] = []
    files: list[File] = []
    sources: dict[str, Source] = {}
    for path in spec.files:
        if overrides and path in overrides:
            source = decode(path, overrides[path])
        else:
            source = read_source(path, spec.config.max_file_bytes)
        sources[path] = source
        if source.problem is not None:
            findings.append(source.problem)
        if source.text is None:
            files.append(File.model_construct(path=path))
            continue
        result = parse(source.text, path)
        findings.extend(result.findings)
        files.append(result.file)
    model = Workspace.model_construct(root=str(spec.root), files=tuple(files))
    return LoadedWorkspace(spec, model, sources, findings)
