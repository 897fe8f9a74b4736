"""The cache: parse results per file, and check results per workspace.

Two kinds of entries, both keyed by a digest of everything that decides them,
so any change misses:

- a file's parse (its model and parse findings), keyed by its path and text;
- a workspace's findings, keyed by every file's path and text (or why it
  could not be read), the effective configuration, the rules asked for and
  the files reported. A re-check of an unchanged workspace reads the files,
  hashes them and prints the stored findings: it neither parses nor checks.

Both keys include the digest of the installed code and data (`cache_keys.code_digest`),
so an upgrade, or an edit of a rule in a checkout, misses too. Entries are
JSON validated on read (never pickles: a cache folder committed by someone
else cannot run code), written atomically; a read-only checkout, a
concurrent run or a corrupt entry only means a miss. An entry is read only
from a regular file (a FIFO in its place would hang the read, a link could
point anywhere), and only when it names its own key on its first line and,
for a parse, the file asked for: an entry copied under another name in a
shared cache folder cannot stand in for another file's findings.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticSerializationError

from usm_lint.cache_keys import ENVIRONMENT, FOLDER, code_digest
from usm_lint.fileio import write_atomic
from usm_lint.findings import Finding
from usm_lint.model import File


class ParseEntry(BaseModel):
    """One file's parse: also what a parsing worker process sends back."""

    # Validators are built on the first read of an entry, not at import.
    model_config = ConfigDict(defer_build=True)

    file: File
    findings: list[Finding]


class _ResultEntry(BaseModel):
    model_config = ConfigDict(defer_build=True)

    inputs: str
    """The digest of the inputs the findings came from."""
    findings: list[Finding]
    noted: list[str]


@dataclass(frozen=True)
class WorkspaceResult:
    findings: list[Finding]
    noted: list[str]
    """Workspace files with read or syntax errors (for the "not reported" note)."""


def _digest(parts: Iterable[str]) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()


@dataclass
class Cache:
    folder: Path

    @classmethod
    def at(cls, root: Path, override: Path | None = None) -> Cache:
        env = os.environ.get(ENVIRONMENT)
        return cls(override or (Path(env) if env else root / FOLDER))

    # ---- parse entries ----------------------------------------------------
    def key(self, path: str, text: str) -> str:
        return _digest(("parse", code_digest(), path, text))

    def get(self, key: str, path: str) -> ParseEntry | None:
        """The parse of the file at `path` stored under `key`, if any."""
        raw = self._read(key)
        try:
            entry = None if raw is None else ParseEntry.model_validate_json(raw)
        except ValidationError:
            return None
        return entry if entry is not None and entry.file.path == path else None

    def put(self, key: str, entry: ParseEntry | bytes) -> None:
        """Store an entry, or its JSON as a parsing worker already wrote it."""
        self._write(key, entry if isinstance(entry, bytes) else entry.model_dump_json().encode())

    # ---- workspace results --------------------------------------------------
    # One entry per workspace, configuration and set of reported files, holding
    # the digest of the texts it was computed from: each new state replaces the
    # last one, so the results do not pile up with every edit.
    def result_key(self, settings: Iterable[str], texts: Iterable[str]) -> tuple[str, str]:
        """The entry's name (from the settings) and the digest of the texts."""
        return _digest(("result", code_digest(), *settings)), _digest(texts)

    def get_result(self, key: tuple[str, str]) -> WorkspaceResult | None:
        name, inputs = key
        raw = self._read(name)
        try:
            entry = None if raw is None else _ResultEntry.model_validate_json(raw)
        except ValidationError:
            return None
        if entry is None or entry.inputs != inputs:
            return None
        return WorkspaceResult(entry.findings, entry.noted)

    def put_result(self, key: tuple[str, str], result: WorkspaceResult) -> None:
        name, inputs = key
        entry = _ResultEntry(inputs=inputs, findings=result.findings, noted=result.noted)
        try:
            raw = entry.model_dump_json().encode()
        except PydanticSerializationError:
            return  # a file name that is not UTF-8: such a result is not kept
        self._write(name, raw)

    # ---- files --------------------------------------------------------------
    def _read(self, key: str) -> bytes | None:
        """An entry's JSON: from a regular file that names `key` first, else None."""
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        try:
            handle = os.open(self.folder / key[:2] / f"{key}.json", flags)
        except OSError:
            return None
        with os.fdopen(handle, "rb") as stream:
            try:
                if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                    return None
                data = stream.read()
            except OSError:
                return None
        head, _, body = data.partition(b"\n")
        return body if head == key.encode() else None

    def _write(self, key: str, data: bytes) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                write_atomic(str(ignore), b"*\n")
            (self.folder / key[:2]).mkdir(exist_ok=True)
            write_atomic(str(self.folder / key[:2] / f"{key}.json"), key.encode() + b"\n" + data,
                         durable=False)
        except OSError:
            pass  # a read-only checkout or a full disk: run without the cache
