"""A per-file cache of parse results: the model of a file and its parse findings.

Keyed by the file's path and text, the tool's version and the grammar, so any
change misses. Entries are JSON (validated on read, never executed: a cache
folder committed by someone else cannot run code), written atomically; a
read-only checkout, a concurrent run or a corrupt entry only means a miss.
Cross-file rules always run again over the whole workspace.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ValidationError

from usm_lint import __version__
from usm_lint.fileio import write_atomic
from usm_lint.findings import Finding, Related, Severity
from usm_lint.model import File, Span

FOLDER = ".usm_lint_cache"
ENVIRONMENT = "USM_LINT_CACHE_DIR"


@cache
def _grammar_digest() -> str:
    from importlib import resources

    digest = resources.files("usm_lint.grammar").joinpath("parser.sha256")
    return digest.read_text("utf-8").strip()


class _CachedFinding(BaseModel):
    code: str
    name: str
    severity: int
    span: Span
    message: str
    related: list[tuple[Span, str]] = []

    @classmethod
    def of(cls, finding: Finding) -> _CachedFinding:
        return cls(code=finding.code, name=finding.name, severity=finding.severity.value,
                   span=finding.span, message=finding.message,
                   related=[(r.span, r.message) for r in finding.related])

    def finding(self) -> Finding:
        return Finding(self.code, self.name, Severity(self.severity), self.span, self.message,
                       tuple(Related(span, message) for span, message in self.related))


class _Entry(BaseModel):
    file: File
    findings: list[_CachedFinding]


@dataclass
class Cache:
    folder: Path

    @classmethod
    def at(cls, root: Path, override: Path | None = None) -> Cache:
        env = os.environ.get(ENVIRONMENT)
        return cls(override or (Path(env) if env else root / FOLDER))

    def key(self, path: str, text: str) -> str:
        material = "\0".join((__version__, _grammar_digest(), path, text))
        return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, key: str) -> tuple[File, list[Finding]] | None:
        try:
            raw = (self.folder / key[:2] / f"{key}.json").read_bytes()
            entry = _Entry.model_validate_json(raw)
        except (OSError, ValidationError):
            return None
        return entry.file, [f.finding() for f in entry.findings]

    def put(self, key: str, file: File, findings: list[Finding]) -> None:
        entry = _Entry.model_construct(file=file,
                                       findings=[_CachedFinding.of(f) for f in findings])
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                write_atomic(str(ignore), b"*\n")
            (self.folder / key[:2]).mkdir(exist_ok=True)
            write_atomic(str(self.folder / key[:2] / f"{key}.json"),
                         entry.model_dump_json().encode("utf-8"), durable=False)
        except OSError:
            pass  # a read-only checkout or a full disk: run without the cache
