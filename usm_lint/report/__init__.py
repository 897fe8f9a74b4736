"""Reporters: findings -> text for people and machines.

Each format is a module with `render(report: Report) -> str`, imported only
when asked for, so a pre-commit run never pays for formats it does not print.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from usm_lint.findings import Finding
from usm_lint.report.escape import shown, shown_text
from usm_lint.rule import Rule

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")


@dataclass(frozen=True)
class Report:
    """What every reporter renders. Messages are made safe to show on creation
    (escape.py); file names when shown (`path`), so that the files can still be
    read for snippets."""

    findings: list[Finding]
    files_checked: int
    cwd: Path
    rules: Mapping[str, Rule]
    color: bool = False
    full: bool = False
    """Text only: source lines under each finding (see text_format.py)."""
    summary: bool = True
    """Text only: end with the counts (not with `--quiet`)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "findings", [_safe(f) for f in self.findings])

    def path(self, file: str) -> str:
        """A finding's file as shown: relative to the current folder, `/`-separated,
        undecodable bytes and controls escaped."""
        return shown(_relative(file, self.cwd))


def _safe(finding: Finding) -> Finding:
    message = shown_text(finding.message)
    related = tuple(replace(r, message=shown_text(r.message)) for r in finding.related)
    if message is finding.message and all(
            r.message is old.message for r, old in zip(related, finding.related, strict=True)):
        return finding
    return replace(finding, message=message, related=related)


@lru_cache(maxsize=4096)
def _relative(file: str, cwd: Path) -> str:
    # A file has many findings: its shown path is computed once.
    return Path(os.path.relpath(file, cwd)).as_posix()


def renderer(name: str) -> Callable[[Report], str]:
    module = importlib.import_module(f"usm_lint.report.{name}_format")
    render: Callable[[Report], str] = module.render
    return render
