"""A per-file cache of parse results: the model of a file and its parse findings.

Keyed by the file's path and text, the tool's version and the grammar, so any
change misses. Entries are JSON (validated on read, never executed: a cache
folder committed by someone else cannot run code), written atomically; a
read-only checkout, a concurrent run or a corrupt entry only means a miss.
Cross-file rules always run again over the whole workspace.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from usm_lint import __version__
from usm_lint.fileio import write_atomic
from usm_lint.findings import Finding, Related, Severity
from usm_lint.model import File, Span

FOLDER = ".usm_lint_cache"
ENVIRONMENT = "USM_LINT_CACHE_DIR"


def _grammar_digest() -> str:
    from importlib import resources

    digest = resources.files("usm_lint.grammar").joinpath("parser.sha256")
    return digest.read_text("utf-8").strip()


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
            data = json.loads((self.folder / key[:2] / f"{key}.json").read_text("utf-8"))
            file = File.model_validate(data["file"])
            findings = [_finding(item) for item in data["findings"]]
        except (OSError, ValueError, KeyError, TypeError, ValidationError):
            return None
        return file, findings

    def put(self, key: str, file: File, findings: list[Finding]) -> None:
        data = {"file": file.model_dump(mode="json"),
                "findings": [_finding_data(f) for f in findings]}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                write_atomic(str(ignore), b"*\n")
            (self.folder / key[:2]).mkdir(exist_ok=True)
            write_atomic(str(self.folder / key[:2] / f"{key}.json"),
                         json.dumps(data, separators=(",", ":")).encode("utf-8"))
        except OSError:
            pass  # a read-only checkout or a full disk: run without the cache


def _finding_data(finding: Finding) -> dict[str, object]:
    return {"code": finding.code, "name": finding.name, "severity": finding.severity.value,
            "span": finding.span.model_dump(), "message": finding.message,
            "related": [{"span": r.span.model_dump(), "message": r.message}
                        for r in finding.related]}


def _finding(data: dict[str, object]) -> Finding:
    related = data["related"]
    assert isinstance(related, list)
    return Finding(str(data["code"]), str(data["name"]), Severity(int(str(data["severity"]))),
                   Span.model_validate(data["span"]), str(data["message"]),
                   tuple(Related(Span.model_validate(r["span"]), str(r["message"]))
                         for r in related))
