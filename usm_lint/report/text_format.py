"""Findings for people: `path:line:col: CODE [severity] message (rule-name)`.

Two layouts, as ruff has them. `full` (the default on a terminal) follows each
finding with its source lines, the span underlined, and each related place
("the first declaration") with its own lines, and marks a finding `--fix`
can fix with `[*]`; `concise` (the default when the output is not a
terminal, and `--output-format concise`) keeps one line per finding, without
the rule's name. Both end with a summary and, when fixes exist, how many
`--fix` would apply (`--quiet` leaves the summary out).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from usm_lint.findings import Finding, Severity
from usm_lint.model import Span
from usm_lint.report import Report

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_SHOWN_LINES = 3
"""Lines of a span shown at most; a longer one ends with `...`."""
_FIX_MARK = "[*]"


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


def fixable_summary(findings: list[Finding]) -> str | None:
    """"[*] N fixable with `--fix` (M more with `--unsafe-fixes`)", if any."""
    safe = sum(1 for f in findings if f.fix is not None and f.fix.applicability == "safe")
    unsafe = sum(1 for f in findings if f.fix is not None and f.fix.applicability == "unsafe")
    if not safe and not unsafe:
        return None
    more = f" ({unsafe} more with `--unsafe-fixes`)" if unsafe and safe else ""
    if not safe:
        return f"{unsafe} fixable with `--fix --unsafe-fixes`."
    return f"{_FIX_MARK} {safe} fixable with `--fix`{more}."


def _headline(report: Report, finding: Finding) -> str:
    """The finding's line; the full layout adds the fix mark and the rule's name."""
    where = f"{report.path(finding.span.file)}:{finding.span.line}:{finding.span.column}:"
    label = f"{finding.code} [{finding.severity.label}]"
    if report.color:
        where = f"{_BOLD}{where}{_RESET}"
        label = f"{_COLORS[finding.severity]}{label}{_RESET}"
    if not report.full:
        return f"{where} {label} {finding.message}"
    safe = finding.fix is not None and finding.fix.applicability == "safe"
    mark = f" {_FIX_MARK}" if safe else ""
    name = f"({finding.name})"
    if report.color:
        name = f"{_DIM}{name}{_RESET}"
    return f"{where} {label}{mark} {finding.message} {name}"


@lru_cache(maxsize=256)
def source_lines(file: str) -> tuple[str, ...]:
    """A file's lines for snippets (none when it cannot be read: E004, E005)."""
    try:
        with open(file, encoding="utf-8", errors="replace", newline="") as handle:
            return tuple(line.rstrip("\r\n") for line in handle)
    except (OSError, ValueError):
        return ()


def _printable(text: str) -> str:
    """A source line as shown: tabs as one space (so carets line up), controls as `?`."""
    return "".join(" " if c == "\t" else "?" if ord(c) < 32 or c == "\x7f" else c
                   for c in text)


def snippet(span: Span, color: bool = False) -> list[str]:
    """The lines of `span` with a gutter, the span's characters underlined."""
    lines = source_lines(span.file)
    if not 1 <= span.line <= len(lines):
        return []
    last = min(span.end_line, span.line + _SHOWN_LINES - 1, len(lines))
    width = len(str(last))
    gutter = " " * width + " |"
    shown = [gutter]
    for number in range(span.line, last + 1):
        text = _printable(lines[number - 1])
        start = span.column - 1 if number == span.line else len(text) - len(text.lstrip())
        end = span.end_column - 1 if number == span.end_line else len(text)
        end = max(min(end, len(text)), start + 1)
        carets = " " * start + "^" * (end - start)
        if color:
            carets = f"{_BOLD}\033[31m{carets}{_RESET}"
        shown += [f"{number:>{width}} | {text}", f"{gutter} {carets}".rstrip()]
    if last < span.end_line:
        shown.append(f"{gutter} ...")
    return shown


def _full(report: Report, finding: Finding) -> list[str]:
    lines = [_headline(report, finding), *snippet(finding.span, report.color)]
    for related in finding.related:
        where = f"{report.path(related.span.file)}:{related.span.line}:{related.span.column}"
        lines.append(f"  = {related.message}: {where}")
        lines += snippet(related.span, report.color)
    return [*lines, ""]


def render(report: Report) -> str:
    lines: list[str] = []
    for finding in report.findings:
        if report.full:
            lines += _full(report, finding)
        else:
            lines.append(_headline(report, finding))
    if report.summary:
        lines.append(summary(report))
        fixable = fixable_summary(report.findings)
        if fixable:
            lines.append(fixable)
    return "\n".join(lines) + "\n" if lines else ""
