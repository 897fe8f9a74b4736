"""What a check reports: findings, the places they point at, and their fixes.

These are plain frozen dataclasses: findings are created in hot loops and
never validated from outside, so pydantic would only add cost here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Literal

from usm_lint.model import Span


class Severity(IntEnum):
    """Ordered so that `severity >= fail_on` decides the exit code."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


@dataclass(frozen=True, slots=True)
class Related:
    """The other place of a pair finding (a duplicate's first declaration)."""

    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text of `span` (end exclusive) with `text`."""

    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    applicability: Literal["safe", "unsafe"]
    edits: tuple[Edit, ...]
    title: str = ""


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule's check yields; the runner adds code, name and severity."""

    span: Span
    message: str
    related: tuple[Related, ...] = ()
    fix: Fix | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    name: str
    severity: Severity
    span: Span
    message: str
    related: tuple[Related, ...] = field(default=())
    fix: Fix | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.span.file, self.span.line, self.span.column, self.code)


def error(code: str, name: str, span: Span, message: str,
          related: tuple[Related, ...] = ()) -> Finding:
    """An `E` finding: always an error, never configurable."""
    return Finding(code, name, Severity.ERROR, span, message, related)
