"""Findings -> LSP diagnostics (severity, code, docs link, related places)."""

from __future__ import annotations

from lsprotocol.types import (
    CodeDescription,
    Diagnostic,
    DiagnosticRelatedInformation,
    DiagnosticSeverity,
    DiagnosticTag,
    Location,
    Position,
    Range,
)

from usm_lint.findings import Finding, Severity
from usm_lint.model import Span
from usm_lint.report import rule_url
from usm_lint.server.documents import Texts

SOURCE = "usm-lint"

SEVERITIES = {
    Severity.ERROR: DiagnosticSeverity.Error,
    Severity.WARNING: DiagnosticSeverity.Warning,
    Severity.INFO: DiagnosticSeverity.Information,
}

UNNECESSARY = frozenset({"U001"})
"""Codes whose text is dead weight: editors fade it out."""


def location(texts: Texts, span: Span) -> Location:
    return Location(texts.uri(span.file), texts.lines(span.file).range(span))


def diagnostic(finding: Finding, texts: Texts) -> Diagnostic:
    related = [DiagnosticRelatedInformation(location(texts, r.span), r.message)
               for r in finding.related]
    return Diagnostic(
        range=texts.lines(finding.span.file).range(finding.span),
        message=finding.message,
        severity=SEVERITIES[finding.severity],
        code=finding.code,
        code_description=CodeDescription(href=rule_url(finding.code)),
        source=SOURCE,
        related_information=related or None,
        tags=[DiagnosticTag.Unnecessary] if finding.code in UNNECESSARY else None,
        data={"name": finding.name, "fixable": finding.fix is not None},
    )


def configuration_error(message: str) -> Diagnostic:
    """A configuration that cannot be used, shown at the top of each file."""
    return Diagnostic(
        range=Range(Position(0, 0), Position(0, 0)),
        message=f"usm-lint cannot check this file: {message}",
        severity=DiagnosticSeverity.Error,
        source=SOURCE,
    )
