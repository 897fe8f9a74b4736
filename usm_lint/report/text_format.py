"""`path:line:col: CODE [severity] message` per finding, then a summary."""

from __future__ import annotations

from collections import Counter

from usm_lint.findings import Severity
from usm_lint.report import Report

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def summary(report: Report) -> str:
    files = f"{report.files_checked} file{'s' * (report.files_checked != 1)}"
    if not report.findings:
        return f"All checks passed ({files})."
    counts = Counter(f.severity for f in report.findings)
    parts = []
    for severity, word in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"),
                           (Severity.INFO, "info")):
        if counts[severity]:
            plural = "s" if counts[severity] != 1 and word != "info" else ""
            parts.append(f"{counts[severity]} {word}{plural}")
    return f"Found {', '.join(parts)} in {files}."


def render(report: Report) -> str:
    lines = []
    for f in report.findings:
        where = f"{report.path(f.span.file)}:{f.span.line}:{f.span.column}:"
        label = f"{f.code} [{f.severity.label}]"
        if report.color:
            where = f"{_BOLD}{where}{_RESET}"
            label = f"{_COLORS[f.severity]}{label}{_RESET}"
        lines.append(f"{where} {label} {f.message}")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
